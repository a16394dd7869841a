//! A round's life: open → closed → matching → active → ended. Each step has a condition,
//! and a refusal says what is missing in words a coordinator can act on.

use chrono::NaiveDate;

use super::{RoundPlan, RoundStatus};
use crate::text::counted;

/// What a round holds, as far as its next step cares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageFacts {
    pub pending: usize,
    pub accepted: usize,
    /// Draft partnerships (pairs and trios not yet published).
    pub drafts: usize,
    /// Partnerships running now.
    pub active: usize,
}

/// The stage `plan`'s round moves to next, or why it cannot move on `today`.
pub fn next_stage(
    plan: &RoundPlan,
    facts: StageFacts,
    today: NaiveDate,
) -> Result<RoundStatus, String> {
    match plan.status {
        RoundStatus::Open if facts.pending > 0 => Err(format!(
            "{} still pending; accept, defer or withdraw each (or apply the country cap) \
             before closing applications",
            counted(facts.pending, "application is", "applications are")
        )),
        RoundStatus::Open => Ok(RoundStatus::Closed),
        RoundStatus::Closed if facts.accepted < 2 => Err(format!(
            "{} accepted; matching needs at least two",
            counted(facts.accepted, "applicant is", "applicants are")
        )),
        RoundStatus::Closed => Ok(RoundStatus::Matching),
        RoundStatus::Matching if facts.drafts == 0 => Err(
            "the round has no draft matching yet; match it, then publish the draft to start \
             its partnerships"
                .to_string(),
        ),
        RoundStatus::Matching => Err(format!(
            "a round becomes active when its draft of {} is published",
            counted(facts.drafts, "partnership", "partnerships")
        )),
        RoundStatus::Active if today < plan.ends_on() => Err(format!(
            "its partnerships run until {}; the round ends then, by the date alone",
            plan.ends_on()
        )),
        RoundStatus::Active => Ok(RoundStatus::Ended),
        RoundStatus::Ended => {
            Err("the round has ended; nothing in it changes any more".to_string())
        }
    }
}

/// What may be done to a round's records at each stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Importing, adding, correcting or deleting applications, and changing their status.
    Applications,
    /// Running the matcher and changing the draft.
    Match,
    Publish,
}

/// Whether `act` may be done to a round at its stage, and if not, why.
pub fn allows(plan: &RoundPlan, act: Act) -> Result<(), String> {
    use RoundStatus::*;
    let name = &plan.name;
    match (plan.status, act) {
        (Ended, _) => Err(format!("{name} has ended; nothing in it changes any more")),
        (Open, Act::Match) => Err(format!(
            "{name} is still taking applications; close it first by moving it to its next \
             stage, which takes every application decided (none pending)"
        )),
        (Open | Closed, Act::Publish) => Err(format!(
            "{name} has no draft to publish yet; match it first"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(status: RoundStatus) -> RoundPlan {
        RoundPlan {
            status,
            ..RoundPlan::starting("2027 A", "2027-01-04".parse().unwrap())
        }
    }

    #[test]
    fn each_step_has_its_condition() {
        let day: NaiveDate = "2027-02-01".parse().unwrap();
        let facts = StageFacts {
            pending: 3,
            ..StageFacts::default()
        };
        let err = next_stage(&plan(RoundStatus::Open), facts, day).unwrap_err();
        assert!(err.starts_with("3 applications are still pending"), "{err}");
        assert_eq!(
            next_stage(&plan(RoundStatus::Open), StageFacts::default(), day),
            Ok(RoundStatus::Closed)
        );
        let err = next_stage(&plan(RoundStatus::Closed), StageFacts::default(), day).unwrap_err();
        assert!(err.contains("needs at least two"), "{err}");
        let ready = StageFacts {
            accepted: 10,
            drafts: 5,
            ..StageFacts::default()
        };
        assert_eq!(
            next_stage(&plan(RoundStatus::Closed), ready, day),
            Ok(RoundStatus::Matching)
        );
        let err = next_stage(&plan(RoundStatus::Matching), ready, day).unwrap_err();
        assert!(
            err.contains("when its draft of 5 partnerships is published"),
            "{err}"
        );
        let active = plan(RoundStatus::Active);
        let err = next_stage(&active, ready, day).unwrap_err();
        assert!(
            err.contains(&format!("run until {}", active.ends_on())),
            "{err}"
        );
        assert_eq!(
            next_stage(&active, ready, active.ends_on()),
            Ok(RoundStatus::Ended)
        );
        assert!(next_stage(&plan(RoundStatus::Ended), ready, day).is_err());
    }

    #[test]
    fn an_ended_round_is_only_read() {
        for act in [Act::Applications, Act::Match, Act::Publish] {
            assert!(allows(&plan(RoundStatus::Ended), act).is_err());
        }
        assert!(allows(&plan(RoundStatus::Open), Act::Match).is_err());
        assert!(allows(&plan(RoundStatus::Closed), Act::Match).is_ok());
        assert!(allows(&plan(RoundStatus::Active), Act::Match).is_ok());
        assert!(allows(&plan(RoundStatus::Matching), Act::Publish).is_ok());
        assert!(
            allows(&plan(RoundStatus::Active), Act::Publish).is_ok(),
            "the rematch pool"
        );
        assert!(allows(&plan(RoundStatus::Open), Act::Applications).is_ok());
    }
}
