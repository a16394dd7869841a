//! The first screen of an empty database: three ways to start.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::text::wrap;
use crate::tui::kit::theme::THEME;

/// Keeps a round name such as "2027 A" on one line when wrapping.
const NBSP: &str = "\u{a0}";

pub struct WelcomeView<'a> {
    /// Applicants the demo data brings in its current round.
    pub demo_applicants: usize,
    /// The round an import would create.
    pub import_round: &'a str,
}

impl Widget for &WelcomeView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let option = |action: Action, title: &'static str| {
            Line::from(vec![
                Span::raw("  "),
                Span::styled(format!("{:<3}", key(Context::Welcome, action)), THEME.key),
                Span::raw(" "),
                Span::styled(title, THEME.title),
            ])
        };
        let width = area.width.saturating_sub(4).min(76);
        let text_width = width.saturating_sub(6 + 6) as usize;
        let explain = |text: String| {
            wrap(&text, text_width, 0)
                .into_iter()
                .map(|l| Line::styled(format!("      {}", l.replace(NBSP, " ")), THEME.muted))
                .collect::<Vec<_>>()
        };
        let mut lines = vec![
            Line::styled("Welcome to iln", THEME.brand),
            Line::from(""),
            Line::from("This database is empty. How would you like to start?"),
            Line::from(""),
            option(Action::LoadDemo, "Load demo data"),
        ];
        lines.extend(explain(format!(
            "An ended round, a running one ({} applicants, a few problems logged) and \
                 the next open, with invitations. For a look around; use a fresh database \
                 for real work.",
            self.demo_applicants
        )));
        lines.push(Line::from(""));
        lines.push(option(
            Action::Import,
            "Import applications from a survey export",
        ));
        lines.extend(explain(format!(
            "The export of your application form. iln creates a round to hold them, \
                 named and dated after their submissions ({} if they were made now); you can \
                 rename it and change its dates afterwards.",
            self.import_round.replace(' ', NBSP)
        )));
        lines.push(Line::from(""));
        lines.push(option(Action::NewRound, "Create a new round"));
        lines.extend(explain(
            "Name it and set its timetable; import its applications later.".to_string(),
        ));
        let height = (lines.len() as u16 + 4).min(area.height);
        let rect = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        let block = Block::bordered().border_style(THEME.border);
        let inner = block.inner(rect).inner(Margin::new(2, 1));
        block.render(rect, buf);
        Paragraph::new(lines).render(inner, buf);
    }
}
