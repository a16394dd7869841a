//! The import assistant: after a file is chosen, each field of an application with the
//! column found for it and a few of that column's answers; ←/→ give a field another column,
//! and every answer iln cannot place is listed once, with its count, to be mapped to a term.
//! What is settled here is a mapping ([`Mapping`]): the import reads the file with it, and
//! it is kept for the next file with the same headers.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDateTime;

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::import_job::{ImportInto, ImportJob, file_name};
use crate::domain::Round;
use crate::domain::country::name_key;
use crate::import::{
    DateOrder, Field, Mapping, Parsed, outside_window, parse_bytes, suggest, window_warning,
};
use crate::store::Store;
use crate::text::counted;
use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::modal::PickItem;
use crate::tui::kit::popup::open_box;
use crate::tui::kit::text::wrap;
use crate::tui::kit::theme::THEME;

/// A line of the assistant a coordinator can select.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    Field(Field),
    /// How dates such as 04/03/2027 read, under the submission time.
    DateOrder,
    /// An answer iln cannot place, by its index in [`Parsed::unplaced`].
    Answer(usize),
}

/// What a key in the assistant asks of the pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Stay,
    /// The mapping changed: it is kept at once, so that nothing chosen is lost.
    Changed,
    /// Choose the column of a field from the file's headers.
    PickColumn(Field),
    /// Choose the term an answer stands for.
    MapAnswer {
        field: Field,
        answer: String,
    },
    Import,
    Cancel,
}

#[derive(Debug)]
pub struct Assistant {
    pub path: PathBuf,
    /// Where the file goes.
    pub into: ImportInto,
    bytes: Arc<Vec<u8>>,
    pub mapping: Mapping,
    /// The file as the mapping reads it.
    pub parsed: Parsed,
    selected: usize,
    /// Where the mapping came from, when it was kept from an earlier file.
    pub note: Option<String>,
    /// The round the file goes into, when it exists already: its application window is
    /// checked before the import, not after.
    round: Option<Round>,
    /// Of the rows that would import, those submitted outside that window.
    outside_window: Vec<(String, NaiveDateTime)>,
}

impl Assistant {
    /// Reads the file and, when a mapping was kept for files with its headers, reads it
    /// with that one.
    pub fn open(path: &Path, into: ImportInto, store: &Store) -> Result<Assistant, String> {
        let bytes = crate::import::read_input(path).map_err(|e| format!("Could not read {e}."))?;
        let round = match &into {
            ImportInto::Round { id, .. } => Some(store.round(*id).map_err(|e| e.to_string())?),
            ImportInto::NewRound(_) => None,
        };
        let mut assistant = Assistant {
            path: path.to_path_buf(),
            into,
            bytes: Arc::new(bytes),
            mapping: Mapping::new("the import assistant"),
            parsed: Parsed::default(),
            selected: 0,
            note: None,
            round,
            outside_window: Vec::new(),
        };
        assistant.reparse();
        let kept = store
            .import_mapping_for(&assistant.parsed.headers)
            .map_err(|e| format!("Could not read the kept mappings: {e}"))?;
        if let Some(kept) = kept {
            let label = format!("the mapping kept for {}", kept.file);
            // A kept mapping that no longer reads (iln changed its terms) is left aside.
            if let Ok(mapping) = Mapping::parse(&kept.mapping, &label) {
                assistant.mapping = mapping;
                assistant.note = Some(format!(
                    "Read as {} was ({}), which has the same headers.",
                    kept.file,
                    kept.saved_at.get(..10).unwrap_or(&kept.saved_at)
                ));
                assistant.reparse();
            }
        }
        Ok(assistant)
    }

    /// Keeps the mapping as it now is, for the next file with these headers.
    pub fn keep(&self, store: &mut Store) -> Result<(), String> {
        store
            .save_import_mapping(
                &self.parsed.headers,
                &self.file_name(),
                &self.mapping.to_toml(),
            )
            .map_err(|e| format!("The choices were not kept for next time: {e}"))
    }

    /// The import of the file as the assistant now reads it.
    pub fn job(&self) -> ImportJob {
        ImportJob {
            into: self.into.clone(),
            path: self.path.clone(),
            skip_invalid: false,
            mapping: Some(self.mapping.clone()),
            shown: Some(Arc::clone(&self.bytes)),
        }
    }

    pub fn file_name(&self) -> String {
        file_name(&self.path)
    }

    fn reparse(&mut self) {
        self.parsed = parse_bytes(&self.bytes, &self.file_name(), Some(&self.mapping));
        if let Some(round) = &self.round {
            self.outside_window =
                outside_window(round, self.parsed.rows.iter().map(|row| &row.form));
        }
        self.selected = self.selected.min(self.rows().len().saturating_sub(1));
    }

    pub fn rows(&self) -> Vec<Row> {
        Field::ALL
            .into_iter()
            .flat_map(|f| match f {
                Field::Submitted => vec![Row::Field(f), Row::DateOrder],
                _ => vec![Row::Field(f)],
            })
            .chain((0..self.parsed.unplaced.len()).map(Row::Answer))
            .collect()
    }

    pub fn selected(&self) -> Row {
        self.rows()[self.selected]
    }

    /// The column index the file's reading gives `field`.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        let header = self.parsed.fields.iter().find(|f| f.field == field)?;
        let header = header.header.as_deref()?;
        self.parsed.headers.iter().position(|h| h == header)
    }

    pub fn update(&mut self, action: Action) -> Step {
        let rows = self.rows().len();
        match action {
            Action::Down => self.selected = (self.selected + 1).min(rows - 1),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = rows - 1,
            Action::CursorRight => return self.step_column(1),
            Action::CursorLeft => return self.step_column(-1),
            Action::Confirm => {
                return match self.selected() {
                    Row::Field(field) => Step::PickColumn(field),
                    Row::DateOrder => self.step_date_order(1),
                    Row::Answer(i) => {
                        let u = &self.parsed.unplaced[i];
                        Step::MapAnswer {
                            field: u.field,
                            answer: u.answer.clone(),
                        }
                    }
                };
            }
            Action::Import => return Step::Import,
            Action::Cancel => return Step::Cancel,
            _ => {}
        }
        Step::Stay
    }

    /// The next (or previous) way of reading dates: as the file shows, day first, month
    /// first.
    fn step_date_order(&mut self, by: isize) -> Step {
        const ORDERS: [Option<DateOrder>; 3] =
            [None, Some(DateOrder::DayFirst), Some(DateOrder::MonthFirst)];
        let now = ORDERS
            .iter()
            .position(|&o| o == self.mapping.date_order())
            .unwrap_or(0) as isize;
        self.mapping
            .set_date_order(ORDERS[(now + by).rem_euclid(3) as usize]);
        self.reparse();
        Step::Changed
    }

    /// Gives the selected field the next (or previous) column of the file; an optional
    /// field may also have none.
    fn step_column(&mut self, by: isize) -> Step {
        let field = match self.selected() {
            Row::Field(field) => field,
            Row::DateOrder => return self.step_date_order(by),
            Row::Answer(_) => return Step::Stay,
        };
        // The choices in order: each header, then "none" for an optional field.
        let n = self.parsed.headers.len() as isize;
        let choices = n + isize::from(!field.required());
        if choices == 0 {
            return Step::Stay;
        }
        let next = match self.column_of(field) {
            Some(i) => (i as isize + by).rem_euclid(choices),
            None if by > 0 => 0,
            None => choices - 1 - isize::from(!field.required()),
        };
        self.set_column(field, (next < n).then_some(next as usize));
        Step::Changed
    }

    /// Gives `field` the column at `index` (`None`: no column).
    pub fn set_column(&mut self, field: Field, index: Option<usize>) {
        let header = index.and_then(|i| self.parsed.headers.get(i)).cloned();
        self.mapping.set_column(field, header.as_deref());
        self.reparse();
    }

    /// Maps an answer to a term ("" leaves it out); `Err` says why the term will not do.
    pub fn map_answer(&mut self, field: Field, answer: &str, term: &str) -> Result<(), String> {
        self.mapping.set_value(field, answer, term)?;
        self.reparse();
        Ok(())
    }

    /// The file's headers as choices for `field`'s column, each with its answers, and
    /// "no column" last for an optional field.
    pub fn column_choices(&self, field: Field) -> Vec<PickItem> {
        let mut items: Vec<PickItem> = self
            .parsed
            .headers
            .iter()
            .zip(&self.parsed.samples)
            .map(|(header, samples)| PickItem {
                label: header.clone(),
                description: if samples.is_empty() {
                    "No answers in this column.".to_string()
                } else {
                    format!("Answers: {}", samples.join(" · "))
                },
            })
            .collect();
        if !field.required() {
            items.push(PickItem {
                label: "(no column)".to_string(),
                description: format!(
                    "Every application is imported without {}.",
                    field.describe()
                ),
            });
        }
        items
    }

    /// The terms `answer` may stand for, the likeliest first (those it names, in the order
    /// it names them, then the one it is a near miss of), and "leave it out" last for an
    /// optional field.
    pub fn term_choices(field: Field, answer: &str) -> Vec<String> {
        let known: Vec<&str> = field.terms();
        let said = format!(" {} ", name_key(answer));
        let mut likely: Vec<(usize, &str)> = known
            .iter()
            .filter_map(|t| said.find(&format!(" {} ", name_key(t))).map(|at| (at, *t)))
            .collect();
        likely.sort();
        let mut first: Vec<&str> = likely.into_iter().map(|(_, t)| t).collect();
        if let Some(near) = suggest(answer, &known)
            && !first.contains(&near)
        {
            first.push(near);
        }
        let mut terms: Vec<String> = first.iter().map(|t| t.to_string()).collect();
        terms.extend(
            known
                .iter()
                .filter(|t| !first.contains(t))
                .map(|t| t.to_string()),
        );
        if !field.required() {
            terms.push(String::new());
        }
        terms
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        // A new round is named after the submissions once they are imported.
        let into = match &self.into {
            ImportInto::Round { name, .. } => name.clone(),
            ImportInto::NewRound(_) => "a new round".to_string(),
        };
        let title = format!("Import {} into {into}", self.file_name());
        let inner = open_box(area, area.width, area.height, &title, buf).inner(Margin::new(1, 0));
        let width = inner.width as usize;
        let p = &self.parsed;

        let mut head: Vec<Line> = Vec::new();
        let rows_read = p.rows.len() + p.rejects.len();
        let summary = if p.file_unreadable {
            format!(
                "{} with the file as a whole; nothing can be imported yet.",
                counted(
                    p.problems.iter().filter(|q| q.line == 1).count(),
                    "problem",
                    "problems"
                )
            )
        } else if p.rejects.is_empty() {
            format!(
                "{}: all would import.",
                counted(rows_read, "application", "applications")
            )
        } else {
            format!(
                "{}: {} would import, {} {} problems.",
                counted(rows_read, "application", "applications"),
                p.rows.len(),
                p.rejects.len(),
                crate::text::agree(p.rejects.len(), "has", "have")
            )
        };
        let style = if p.is_clean() {
            THEME.info
        } else {
            THEME.error
        };
        head.push(Line::styled(summary, style));
        if let Some(round) = &self.round
            && let Some(warning) = window_warning(round, &self.outside_window, "is", "are")
        {
            let text = format!(
                "{}: check the date order below, or that this is the round's file.",
                crate::text::sentence(warning)
            );
            head.extend(
                wrap(&text, width, 0)
                    .into_iter()
                    .map(|l| Line::styled(l, THEME.error)),
            );
        }
        // Where the rows' problems are, so that the field to look at is known.
        let mut by_field: Vec<(&str, usize)> = Vec::new();
        for problem in p.problems.iter().filter(|q| q.line > 1) {
            let field = p
                .fields
                .iter()
                .find(|f| f.header.as_deref() == Some(problem.column.as_str()))
                .map_or("whole rows", |f| f.field.label());
            match by_field.iter_mut().find(|(f, _)| *f == field) {
                Some((_, n)) => *n += 1,
                None => by_field.push((field, 1)),
            }
        }
        if !by_field.is_empty() {
            let listed: Vec<String> = by_field.iter().map(|(f, n)| format!("{f} {n}")).collect();
            let text = format!("Problems by field: {}.", listed.join(" · "));
            head.extend(
                wrap(&text, width, 0)
                    .into_iter()
                    .map(|l| Line::styled(l, THEME.error)),
            );
        }
        if let Some(note) = &self.note {
            head.extend(
                wrap(note, width, 0)
                    .into_iter()
                    .map(|l| Line::styled(l, THEME.muted)),
            );
        }
        head.push(Line::from(""));

        let label_w = Field::ALL
            .iter()
            .map(|f| f.label().chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        let column_w = (width.saturating_sub(label_w + 2) / 2).clamp(12, 40);
        let mut body: Vec<Line> = vec![Line::styled(
            format!("  {:<label_w$}{:<column_w$}Answers", "Field", "Column"),
            THEME.header,
        )];
        let mut selected_line = 0;
        for (i, row) in self.rows().into_iter().enumerate() {
            if row == Row::Answer(0) {
                body.push(Line::from(""));
                body.push(Line::styled(
                    format!("Answers iln cannot place ({})", self.parsed.unplaced.len()),
                    THEME.header,
                ));
            }
            let chosen = i == self.selected;
            if chosen {
                selected_line = body.len();
            }
            let mut line = match row {
                Row::Field(field) => self.field_line(field, label_w, column_w),
                Row::DateOrder => Line::from(vec![
                    Span::raw(format!("{:<label_w$}", "Date order")),
                    Span::styled(
                        format!("‹ {} ›", date_order_name(self.mapping.date_order())),
                        THEME.label,
                    ),
                ]),
                Row::Answer(k) => {
                    let u = &p.unplaced[k];
                    Line::from(vec![
                        Span::raw(format!("{:<label_w$}", u.field.label())),
                        Span::styled(format!("{:?}", u.answer), THEME.error),
                        Span::styled(format!("  ×{}", u.count), THEME.muted),
                    ])
                }
            };
            if chosen {
                line = line.patch_style(THEME.selected);
                line.spans.insert(0, Span::styled("▸ ", THEME.key));
            } else {
                line.spans.insert(0, Span::raw("  "));
            }
            body.push(line);
        }
        if p.unplaced.is_empty() && !p.file_unreadable {
            body.push(Line::from(""));
            body.push(Line::styled(
                "Every answer reads as one of iln's terms.",
                THEME.muted,
            ));
        }

        let mut foot: Vec<Line> = vec![Line::from("")];
        foot.extend(
            wrap(&self.explain(), width, 0)
                .into_iter()
                .map(|l| Line::styled(l, THEME.label)),
        );
        let keys = format!(
            "{}{} move · {} another column · {} choose · {} import · {} cancel",
            key(Context::Assistant, Action::Up),
            key(Context::Assistant, Action::Down),
            key(Context::Assistant, Action::CursorRight),
            key(Context::Assistant, Action::Confirm),
            key(Context::Assistant, Action::Import),
            key(Context::Assistant, Action::Cancel)
        );
        foot.extend(
            wrap(&keys, width, 0)
                .into_iter()
                .map(|l| Line::styled(l, THEME.muted)),
        );

        let height = inner.height as usize;
        let body_h = height.saturating_sub(head.len() + foot.len()).max(1);
        // The selected line stays in sight, with the section headings above it when there
        // is room.
        let offset = selected_line.saturating_sub(body_h.saturating_sub(2));
        let shown: Vec<Line> = head
            .into_iter()
            .chain(body.into_iter().skip(offset).take(body_h))
            .collect();
        let top_h = shown.len() as u16;
        Paragraph::new(shown).render(
            Rect {
                height: top_h.min(inner.height),
                ..inner
            },
            buf,
        );
        let foot_h = (foot.len() as u16).min(inner.height);
        Paragraph::new(foot).render(
            Rect {
                y: inner.bottom() - foot_h,
                height: foot_h,
                ..inner
            },
            buf,
        );
    }

    fn field_line(&self, field: Field, label_w: usize, column_w: usize) -> Line<'static> {
        let found = self.parsed.fields.iter().find(|f| f.field == field);
        let mark = if field.required() { "" } else { " " };
        let (column, style) = match (
            self.column_of(field),
            found.and_then(|f| f.unsettled.as_ref()),
        ) {
            (Some(i), _) => (format!("‹ {} ›", self.parsed.headers[i]), THEME.label),
            (None, Some(_)) => ("? unsettled".to_string(), THEME.error),
            (None, None) if field.required() => ("✗ no column".to_string(), THEME.error),
            (None, None) => ("none".to_string(), THEME.muted),
        };
        let column = crate::text::shortened(&column, column_w - 1);
        let samples = self
            .column_of(field)
            .and_then(|i| self.parsed.samples.get(i))
            .map(|s| s.join(" · "))
            .unwrap_or_default();
        Line::from(vec![
            Span::raw(format!("{:<label_w$}", format!("{}{mark}", field.label()))),
            Span::styled(format!("{column:<column_w$}"), style),
            Span::styled(samples, THEME.muted),
        ])
    }

    /// What the selected line means and what can be done with it.
    fn explain(&self) -> String {
        match self.selected() {
            Row::Field(field) => {
                let found = self.parsed.fields.iter().find(|f| f.field == field);
                let need = if field.required() {
                    "required"
                } else {
                    "optional"
                };
                let how = match (self.column_of(field), self.mapping.column(field)) {
                    (Some(_), Some(_)) => "the column you chose".to_string(),
                    (Some(_), None) => "found by its header".to_string(),
                    (None, Some(None)) => "left out by you".to_string(),
                    (None, _) => {
                        let choose = format!(
                            "{} or {} chooses its column",
                            key(Context::Assistant, Action::CursorRight),
                            key(Context::Assistant, Action::Confirm)
                        );
                        match found.and_then(|f| f.unsettled.as_ref()) {
                            // Several headers fit: the message names them, then says how to
                            // settle it in a mapping file, which here is a key away.
                            Some(why) if why.contains("could each be") => {
                                format!("{}; {choose}", why.split("; ").next().unwrap_or(why))
                            }
                            _ if field.required() => format!("no column found; {choose}"),
                            _ => format!("no column found, so it is left empty; {choose}"),
                        }
                    }
                };
                let problem = self.column_of(field).and_then(|i| {
                    let header = &self.parsed.headers[i];
                    let n = self
                        .parsed
                        .problems
                        .iter()
                        .filter(|q| &q.column == header)
                        .count();
                    let first = self.parsed.problems.iter().find(|q| &q.column == header)?;
                    Some(format!(
                        " {} in this column, the first on line {}: {}",
                        counted(n, "problem", "problems"),
                        first.line,
                        first.message
                    ))
                });
                format!(
                    "{} ({need}): {}.{}",
                    crate::text::sentence(field.describe().to_string()),
                    how,
                    problem.unwrap_or_default()
                )
            }
            Row::DateOrder => format!(
                "How a date such as 04/03/2027 reads: {}. {} changes it.",
                match self.mapping.date_order() {
                    None => "as the file's other dates show (a day above 12 settles it)",
                    Some(DateOrder::DayFirst) => "4 March, day first",
                    Some(DateOrder::MonthFirst) => "3 April, month first",
                },
                key(Context::Assistant, Action::CursorRight)
            ),
            Row::Answer(i) => {
                let u = &self.parsed.unplaced[i];
                let leave = if u.field.required() {
                    ""
                } else {
                    ", or leave it out"
                };
                format!(
                    "{:?} is not a {} iln knows ({}, first on line {}). Choose the term it \
                     stands for{leave}.",
                    u.answer,
                    u.field.term_noun(),
                    counted(u.count, "row", "rows"),
                    u.line
                )
            }
        }
    }
}

fn date_order_name(order: Option<DateOrder>) -> &'static str {
    match order {
        None => "as the file shows",
        Some(DateOrder::DayFirst) => "day first",
        Some(DateOrder::MonthFirst) => "month first",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terms_an_answer_names_come_first() {
        let choices = |field, answer| Assistant::term_choices(field, answer);
        assert_eq!(
            choices(Field::WishPlace, "Latin America would be great!")[0],
            "Latin America"
        );
        assert_eq!(
            choices(Field::WishPlace, "New Zealand or Australia")[..2],
            ["New Zealand", "Australia"]
        );
        assert_eq!(
            choices(Field::Sector, "National or state library")[0],
            "National"
        );
        assert_eq!(choices(Field::Sector, "Pubic")[0], "Public", "a near miss");
        let stages = choices(Field::CareerStage, "6–10 years");
        assert!(
            !stages.contains(&String::new()),
            "a career stage cannot be left out"
        );
        assert_eq!(choices(Field::WishStage, "Whoever").last().unwrap(), "");
    }
}
