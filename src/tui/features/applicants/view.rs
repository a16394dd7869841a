//! Applicants: the applications of the current round in a table that stays quick with a
//! hundred thousand rows, and the full application of the selected one.
//!
//! The round's rows are read once when the round is shown and then kept: filtering and
//! sorting work on them in memory (see [`ListView`]), after a change only the rows whose
//! version moved are read again (the whole round when many did, or applications came or
//! went), and only the rows on screen are turned into table rows. The selection stays on
//! its application, or, when that left the filtered list, on the row that took its place.

use std::cmp::Ordering;
use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::assistant::Assistant;
use super::import_run::ImportRun;
use crate::domain::cap::country_limit;
use crate::domain::{
    Application, ApplicationId, ApplicationStatus, CareerStage, Round, RoundId, Sector,
};
use crate::store::{ApplicationRow, Store, StoreError};
use crate::text::{agree, counted};
use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::layout::{
    Column, DetailScroll, FilterState, detail_block, field_lines, fit_columns, render_list_frame,
    render_no_round, render_no_rows, render_work, split_detail,
};
use crate::tui::kit::list_view::ListView;
use crate::tui::kit::theme::THEME;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    Name,
    Country,
    Sector,
    Stage,
    Languages,
    Status,
    Submitted,
}

impl SortColumn {
    pub const ALL: [SortColumn; 7] = [
        SortColumn::Name,
        SortColumn::Country,
        SortColumn::Sector,
        SortColumn::Stage,
        SortColumn::Languages,
        SortColumn::Status,
        SortColumn::Submitted,
    ];

    pub fn header(self) -> &'static str {
        match self {
            SortColumn::Name => "Name",
            SortColumn::Country => "Country",
            SortColumn::Sector => "Sector",
            SortColumn::Stage => "Stage",
            SortColumn::Languages => "Languages",
            SortColumn::Status => "Status",
            SortColumn::Submitted => "Submitted",
        }
    }

    pub fn next(self) -> SortColumn {
        let i = SortColumn::ALL.iter().position(|&c| c == self).unwrap_or(0);
        SortColumn::ALL[(i + 1) % SortColumn::ALL.len()]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: SortColumn,
    pub descending: bool,
}

impl Default for Sort {
    /// The order applications arrived in, which is also how the country cap ranks them.
    fn default() -> Self {
        Sort {
            column: SortColumn::Submitted,
            descending: false,
        }
    }
}

/// The round whose applications are loaded.
#[derive(Clone, Debug)]
struct LoadedRound {
    id: RoundId,
    name: String,
    cap_percent: u32,
}

#[derive(Debug, Default)]
pub struct Applicants {
    round: Option<LoadedRound>,
    /// In the order the store gives them: by submission time.
    rows: Vec<ApplicationRow>,
    index_of: HashMap<ApplicationId, u32>,
    pub list: ListView,
    pub filter: FilterState,
    sort: Sort,
    /// Applications per status, in [`ApplicationStatus::ALL`] order.
    counts: [usize; ApplicationStatus::ALL.len()],
    /// Applications that have not withdrawn, per country code: the country cap's view.
    live_per_country: HashMap<&'static str, usize>,
    /// The full application of the selected row, read from the store when the selection
    /// changes.
    detail: Option<Application>,
    detail_error: Option<String>,
    pub detail_scroll: DetailScroll,
    /// An application the next read selects: one just added, not in the list yet.
    pub(super) select_next: Option<ApplicationId>,
    /// The import assistant, while a file is being looked over before its import.
    pub(super) assistant: Option<Box<Assistant>>,
    /// An import running in the background.
    pub(super) importing: Option<ImportRun>,
}

fn status_index(s: ApplicationStatus) -> usize {
    ApplicationStatus::ALL
        .iter()
        .position(|&x| x == s)
        .unwrap_or(0)
}

/// A short career stage for the table.
pub fn stage_short(stage: CareerStage) -> &'static str {
    match stage {
        CareerStage::Student => "Student",
        CareerStage::Early => "Early",
        CareerStage::Mid => "Mid",
        CareerStage::Late => "Late",
    }
}

fn language_codes(row: &ApplicationRow) -> String {
    row.languages
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a filter matches: name, e-mail, country code and name, sector, stage, languages and
/// status. The name comes first, so sorting by key sorts by name, ignoring case.
fn search_key(r: &ApplicationRow) -> String {
    let languages: Vec<&str> = r.languages.iter().map(|l| l.name()).collect();
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        r.name,
        r.email,
        r.country.code,
        r.country.name,
        r.sector.name(),
        r.stage.name(),
        languages.join(" "),
        r.status
    )
    .to_lowercase()
}

impl Applicants {
    /// The id of the round whose applications are loaded.
    pub fn round_id(&self) -> Option<RoundId> {
        self.round.as_ref().map(|r| r.id)
    }

    /// Reads a round's applications, keeping the selected one selected when it is still
    /// there. When the round is the one loaded and only a few of its applications changed,
    /// only those are read again: a status change in a round of a hundred thousand stays
    /// quick.
    pub fn load(&mut self, store: &Store, round: &Round) -> Result<(), StoreError> {
        if self.round_id() == Some(round.id) && self.reread_changed(store, round)? {
            return Ok(());
        }
        let keep = self
            .select_next
            .take()
            .or_else(|| self.selected_row().map(|r| r.id));
        let at = self.list.selected_index();
        let rows = store.application_rows(round.id)?;
        self.round = Some(LoadedRound {
            id: round.id,
            name: round.plan.name.clone(),
            cap_percent: round.plan.cap_percent,
        });
        self.index_of = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i as u32))
            .collect();
        self.counts = [0; ApplicationStatus::ALL.len()];
        self.live_per_country.clear();
        for r in &rows {
            self.counts[status_index(r.status)] += 1;
            if r.status.is_live() {
                *self.live_per_country.entry(r.country.code).or_default() += 1;
            }
        }
        self.list = ListView::new(rows.iter().map(search_key).collect());
        self.rows = rows;
        self.resort();
        self.list.set_filter(self.filter.input.value());
        // The same application where it still shows; where it left the list (a status
        // the filter does not pass), the row that took its place.
        let item = keep
            .and_then(|id| self.index_of.get(&id))
            .map(|&i| i as usize);
        self.list.select_item_or_row(item, at);
        // The selected application's form is read again too: it may be what changed.
        self.detail = None;
        self.detail_error = None;
        Ok(())
    }

    /// Reads again only the applications whose version moved, when the round holds the same
    /// applications as loaded and few changed; returns whether it did.
    fn reread_changed(&mut self, store: &Store, round: &Round) -> Result<bool, StoreError> {
        let versions = store.application_versions(round.id)?;
        if versions.len() != self.rows.len() {
            return Ok(false);
        }
        let mut changed = Vec::new();
        for (id, version) in versions {
            match self.index_of.get(&id) {
                None => return Ok(false),
                Some(&i) if self.rows[i as usize].version != version => changed.push(i as usize),
                Some(_) => {}
            }
        }
        // Past a few, one read of the whole round is quicker than many reads of one.
        if changed.len() > 64 {
            return Ok(false);
        }
        let keep = self.list.selected();
        let at = self.list.selected_index();
        for &i in &changed {
            let row = store.application_row(self.rows[i].id)?;
            self.replace_row(i, row);
        }
        if let Some(r) = &mut self.round {
            r.name = round.plan.name.clone();
            r.cap_percent = round.plan.cap_percent;
        }
        if !changed.is_empty() {
            self.list
                .reposition(&changed, display_order(self.sort, &self.rows));
            self.list.select_item_or_row(keep, at);
            self.detail = None;
            self.detail_error = None;
        }
        Ok(true)
    }

    /// Puts a row read again in place of the one at `i`, keeping the counts and the list's
    /// search key right.
    fn replace_row(&mut self, i: usize, row: ApplicationRow) {
        let before = &self.rows[i];
        self.counts[status_index(before.status)] -= 1;
        if before.status.is_live()
            && let Some(n) = self.live_per_country.get_mut(before.country.code)
        {
            *n = n.saturating_sub(1);
        }
        self.counts[status_index(row.status)] += 1;
        if row.status.is_live() {
            *self.live_per_country.entry(row.country.code).or_default() += 1;
        }
        self.list.set_key(i, search_key(&row));
        self.rows[i] = row;
    }

    /// Forgets the loaded round (when there is no round to show).
    pub fn unload(&mut self) {
        // The assistant and a running import stay: they may be bringing the round their file
        // creates.
        *self = Applicants {
            filter: std::mem::take(&mut self.filter),
            sort: self.sort,
            assistant: self.assistant.take(),
            importing: self.importing.take(),
            ..Applicants::default()
        };
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    pub fn sort_next(&mut self) {
        self.sort.column = self.sort.column.next();
        self.sort.descending = false;
        self.resort();
    }

    pub fn sort_reverse(&mut self) {
        self.sort.descending = !self.sort.descending;
        self.resort();
    }

    fn resort(&mut self) {
        let mut order: Vec<u32> = (0..self.rows.len() as u32).collect();
        let cmp = display_order(self.sort, &self.rows);
        let keys: Vec<&str> = (0..self.rows.len()).map(|i| self.list.key(i)).collect();
        order.sort_by(|&a, &b| cmp(&keys, a, b));
        self.list.set_order(order);
    }

    pub fn rows(&self) -> &[ApplicationRow] {
        &self.rows
    }

    pub fn selected_row(&self) -> Option<&ApplicationRow> {
        self.list.selected().map(|i| &self.rows[i])
    }

    pub fn row_by_id(&self, id: ApplicationId) -> Option<&ApplicationRow> {
        self.index_of.get(&id).map(|&i| &self.rows[i as usize])
    }

    /// Applications per status.
    pub fn count(&self, status: ApplicationStatus) -> usize {
        self.counts[status_index(status)]
    }

    /// Reads the selected application's full form if the selection moved.
    pub fn sync_detail(&mut self, store: &Store) {
        let id = self.selected_row().map(|r| r.id);
        self.detail_scroll.follow(id);
        if self.detail.as_ref().map(|d| d.id) == id && self.detail_error.is_none() {
            return;
        }
        self.detail = None;
        self.detail_error = None;
        if let Some(id) = id {
            match store.application(id) {
                Ok(app) => self.detail = Some(app),
                Err(e) => self.detail_error = Some(format!("Could not read this application: {e}")),
            }
        }
    }

    pub fn detail(&self) -> Option<&Application> {
        self.detail.as_ref()
    }

    /// Draws the pane; returns the cursor position while the filter is typed.
    pub fn render(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let title = match &self.round {
            Some(r) => format!(" Applicants · {} ", r.name),
            None => " Applicants ".to_string(),
        };
        let total = self.rows.len();
        let invited = match self.count(ApplicationStatus::Invited) {
            0 => String::new(),
            n => format!(", {n} invited"),
        };
        let full_note = format!(
            " {total}: {} accepted, {} deferred, {} pending, {} withdrawn{invited} ",
            self.count(ApplicationStatus::Accepted),
            self.count(ApplicationStatus::Deferred),
            self.count(ApplicationStatus::Pending),
            self.count(ApplicationStatus::Withdrawn),
        );
        let note = if (title.len() + full_note.len() + 4) as u16 <= area.width {
            full_note
        } else {
            format!(" {total} ")
        };
        let (body, cursor) = render_list_frame(
            area,
            buf,
            Line::from(title),
            Line::from(note),
            &self.filter,
            &self.list,
        );
        let body = match &self.importing {
            Some(run) => render_import(run, body, buf),
            None => body,
        };
        let Some(round) = &self.round else {
            render_no_round(body, buf);
            return cursor;
        };
        if render_no_rows(
            &self.list,
            &self.filter,
            || {
                vec![
                    Line::from(format!("No applications in {} yet.", round.name)),
                    Line::styled(
                        format!(
                            "Press {} to import the CSV export of your application form.",
                            key(Context::Applicants, Action::Import)
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
        let (table_area, detail) = split_detail(body, 150, 62, 10);
        self.render_table(table_area, buf);
        if let Some((area, beside)) = detail {
            self.render_detail(round, area, beside, buf);
        }
        cursor
    }

    fn render_table(&self, area: Rect, buf: &mut Buffer) {
        const COLUMNS: &[Column] = &[
            Column {
                header: "Name",
                width: 0,
                keep: 0,
            },
            Column {
                header: "Country",
                width: 14,
                keep: 1,
            },
            Column {
                header: "Sector",
                width: 11,
                keep: 3,
            },
            Column {
                header: "Stage",
                width: 7,
                keep: 4,
            },
            Column {
                header: "Languages",
                width: 11,
                keep: 5,
            },
            Column {
                header: "Status",
                width: 9,
                keep: 0,
            },
            Column {
                header: "Submitted",
                width: 16,
                keep: 2,
            },
        ];
        let kept = fit_columns(COLUMNS, area.width, 16);
        // On a wide screen long country names get room too.
        let country_width = if area.width >= 130 { 20 } else { 14 };
        let widths = kept.iter().map(|&c| match c {
            0 => Constraint::Fill(1),
            1 => Constraint::Length(country_width),
            c => Constraint::Length(COLUMNS[c].width),
        });
        let header = Row::new(kept.iter().map(|&c| {
            let col = SortColumn::ALL[c];
            if col == self.sort.column {
                let arrow = if self.sort.descending { "↓" } else { "↑" };
                Cell::from(format!("{} {arrow}", col.header()))
            } else {
                Cell::from(col.header())
            }
        }))
        .style(THEME.header);
        let window = self.list.window(area.height.saturating_sub(1) as usize);
        let rows = window.clone().map(|row| {
            let r = &self.rows[self.list.item_at(row)];
            Row::new(kept.iter().map(|&c| match c {
                0 => Cell::from(r.name.as_str()),
                1 => Cell::from(r.country.name),
                2 => Cell::from(r.sector.name()),
                3 => Cell::from(stage_short(r.stage)),
                4 => Cell::from(language_codes(r)),
                5 => Cell::from(Span::styled(
                    r.status.code(),
                    THEME.application_status(r.status),
                )),
                _ => Cell::from(r.submitted_at.format("%Y-%m-%d %H:%M").to_string()),
            }))
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

    fn render_detail(&self, round: &LoadedRound, area: Rect, beside: bool, buf: &mut Buffer) {
        let title = self
            .selected_row()
            .map_or("Application", |r| r.name.as_str());
        let block = detail_block(title, beside);
        let inner = block.inner(area);
        block.render(area, buf);
        let lines = match (&self.detail, &self.detail_error) {
            (_, Some(e)) => vec![Line::styled(e.clone(), THEME.error)],
            (Some(app), None) => self.detail_lines(round, app, inner.width),
            (None, None) => Vec::new(),
        };
        let scroll = self.detail_scroll.offset_for(lines.len(), inner.height);
        Paragraph::new(lines).scroll((scroll, 0)).render(inner, buf);
    }

    fn detail_lines(
        &self,
        round: &LoadedRound,
        app: &Application,
        width: u16,
    ) -> Vec<Line<'static>> {
        let f = &app.form;
        let country = f.country();
        let mut status = vec![Span::styled(
            app.status.code().to_string(),
            THEME.application_status(app.status),
        )];
        if f.priority {
            status.push(Span::raw(" · priority: left over last round"));
        }
        let city = if f.city.trim().is_empty() {
            String::new()
        } else {
            format!(", {}", f.city.trim())
        };
        let live: usize = self.live_per_country.values().sum();
        let here = self
            .live_per_country
            .get(country.code)
            .copied()
            .unwrap_or(0);
        let limit = country_limit(live, round.cap_percent);
        let of = format!(
            "{here} of {} {} from {}",
            counted(live, "applicant", "applicants"),
            agree(here, "is", "are"),
            country.name
        );
        let share = if here > limit {
            format!(
                "{of}: more than the {}% cap accepts, {limit}",
                round.cap_percent
            )
        } else {
            format!("{of} (the {}% cap allows {limit})", round.cap_percent)
        };
        let share = match self.row_by_id(app.id).and_then(|r| r.cap_hold) {
            Some(hold) => format!("{share}; held {hold} by hand, whatever the cap says"),
            None => share,
        };
        let join = |items: Vec<&str>| items.join(", ");
        // Every sector but a few reads better as what is left out ("a different type of
        // library than mine").
        let left_out: Vec<Sector> = Sector::ALL
            .iter()
            .copied()
            .filter(|s| !f.wish_sectors.contains(s))
            .collect();
        let sectors = if f.wish_sectors.is_empty() {
            "any library".to_string()
        } else if f.wish_sectors.len() > 2 && left_out.len() <= 2 {
            let names: Vec<&str> = left_out.iter().map(|s| sector_phrase(*s)).collect();
            format!("any library but {} one", names.join(" or "))
        } else {
            let names: Vec<&str> = f.wish_sectors.iter().map(|s| sector_phrase(*s)).collect();
            format!("{} library", names.join(" or "))
        };
        let place = match f.wish_place {
            crate::domain::PlaceWish::Any => "anywhere".to_string(),
            other => format!("in {other}"),
        };
        let interests = join(f.interests.iter().map(|i| i.name()).collect());
        let mut lines = field_lines("E-mail     ", &f.email, width);
        lines.push(Line::from(
            [vec![Span::styled("Status     ", THEME.label)], status].concat(),
        ));
        let mut add = |label: &'static str, value: String| {
            lines.extend(field_lines(label, &value, width));
        };
        add(
            "Works in   ",
            format!(
                "{} ({}){city} · {}",
                country.name,
                country.code,
                match f.time_zone.zone_name() {
                    Some(name) => format!("{name} ({})", f.time_zone.usual_offset()),
                    None => f.time_zone.to_string(),
                }
            ),
        );
        add(
            "Library    ",
            format!(
                "{} · {} · {}",
                f.sector.name(),
                non_empty(&f.role, "no role given"),
                f.career_stage.name()
            ),
        );
        add(
            "Languages  ",
            join(f.languages.iter().map(|l| l.name()).collect()),
        );
        add(
            "Interests  ",
            non_empty(&interests, "none given").to_string(),
        );
        add(
            "Wishes     ",
            format!("{sectors} · {} · {place}", f.wish_stage.name()),
        );
        add(
            "Submitted  ",
            format!(
                "{} · {}",
                f.submitted_at.format("%Y-%m-%d %H:%M"),
                if f.consent {
                    "accepted the code of conduct"
                } else {
                    "has NOT accepted the code of conduct"
                }
            ),
        );
        add("Cap        ", share);
        if !f.notes.trim().is_empty() {
            add("Notes      ", f.notes.trim().to_string());
        }
        lines
    }
}

/// Orders two rows by a column other than the name. Rows are kept in submission order, so
/// ties (and the Submitted column) fall back to that order.
/// The order rows are shown in, given their search keys (the name column sorts by them):
/// the sort column, ties by position, all reversed when descending.
fn display_order<K: AsRef<str>>(
    sort: Sort,
    rows: &[ApplicationRow],
) -> impl Fn(&[K], u32, u32) -> Ordering + '_ {
    move |keys, a, b| {
        let (a, b) = if sort.descending { (b, a) } else { (a, b) };
        let by_column = if sort.column == SortColumn::Name {
            keys[a as usize].as_ref().cmp(keys[b as usize].as_ref())
        } else {
            compare(sort.column, &rows[a as usize], &rows[b as usize])
        };
        by_column.then(a.cmp(&b))
    }
}

fn compare(column: SortColumn, a: &ApplicationRow, b: &ApplicationRow) -> Ordering {
    match column {
        SortColumn::Country => a.country.name.cmp(b.country.name),
        SortColumn::Sector => a.sector.name().cmp(b.sector.name()),
        SortColumn::Stage => a.stage.cmp(&b.stage),
        SortColumn::Languages => a
            .languages
            .iter()
            .map(|l| l.name())
            .cmp(b.languages.iter().map(|l| l.name())),
        SortColumn::Status => a.status.cmp(&b.status),
        SortColumn::Name | SortColumn::Submitted => Ordering::Equal,
    }
}

fn non_empty<'a>(text: &'a str, otherwise: &'a str) -> &'a str {
    if text.trim().is_empty() {
        otherwise
    } else {
        text.trim()
    }
}

/// A sector as it reads in "a partner in an academic library".
fn sector_phrase(s: Sector) -> &'static str {
    match s {
        Sector::Academic => "an academic",
        Sector::Public => "a public",
        Sector::School => "a school",
        Sector::Special => "a special",
        Sector::National => "a national",
        Sector::Government => "a government",
        Sector::LisStudent => "a student's",
    }
}

/// How the running import goes, above the list.
fn render_import(run: &ImportRun, area: Rect, buf: &mut Buffer) -> Rect {
    let (ratio, what) = run.progress();
    let doing = if run.is_stopping() {
        "Stopping"
    } else {
        "Importing"
    };
    let k = |action| key(Context::Working, action);
    render_work(
        area,
        buf,
        format!("{doing} {}: ", run.job.file()),
        what,
        run.started,
        ratio,
        format!(
            "{} stops it and imports nothing; {} {} {} {} go to other panes.",
            k(Action::StopWork),
            k(Action::NextPane),
            k(Action::ShowRounds),
            k(Action::ShowMatches),
            k(Action::ShowTopics)
        ),
    )
}
