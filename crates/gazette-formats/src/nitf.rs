//! IPTC NITF 3.x, the News Industry Text Format.

use crate::{Item, ReadError};

/// Reads the story of a NITF document.
pub(crate) fn read_nitf(_bytes: &[u8]) -> Result<Vec<Item>, ReadError> {
    Err(ReadError::UnsupportedFormat("NITF"))
}
