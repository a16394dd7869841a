//! Messages to participants: merge fields, templates, and the files a message is written
//! to (`.eml`, mbox, a mail-merge CSV).

pub mod fields;
pub mod merge;
pub mod message;
pub mod templates;
