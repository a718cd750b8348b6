//! IPTC NewsML-G2: a newsItem, or the items of a newsMessage, with their packages.

use crate::{Item, ReadError};

/// Reads every item of a NewsML-G2 document.
pub(crate) fn read_newsml(_bytes: &[u8]) -> Result<Vec<Item>, ReadError> {
    Err(ReadError::UnsupportedFormat("NewsML-G2"))
}
