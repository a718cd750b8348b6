//! Readers that turn the bytes a source sends into Gazette's [`IncomingStory`].
//! Bytes in, values out: no I/O, no clock (the caller passes what it needs), so each
//! reader can be unit-tested and fuzzed on its own.

mod dates;
mod detect;
mod error;
mod page_copy;
mod text;

pub use detect::{detect_format, read_story, Format};
pub use error::ReadError;
pub use page_copy::read_page_copy;

pub use gazette_core::IncomingStory;
