//! Topics: the calendar of the current round's discussion topics, in date order with
//! their status, and the selected one's summary, questions and post.

use std::collections::HashSet;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::{TemplateEditor, TopicEditor};
use crate::domain::{Round, RoundId, Topic, TopicId, TopicStatus};
use crate::store::{Store, StoreError};
use crate::text::counted;
use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::layout::{
    DetailScroll, FilterState, detail_block, field, field_lines, render_list_frame,
    render_no_round, render_no_rows,
};
use crate::tui::kit::list_view::ListView;
use crate::tui::kit::text::wrap;
use crate::tui::kit::theme::THEME;

#[derive(Default)]
pub struct Topics {
    round: Option<Round>,
    topics: Vec<Topic>,
    /// Topics with unsaved editor text kept for them.
    unsaved: HashSet<TopicId>,
    pub list: ListView,
    pub filter: FilterState,
    pub detail_scroll: DetailScroll,
    /// The topic to select when the topics are next read (one just added, moved or saved).
    select_next: Option<TopicId>,
    /// The editor, while a topic is being written.
    pub(super) editor: Option<Box<TopicEditor>>,
    /// The template editor, while a message template is being written.
    pub(super) template: Option<Box<TemplateEditor>>,
}

fn search_key(t: &Topic) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}",
        t.publish_on,
        t.title,
        t.status,
        t.summary,
        t.questions.join(" ")
    )
    .to_lowercase()
}

impl Topics {
    pub fn round_id(&self) -> Option<RoundId> {
        self.round.as_ref().map(|r| r.id)
    }

    pub fn round(&self) -> Option<&Round> {
        self.round.as_ref()
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn has_unsaved(&self, id: TopicId) -> bool {
        self.unsaved.contains(&id)
    }

    /// Selects the topic `id` when the topics are next read: the one a change just wrote.
    pub fn select_next(&mut self, id: TopicId) {
        self.select_next = Some(id);
    }

    /// Reads the round's topics and selects the one asked for ([`Topics::select_next`])
    /// or the one that was selected, if it is still there.
    pub fn load(&mut self, store: &Store, round: &Round) -> Result<(), StoreError> {
        if self.round_id() != Some(round.id) {
            self.list = ListView::default();
        }
        self.round = Some(round.clone());
        let keep = self.select_next.take().or(self.selected().map(|t| t.id));
        let row = self.list.selected_index();
        self.topics = store.topics(round.id)?;
        self.unsaved = store.topics_with_unsaved(round.id)?.into_iter().collect();
        self.list = ListView::new(self.topics.iter().map(search_key).collect());
        self.list.set_filter(self.filter.input.value());
        let item = keep.and_then(|id| self.topics.iter().position(|t| t.id == id));
        self.list.select_item_or_row(item, row);
        self.follow_selection();
        Ok(())
    }

    /// The text follows the selected topic: another topic's starts at its top.
    pub(super) fn follow_selection(&mut self) {
        let id = self.selected().map(|t| t.id);
        self.detail_scroll.follow(id);
    }

    pub fn unload(&mut self) {
        *self = Topics {
            filter: std::mem::take(&mut self.filter),
            editor: self.editor.take(),
            template: self.template.take(),
            ..Topics::default()
        };
    }

    pub fn selected(&self) -> Option<&Topic> {
        self.list.selected().map(|i| &self.topics[i])
    }

    /// The editor, while a topic is being written.
    pub fn editor(&self) -> Option<&TopicEditor> {
        self.editor.as_deref()
    }

    /// The template editor, while a template is being written.
    pub fn template_editor(&self) -> Option<&TemplateEditor> {
        self.template.as_deref()
    }

    /// Draws the calendar, and an editor over it while one is open.
    pub(super) fn draw(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let cursor = self.draw_list(area, buf);
        if let Some(template) = &self.template {
            template.render(area, buf);
            return None;
        }
        match &self.editor {
            Some(editor) => {
                editor.render(area, buf);
                None
            }
            None => cursor,
        }
    }

    fn draw_list(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let title = match &self.round {
            Some(r) => format!(" Topics · {} ", r.plan.name),
            None => " Topics ".to_string(),
        };
        let (body, cursor) = render_list_frame(
            area,
            buf,
            Line::from(title),
            Line::from(self.counts()),
            &self.filter,
            &self.list,
        );
        let Some(round) = &self.round else {
            render_no_round(body, buf);
            return cursor;
        };
        if render_no_rows(
            &self.list,
            &self.filter,
            || {
                vec![
                    Line::from(format!("No discussion topics for {} yet.", round.plan.name)),
                    Line::from(""),
                    Line::styled(
                        format!(
                            "Topics are the posts partners talk about during the round, from \
                             {} to {}. Press {} to plan slots from a cadence (monthly, \
                             fortnightly, or monthly in two parts), or {} to add one slot; then \
                             {} fills a slot from the library and {} opens the editor.",
                            round.plan.starts_on,
                            round.plan.ends_on(),
                            key(Context::Topics, Action::PlanTopics),
                            key(Context::Topics, Action::AddTopicSlot),
                            key(Context::Topics, Action::InsertLibraryTopic),
                            key(Context::Topics, Action::EditTopic)
                        ),
                        THEME.muted,
                    ),
                ]
            },
            body,
            buf,
        ) {
            return cursor;
        }
        // The list is narrow (date, status, title); the text of the topic gets the rest.
        let (list_area, detail, beside) = if body.width >= 90 {
            let list_width = (body.width / 2).clamp(40, 70);
            let [l, d] = body.layout(&ratatui::layout::Layout::horizontal([
                Constraint::Length(list_width),
                Constraint::Fill(1),
            ]));
            (l, d, true)
        } else {
            let list_height = (self.topics.len() as u16 + 1).clamp(3, body.height / 2);
            let [l, d] = body.layout(&ratatui::layout::Layout::vertical([
                Constraint::Length(list_height),
                Constraint::Fill(1),
            ]));
            (l, d, false)
        };
        self.render_table(list_area, buf);
        if let Some(topic) = self.selected() {
            let block = detail_block(&topic.title, beside);
            let inner = block.inner(detail);
            block.render(detail, buf);
            let lines = detail_lines(topic, self.has_unsaved(topic.id), inner.width);
            let scroll = self.detail_scroll.offset_for(lines.len(), inner.height);
            Paragraph::new(lines).scroll((scroll, 0)).render(inner, buf);
        }
        cursor
    }

    /// ` 8 topics · 3 ready · 1 published `
    fn counts(&self) -> String {
        if self.topics.is_empty() {
            return String::new();
        }
        let n = |s: TopicStatus| self.topics.iter().filter(|t| t.status == s).count();
        let mut parts = vec![counted(self.topics.len(), "topic", "topics")];
        for status in [
            TopicStatus::Empty,
            TopicStatus::Ready,
            TopicStatus::Published,
        ] {
            let count = n(status);
            if count > 0 {
                parts.push(format!("{count} {status}"));
            }
        }
        format!(" {} ", parts.join(" · "))
    }

    fn render_table(&self, area: Rect, buf: &mut Buffer) {
        let widths = [
            Constraint::Length(10),
            Constraint::Length(9),
            Constraint::Fill(1),
        ];
        let header = Row::new(["Date", "Status", "Title"]).style(THEME.header);
        let window = self.list.window(area.height.saturating_sub(1) as usize);
        let rows = window.clone().map(|row| {
            let t = &self.topics[self.list.item_at(row)];
            Row::new([
                Cell::from(t.publish_on.to_string()),
                Cell::from(Span::styled(t.status.code(), THEME.topic_status(t.status))),
                {
                    let mut title = if t.title.trim().is_empty() {
                        Line::from(Span::styled("(no title yet)", THEME.muted))
                    } else {
                        Line::from(t.title.as_str())
                    };
                    // A mark for text typed but not saved: Enter offers it back.
                    if self.has_unsaved(t.id) {
                        title.spans.insert(0, Span::styled("✎ ", THEME.filter));
                    }
                    Cell::from(title)
                },
            ])
        });
        let mut state =
            TableState::new().with_selected(self.list.selected_index().map(|s| s - window.start));
        StatefulWidget::render(
            Table::new(rows, widths)
                .header(header)
                .row_highlight_style(THEME.selected),
            area,
            buf,
            &mut state,
        );
    }
}

fn detail_lines(t: &Topic, unsaved: bool, width: u16) -> Vec<Line<'static>> {
    let status = match t.published_on {
        Some(d) => format!("published on {d}"),
        None => format!("{} · to go out on {}", t.status, t.publish_on),
    };
    let mut lines = vec![field(
        "Status    ",
        Span::styled(status, THEME.topic_status(t.status)),
    )];
    if unsaved {
        lines.extend(
            field_lines(
                "Unsaved   ",
                &format!(
                    "text typed in the editor was not saved; {} offers it back",
                    key(Context::Topics, Action::EditTopic)
                ),
                width,
            )
            .into_iter()
            .map(|l| l.style(THEME.filter)),
        );
    }
    let summary = if t.summary.trim().is_empty() {
        "(none yet)"
    } else {
        t.summary.trim()
    };
    lines.extend(field_lines("Summary   ", summary, width));
    let link = if t.post_link.trim().is_empty() {
        format!(
            "(none yet; {} sets it)",
            key(Context::Topics, Action::SetPostLink)
        )
    } else {
        t.post_link.trim().to_string()
    };
    lines.extend(field_lines("Post link ", &link, width));
    lines.push(Line::from(""));
    if !t.questions.is_empty() {
        lines.push(Line::styled("Questions", THEME.label));
        for q in &t.questions {
            let wrapped = wrap(&format!("• {q}"), (width as usize).saturating_sub(2), 2);
            lines.extend(wrapped.into_iter().map(|l| Line::from(format!("  {l}"))));
        }
        lines.push(Line::from(""));
    }
    if t.body.trim().is_empty() {
        lines.push(Line::styled("The post has no text yet.", THEME.muted));
    } else {
        for paragraph in t.body.lines() {
            lines.extend(
                wrap(paragraph, width as usize, 0)
                    .into_iter()
                    .map(Line::from),
            );
        }
    }
    lines
}
