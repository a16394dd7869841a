//! Topics: the calendar of the current round's discussion topics, the topic editor with its
//! kept drafts and preview, the topic library, the export, and the program's message
//! templates with their editor.

mod editor;
mod template_editor;
mod update;
mod view;

pub use editor::{Field, TopicEditor};
pub use template_editor::TemplateEditor;
pub use update::Intent;
pub use view::Topics;
