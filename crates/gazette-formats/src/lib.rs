//! Readers that turn the bytes a source sends into Gazette's [`IncomingStory`].
//! Bytes in, values out: no I/O, no clock (the caller passes what it needs), so each
//! reader can be unit-tested and fuzzed on its own.
//!
//! Reader comments' text is here for the same reason: [`comment_html`] turns what a reader
//! typed into safe HTML, and [`comment_html_from_foreign`] holds imported comments to the
//! same rule; [`read_disqus_export`] reads the comments a newsroom brings from Disqus.
//! [`comment_policy::find_breach`] checks that rule from the outside, for every test and
//! fuzz target that looks at a comment's HTML.

pub mod comment_policy;
mod comment_text;
mod dates;
mod detect;
mod disqus;
mod document;
mod error;
mod feeds;
#[doc(hidden)]
pub mod fuzzing;
mod html;
mod image;
mod newsml;
mod ninjs;
mod nitf;
mod page_copy;
mod text;
mod xml;

pub use comment_text::{comment_html, comment_html_from_foreign};
pub use detect::{detect_format, read_document, Format};
pub use disqus::{read_disqus_export, DisqusAuthor, DisqusExport, DisqusPost, DisqusThread};
pub use document::{Document, Item};
pub use error::ReadError;
pub use image::ImageKind;
pub use page_copy::read_page_copy;

pub use gazette_core::IncomingStory;
