//! Message templates: a `Subject:` line, an empty line, then a Markdown body, with merge
//! fields in `{{ … }}` and `{% if %}` / `{% for %}` blocks (MiniJinja). The defaults are in
//! `assets/templates`; a program may keep its own text of each.
//!
//! A template is checked against the fields its kind offers before it is kept: a field
//! that does not exist is refused, naming the field and its line. Values from the data are
//! text, never template or Markdown: the HTML part escapes them before the Markdown is read
//! (but for what the program wrote itself and a template marks `|safe`, a topic's post).

use minijinja::value::{Serde, Value};
use minijinja::{Environment, ErrorKind, UndefinedBehavior};
use pulldown_cmark::{Event, Parser};

use super::fields::Fields;
use crate::domain::MessageKind;

/// Why a template cannot be used, with the line (of the whole text, from 1) at fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the {kind} template, line {line}: {message}")]
pub struct TemplateError {
    pub kind: MessageKind,
    pub line: usize,
    pub message: String,
}

/// A message written from a template: its subject, its text, and the HTML of that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A template's text split into its subject line and body, each with the line it starts on.
struct Parts<'a> {
    subject: &'a str,
    /// The body, from the line after the subject (so that its line numbers plus one are the
    /// text's).
    body: &'a str,
}

fn parts(kind: MessageKind, text: &str) -> Result<Parts<'_>, TemplateError> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let subject = first
        .strip_prefix("Subject:")
        .or_else(|| first.strip_prefix("subject:"))
        .ok_or_else(|| TemplateError {
            kind,
            line: 1,
            message: "the first line is the subject: start it with \"Subject:\"".into(),
        })?;
    if subject.trim().is_empty() {
        return Err(TemplateError {
            kind,
            line: 1,
            message: "the subject is empty".into(),
        });
    }
    Ok(Parts {
        subject: subject.trim(),
        body: rest,
    })
}

/// How values print: as they are (plain text), or escaped for Markdown (the HTML part).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Values {
    Plain,
    Markdown,
}

fn environment(undefined: UndefinedBehavior, values: Values) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(undefined);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters"),
    );
    if values == Values::Markdown {
        env.set_formatter(|out, state, value| {
            // `|safe` marks text the program wrote in Markdown itself (a topic's post).
            if let Some(s) = value.as_str().filter(|_| !value.is_safe()) {
                out.write_str(&markdown_escaped(s))
                    .map_err(|e| minijinja::Error::new(ErrorKind::WriteFailure, e.to_string()))
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
    }
    env
}

/// Checks `text` as the template of `kind`: its shape, its syntax, and every field it
/// names (with the example fields of the kind, which fill every field it offers).
pub fn check(kind: MessageKind, text: &str) -> Result<(), TemplateError> {
    let parts = parts(kind, text)?;
    let example = Value::from(Serde(&Fields::example(kind)));
    let env = environment(UndefinedBehavior::Strict, Values::Plain);
    for (source, first_line) in [(parts.subject, 1), (parts.body, 2)] {
        let at = |e: &minijinja::Error| first_line + e.line().unwrap_or(1) - 1;
        let template = env.template_from_str(source).map_err(|e| TemplateError {
            kind,
            line: at(&e),
            message: e.detail().unwrap_or("not a template").to_string(),
        })?;
        // Top-level fields, named anywhere (even in a branch the example does not take).
        let mut unknown: Vec<String> = template
            .undeclared_variables(true)
            .into_iter()
            .filter(|name| !offers(kind, name))
            .collect();
        unknown.sort();
        if let Some(name) = unknown.first() {
            return Err(TemplateError {
                kind,
                line: first_line + line_of(source, name),
                message: unknown_field(kind, name),
            });
        }
        // Fields of a list's items (`m.name` in `{% for m in members %}`), found by writing
        // the example.
        if let Err(e) = template.render(example.clone()) {
            let line = e.line().unwrap_or(1);
            let name = source
                .lines()
                .nth(line - 1)
                .and_then(|l| first_unknown_attribute(kind, l))
                .unwrap_or_default();
            let message = if e.kind() == ErrorKind::UndefinedError && !name.is_empty() {
                unknown_field(kind, &name)
            } else {
                e.detail().map_or_else(|| e.to_string(), str::to_string)
            };
            return Err(TemplateError {
                kind,
                line: at(&e),
                message,
            });
        }
    }
    Ok(())
}

/// Writes a message of `kind` from `text` with `fields`. Fields a message lacks (a next
/// round not yet planned) print as nothing.
pub fn render(kind: MessageKind, text: &str, fields: &Fields) -> Result<Rendered, TemplateError> {
    let parts = parts(kind, text)?;
    let value = Value::from(Serde(fields));
    let write = |values: Values, source: &str, first_line: usize| {
        environment(UndefinedBehavior::Chainable, values)
            .render_str(source, value.clone())
            .map_err(|e| TemplateError {
                kind,
                line: first_line + e.line().unwrap_or(1) - 1,
                message: e.detail().map_or_else(|| e.to_string(), str::to_string),
            })
    };
    let subject = write(Values::Plain, parts.subject, 1)?;
    let markdown = write(Values::Markdown, parts.body, 2)?;
    Ok(Rendered {
        subject: one_line(&subject),
        text: plain(&markdown),
        html: html(&markdown),
    })
}

/// Whether `kind` offers the field `name` (`round`, `round.name`, `members`…).
fn offers(kind: MessageKind, name: &str) -> bool {
    let example = serde_json::to_value(Fields::example(kind)).expect("fields serialise");
    let mut at = &example;
    for part in name.split('.') {
        match at.get(part) {
            Some(v) if !v.is_null() => at = v,
            _ => return false,
        }
    }
    true
}

/// The message for an unknown field, with the fields beside it that do exist.
fn unknown_field(kind: MessageKind, name: &str) -> String {
    let example = serde_json::to_value(Fields::example(kind)).expect("fields serialise");
    let (parent, _) = name.rsplit_once('.').unwrap_or(("", name));
    let mut at = Some(&example);
    for part in parent.split('.').filter(|p| !p.is_empty()) {
        at = at.and_then(|v| v.get(part));
    }
    // A list's items: the fields of its first.
    if let Some(serde_json::Value::Array(items)) = at {
        at = items.first();
    }
    let known: Vec<String> = match at {
        Some(serde_json::Value::Object(map)) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, _)| k.clone())
            .collect(),
        _ => Vec::new(),
    };
    if known.is_empty() {
        format!("there is no field \"{name}\"")
    } else {
        format!(
            "there is no field \"{name}\"; {} has: {}",
            if parent.is_empty() {
                kind.code()
            } else {
                parent
            },
            known.join(", ")
        )
    }
}

/// The first `a.b` in a line's tags whose last part no field of `kind` has, as written.
fn first_unknown_attribute(kind: MessageKind, line: &str) -> Option<String> {
    let example = serde_json::to_value(Fields::example(kind)).expect("fields serialise");
    let mut names = std::collections::BTreeSet::new();
    collect_keys(&example, &mut names);
    let mut word = String::new();
    let mut words = Vec::new();
    for c in line.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            word.push(c);
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    words.into_iter().find(|w| {
        w.split_once('.')
            .is_some_and(|(_, rest)| rest.split('.').any(|p| !names.contains(p)))
    })
}

fn collect_keys(v: &serde_json::Value, into: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                into.insert(k.clone());
                collect_keys(v, into);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_keys(i, into)),
        _ => {}
    }
}

/// The line (from 0) where `name` first appears in `source`.
fn line_of(source: &str, name: &str) -> usize {
    let first = name.split('.').next().unwrap_or(name);
    source
        .lines()
        .position(|l| l.contains(name))
        .or_else(|| source.lines().position(|l| l.contains(first)))
        .unwrap_or(0)
}

/// A subject on one line, whatever the data held.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The body without leading blank lines, with at most one blank line in a row, ending in
/// one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim_start_matches('\n').lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

/// `text` with every character Markdown reads escaped, so that a value prints as written
/// (its line breaks kept).
fn markdown_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // A line break kept (a signature's lines) as Markdown's hard break; other controls
        // are nothing a message should carry.
        if c == '\n' {
            out.push_str("\\\n");
            continue;
        }
        if c.is_control() {
            out.push(' ');
            continue;
        }
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The text a participant reads of a Markdown body: no markup left (`**`, `##`), lists as
/// `-` or `1.` lines, links with their address after them.
fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Tag, TagEnd};
    let markdown = tidy(markdown);
    let mut out = String::new();
    // Each open list's next number (`None` for bullets).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut link: Vec<String> = Vec::new();
    for event in Parser::new(&markdown) {
        match event {
            Event::Start(Tag::List(first)) => lists.push(first),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::End(TagEnd::Item) if !out.ends_with('\n') => out.push('\n'),
            Event::End(TagEnd::Paragraph) if lists.is_empty() => out.push_str("\n\n"),
            Event::End(TagEnd::Heading(_)) => out.push_str("\n\n"),
            Event::Start(Tag::Link { dest_url, .. }) => link.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = link.pop() {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                out.push('\n');
                out.push_str(&"  ".repeat(lists.len()));
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            _ => {}
        }
    }
    tidy(&out)
}

/// The HTML of a Markdown body; HTML in the Markdown is shown as text, never passed on.
fn html(markdown: &str) -> String {
    let markdown = tidy(markdown);
    let events = Parser::new(&markdown).map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        other => other,
    });
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, events);
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n{body}</body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_template_passes_its_check() {
        for kind in MessageKind::ALL {
            check(kind, kind.default_template()).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn an_unknown_field_is_refused_with_its_line() {
        let text = "Subject: Hello {{ round.name }}\n\nHi {{ greeting }},\n\n{{ round.nam }}\n";
        let err = check(MessageKind::Acceptance, text).unwrap_err();
        assert_eq!(err.line, 5);
        assert!(err.message.contains("no field \"round.nam\""), "{err}");
        assert!(err.message.contains("round has: "), "{err}");

        let text = "Subject: Hi\n\n{% for m in members %}\n{{ m.nickname }}\n{% endfor %}\n";
        let err = check(MessageKind::Introduction, text).unwrap_err();
        assert_eq!(err.line, 4, "{err}");
        assert!(err.message.contains("\"m.nickname\""), "{err}");

        let err = check(MessageKind::Acceptance, "Subject: {{ nobody }}\n\nx\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("\"nobody\""), "{err}");

        // Members are no field of a message to one person.
        let err = check(MessageKind::Acceptance, "Subject: x\n\n{{ members }}\n").unwrap_err();
        assert_eq!(err.line, 3);
    }

    #[test]
    fn shape_and_syntax_errors_name_their_line() {
        let err = check(MessageKind::Acceptance, "Hello\n\nbody\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("Subject:"), "{err}");
        let err = check(MessageKind::Acceptance, "Subject: x\n\nok\n{% if %}\n").unwrap_err();
        assert_eq!(err.line, 4, "{err}");
    }

    #[test]
    fn values_are_text_in_both_parts() {
        let mut fields = Fields::example(MessageKind::Acceptance);
        fields.greeting = "<b>Ana</b> *x* [y](http://z) {{ round.name }}".into();
        let r = render(
            MessageKind::Acceptance,
            "Subject: Hi {{ greeting }}\n\nHello {{ greeting }}\n",
            &fields,
        )
        .unwrap();
        assert_eq!(
            r.text,
            "Hello <b>Ana</b> *x* [y](http://z) {{ round.name }}\n"
        );
        assert!(
            r.html
                .contains("&lt;b&gt;Ana&lt;/b&gt; *x* [y](http://z) {{ round.name }}"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<a "), "{}", r.html);
        assert_eq!(
            r.subject,
            "Hi <b>Ana</b> *x* [y](http://z) {{ round.name }}"
        );
    }

    #[test]
    fn a_missing_next_round_prints_as_nothing() {
        let mut fields = Fields::example(MessageKind::Deferral);
        fields.next_round = None;
        let r = render(
            MessageKind::Deferral,
            MessageKind::Deferral.default_template(),
            &fields,
        )
        .unwrap();
        assert!(
            r.text
                .contains("We will write to you when the next round opens."),
            "{}",
            r.text
        );
    }
}
