//! The round's matching weights and rules: each criterion's weight, the time-zone limit,
//! trios, and the objective. ←/→ change the highlighted one; Enter saves for the round.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::domain::RoundId;
use crate::engine::settings::{Objective, Settings};
use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::popup::open_box;
use crate::tui::kit::text::wrap;
use crate::tui::kit::theme::THEME;

/// A setting: its label, what it means, and how to read and change it.
struct Field {
    label: &'static str,
    help: &'static str,
    get: fn(&Settings) -> String,
    step: fn(&mut Settings, i64),
}

fn weight(v: &mut i64, by: i64, max: i64) {
    *v = (*v + by).clamp(0, max);
}

const FIELDS: &[Field] = &[
    Field {
        label: "Sector",
        help: "per direction, when the partner works in a sector asked for",
        get: |s| s.weights.sector.to_string(),
        step: |s, by| weight(&mut s.weights.sector, by, 100),
    },
    Field {
        label: "Career stage",
        help: "when the partner's career stage is the one asked for",
        get: |s| s.weights.career_stage.to_string(),
        step: |s, by| weight(&mut s.weights.career_stage, by, 100),
    },
    Field {
        label: "Country or region",
        help: "when the partner is in the country or region asked for",
        get: |s| s.weights.place.to_string(),
        step: |s, by| weight(&mut s.weights.place, by, 100),
    },
    Field {
        label: "Shared interests",
        help: "per shared interest",
        get: |s| s.weights.interests.to_string(),
        step: |s, by| weight(&mut s.weights.interests, by, 100),
    },
    Field {
        label: "Interests counted",
        help: "shared interests counted at most",
        get: |s| s.weights.interests_cap.to_string(),
        step: |s, by| {
            s.weights.interests_cap = (s.weights.interests_cap as i64 + by).clamp(0, 20) as u32
        },
    },
    Field {
        label: "Working-day overlap",
        help: "per hour the two working days overlap",
        get: |s| s.weights.time_zone.to_string(),
        step: |s, by| weight(&mut s.weights.time_zone, by, 100),
    },
    Field {
        label: "Extra languages",
        help: "per shared language beyond the first",
        get: |s| s.weights.languages.to_string(),
        step: |s, by| weight(&mut s.weights.languages, by, 100),
    },
    Field {
        label: "Priority, percent",
        help: "more weight for people left over or deferred last round",
        get: |s| format!("{}%", s.weights.priority_percent),
        step: |s, by| weight(&mut s.weights.priority_percent, 5 * by, 200),
    },
    Field {
        label: "Priority, bonus",
        help: "flat points for a priority person's side",
        get: |s| s.weights.priority_bonus.to_string(),
        step: |s, by| weight(&mut s.weights.priority_bonus, by, 100),
    },
    Field {
        label: "Time-zone limit",
        help: "largest gap between partners' time zones (hours)",
        get: |s| match s.rules.max_time_zone_gap_hours {
            0 => "none".to_string(),
            h => format!("{h} h"),
        },
        step: |s, by| {
            s.rules.max_time_zone_gap_hours =
                (s.rules.max_time_zone_gap_hours as i64 + by).clamp(0, 24) as u32
        },
    },
    Field {
        label: "Trios",
        help: "an odd person left over may join the pair where they add most",
        get: |s| if s.rules.allow_trios { "yes" } else { "no" }.to_string(),
        step: |s, _| s.rules.allow_trios = !s.rules.allow_trios,
    },
    Field {
        label: "Objective",
        help: "most matched first, or the highest total score",
        get: |s| s.rules.objective.name().to_string(),
        step: |s, _| {
            s.rules.objective = match s.rules.objective {
                Objective::MostMatched => Objective::HighestTotal,
                Objective::HighestTotal => Objective::MostMatched,
            }
        },
    },
];

pub struct WeightsForm {
    pub round_id: RoundId,
    pub round_name: String,
    pub settings: Settings,
    saved: Settings,
    selected: usize,
    pub error: Option<String>,
}

impl WeightsForm {
    pub fn new(round_id: RoundId, round_name: &str, settings: Settings) -> WeightsForm {
        WeightsForm {
            round_id,
            round_name: round_name.to_string(),
            saved: settings.clone(),
            settings,
            selected: 0,
            error: None,
        }
    }

    /// The settings the form was opened with.
    pub fn saved(&self) -> &Settings {
        &self.saved
    }

    pub fn is_changed(&self) -> bool {
        self.settings != self.saved
    }

    pub fn update(&mut self, action: Action) {
        let last = FIELDS.len() - 1;
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::CursorRight => (FIELDS[self.selected].step)(&mut self.settings, 1),
            Action::CursorLeft => (FIELDS[self.selected].step)(&mut self.settings, -1),
            _ => return,
        }
        self.error = None;
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let width = area.width.saturating_sub(6).clamp(40, 96);
        let mut lines = Vec::new();
        for (i, f) in FIELDS.iter().enumerate() {
            let value = (f.get)(&self.settings);
            let changed = value != (f.get)(&self.saved);
            let style = if i == self.selected {
                THEME.selected
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{:<20}", f.label), style),
                Span::styled(
                    format!(" ‹ {value:>13} ›"),
                    if changed { THEME.filter } else { THEME.label },
                ),
            ]));
        }
        lines.push(Line::from(""));
        let width = width.min(64);
        let text_width = width.saturating_sub(4) as usize;
        // What the highlighted setting means, under the list.
        let help = format!(
            "{}: {}.",
            FIELDS[self.selected].label, FIELDS[self.selected].help
        );
        for l in wrap(&help, text_width, 0) {
            lines.push(Line::styled(l, THEME.muted));
        }
        let note = match &self.error {
            Some(e) => Line::styled(e.clone(), THEME.error),
            None if self.is_changed() => Line::styled(
                format!(
                    "Changed values are marked; {} saves them for this round, {} drops them.",
                    key(Context::Weights, Action::Save),
                    key(Context::Weights, Action::Cancel)
                ),
                THEME.filter,
            ),
            None => Line::styled(
                "A pair's score adds each criterion's weight in both directions.",
                THEME.muted,
            ),
        };
        let mut note_lines: Vec<Line> = Vec::new();
        for l in wrap(&note.to_string(), text_width, 0) {
            note_lines.push(Line::styled(l, note.style));
        }
        lines.extend(note_lines);
        let title = format!("Matching weights and rules · {}", self.round_name);
        let inner =
            open_box(area, width, lines.len() as u16 + 4, &title, buf).inner(Margin::new(1, 1));
        Paragraph::new(lines).render(inner, buf);
    }
}
