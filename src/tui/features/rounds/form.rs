//! The round form: name, timetable, term and country cap of a new or existing round. Its
//! stage is not set here: it moves on by the stage key, each step checked. Nothing is saved
//! until every field is right; each problem is shown under its field.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::domain::{Round, RoundId, RoundPlan, RoundStatus};
use crate::text::counted;
use crate::tui::keys::Action;
use crate::tui::kit::popup::open_box;
use crate::tui::kit::text::wrap;
use crate::tui::kit::text_input::TextInput;
use crate::tui::kit::theme::THEME;

/// The form's fields: the name [`RoundPlan::problems`] uses for each, and its label.
const FIELDS: [(&str, &str); 7] = [
    ("name", "Name"),
    ("opens", "Applications open"),
    ("closes", "Applications close"),
    ("matching", "Matching on"),
    ("starts", "Partnerships start"),
    ("term", "Term (months)"),
    ("cap", "Country cap (%)"),
];
const LABEL_WIDTH: u16 = 22;

pub struct RoundForm {
    /// The round being edited; `None` for a new one.
    pub round_id: Option<RoundId>,
    /// The edited round's version when the form opened: saving names it, so that an edit
    /// made elsewhere meanwhile is not silently overwritten.
    pub version: i64,
    /// The plan the form was opened with (or last told about): a save refused because
    /// another window changed the round says what changed since, field by field.
    opened: RoundPlan,
    inputs: [TextInput; 7],
    /// The round's stage, kept as it is.
    status: RoundStatus,
    focus: usize,
    errors: [Option<String>; 7],
    /// A problem with the whole round (its name is taken).
    form_error: Option<String>,
    /// The round a new one follows, whose deferred and unmatched it invites.
    pub from: Option<(RoundId, String)>,
}

impl RoundForm {
    pub fn new_round(plan: &RoundPlan) -> RoundForm {
        RoundForm::from_plan(None, 0, plan)
    }

    pub fn edit(round: &Round) -> RoundForm {
        RoundForm::from_plan(Some(round.id), round.version, &round.plan)
    }

    fn from_plan(round_id: Option<RoundId>, version: i64, p: &RoundPlan) -> RoundForm {
        RoundForm {
            round_id,
            version,
            opened: p.clone(),
            inputs: [
                TextInput::new(p.name.clone()),
                TextInput::new(p.opens_on.to_string()),
                TextInput::new(p.closes_on.to_string()),
                TextInput::new(p.matching_on.to_string()),
                TextInput::new(p.starts_on.to_string()),
                TextInput::new(p.term_months.to_string()),
                TextInput::new(p.cap_percent.to_string()),
            ],
            status: p.status,
            focus: 0,
            errors: Default::default(),
            form_error: None,
            from: None,
        }
    }

    pub fn title(&self) -> String {
        match (&self.round_id, &self.from) {
            (Some(_), _) => "Edit round".to_string(),
            (None, Some((_, from))) => format!("New round after {from}"),
            (None, None) => "New round".to_string(),
        }
    }

    /// What another window changed in the round since the form was opened, field by field
    /// (`status open → active`, `cap 20% → 25%`), comparing the plan the form was opened
    /// with against the round as it is now; the form then takes `now` as its starting point
    /// (and `version`), so that Enter again writes over it.
    pub fn changed_elsewhere(&mut self, now: &Round) -> Vec<String> {
        let (was, is) = (&self.opened, &now.plan);
        let mut changes = Vec::new();
        if was.name != is.name {
            changes.push(format!("name “{}” → “{}”", was.name, is.name));
        }
        for (label, a, b) in [
            ("opens", was.opens_on, is.opens_on),
            ("closes", was.closes_on, is.closes_on),
            ("matching", was.matching_on, is.matching_on),
            ("starts", was.starts_on, is.starts_on),
        ] {
            if a != b {
                changes.push(format!("{label} {a} → {b}"));
            }
        }
        if was.term_months != is.term_months {
            changes.push(format!(
                "term {} → {}",
                was.term_months,
                counted(is.term_months as usize, "month", "months")
            ));
        }
        if was.cap_percent != is.cap_percent {
            changes.push(format!("cap {}% → {}%", was.cap_percent, is.cap_percent));
        }
        if was.status != is.status {
            changes.push(format!("status {} → {}", was.status, is.status));
        }
        self.opened = is.clone();
        self.version = now.version;
        changes
    }

    /// The name of the focused field, as [`RoundPlan::problems`] names it.
    pub fn focused_field(&self) -> &'static str {
        FIELDS[self.focus].0
    }

    /// The problem shown under a field, if any.
    pub fn error(&self, field: &str) -> Option<&str> {
        let i = FIELDS.iter().position(|f| f.0 == field)?;
        self.errors[i].as_deref()
    }

    pub fn form_error(&self) -> Option<&str> {
        self.form_error.as_deref()
    }

    pub fn set_form_error(&mut self, message: String) {
        self.form_error = Some(message);
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::NextField => self.focus = (self.focus + 1) % FIELDS.len(),
            Action::PrevField => self.focus = (self.focus + FIELDS.len() - 1) % FIELDS.len(),
            other => {
                self.inputs[self.focus].apply(other);
            }
        }
    }

    /// Types a character into the focused field.
    pub fn type_char(&mut self, c: char) {
        self.inputs[self.focus].insert(c);
    }

    /// Reads the form into a plan, or shows what is wrong under each field and returns
    /// `None`.
    pub fn plan(&mut self) -> Option<RoundPlan> {
        self.errors = Default::default();
        self.form_error = None;
        let date = |i: usize, errors: &mut [Option<String>; 7]| {
            let text = self.inputs[i].value().trim();
            match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors[i] = Some(if text.is_empty() {
                        "is empty; write a date as YYYY-MM-DD, like 2027-03-01".to_string()
                    } else {
                        format!("“{text}” is not a date; write it as YYYY-MM-DD, like 2027-03-01")
                    });
                    None
                }
            }
        };
        let number = |i: usize, what: &str, errors: &mut [Option<String>; 7]| {
            let text = self.inputs[i].value().trim();
            match text.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors[i] = Some(format!("“{text}” is not a whole number; {what}"));
                    None
                }
            }
        };
        let mut errors: [Option<String>; 7] = Default::default();
        let dates = [1, 2, 3, 4].map(|i| date(i, &mut errors));
        let term = number(5, "give the term in months, like 4", &mut errors);
        let cap = number(6, "give a percentage, like 20", &mut errors);
        self.errors = errors;
        // Check the rest of the plan even when a field cannot be read, so that every
        // problem shows at once: an unreadable date stands in as its neighbour's date (so
        // the order checks around it pass), and its own message says what is wrong.
        let neighbour = |i: usize| {
            dates[..i]
                .iter()
                .rev()
                .chain(&dates[i + 1..])
                .find_map(|d| *d)
                .unwrap_or(NaiveDate::MIN)
        };
        let plan = RoundPlan {
            name: self.inputs[0].value().trim().to_string(),
            opens_on: dates[0].unwrap_or_else(|| neighbour(0)),
            closes_on: dates[1].unwrap_or_else(|| neighbour(1)),
            matching_on: dates[2].unwrap_or_else(|| neighbour(2)),
            starts_on: dates[3].unwrap_or_else(|| neighbour(3)),
            term_months: term.unwrap_or(4),
            cap_percent: cap.unwrap_or(20),
            status: self.status,
        };
        for (field, problem) in plan.problems() {
            match FIELDS.iter().position(|f| f.0 == field) {
                Some(i) => {
                    // A field that could not be read keeps the message saying so.
                    self.errors[i].get_or_insert(problem);
                }
                None => self.form_error = Some(format!("{field} {problem}")),
            }
        }
        // Put the cursor on the first field to fix.
        if let Some(i) = self.errors.iter().position(Option::is_some) {
            self.focus = i;
        }
        let clean = self.errors.iter().all(Option::is_none) && self.form_error.is_none();
        clean.then_some(plan)
    }

    /// The day partnerships would end, when the start and term can be read.
    fn ends_on(&self) -> Option<NaiveDate> {
        let starts = NaiveDate::parse_from_str(self.inputs[4].value().trim(), "%Y-%m-%d").ok()?;
        let term: u32 = self.inputs[5].value().trim().parse().ok()?;
        starts.checked_add_months(chrono::Months::new(term))
    }

    /// Draws the form; returns where the cursor goes.
    pub fn render(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let width = area.width.saturating_sub(4).min(72);
        let text_width = width.saturating_sub(4) as usize;
        // Lay the form out as rows first, to know how tall the box is.
        enum Item {
            Field(usize),
            Problem(String),
            Text(Line<'static>),
        }
        let mut items = vec![Item::Text(Line::from(""))];
        for (i, _) in FIELDS.iter().enumerate() {
            items.push(Item::Field(i));
            if let Some(e) = &self.errors[i] {
                for l in wrap(&format!("↳ {e}"), text_width.saturating_sub(4), 2) {
                    items.push(Item::Problem(l));
                }
            }
        }
        items.push(Item::Text(Line::from("")));
        if let Some(e) = &self.form_error {
            for l in wrap(e, text_width, 0) {
                items.push(Item::Text(Line::styled(l, THEME.error)));
            }
        }
        items.push(Item::Text(match self.ends_on() {
            Some(end) => Line::styled(format!("Partnerships end on {end}."), THEME.muted),
            None => Line::from(""),
        }));
        let inner = open_box(area, width, items.len() as u16 + 2, &self.title(), buf);
        // When the rows do not fit (a small window, many problems), they scroll so that the
        // focused field and the problem under it stay in sight.
        let focused_row = items
            .iter()
            .position(|item| matches!(item, Item::Field(i) if *i == self.focus))
            .unwrap_or(0);
        let below = items[focused_row + 1..]
            .iter()
            .take_while(|item| matches!(item, Item::Problem(_)))
            .count();
        let visible = inner.height as usize;
        let offset = (focused_row + below + 1).saturating_sub(visible);
        let mut cursor = None;
        for (row, item) in items.iter().enumerate().skip(offset) {
            let y = inner.y + (row - offset) as u16;
            if y >= inner.bottom() {
                break;
            }
            let line_area = Rect {
                x: inner.x + 1,
                y,
                width: inner.width.saturating_sub(2),
                height: 1,
            };
            match item {
                Item::Text(line) => line.clone().render(line_area, buf),
                Item::Problem(text) => {
                    Line::styled(format!("    {text}"), THEME.error).render(line_area, buf)
                }
                Item::Field(i) => {
                    let focused = *i == self.focus;
                    let marker = if focused { "› " } else { "  " };
                    let label_style = if focused { THEME.key } else { THEME.label };
                    Line::from(vec![
                        Span::styled(marker, THEME.key),
                        Span::styled(FIELDS[*i].1, label_style),
                    ])
                    .render(line_area, buf);
                    let value_area = Rect {
                        x: line_area.x + LABEL_WIDTH,
                        width: line_area.width.saturating_sub(LABEL_WIDTH).min(30),
                        ..line_area
                    };
                    let style = if focused {
                        THEME.input
                    } else {
                        THEME.input_idle
                    };
                    let at = self.inputs[*i].render(value_area, buf, style);
                    if focused {
                        cursor = at;
                    }
                }
            }
        }
        cursor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_changed_elsewhere_field_by_field() {
        let plan = RoundPlan::starting("2027 A", "2027-01-04".parse().unwrap());
        let round = Round {
            id: RoundId(1),
            version: 1,
            plan: plan.clone(),
        };
        let mut form = RoundForm::edit(&round);
        let mut now = Round {
            version: 2,
            plan: RoundPlan {
                name: "2027 Spring".into(),
                starts_on: plan.starts_on + chrono::Days::new(7),
                term_months: 1,
                cap_percent: plan.cap_percent + 5,
                status: RoundStatus::Active,
                ..plan.clone()
            },
            ..round
        };
        assert_eq!(
            form.changed_elsewhere(&now),
            vec![
                "name “2027 A” → “2027 Spring”".to_string(),
                format!("starts {} → {}", plan.starts_on, now.plan.starts_on),
                format!("term {} → 1 month", plan.term_months),
                format!("cap {}% → {}%", plan.cap_percent, plan.cap_percent + 5),
                format!("status {} → active", plan.status),
            ]
        );
        assert_eq!(form.version, 2);
        // Told once: the next refusal compares with what was told.
        now.version = 3;
        now.plan.cap_percent += 5;
        assert_eq!(
            form.changed_elsewhere(&now),
            vec![format!(
                "cap {}% → {}%",
                plan.cap_percent + 5,
                plan.cap_percent + 10
            )]
        );
    }
}
