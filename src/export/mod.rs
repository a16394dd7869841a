//! Files iln writes for the world outside: a round's applications as the importer reads
//! them, and topics as blog posts and e-mails.

pub mod applicants;
pub mod topics;
