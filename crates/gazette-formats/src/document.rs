//! What one document holds. A wire file may carry several items (a NewsML-G2
//! newsMessage, a feed, a ninjs list), and not every item is a story.

use crate::{Format, ReadError};
use gazette_core::IncomingStory;

#[derive(Debug)]
pub struct Document {
    pub format: Format,
    pub items: Vec<Item>,
}

#[derive(Debug)]
pub enum Item {
    Story(Box<IncomingStory>),
    /// A picture, video, planning or concept item that no story of the document links:
    /// set aside, never published as an empty page.
    NotAStory {
        id: String,
        reason: String,
    },
    /// An item that should be a story but cannot be read; the document's other items
    /// still are.
    Unreadable {
        id: Option<String>,
        error: ReadError,
    },
}
