//! Files iln writes for the world outside: topics as blog posts and e-mails.

pub mod topics;
