//! IPTC ninjs (News in JSON) 1.x, 2.x and 3.x, and the vendor wrappings real feeds use.

use crate::{Item, ReadError};

/// Reads every item of a ninjs document.
pub(crate) fn read_ninjs(_text: &str) -> Result<Vec<Item>, ReadError> {
    Err(ReadError::UnsupportedFormat("ninjs"))
}
