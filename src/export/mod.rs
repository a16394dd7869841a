//! Files iln writes for the world outside: a round's applications as the importer reads
//! them, topics as blog posts and e-mails, and messages to participants.

pub mod applicants;
pub mod mail;
pub mod table;
pub mod topics;
