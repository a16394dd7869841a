//! The welcome screen of an empty database: demo data, an import into a new round, or a new
//! round.

mod view;

use chrono::NaiveDate;

use super::applicants::{ImportInto, assist_import};
use super::{Ask, Cx, Flows, Intent as AnyIntent, Pane};
use crate::demo::{self, DemoOptions};
use crate::domain::RoundPlan;
use crate::text::counted;
use crate::tui::keys::{Action, Context, key};
use crate::tui::kit::modal::{Answer, Modal, PathKind, PathPrompt};

pub use view::WelcomeView;

/// What the welcome screen's modals and slow work are for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Demo data to load once the screen says so.
    LoadDemo,
    /// The file prompt of an import into a round created for it.
    ImportNewRound {
        round_name: String,
        opens_on: NaiveDate,
    },
}

#[derive(Default)]
pub struct Welcome {
    /// What "demo data" creates, when not the usual demo on the app's today.
    pub demo: Option<DemoOptions>,
}

impl Welcome {
    /// What "demo data" creates on `today`.
    pub fn demo_options(&self, today: NaiveDate) -> DemoOptions {
        self.demo.clone().unwrap_or_else(|| DemoOptions::on(today))
    }

    /// The name of the round an import would create on `today`.
    pub fn import_round(cx: &Cx) -> String {
        let rounds = cx.store.rounds().unwrap_or_default();
        RoundPlan::starting("", cx.today).named_among(&rounds).name
    }

    pub fn update(&mut self, action: Action, cx: &mut Cx) {
        match action {
            Action::LoadDemo => {
                cx.info("Loading demo data…");
                cx.ask(Ask::Later(AnyIntent::Welcome(Intent::LoadDemo)));
            }
            Action::Import => {
                let opens_on = cx.today;
                let round_name = Welcome::import_round(cx);
                let text = vec![
                    format!(
                        "Applications belong to a round, so iln will create one to hold them, \
                         its application window around their submissions and named after it \
                         (with submissions from today, {round_name}). You can change its name \
                         and dates afterwards in Rounds ({}).",
                        key(Context::Rounds, Action::EditRound)
                    ),
                    "Survey export (CSV or spreadsheet) to import:".to_string(),
                ];
                cx.open(Modal::PathPrompt(PathPrompt::new(
                    "Import applications",
                    text,
                    PathKind::File,
                    AnyIntent::Welcome(Intent::ImportNewRound {
                        round_name,
                        opens_on,
                    }),
                )));
            }
            _ => {}
        }
    }

    fn load_demo(&mut self, cx: &mut Cx) {
        match demo::populate(cx.store, &self.demo_options(cx.today)) {
            Ok(summary) => {
                cx.ask(Ask::ShowPanes);
                cx.ask(Ask::Focus(Pane::Rounds));
                let main = summary.main_round();
                if let Ok(round) = cx.store.round_by_name(&main.name) {
                    cx.ask(Ask::ShowRound(round.id));
                }
                cx.info(format!(
                    "Loaded demo data, {}: {}. Press {} to see the applicants.",
                    counted(summary.rounds.len(), "round", "rounds"),
                    main.line(),
                    key(Context::Panes, Action::ShowApplicants)
                ));
            }
            Err(e) => cx.error(format!("Could not load the demo data: {e}")),
        }
    }
}

impl Flows for Welcome {
    type Intent = Intent;

    fn answer(&mut self, intent: Intent, answer: Answer, cx: &mut Cx) -> Result<(), String> {
        match (intent, answer) {
            (Intent::LoadDemo, Answer::Due) => self.load_demo(cx),
            (
                Intent::ImportNewRound {
                    round_name,
                    opens_on,
                },
                Answer::Path(path),
            ) => assist_import(
                ImportInto::NewRound(RoundPlan::starting(&round_name, opens_on)),
                path,
                cx,
            ),
            _ => cx.unchanged(),
        }
        Ok(())
    }
}
