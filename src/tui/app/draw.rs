//! Drawing the app: the tab bar, the focused pane or the welcome screen, the open popup, the
//! status line and the hint bar.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{App, Screen};
use crate::domain::{PartnershipStatus, TopicStatus};
use crate::tui::action::Action;
use crate::tui::chrome;
use crate::tui::panes::Pane;
use crate::tui::popups::{self, Popup};
use crate::tui::theme::THEME;
use crate::tui::welcome::Welcome;

impl App {
    /// Whether an action can do something now (the hint bar shows only those).
    pub(super) fn offers(&self, action: Action) -> bool {
        match action {
            Action::ImportValidOnly => matches!(
                &self.popup,
                Some(Popup::Messages(m)) if m.retry.is_some()
            ),
            Action::EditRound | Action::ApplyCap => self.current_round.is_some(),
            Action::Accept | Action::Defer | Action::Withdraw | Action::MarkPending => {
                self.applicants.selected_row().is_some()
            }
            Action::Import => self.screen == Screen::Welcome || self.current_round.is_some(),
            Action::DetailDown => match self.focus {
                Pane::Topics => self.topics.selected().is_some(),
                _ => true,
            },
            Action::ToggleLock | Action::Unpair | Action::ForbidPair => self
                .matches
                .selected_partnership()
                .is_some_and(|p| p.status == PartnershipStatus::Draft),
            Action::LogProblem | Action::EndEarly => self
                .matches
                .selected_partnership()
                .is_some_and(|p| p.status == PartnershipStatus::Active),
            Action::ShowCandidates => self.matches.selected_is_open(),
            Action::UndoDraft => self.matches.can_undo(),
            Action::RedoDraft => self.matches.can_redo(),
            Action::PublishDraft => self.matches.has_draft(),
            Action::RunMatch | Action::EditWeights | Action::ShowReadiness => {
                self.current_round.is_some()
            }
            Action::SortByScore => !self.matches.is_empty(),
            Action::PlanTopics | Action::AddTopicSlot => self.topics.round().is_some(),
            Action::ExportTopics => self
                .topics
                .topics()
                .iter()
                .any(|t| t.status != TopicStatus::Empty),
            Action::EditTopic | Action::MoveTopic | Action::RemoveTopic => {
                self.topics.selected().is_some()
            }
            Action::ToggleReady | Action::InsertLibraryTopic => self
                .topics
                .selected()
                .is_some_and(|t| t.status != TopicStatus::Published),
            Action::TogglePublished => self
                .topics
                .selected()
                .is_some_and(|t| t.status != TopicStatus::Empty),
            _ => true,
        }
    }

    /// Draws the whole app and places the terminal cursor in the field being typed in.
    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        if let Some(cursor) = self.draw(area, frame.buffer_mut()) {
            frame.set_cursor_position(cursor);
        }
    }

    fn draw(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        self.last_size.set(Some(area));
        if chrome::is_too_small(area) {
            let typing = self.mode() == crate::tui::keymap::Mode::TooSmallTyping;
            chrome::render_too_small(area, typing, buf);
            return None;
        }
        // A long message takes up to three lines rather than being cut off.
        let status_height = self.status.as_ref().map_or(1, |s| {
            popups::wrap(&s.text, area.width.saturating_sub(2) as usize, 0)
                .len()
                .clamp(1, 3) as u16
        });
        let [top, body, status, hints] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(status_height),
            Constraint::Length(1),
        ]));
        let mut cursor = None;
        match self.screen {
            Screen::Welcome => {
                let db = self.store.path().map(|p| {
                    Line::from(vec![
                        Span::styled("database ", THEME.muted),
                        Span::raw(p.display().to_string()),
                        Span::raw(" "),
                    ])
                });
                chrome::render_tabs(None, db, top, buf);
                let import_round = self.free_round_name(self.today);
                Welcome {
                    demo_applicants: self.demo.applicants,
                    import_round: &import_round,
                }
                .render(body, buf);
            }
            Screen::Panes => {
                let round = self.current_round().map(|r| {
                    Line::from(vec![
                        Span::styled("round ", THEME.muted),
                        Span::styled(r.plan.name.clone(), THEME.title),
                        Span::styled(" · ", THEME.muted),
                        Span::styled(r.plan.status.code(), THEME.round_status(r.plan.status)),
                        Span::raw(" "),
                    ])
                });
                chrome::render_tabs(Some(self.focus), round, top, buf);
                cursor = match self.focus {
                    Pane::Rounds => self.rounds.render(body, buf),
                    Pane::Applicants => self.applicants.render(body, buf),
                    Pane::Matches => self.matches.render(body, buf, self.match_run.as_ref()),
                    Pane::Topics => self.topics.render(body, buf),
                };
            }
        }
        match &self.popup {
            Some(Popup::Help(help)) => help.render(body, buf),
            Some(Popup::RoundForm(form)) => cursor = form.render(body, buf),
            Some(Popup::PathPrompt(prompt)) => cursor = prompt.render(body, buf),
            Some(Popup::Messages(messages)) => messages.render(body, buf),
            Some(Popup::Question(question)) => question.render(body, buf),
            Some(Popup::Picker(picker)) => picker.render(body, buf),
            Some(Popup::DatePrompt(prompt)) => cursor = prompt.render(body, buf),
            Some(Popup::Editor(editor)) => editor.render(body, buf),
            Some(Popup::Candidates(c)) => c.render(body, buf),
            Some(Popup::Weights(w)) => w.render(body, buf),
            Some(Popup::TextPrompt(p)) => cursor = p.render(body, buf),
            None => {}
        }
        chrome::render_status(
            self.status.as_ref().map(|s| (s.text.as_str(), s.is_error)),
            status,
            buf,
        );
        chrome::render_hints(self.mode(), |a| self.offers(a), hints, buf);
        cursor
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.draw(area, buf);
    }
}
