//! Topics: the calendar of the current round's discussion topics, the topic editor with its
//! kept drafts and preview, the topic library, and the export.

mod editor;
mod update;
mod view;

pub use editor::{Field, TopicEditor};
pub use update::Intent;
pub use view::Topics;
