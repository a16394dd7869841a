//! People and applications.

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde_json::json;

use super::people::{application_ref, person_ref};
use super::rounds::insert_round;
use super::stages::{check_allows, check_application_allows};
use super::{Changes, Result, Store, StoreError, corrupt, stored};
use crate::domain::cap::{self, CapEntry};
use crate::domain::stage::Act;
use crate::domain::vocab::{codes, from_codes};
use crate::domain::{
    Application, ApplicationForm, ApplicationId, ApplicationStatus, CareerStage, Country, Interest,
    Language, PersonId, PlaceWish, Round, RoundId, RoundPlan, Sector, StageWish, TimeZone,
};
use crate::progress::{Progress, Stage};
use crate::text::counted;

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub created: usize,
    pub updated: usize,
}

/// The few fields the Applicants table shows, cheap to load for a whole round.
#[derive(Clone, Debug, PartialEq)]
pub struct ApplicationRow {
    pub id: ApplicationId,
    /// The application's version when read (see [`Application::version`]).
    pub version: i64,
    pub name: String,
    pub email: String,
    pub country: &'static Country,
    pub sector: Sector,
    pub stage: CareerStage,
    pub languages: Vec<Language>,
    pub status: ApplicationStatus,
    pub submitted_at: NaiveDateTime,
    /// The status held against the country cap by hand, if any.
    pub cap_hold: Option<ApplicationStatus>,
    /// Carried over from an earlier round: placed first under the cap.
    pub priority: bool,
}

const COLUMNS: &str = "a.id, a.person_id, a.round_id, a.status, a.name, p.email, a.country,
    a.city, a.utc_offset_minutes, a.sector, a.role, a.career_stage,
    (SELECT group_concat(i.name, char(31) ORDER BY ai.position)
     FROM application_interests ai JOIN interests i ON i.id = ai.interest_id
     WHERE ai.application_id = a.id), a.languages,
    a.wish_sectors, a.wish_stage, a.wish_place, a.consent, a.submitted_at, a.priority, a.notes,
    a.version, a.time_zone";

const ROW_SELECT: &str = "
    SELECT a.id, a.name, p.email, a.country, a.sector, a.career_stage, a.languages, a.status,
           a.submitted_at, a.version, a.cap_hold, a.priority
    FROM applications a JOIN people p ON p.id = a.person_id";

fn row_from_row(r: &Row) -> rusqlite::Result<ApplicationRow> {
    let country: String = r.get(3)?;
    let sector: String = r.get(4)?;
    let stage: String = r.get(5)?;
    let status: String = r.get(7)?;
    Ok(ApplicationRow {
        id: r.get(0)?,
        version: r.get(9)?,
        name: r.get(1)?,
        email: r.get(2)?,
        country: country_from(&country)?,
        sector: stored(Sector::find(&sector), "sector", &sector)?,
        stage: stored(CareerStage::find(&stage), "career_stage", &stage)?,
        languages: from_codes(&r.get::<_, String>(6)?, Language::find).map_err(corrupt)?,
        status: stored(ApplicationStatus::from_code(&status), "status", &status)?,
        submitted_at: r.get(8)?,
        cap_hold: {
            let hold: Option<String> = r.get(10)?;
            match hold {
                Some(h) => Some(stored(ApplicationStatus::from_code(&h), "cap_hold", &h)?),
                None => None,
            }
        },
        priority: r.get(11)?,
    })
}

/// The table rows of a round's applications, in submission order.
fn rows_of(conn: &Connection, round_id: RoundId) -> Result<Vec<ApplicationRow>> {
    let mut stmt = conn.prepare(&format!(
        "{ROW_SELECT} WHERE a.round_id = ?1 ORDER BY a.submitted_at, a.id"
    ))?;
    let rows = stmt.query_map([round_id], row_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn country_from(code: &str) -> rusqlite::Result<&'static Country> {
    stored(Country::find(code), "country", code)
}

/// The interests of an application, as [`COLUMNS`] joins their names.
fn interests_from(joined: Option<String>) -> rusqlite::Result<Vec<Interest>> {
    joined
        .iter()
        .flat_map(|j| j.split('\u{1f}'))
        .map(|name| Interest::parse(name).map_err(corrupt))
        .collect()
}

/// Files an application's interests under the program's list, adding those it lacks, in
/// the order given.
fn write_interests(tx: &Transaction, id: ApplicationId, interests: &[Interest]) -> Result<()> {
    tx.execute(
        "DELETE FROM application_interests WHERE application_id = ?1",
        [id],
    )?;
    // A spelling merged into another interest files under that one.
    let mut alias = tx.prepare_cached("SELECT interest_id FROM interest_aliases WHERE key = ?1")?;
    let mut add = tx.prepare_cached(
        "INSERT INTO interests (key, name) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
    )?;
    let mut find = tx.prepare_cached("SELECT id FROM interests WHERE key = ?1")?;
    let mut link = tx.prepare_cached(
        "INSERT OR IGNORE INTO application_interests (application_id, interest_id, position)
         VALUES (?1, ?2, ?3)",
    )?;
    for (position, interest) in interests.iter().enumerate() {
        let merged: Option<i64> = alias.query_row([interest.key()], |r| r.get(0)).optional()?;
        let interest_id = match merged {
            Some(into) => into,
            None => {
                add.execute(params![interest.key(), interest.name()])?;
                find.query_row([interest.key()], |r| r.get::<_, i64>(0))?
            }
        };
        link.execute(params![id, interest_id, position])?;
    }
    Ok(())
}

fn application_from_row(r: &Row) -> rusqlite::Result<Application> {
    let status: String = r.get(3)?;
    let country: String = r.get(6)?;
    let sector: String = r.get(9)?;
    let stage: String = r.get(11)?;
    let wish_stage: String = r.get(15)?;
    let wish_place: String = r.get(16)?;
    Ok(Application {
        id: r.get(0)?,
        version: r.get(21)?,
        person_id: r.get(1)?,
        round_id: r.get(2)?,
        status: stored(ApplicationStatus::from_code(&status), "status", &status)?,
        form: ApplicationForm {
            name: r.get(4)?,
            email: r.get(5)?,
            country: country_from(&country)?.code,
            city: r.get(7)?,
            time_zone: {
                let zone: Option<String> = r.get(22)?;
                stored(
                    TimeZone::from_stored(r.get(8)?, zone.as_deref()),
                    "time_zone",
                    zone.as_deref().unwrap_or_default(),
                )?
            },
            sector: stored(Sector::find(&sector), "sector", &sector)?,
            role: r.get(10)?,
            career_stage: stored(CareerStage::find(&stage), "career_stage", &stage)?,
            interests: interests_from(r.get(12)?)?,
            languages: from_codes(&r.get::<_, String>(13)?, Language::find).map_err(corrupt)?,
            wish_sectors: from_codes(&r.get::<_, String>(14)?, Sector::find).map_err(corrupt)?,
            wish_stage: stored(
                StageWish::ALL.into_iter().find(|w| w.code() == wish_stage),
                "wish_stage",
                &wish_stage,
            )?,
            wish_place: PlaceWish::from_code(&wish_place).map_err(corrupt)?,
            consent: r.get(17)?,
            submitted_at: r.get(18)?,
            priority: r.get(19)?,
            notes: r.get(20)?,
        },
    })
}

/// Finds or creates the person with this e-mail (case-insensitive), keeping the newest name.
fn person_id(tx: &Transaction, email: &str, name: &str) -> Result<PersonId> {
    Ok(tx.query_row(
        "INSERT INTO people (email, name) VALUES (?1, ?2)
         ON CONFLICT (email) DO UPDATE SET name = excluded.name
         RETURNING id",
        params![email.trim(), name.trim()],
        |r| r.get(0),
    )?)
}

/// Writes one application, updating the person's application for this round if there is
/// one. Returns whether it was new (an invitation answered is a new application).
fn save(
    tx: &Transaction,
    round_id: RoundId,
    f: &ApplicationForm,
    status: ApplicationStatus,
) -> Result<bool> {
    let person = person_id(tx, &f.email, &f.name)?;
    let existing: Option<(ApplicationId, String)> = tx
        .query_row(
            "SELECT id, status FROM applications WHERE round_id = ?1 AND person_id = ?2",
            params![round_id, person],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let values = params![
        round_id,
        person,
        f.name.trim(),
        f.country,
        f.city.trim(),
        f.time_zone.usual_offset().minutes(),
        f.sector.code(),
        f.role.trim(),
        f.career_stage.code(),
        codes(&f.languages, Language::code),
        codes(&f.wish_sectors, Sector::code),
        f.wish_stage.code(),
        f.wish_place.code(),
        f.consent,
        f.submitted_at,
        f.priority,
        f.notes,
        f.time_zone.zone_name(),
        status.code(),
    ];
    // The last value, the status, is for new applications only.
    let (form_values, _) = values.split_at(18);
    match existing {
        // A re-import updates the form and keeps the coordinator's decision on status and
        // any priority given; an invitation becomes the person's application, with priority.
        Some((id, was)) => {
            tx.execute(
                "UPDATE applications SET name = ?3, country = ?4, city = ?5,
                        utc_offset_minutes = ?6, sector = ?7, role = ?8, career_stage = ?9,
                        languages = ?10, wish_sectors = ?11, wish_stage = ?12,
                        wish_place = ?13, consent = ?14, submitted_at = ?15,
                        notes = ?17, time_zone = ?18,
                        -- An invitation answered is a new application, with priority.
                        priority = CASE WHEN status = 'invited' THEN 1
                                        ELSE max(priority, ?16) END,
                        status = CASE WHEN status = 'invited' THEN 'pending' ELSE status END
                 WHERE round_id = ?1 AND person_id = ?2",
                form_values,
            )?;
            write_interests(tx, id, &f.interests)?;
            Ok(was == ApplicationStatus::Invited.code())
        }
        None => {
            tx.execute(
                "INSERT INTO applications (round_id, person_id, name, country, city,
                        utc_offset_minutes, sector, role, career_stage, languages,
                        wish_sectors, wish_stage, wish_place, consent, submitted_at, priority,
                        notes, time_zone, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19)",
                values,
            )?;
            write_interests(tx, ApplicationId(tx.last_insert_rowid()), &f.interests)?;
            Ok(true)
        }
    }
}

fn update_statuses(tx: &Transaction, changes: &[(ApplicationId, ApplicationStatus)]) -> Result<()> {
    let mut stmt = tx.prepare("UPDATE applications SET status = ?2 WHERE id = ?1")?;
    for (id, status) in changes {
        if stmt.execute(params![id, status.code()])? != 1 {
            return Err(StoreError::NotFound(format!("application {id}")));
        }
    }
    Ok(())
}

impl Store {
    /// Saves a batch of applications to a round in one transaction: new people and
    /// applications are created, a person who already applied to the round has their
    /// application updated. `source` names where they came from, for the audit log.
    pub fn save_applications(
        &mut self,
        round_id: RoundId,
        forms: &[ApplicationForm],
        source: &str,
    ) -> Result<ImportOutcome> {
        self.import_applications(round_id, forms, source, &Progress::default())
    }

    /// As [`Store::save_applications`], saying how far it has got in `progress` and, when
    /// asked there to stop, stopping with nothing saved.
    pub fn import_applications(
        &mut self,
        round_id: RoundId,
        forms: &[ApplicationForm],
        source: &str,
        progress: &Progress,
    ) -> Result<ImportOutcome> {
        self.save_batch_into(
            round_id,
            forms,
            ApplicationStatus::Pending,
            source,
            progress,
        )
    }

    /// As [`Store::save_applications`], giving new applications `status`.
    pub fn save_applications_with_status(
        &mut self,
        round_id: RoundId,
        forms: &[ApplicationForm],
        status: ApplicationStatus,
        source: &str,
    ) -> Result<ImportOutcome> {
        self.save_batch_into(round_id, forms, status, source, &Progress::default())
    }

    fn save_batch_into(
        &mut self,
        round_id: RoundId,
        forms: &[ApplicationForm],
        status: ApplicationStatus,
        source: &str,
        progress: &Progress,
    ) -> Result<ImportOutcome> {
        let round = self.round(round_id)?;
        check_batch(forms)?;
        self.action("applications.import", Changes::APPLICATIONS, |tx| {
            check_allows(tx, round_id, Act::Applications)?;
            let outcome = save_batch(tx, round_id, forms, status, progress)?;
            Ok((
                outcome,
                imported_summary(forms, &round.plan.name, source, outcome),
                json!({"round": round_id, "source": source,
                       "created": outcome.created, "updated": outcome.updated}),
            ))
        })
    }

    /// Creates a round and saves a batch of applications into it as one transaction, so that
    /// an import that fails or is stopped halfway leaves no empty round behind.
    pub fn create_round_with_applications(
        &mut self,
        plan: &RoundPlan,
        forms: &[ApplicationForm],
        source: &str,
        progress: &Progress,
    ) -> Result<(Round, ImportOutcome)> {
        plan.validate()?;
        check_batch(forms)?;
        self.action(
            "round.create",
            Changes::ROUNDS | Changes::APPLICATIONS,
            |tx| {
                let round = insert_round(tx, plan)?;
                check_allows(tx, round.id, Act::Applications)?;
                let outcome =
                    save_batch(tx, round.id, forms, ApplicationStatus::Pending, progress)?;
                let summary = format!(
                    "created round {} and {}",
                    plan.name.trim(),
                    imported_summary(forms, &round.plan.name, source, outcome)
                );
                let detail = json!({"round": round.id, "source": source,
                                    "created": outcome.created, "updated": outcome.updated});
                Ok(((round, outcome), summary, detail))
            },
        )
    }

    pub fn application(&self, id: ApplicationId) -> Result<Application> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM applications a JOIN people p ON p.id = a.person_id
                     WHERE a.id = ?1"
                ),
                [id],
                application_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("application {id}")))
    }

    /// Every application of a round, in id order.
    pub fn applications(&self, round_id: RoundId) -> Result<Vec<Application>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM applications a JOIN people p ON p.id = a.person_id
             WHERE a.round_id = ?1 ORDER BY a.id"
        ))?;
        let rows = stmt.query_map([round_id], application_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The table rows of a round's applications, in submission order.
    pub fn application_rows(&self, round_id: RoundId) -> Result<Vec<ApplicationRow>> {
        rows_of(&self.conn, round_id)
    }

    /// The table row of one application.
    pub fn application_row(&self, id: ApplicationId) -> Result<ApplicationRow> {
        self.conn
            .query_row(&format!("{ROW_SELECT} WHERE a.id = ?1"), [id], row_from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("application {id}")))
    }

    /// Every application of a round with its version, in no order: a cheap way to tell
    /// which of the rows a view holds changed.
    pub fn application_versions(&self, round_id: RoundId) -> Result<Vec<(ApplicationId, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, version FROM applications WHERE round_id = ?1")?;
        let rows = stmt.query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets one application's status; `seen` is the version the coordinator saw, and the
    /// change is refused when the application changed since.
    pub fn set_application_status(
        &mut self,
        id: ApplicationId,
        seen: i64,
        status: ApplicationStatus,
    ) -> Result<()> {
        let app = self.application(id)?;
        self.action("application.status", Changes::APPLICATIONS, |tx| {
            check_application_allows(tx, id, Act::Applications)?;
            check_not_running(tx, id, status)?;
            // Checked in the same statement as the write, so that no change can slip between.
            let changed = tx.execute(
                "UPDATE applications SET status = ?2 WHERE id = ?1 AND version = ?3",
                params![id, status.code(), seen],
            )?;
            if changed == 0 {
                let now: Option<String> = tx
                    .query_row("SELECT status FROM applications WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })
                    .optional()?;
                return Err(StoreError::Stale(match now {
                    Some(now) => format!(
                        "the application of {} changed in another window (it is {now} now)",
                        app.form.name
                    ),
                    None => format!(
                        "the application of {} was removed in another window",
                        app.form.name
                    ),
                }));
            }
            Ok((
                (),
                format!("{}: {} → {}", application_ref(id), app.status, status),
                json!({"application": id, "before": app.status.code(), "after": status.code()}),
            ))
        })
    }

    /// Adds one application typed in by hand, pending. Refused when the person has an
    /// application in the round already (correct that one instead).
    pub fn add_application(
        &mut self,
        round_id: RoundId,
        form: &ApplicationForm,
    ) -> Result<ApplicationId> {
        let round = self.round(round_id)?;
        if let Some((field, problem)) = form.problems().into_iter().next() {
            return Err(StoreError::Invalid(format!("{field} {problem}")));
        }
        self.action("application.add", Changes::APPLICATIONS, |tx| {
            check_allows(tx, round_id, Act::Applications)?;
            // An invitation is no application yet: the form typed in answers it.
            let existing: Option<String> = tx
                .query_row(
                    "SELECT a.name FROM applications a JOIN people p ON p.id = a.person_id
                     WHERE a.round_id = ?1 AND p.email = ?2 AND a.status <> 'invited'",
                    params![round_id, form.email.trim()],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(name) = existing {
                return Err(StoreError::Invalid(format!(
                    "{} has applied to {} already, as {name}; correct that application instead",
                    form.email.trim(),
                    round.plan.name
                )));
            }
            save(tx, round_id, form, ApplicationStatus::Pending)?;
            let id: ApplicationId = tx.query_row(
                "SELECT a.id FROM applications a JOIN people p ON p.id = a.person_id
                 WHERE a.round_id = ?1 AND p.email = ?2",
                params![round_id, form.email.trim()],
                |r| r.get(0),
            )?;
            Ok((
                id,
                format!(
                    "added the application of {} to {} by hand",
                    application_ref(id),
                    round.plan.name
                ),
                json!({"application": id}),
            ))
        })
    }

    /// Writes a corrected form over an application, as the coordinator saw it (`seen`, its
    /// version). A new e-mail address is the person's, in every round; it is refused when
    /// another person has it.
    pub fn update_application_form(
        &mut self,
        id: ApplicationId,
        seen: i64,
        form: &ApplicationForm,
    ) -> Result<()> {
        let before = self.application(id)?;
        let name = before.form.name.clone();
        self.action("application.edit", Changes::APPLICATIONS, |tx| {
            check_application_allows(tx, id, Act::Applications)?;
            check_seen(tx, id, seen, &name)?;
            let email = form.email.trim();
            if !email.eq_ignore_ascii_case(before.form.email.trim()) {
                let taken: Option<String> = tx
                    .query_row(
                        "SELECT name FROM people WHERE email = ?1 AND id <> ?2",
                        params![email, before.person_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(other) = taken {
                    return Err(StoreError::Invalid(format!(
                        "{email} is the e-mail address of {other}, another person"
                    )));
                }
                // The person's applications in other rounds show the address too: a view
                // holding one reads it again.
                tx.execute(
                    "UPDATE applications SET version = version + 1
                     WHERE person_id = ?1 AND id <> ?2",
                    params![before.person_id, id],
                )?;
            }
            tx.execute(
                "UPDATE people SET email = ?2, name = ?3 WHERE id = ?1",
                params![before.person_id, email, form.name.trim()],
            )?;
            tx.execute(
                "UPDATE applications SET name = ?2, country = ?3, city = ?4,
                        utc_offset_minutes = ?5, sector = ?6, role = ?7, career_stage = ?8,
                        languages = ?9, wish_sectors = ?10, wish_stage = ?11,
                        wish_place = ?12, consent = ?13, submitted_at = ?14, priority = ?15,
                        notes = ?16, time_zone = ?17
                 WHERE id = ?1",
                params![
                    id,
                    form.name.trim(),
                    form.country,
                    form.city.trim(),
                    form.time_zone.usual_offset().minutes(),
                    form.sector.code(),
                    form.role.trim(),
                    form.career_stage.code(),
                    codes(&form.languages, Language::code),
                    codes(&form.wish_sectors, Sector::code),
                    form.wish_stage.code(),
                    form.wish_place.code(),
                    form.consent,
                    form.submitted_at,
                    form.priority,
                    form.notes,
                    form.time_zone.zone_name(),
                ],
            )?;
            write_interests(tx, id, &form.interests)?;
            Ok((
                (),
                format!("edited the application of {}", application_ref(id)),
                json!({
                    "application": id,
                    "fields": before.form.changed_fields(form),
                }),
            ))
        })
    }

    /// Deletes an application entered by mistake, as the coordinator saw it (`seen`, its
    /// version). Refused once it is in a partnership of its round, draft or published: a
    /// mistake is caught before matching, and someone who leaves later is withdrawn. The
    /// person goes too when this was their only application. The audit log keeps what was
    /// deleted.
    pub fn delete_application(&mut self, id: ApplicationId, seen: i64) -> Result<()> {
        let app = self.application(id)?;
        let name = app.form.name.clone();
        self.action("application.delete", Changes::APPLICATIONS, |tx| {
            check_application_allows(tx, id, Act::Applications)?;
            check_seen(tx, id, seen, &name)?;
            let partnered: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM partnership_members WHERE application_id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if partnered {
                return Err(StoreError::Invalid(format!(
                    "{name} is in a partnership of this round, so the application stays; \
                     unpair them first, or mark them withdrawn if they left"
                )));
            }
            tx.execute("DELETE FROM applications WHERE id = ?1", [id])?;
            // Kept while a forbidden pair names them: the pair outlives the round.
            tx.execute(
                "DELETE FROM people WHERE id = ?1
                   AND NOT EXISTS (SELECT 1 FROM applications WHERE person_id = ?1)
                   AND NOT EXISTS (SELECT 1 FROM forbidden_pairs
                                   WHERE ?1 IN (person_a, person_b))",
                [app.person_id],
            )?;
            let form = &app.form;
            Ok((
                (),
                format!(
                    "deleted application {} of {}",
                    id.0,
                    person_ref(app.person_id)
                ),
                json!({
                    "application": id,
                    "person": app.person_id,
                    "country": form.country,
                    "submitted_at": form.submitted_at.to_string(),
                    "status": app.status.code(),
                }),
            ))
        })
    }

    /// Sets the status of several applications in one action.
    pub fn set_application_statuses(
        &mut self,
        changes: &[(ApplicationId, ApplicationStatus)],
        summary: &str,
    ) -> Result<()> {
        self.action("applications.status", Changes::APPLICATIONS, |tx| {
            for &(id, status) in changes {
                check_application_allows(tx, id, Act::Applications)?;
                check_not_running(tx, id, status)?;
            }
            update_statuses(tx, changes)?;
            Ok((
                (),
                summary.to_string(),
                json!({"changes": changes.iter()
                    .map(|(id, s)| json!([id, s.code()])).collect::<Vec<_>>()}),
            ))
        })
    }

    /// Applies the round's country cap to every application that has not withdrawn, and
    /// returns the changes made.
    ///
    /// `round_seen` is the round's version the coordinator was shown (its cap): a round
    /// changed since is refused.
    pub fn apply_country_cap(
        &mut self,
        round_id: RoundId,
        round_seen: i64,
    ) -> Result<Vec<(ApplicationId, ApplicationStatus)>> {
        self.action("applications.cap", Changes::APPLICATIONS, |tx| {
            check_allows(tx, round_id, Act::Applications)?;
            let round = super::rounds::read_round(tx, round_id)?;
            if round.version != round_seen {
                return Err(StoreError::Stale(format!(
                    "round {} was changed in another window after the question (its cap or \
                     dates)",
                    round.plan.name
                )));
            }
            // Read in the transaction, so that no status set meanwhile is written over.
            let (outcome, _) = cap_outcome(tx, round_id, round.plan.cap_percent)?;
            let changes = outcome.changes;
            update_statuses(tx, &changes)?;
            let accepted = changes
                .iter()
                .filter(|c| c.1 == ApplicationStatus::Accepted)
                .count();
            Ok((
                changes.clone(),
                format!(
                    "applied the {}% country cap to {}: {} accepted, {} deferred",
                    round.plan.cap_percent,
                    round.plan.name,
                    accepted,
                    changes.len() - accepted
                ),
                json!({"round": round_id, "changes": changes.iter()
                    .map(|(id, s)| json!([id, s.code()])).collect::<Vec<_>>()}),
            ))
        })
    }

    /// What applying the round's cap would do now, and how many applications it counts.
    pub fn cap_outcome(&self, round_id: RoundId) -> Result<(cap::CapOutcome, usize)> {
        let round = self.round(round_id)?;
        cap_outcome(&self.conn, round_id, round.plan.cap_percent)
    }

    /// Sets, for one applicant as the coordinator saw them (`seen`, the version), a status the
    /// country cap keeps (`None` lets the cap decide again), and gives them that status now.
    pub fn set_cap_hold(
        &mut self,
        id: ApplicationId,
        seen: i64,
        hold: Option<ApplicationStatus>,
    ) -> Result<()> {
        if !matches!(
            hold,
            None | Some(ApplicationStatus::Accepted | ApplicationStatus::Deferred)
        ) {
            return Err(StoreError::Invalid(
                "the cap is held to accepted or deferred only".into(),
            ));
        }
        let app = self.application(id)?;
        let name = app.form.name;
        if hold.is_some() && !app.status.is_live() {
            return Err(StoreError::Invalid(format!(
                "{name} is {}; the cap holds only applications it counts",
                app.status
            )));
        }
        self.action("application.cap_hold", Changes::APPLICATIONS, |tx| {
            check_application_allows(tx, id, Act::Applications)?;
            check_seen(tx, id, seen, &name)?;
            if hold == Some(ApplicationStatus::Deferred) && partnered(tx, id)? {
                return Err(StoreError::Invalid(format!(
                    "{name} is in a partnership; deferring them would leave their partner alone"
                )));
            }
            tx.execute(
                "UPDATE applications SET cap_hold = ?2,
                        status = CASE WHEN ?2 IS NULL THEN status ELSE ?2 END
                 WHERE id = ?1",
                params![id, hold.map(ApplicationStatus::code)],
            )?;
            let summary = match hold {
                Some(status) => format!(
                    "held {} {status} against the country cap",
                    application_ref(id)
                ),
                None => format!(
                    "let the country cap decide for {} again",
                    application_ref(id)
                ),
            };
            Ok((
                (),
                summary,
                json!({"application": id, "hold": hold.map(ApplicationStatus::code)}),
            ))
        })
    }

    /// The person with this e-mail (case-insensitive), if known.
    pub fn person_by_email(&self, email: &str) -> Result<Option<crate::domain::Person>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, email, name FROM people WHERE email = ?1",
                [email.trim()],
                |r| {
                    Ok(crate::domain::Person {
                        id: r.get(0)?,
                        email: r.get(1)?,
                        name: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }
}

/// Refuses a status other than accepted for someone in a running partnership: taking them
/// out would leave their partner alone, unseen.
fn check_not_running(
    conn: &Connection,
    id: ApplicationId,
    status: ApplicationStatus,
) -> Result<()> {
    if status == ApplicationStatus::Accepted {
        return Ok(());
    }
    let running: Option<String> = conn
        .query_row(
            "SELECT a.name FROM partnership_members m
             JOIN partnerships p ON p.id = m.partnership_id
             JOIN applications a ON a.id = m.application_id
             WHERE m.application_id = ?1 AND p.status = 'active'",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match running {
        Some(name) => Err(StoreError::Invalid(format!(
            "{name} is in a running partnership; withdrawing them ends it (reason: \
             withdrawal) and sends their partner to the rematch pool"
        ))),
        None => Ok(()),
    }
}

/// Whether the application is in a draft or running partnership.
fn partnered(conn: &Connection, id: ApplicationId) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM partnership_members m
                        JOIN partnerships p ON p.id = m.partnership_id
                        WHERE m.application_id = ?1 AND p.status IN ('draft', 'active'))",
        [id],
        |r| r.get(0),
    )?)
}

/// What applying the cap of `cap_percent` to the round does, read as it is now, and how many
/// applications it counts (those not withdrawn).
fn cap_outcome(
    conn: &Connection,
    round_id: RoundId,
    cap_percent: u32,
) -> Result<(cap::CapOutcome, usize)> {
    let partnered: std::collections::HashSet<ApplicationId> = {
        let mut stmt = conn.prepare(
            "SELECT m.application_id FROM partnership_members m
             JOIN partnerships p ON p.id = m.partnership_id
             WHERE p.round_id = ?1 AND p.status IN ('draft', 'active')",
        )?;
        stmt.query_map([round_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let holds: std::collections::HashMap<ApplicationId, String> = {
        let mut stmt = conn.prepare(
            "SELECT id, cap_hold FROM applications WHERE round_id = ?1 AND cap_hold IS NOT NULL",
        )?;
        stmt.query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let rows = rows_of(conn, round_id)?;
    let entries: Vec<CapEntry> = rows
        .iter()
        .map(|r| CapEntry {
            id: r.id,
            country: r.country.code,
            submitted_at: r.submitted_at,
            priority: r.priority,
            status: r.status,
            partnered: partnered.contains(&r.id),
            hold: holds
                .get(&r.id)
                .and_then(|h| ApplicationStatus::from_code(h)),
        })
        .collect();
    let live = entries.iter().filter(|e| e.status.is_live()).count();
    Ok((cap::apply(&entries, cap_percent), live))
}

/// Refuses a change to an application that is not at the version the coordinator saw.
fn check_seen(tx: &Transaction, id: ApplicationId, seen: i64, name: &str) -> Result<()> {
    let now: Option<i64> = tx
        .query_row(
            "SELECT version FROM applications WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match now {
        None => Err(StoreError::Stale(format!(
            "the application of {name} was removed in another window"
        ))),
        Some(v) if v != seen => Err(StoreError::Stale(format!(
            "the application of {name} changed in another window"
        ))),
        Some(_) => Ok(()),
    }
}

/// A batch is refused whole before anything is written: one address twice, or a form the
/// checks refuse.
fn check_batch(forms: &[ApplicationForm]) -> Result<()> {
    let mut emails = std::collections::HashSet::new();
    for f in forms {
        if !emails.insert(f.email.trim().to_lowercase()) {
            return Err(StoreError::Invalid(format!(
                "{} appears twice in one batch; each person applies once per round",
                f.email
            )));
        }
        if let Some((field, problem)) = f.problems().into_iter().next() {
            return Err(StoreError::Invalid(format!(
                "application of {}: {field} {problem}",
                f.email
            )));
        }
    }
    Ok(())
}

fn save_batch(
    tx: &Transaction,
    round_id: RoundId,
    forms: &[ApplicationForm],
    status: ApplicationStatus,
    progress: &Progress,
) -> Result<ImportOutcome> {
    let mut outcome = ImportOutcome::default();
    progress.begin(Stage::Saving, forms.len());
    for (i, f) in forms.iter().enumerate() {
        // Stopping fails the transaction, which leaves the database as it was.
        if i % 64 == 0 {
            if progress.is_stopped() {
                return Err(StoreError::Stopped);
            }
            progress.set(i);
        }
        if save(tx, round_id, f, status)? {
            outcome.created += 1;
        } else {
            outcome.updated += 1;
        }
    }
    Ok(outcome)
}

fn imported_summary(
    forms: &[ApplicationForm],
    round: &str,
    source: &str,
    outcome: ImportOutcome,
) -> String {
    format!(
        "imported {} into {round} from {source} ({} new, {} updated)",
        counted(forms.len(), "application", "applications"),
        outcome.created,
        outcome.updated
    )
}
