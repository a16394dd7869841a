//! Topics: the discussion topics of the current round, in date order, with the selected
//! one's summary, questions and post.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::{
    DetailScroll, FilterState, detail_block, field, field_lines, no_match_lines, render_empty,
    render_list_frame, render_no_round,
};
use crate::domain::{Round, Topic};
use crate::store::{Store, StoreError};
use crate::tui::list_view::ListView;
use crate::tui::popups::wrap;
use crate::tui::theme::THEME;

#[derive(Debug, Default)]
pub struct TopicsPane {
    round: Option<(i64, String)>,
    topics: Vec<Topic>,
    pub list: ListView,
    pub filter: FilterState,
    pub detail_scroll: DetailScroll,
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

impl TopicsPane {
    pub fn round_id(&self) -> Option<i64> {
        self.round.as_ref().map(|r| r.0)
    }

    pub fn load(&mut self, store: &Store, round: &Round) -> Result<(), StoreError> {
        self.topics = store.topics(round.id)?;
        self.round = Some((round.id, round.plan.name.clone()));
        self.list = ListView::new(self.topics.iter().map(search_key).collect());
        self.list.set_filter(self.filter.input.value());
        self.detail_scroll.reset();
        Ok(())
    }

    pub fn unload(&mut self) {
        *self = TopicsPane {
            filter: std::mem::take(&mut self.filter),
            ..TopicsPane::default()
        };
    }

    pub fn selected(&self) -> Option<&Topic> {
        self.list.selected().map(|i| &self.topics[i])
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let title = match &self.round {
            Some((_, name)) => format!(" Topics · {name} "),
            None => " Topics ".to_string(),
        };
        let note = match self.topics.len() {
            0 => String::new(),
            1 => " 1 topic ".to_string(),
            n => format!(" {n} topics "),
        };
        let (body, cursor) = render_list_frame(
            area,
            buf,
            Line::from(title),
            Line::from(note),
            &self.filter,
            &self.list,
        );
        let Some((_, round_name)) = &self.round else {
            render_no_round(body, buf);
            return cursor;
        };
        if self.topics.is_empty() {
            render_empty(
                vec![
                    Line::from(format!("No discussion topics for {round_name} yet.")),
                    Line::from(""),
                    Line::styled(
                        "Topics are the posts partners discuss during the round: a title, \
                         questions and a short e-mail summary. Writing them here comes in a \
                         later version of iln.",
                        THEME.muted,
                    ),
                ],
                body,
                buf,
            );
            return cursor;
        }
        if self.list.is_empty() {
            render_empty(no_match_lines(&self.filter), body, buf);
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
            let lines = detail_lines(topic, inner.width);
            let scroll = self.detail_scroll.offset_for(lines.len(), inner.height);
            Paragraph::new(lines).scroll((scroll, 0)).render(inner, buf);
        }
        cursor
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
                if t.title.trim().is_empty() {
                    Cell::from(Span::styled("(no title yet)", THEME.muted))
                } else {
                    Cell::from(t.title.as_str())
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

fn detail_lines(t: &Topic, width: u16) -> Vec<Line<'static>> {
    let status = match t.published_on {
        Some(d) => format!("published on {d}"),
        None => format!("{} · to go out on {}", t.status, t.publish_on),
    };
    let mut lines = vec![field(
        "Status    ",
        Span::styled(status, THEME.topic_status(t.status)),
    )];
    let summary = if t.summary.trim().is_empty() {
        "(none yet)"
    } else {
        t.summary.trim()
    };
    lines.extend(field_lines("Summary   ", summary, width));
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
