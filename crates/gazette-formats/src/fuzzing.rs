//! Entry points for the fuzz targets in `fuzz/` to crate-private readers that
//! [`crate::read_document`] reaches only inside a whole ninjs, NITF, NewsML-G2 or feed
//! document. Not part of the API: thin wrappers, nothing else.

use crate::ReadError;
use gazette_core::Block;

/// [`crate::html::blocks_from_html`]: foreign HTML read into body blocks.
pub fn blocks_from_html(html: &str) -> Result<Vec<Block>, ReadError> {
    crate::html::blocks_from_html(html)
}

/// [`crate::html::text_from_html`]: the text of a headline or caption sent with markup.
pub fn text_from_html(html: &str) -> String {
    crate::html::text_from_html(html)
}
