//! Discussion topics: a post with a title, a body and questions, and an e-mail summary.

use std::fmt;

use chrono::NaiveDate;

use super::{RoundId, TopicId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TopicStatus {
    Empty,
    Draft,
    Ready,
    Published,
}

impl TopicStatus {
    pub const ALL: [TopicStatus; 4] = [
        TopicStatus::Empty,
        TopicStatus::Draft,
        TopicStatus::Ready,
        TopicStatus::Published,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TopicStatus::Empty => "empty",
            TopicStatus::Draft => "draft",
            TopicStatus::Ready => "ready",
            TopicStatus::Published => "published",
        }
    }

    pub fn from_code(code: &str) -> Option<TopicStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl fmt::Display for TopicStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Topic {
    pub id: TopicId,
    /// Bumped by every change, so that a save made on an older view is refused.
    pub version: i64,
    pub round_id: RoundId,
    pub publish_on: NaiveDate,
    pub title: String,
    /// One line for the e-mail that links to the post.
    pub summary: String,
    /// Markdown.
    pub body: String,
    pub questions: Vec<String>,
    pub status: TopicStatus,
    pub published_on: Option<NaiveDate>,
    /// Where the topic's post is published, for its e-mail's link; empty until known.
    pub post_link: String,
}

/// A starting topic from the library in `assets/topics.toml`, to insert into a slot.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct LibraryTopic {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub questions: Vec<String>,
}

/// The topic library, in the order of a round's arc.
pub fn library() -> Vec<LibraryTopic> {
    #[derive(serde::Deserialize)]
    struct File {
        topic: Vec<LibraryTopic>,
    }
    let file: File = toml::from_str(include_str!("../../assets/topics.toml"))
        .expect("assets/topics.toml parses");
    file.topic
        .into_iter()
        .map(|t| LibraryTopic {
            body: unwrap_lines(t.body.trim()),
            ..t
        })
        .collect()
}

/// Joins the lines of each paragraph into one, as an editor that wraps for itself wants
/// them (the library file is wrapped to be readable as a file). Lines that start a list
/// item, heading or quote keep their own line.
fn unwrap_lines(text: &str) -> String {
    let starts_block = |line: &str| {
        let l = line.trim_start();
        l.starts_with(['-', '*', '#', '>', '+'])
            || l.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let mut out = String::with_capacity(text.len());
    let mut previous_blank = true;
    for line in text.lines() {
        let blank = line.trim().is_empty();
        if !out.is_empty() {
            if blank || previous_blank || starts_block(line) {
                out.push('\n');
            } else {
                out.push(' ');
            }
        }
        out.push_str(if blank { "" } else { line.trim_end() });
        previous_blank = blank;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_paragraphs_are_one_line_each() {
        assert_eq!(
            unwrap_lines("One\ntwo.\n\nThree\n- a\n- b\n1. c\nd"),
            "One two.\n\nThree\n- a\n- b\n1. c d"
        );
    }

    #[test]
    fn the_library_has_a_dozen_complete_topics() {
        let topics = library();
        assert_eq!(topics.len(), 12);
        for t in &topics {
            assert!(!t.title.is_empty() && !t.summary.is_empty(), "{}", t.title);
            assert!(
                t.body.split_whitespace().count() >= 60,
                "{} is short",
                t.title
            );
            assert!(t.questions.len() >= 3, "{} needs questions", t.title);
        }
    }
}
