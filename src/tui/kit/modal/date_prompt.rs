//! A prompt for one date within a span (a round's term): where a topic slot goes, when a
//! problem is followed up. ↑ and ↓ step a day, PgUp and PgDn a week.

use chrono::{Days, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::tui::keys::Action;
use crate::tui::kit::popup::PromptView;
use crate::tui::kit::text_input::TextInput;

pub struct DatePrompt<I> {
    pub title: String,
    pub question: String,
    pub intent: I,
    pub input: TextInput,
    /// The round's term: the date must fall in it.
    pub term: (NaiveDate, NaiveDate),
    pub error: Option<String>,
}

impl<I> DatePrompt<I> {
    pub fn new(
        title: &str,
        question: String,
        intent: I,
        date: NaiveDate,
        term: (NaiveDate, NaiveDate),
    ) -> DatePrompt<I> {
        DatePrompt {
            title: title.to_string(),
            question,
            intent,
            input: TextInput::new(date.to_string()),
            term,
            error: None,
        }
    }

    /// The date typed, if it is one and falls in the term; otherwise says why not.
    pub fn date(&mut self) -> Option<NaiveDate> {
        let typed = self.input.value().trim();
        let (start, end) = self.term;
        // Written in full (2027-01-02, not 2027-01-2), so that a date half typed is not
        // taken for another.
        let parsed = typed
            .parse::<NaiveDate>()
            .ok()
            .filter(|d| d.to_string() == typed);
        self.error = match parsed.ok_or(()) {
            Err(()) => Some(format!(
                "“{typed}” is not a date; write it as YYYY-MM-DD, for example {start}."
            )),
            Ok(d) if d < start || d > end => Some(format!(
                "{d} is outside the round's term; pick a date from {start} to {end}."
            )),
            Ok(d) => return Some(d),
        };
        None
    }

    /// ↑↓ (a day) and PgUp/PgDn (a week) step the date; other actions edit the text.
    /// Returns whether the action was one of those.
    pub fn update(&mut self, action: Action) -> bool {
        let step: i64 = match action {
            Action::Up => 1,
            Action::Down => -1,
            Action::PageUp => 7,
            Action::PageDown => -7,
            edit => return self.input.apply(edit),
        };
        let Ok(d) = self.input.value().trim().parse::<NaiveDate>() else {
            return true;
        };
        let moved = if step > 0 {
            d.checked_add_days(Days::new(step as u64))
        } else {
            d.checked_sub_days(Days::new(step.unsigned_abs()))
        };
        if let Some(d) = moved {
            self.input.set(d.to_string());
            self.error = None;
        }
        true
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let hint = format!(
            "{} to {} · ↑↓ a day · PgUp PgDn a week",
            self.term.0, self.term.1
        );
        PromptView {
            title: &self.title,
            max_width: 64,
            question: &self.question,
            input: &self.input,
            field_width: Some(12),
            error: self.error.as_deref(),
            hint: &hint,
        }
        .render(area, buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn takes_dates_in_the_term_and_steps() {
        let mut p = DatePrompt::new(
            "Add",
            "When?".into(),
            (),
            d("2027-03-31"),
            (d("2027-03-01"), d("2027-08-31")),
        );
        p.update(Action::Up);
        assert_eq!(p.date(), Some(d("2027-04-01")));
        p.update(Action::PageDown);
        assert_eq!(p.date(), Some(d("2027-03-25")));
        p.input.set("2027-02-30");
        assert_eq!(p.date(), None);
        assert!(p.error.as_deref().unwrap().contains("YYYY-MM-DD"));
        p.input.set("2027-09-01");
        assert_eq!(p.date(), None);
        assert!(p.error.as_deref().unwrap().contains("2027-08-31"));
        // A date half typed is refused, not read as another.
        p.input.set("2027-04-2");
        assert_eq!(p.date(), None);
        assert!(p.error.as_deref().unwrap().contains("YYYY-MM-DD"));
    }
}
