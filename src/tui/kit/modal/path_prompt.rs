//! The prompt for a path (a CSV file to import, a folder to export into), with Tab
//! completion of file and folder names.

use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::popup::open_box;
use crate::tui::kit::text::wrap;
use crate::tui::kit::text_input::TextInput;
use crate::tui::kit::theme::THEME;

/// What the path must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// A file that is there, to read (a CSV to import).
    File,
    /// A folder that is there or can be made, to write into.
    Folder,
    /// A file to write, in a folder that is there (a file of the name is replaced).
    NewFile,
}

pub struct PathPrompt<I> {
    pub title: String,
    /// What is asked, in paragraphs; the last one stands right above the field.
    pub text: Vec<String>,
    pub kind: PathKind,
    pub intent: I,
    pub input: TextInput,
    /// Why the last path was not accepted.
    pub error: Option<String>,
    /// What Tab found when it could not complete on its own.
    note: Option<String>,
}

impl<I> PathPrompt<I> {
    pub fn new(title: &str, text: Vec<String>, kind: PathKind, intent: I) -> PathPrompt<I> {
        PathPrompt {
            title: title.to_string(),
            text,
            kind,
            intent,
            input: TextInput::default(),
            error: None,
            note: None,
        }
    }

    /// The path typed, with `~` expanded and the quotes a terminal adds to a dropped file
    /// removed.
    pub fn path(&self) -> PathBuf {
        expand(self.input.value())
    }

    /// Checks that the path names a readable file (to import) or a folder that is there or
    /// can be made (to export), before anything is created for it.
    pub fn check(&mut self) -> Option<PathBuf> {
        let path = self.path();
        self.note = None;
        if self.kind == PathKind::Folder {
            self.error = if self.input.value().trim().is_empty() {
                Some(format!(
                    "Type the folder to write into, or press {}.",
                    key(Context::PathPrompt, Action::Cancel)
                ))
            } else if path.exists() && !path.is_dir() {
                Some(format!(
                    "{} is a file, not a folder; choose another name.",
                    path.display()
                ))
            } else {
                None
            };
            return self.error.is_none().then_some(path);
        }
        if self.kind == PathKind::NewFile {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            self.error = if self.input.value().trim().is_empty() {
                Some(format!(
                    "Type the file to write, or press {}.",
                    key(Context::PathPrompt, Action::Cancel)
                ))
            } else if path.is_dir() {
                Some(format!(
                    "{} is a folder; add the file name.",
                    path.display()
                ))
            } else {
                folder.filter(|f| !f.is_dir()).map(|folder| {
                    format!(
                        "There is no folder {}; write into one that is there.",
                        folder.display()
                    )
                })
            };
            return self.error.is_none().then_some(path);
        }
        self.error = if self.input.value().trim().is_empty() {
            Some(format!(
                "Type the path of the survey export, or press {}.",
                key(Context::PathPrompt, Action::Cancel)
            ))
        } else if path.is_dir() {
            Some(format!(
                "{} is a folder; add the file name ({} lists what is in it).",
                path.display(),
                key(Context::PathPrompt, Action::CompletePath)
            ))
        } else if !path.is_file() {
            Some(format!(
                "There is no file {}; check the name ({} completes it).",
                path.display(),
                key(Context::PathPrompt, Action::CompletePath)
            ))
        } else {
            None
        };
        self.error.is_none().then_some(path)
    }

    /// Completes the last part of the path from what is on disk.
    pub fn complete(&mut self) {
        self.error = None;
        let typed = self.input.value().to_string();
        let (dir_part, prefix) = match typed.rfind('/') {
            Some(i) => (&typed[..=i], &typed[i + 1..]),
            None => ("", typed.as_str()),
        };
        let dir = if dir_part.is_empty() {
            PathBuf::from(".")
        } else {
            expand(dir_part)
        };
        let mut names: Vec<(String, bool)> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_str()?.to_string();
                    let hidden = name.starts_with('.') && !prefix.starts_with('.');
                    (!hidden && name.starts_with(prefix)).then(|| (name, e.path().is_dir()))
                })
                .collect(),
            Err(e) => {
                self.note = Some(format!("Cannot read the folder {}: {e}", dir.display()));
                return;
            }
        };
        names.sort();
        match names.as_slice() {
            [] => {
                self.note = Some(format!(
                    "Nothing in {} starts with “{prefix}”.",
                    dir.display()
                ))
            }
            [(name, is_dir)] => {
                let slash = if *is_dir { "/" } else { "" };
                self.input.set(format!("{dir_part}{name}{slash}"));
                self.note = None;
            }
            many => {
                let common = many.iter().skip(1).fold(many[0].0.clone(), |acc, (n, _)| {
                    acc.chars()
                        .zip(n.chars())
                        .take_while(|(a, b)| a == b)
                        .map(|(a, _)| a)
                        .collect()
                });
                self.input.set(format!("{dir_part}{common}"));
                let shown: Vec<String> = many
                    .iter()
                    .take(8)
                    .map(|(n, d)| if *d { format!("{n}/") } else { n.clone() })
                    .collect();
                let more = if many.len() > 8 {
                    format!(" and {} more", many.len() - 8)
                } else {
                    String::new()
                };
                self.note = Some(format!("{}{more}", shown.join("  ")));
            }
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let width = area.width.saturating_sub(6).clamp(20, 90);
        let text_width = width.saturating_sub(4) as usize;
        let mut above: Vec<Line> = Vec::new();
        for (n, paragraph) in self.text.iter().enumerate() {
            if n > 0 {
                above.push(Line::from(""));
            }
            above.extend(wrap(paragraph, text_width, 0).into_iter().map(Line::from));
        }
        let title = self.title.as_str();
        let mut below: Vec<Line> = Vec::new();
        if let Some(e) = &self.error {
            below.extend(
                wrap(e, text_width, 0)
                    .into_iter()
                    .map(|l| Line::styled(l, THEME.error)),
            );
        } else if let Some(n) = &self.note {
            below.extend(
                wrap(n, text_width, 0)
                    .into_iter()
                    .map(|l| Line::styled(l, THEME.muted)),
            );
        } else {
            below.push(Line::styled(
                format!(
                    "{} completes file and folder names · ~ is your home folder",
                    key(Context::PathPrompt, Action::CompletePath)
                ),
                THEME.muted,
            ));
        }
        let height = (above.len() + below.len()) as u16 + 5;
        let inner = open_box(area, width, height, title, buf);
        let inner = inner.inner(ratatui::layout::Margin::new(1, 1));
        let mut y = inner.y;
        let line = |l: Line, buf: &mut Buffer, y: &mut u16| {
            if *y < inner.bottom() {
                l.render(
                    Rect {
                        y: *y,
                        height: 1,
                        ..inner
                    },
                    buf,
                );
            }
            *y += 1;
        };
        for l in above {
            line(l, buf, &mut y);
        }
        let field = Rect {
            y,
            height: 1,
            ..inner
        };
        let cursor = (y < inner.bottom())
            .then(|| self.input.render(field, buf, THEME.input))
            .flatten();
        y += 1;
        for l in below {
            line(l, buf, &mut y);
        }
        cursor
    }
}

/// `~/x` → the home folder's `x`; surrounding quotes removed.
fn expand(text: &str) -> PathBuf {
    let t = text.trim();
    let t = t
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .or_else(|| t.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
        .unwrap_or(t);
    if let Some(rest) = t
        .strip_prefix("~/")
        .or(if t == "~" { Some("") } else { None })
        && let Some(home) = std::env::var_os("HOME")
    {
        return Path::new(&home).join(rest);
    }
    PathBuf::from(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_home_and_strips_quotes() {
        assert_eq!(expand(" 'a b.csv' "), PathBuf::from("a b.csv"));
        assert_eq!(expand("\"x.csv\""), PathBuf::from("x.csv"));
        if let Some(home) = std::env::var_os("HOME") {
            assert_eq!(expand("~/x.csv"), Path::new(&home).join("x.csv"));
        }
    }

    #[test]
    fn completes_a_unique_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("spring-form.csv"), "").unwrap();
        std::fs::write(dir.path().join("autumn.csv"), "").unwrap();
        std::fs::write(dir.path().join("autumn-2.csv"), "").unwrap();
        let mut p = PathPrompt::new("Import", vec!["CSV file:".into()], PathKind::File, ());
        p.input.set(format!("{}/sp", dir.path().display()));
        p.complete();
        assert_eq!(p.path(), dir.path().join("spring-form.csv"));
        p.input.set(format!("{}/au", dir.path().display()));
        p.complete();
        assert_eq!(p.input.value(), format!("{}/autumn", dir.path().display()));
        assert!(p.note.as_deref().unwrap().contains("autumn-2.csv"));
        assert!(p.check().is_none(), "autumn is not a file");
    }
}
