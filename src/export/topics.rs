//! A topic as a blog post (Markdown with front matter) and as the e-mail that goes to
//! participants; a round's topics all at once into a folder.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::domain::{Topic, TopicStatus};
use crate::text::{agree, counted};

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The post: front matter (title, date, round, summary), the body, then the questions.
pub fn blog_post(topic: &Topic, round: &str) -> String {
    let mut out = String::new();
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", quoted(topic.title.trim()));
    let _ = writeln!(out, "date: {}", topic.publish_on);
    let _ = writeln!(out, "round: {}", quoted(round));
    let _ = writeln!(out, "summary: {}", quoted(topic.summary.trim()));
    out.push_str("---\n\n");
    out.push_str(&post_text(topic));
    out.trim_end().to_string() + "\n"
}

/// The Markdown of a post below its front matter: the body, then the questions.
pub fn post_text(topic: &Topic) -> String {
    let mut out = String::new();
    let body = topic.body.trim();
    if !body.is_empty() {
        out.push_str(body);
        out.push_str("\n\n");
    }
    let questions = questions(topic);
    if !questions.is_empty() {
        out.push_str("## Questions to talk about\n\n");
        for (i, q) in questions.iter().enumerate() {
            let _ = writeln!(out, "{}. {q}", i + 1);
        }
    }
    out
}

/// The e-mail to participants: a subject, the summary, the questions, and the link to the
/// post or, while the topic has none, the post's text (as the outbox's topic e-mail does).
pub fn email(topic: &Topic, round: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Subject: [{round}] {}", topic.title.trim());
    out.push('\n');
    out.push_str("Hello,\n\n");
    let summary = topic.summary.trim();
    if !summary.is_empty() {
        out.push_str(summary);
        out.push_str("\n\n");
    }
    let questions = questions(topic);
    if !questions.is_empty() {
        out.push_str("Some questions to start your conversation:\n\n");
        for q in &questions {
            let _ = writeln!(out, "- {q}");
        }
        out.push('\n');
    }
    match topic.post_link.trim() {
        "" => {
            let body = topic.body.trim();
            if !body.is_empty() {
                out.push_str(body);
                out.push('\n');
            }
        }
        link => {
            let _ = writeln!(out, "Read the whole topic: {link}");
        }
    }
    out
}

fn questions(topic: &Topic) -> Vec<&str> {
    topic
        .questions
        .iter()
        .map(|q| q.trim())
        .filter(|q| !q.is_empty())
        .collect()
}

/// `hello-from-the-other-side`: the letters and digits of `text` (any script) in lower
/// case, words joined by dashes, short enough for a file name.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.chars().count() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().flat_map(char::to_lowercase));
    }
    // File names are limited in bytes (255 on most systems), and a title in a script
    // without spaces is one long word: keep the slug well inside, on a character boundary.
    const SLUG_BYTES: usize = 120;
    if slug.len() > SLUG_BYTES {
        let cut = (0..=SLUG_BYTES)
            .rev()
            .find(|&i| slug.is_char_boundary(i))
            .unwrap_or(0);
        slug.truncate(cut);
        slug = slug.trim_end_matches('-').to_string();
    }
    slug
}

/// `2027-05-01-hello-from-the-other-side`: the date, then the title's slug.
pub fn file_stem(topic: &Topic) -> String {
    match slug(&topic.title) {
        s if s.is_empty() => format!("{}-topic-{}", topic.publish_on, topic.id),
        s => format!("{}-{s}", topic.publish_on),
    }
}

/// What [`write_round`] wrote.
#[derive(Debug)]
pub struct RoundExport {
    pub files: Vec<PathBuf>,
    /// Topics written, a post and an e-mail each.
    pub topics: usize,
    /// Empty slots, which have nothing to say.
    pub empty: usize,
}

impl RoundExport {
    /// `wrote 3 topics of round 2027 A to DIR (6 files); 1 empty slot skipped`
    pub fn describe(&self, round: &str, dir: &Path) -> String {
        let skipped = match self.empty {
            0 => String::new(),
            n => format!("; {} skipped", counted(n, "empty slot", "empty slots")),
        };
        format!(
            "wrote {} of round {round} to {} ({}){skipped}",
            counted(self.topics, "topic", "topics"),
            dir.display(),
            counted(self.files.len(), "file", "files")
        )
    }
}

/// Writes `STEM.md` (the post) and `STEM.email.txt` for every topic with text (empty
/// slots have nothing to say) into `dir`, creating it.
pub fn write_round(topics: &[Topic], round: &str, dir: &Path) -> std::io::Result<RoundExport> {
    // Otherwise the system's "File exists" would be all a coordinator learns.
    if dir.exists() && !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "it is a file, not a folder; name a folder (it is created if missing)",
        ));
    }
    crate::files::create_private_dir(dir)?;
    let mut written = Vec::new();
    let mut count = 0;
    let mut stems = std::collections::HashSet::new();
    for t in topics.iter().filter(|t| t.status != TopicStatus::Empty) {
        // Two topics of one day whose titles read alike must not overwrite each other.
        let mut stem = file_stem(t);
        if !stems.insert(stem.clone()) {
            stem = format!("{stem}-{}", t.id);
            stems.insert(stem.clone());
        }
        for (name, text) in [
            (format!("{stem}.md"), blog_post(t, round)),
            (format!("{stem}.email.txt"), email(t, round)),
        ] {
            let path = dir.join(name);
            crate::files::write_private(&path, text.as_bytes()).map_err(|e| {
                let so_far = match written.len() {
                    0 => "no files were written".to_string(),
                    n => format!(
                        "{} {} written before it",
                        counted(n, "file", "files"),
                        agree(n, "was", "were")
                    ),
                };
                std::io::Error::new(e.kind(), format!("{}: {e} ({so_far})", path.display()))
            })?;
            written.push(path);
        }
        count += 1;
    }
    Ok(RoundExport {
        files: written,
        topics: count,
        empty: topics.len() - count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{RoundId, TopicId};

    fn topic() -> Topic {
        Topic {
            id: TopicId(7),
            version: 1,
            round_id: RoundId(1),
            publish_on: "2027-05-01".parse().unwrap(),
            title: "Café \"talk\": 図書館 and you".into(),
            summary: "Say hello.".into(),
            body: "# Welcome\n\nSome *words*.\n".into(),
            questions: vec!["Who are you?".into(), " ".into(), "Why libraries?".into()],
            status: TopicStatus::Ready,
            published_on: None,
            post_link: String::new(),
        }
    }

    #[test]
    fn post_and_email_match_their_snapshots() {
        insta::assert_snapshot!("blog_post", blog_post(&topic(), "2027 A"));
        insta::assert_snapshot!("email", email(&topic(), "2027 A"));
        let linked = Topic {
            post_link: " https://example.org/cafe ".into(),
            ..topic()
        };
        let text = email(&linked, "2027 A");
        assert!(
            text.ends_with("Read the whole topic: https://example.org/cafe\n"),
            "{text}"
        );
        assert!(!text.contains("Some *words*"), "{text}");
    }

    #[test]
    fn file_names_keep_every_script_and_drop_punctuation() {
        assert_eq!(file_stem(&topic()), "2027-05-01-café-talk-図書館-and-you");
        let untitled = Topic {
            title: " !? ".into(),
            ..topic()
        };
        assert_eq!(file_stem(&untitled), "2027-05-01-topic-7");
        let long = Topic {
            title: "図書館".repeat(40),
            ..topic()
        };
        let stem = file_stem(&long);
        assert!(
            stem.len() <= 131 && stem.starts_with("2027-05-01-図書館"),
            "{stem}"
        );
    }
}
