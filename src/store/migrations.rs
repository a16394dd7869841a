//! Schema migrations, kept on `PRAGMA user_version`: migration *i* (1-based) takes a database
//! from version *i − 1* to *i*. Append new migrations; never edit one that has shipped.

use rusqlite::Connection;

use super::StoreError;

pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
CREATE TABLE people (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (email LIKE '_%@_%._%' AND email NOT LIKE '% %'),
    name  TEXT NOT NULL CHECK (length(trim(name)) > 0)
);

CREATE TABLE rounds (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    opens_on    TEXT NOT NULL CHECK (date(opens_on) IS opens_on),
    closes_on   TEXT NOT NULL CHECK (date(closes_on) IS closes_on),
    matching_on TEXT NOT NULL CHECK (date(matching_on) IS matching_on),
    starts_on   TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 24),
    cap_percent INTEGER NOT NULL CHECK (cap_percent BETWEEN 1 AND 100),
    status      TEXT NOT NULL CHECK (status IN ('open', 'closed', 'matching', 'active', 'ended')),
    -- Matching weights and rules, written by the engine's settings type.
    settings    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
    CHECK (opens_on <= closes_on AND closes_on <= matching_on AND matching_on <= starts_on)
);

CREATE TABLE applications (
    id                 INTEGER PRIMARY KEY,
    round_id           INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    person_id          INTEGER NOT NULL REFERENCES people(id),
    name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
    country            TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
    city               TEXT NOT NULL DEFAULT '',
    utc_offset_minutes INTEGER NOT NULL CHECK (utc_offset_minutes BETWEEN -720 AND 840),
    sector             TEXT NOT NULL CHECK (sector IN ('academic', 'public', 'school', 'special', 'national', 'government', 'lis_student')),
    role               TEXT NOT NULL DEFAULT '',
    career_stage       TEXT NOT NULL CHECK (career_stage IN ('student', 'early', 'mid', 'late')),
    interests          TEXT NOT NULL DEFAULT '',
    languages          TEXT NOT NULL CHECK (length(languages) >= 2),
    wish_sectors       TEXT NOT NULL DEFAULT '',
    wish_stage         TEXT NOT NULL DEFAULT 'any' CHECK (wish_stage IN ('any', 'same', 'earlier', 'later')),
    wish_place         TEXT NOT NULL DEFAULT 'any' CHECK (wish_place = 'any' OR wish_place LIKE 'region:_%' OR wish_place LIKE 'country:__'),
    consent            INTEGER NOT NULL CHECK (consent = 1),
    submitted_at       TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'deferred', 'withdrawn')),
    priority           INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    notes              TEXT NOT NULL DEFAULT '',
    UNIQUE (round_id, person_id)
);
CREATE INDEX applications_by_round ON applications(round_id, status);
CREATE INDEX applications_by_person ON applications(person_id);

CREATE TABLE partnerships (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'active', 'ended', 'ended_early')),
    score      INTEGER,
    locked     INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    starts_on  TEXT CHECK (starts_on IS NULL OR date(starts_on) IS starts_on),
    ends_on    TEXT CHECK (ends_on IS NULL OR date(ends_on) IS ends_on),
    end_reason TEXT,
    CHECK (status = 'draft' OR (starts_on IS NOT NULL AND ends_on IS NOT NULL)),
    CHECK (status <> 'ended_early' OR end_reason IS NOT NULL)
);
CREATE INDEX partnerships_by_round ON partnerships(round_id, status);

CREATE TABLE partnership_members (
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    PRIMARY KEY (partnership_id, application_id)
) WITHOUT ROWID;
CREATE INDEX partnership_members_by_application ON partnership_members(application_id);

-- A partnership has two members, or three when numbers are odd.
CREATE TRIGGER partnership_at_most_three
BEFORE INSERT ON partnership_members
WHEN (SELECT count(*) FROM partnership_members WHERE partnership_id = NEW.partnership_id) >= 3
BEGIN
    SELECT RAISE(ABORT, 'a partnership has at most three members');
END;

CREATE TABLE forbidden_pairs (
    person_a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    person_b INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    reason   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
) WITHOUT ROWID;

CREATE TABLE topics (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    publish_on   TEXT NOT NULL CHECK (date(publish_on) IS publish_on),
    title        TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    questions    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(questions) AND json_type(questions) = 'array'),
    status       TEXT NOT NULL CHECK (status IN ('empty', 'draft', 'ready', 'published')),
    published_on TEXT CHECK (published_on IS NULL OR date(published_on) IS published_on),
    CHECK (status <> 'published' OR published_on IS NOT NULL)
);
CREATE INDEX topics_by_round ON topics(round_id, publish_on);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    action  TEXT NOT NULL CHECK (length(action) > 0),
    summary TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
);
"#,
    // 2: unsaved editor text of a topic, kept every few seconds so a crash loses nothing.
    r#"
CREATE TABLE topic_drafts (
    topic_id  INTEGER PRIMARY KEY REFERENCES topics(id) ON DELETE CASCADE,
    title     TEXT NOT NULL,
    summary   TEXT NOT NULL,
    body      TEXT NOT NULL,
    questions TEXT NOT NULL CHECK (json_valid(questions) AND json_type(questions) = 'array'),
    saved_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
"#,
    // 3: the last matching result of a round, the undo history of its draft, and problems
    // logged on partnerships during the round.
    r#"
CREATE TABLE match_results (
    round_id INTEGER PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    ran_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    summary  TEXT NOT NULL CHECK (json_valid(summary))
);

CREATE TABLE draft_history (
    id       INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    summary  TEXT NOT NULL,
    before   TEXT NOT NULL CHECK (json_valid(before)),
    after    TEXT NOT NULL CHECK (json_valid(after)),
    undone   INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
);
CREATE INDEX draft_history_by_round ON draft_history(round_id, id);

CREATE TABLE partnership_problems (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('unresponsive', 'withdrawal', 'conduct', 'other')),
    note           TEXT NOT NULL DEFAULT '',
    follow_up_on   TEXT CHECK (follow_up_on IS NULL OR date(follow_up_on) IS follow_up_on),
    logged_on      TEXT NOT NULL CHECK (date(logged_on) IS logged_on)
);
CREATE INDEX partnership_problems_by_partnership ON partnership_problems(partnership_id);
"#,
    // 4: ids are never reused, so that a view acting on an id it showed can never reach a
    // newer record that took the id; and the records a coordinator changes carry a version
    // that every update bumps, so that a change made on what a view showed is refused once
    // the record has moved on. SQLite adds AUTOINCREMENT only by rebuilding a table (run
    // with foreign keys off, see `Store::prepare`).
    r#"
CREATE TABLE people_new (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (email LIKE '_%@_%._%' AND email NOT LIKE '% %'),
    name  TEXT NOT NULL CHECK (length(trim(name)) > 0)
);
INSERT INTO people_new (id, email, name) SELECT id, email, name FROM people;
DROP TABLE people;
ALTER TABLE people_new RENAME TO people;

CREATE TABLE rounds_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    version     INTEGER NOT NULL DEFAULT 1,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    opens_on    TEXT NOT NULL CHECK (date(opens_on) IS opens_on),
    closes_on   TEXT NOT NULL CHECK (date(closes_on) IS closes_on),
    matching_on TEXT NOT NULL CHECK (date(matching_on) IS matching_on),
    starts_on   TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 24),
    cap_percent INTEGER NOT NULL CHECK (cap_percent BETWEEN 1 AND 100),
    status      TEXT NOT NULL CHECK (status IN ('open', 'closed', 'matching', 'active', 'ended')),
    settings    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
    CHECK (opens_on <= closes_on AND closes_on <= matching_on AND matching_on <= starts_on)
);
INSERT INTO rounds_new (id, name, opens_on, closes_on, matching_on, starts_on, term_months,
                        cap_percent, status, settings)
SELECT id, name, opens_on, closes_on, matching_on, starts_on, term_months, cap_percent, status,
       settings
FROM rounds;
DROP TABLE rounds;
ALTER TABLE rounds_new RENAME TO rounds;

CREATE TABLE applications_new (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    version            INTEGER NOT NULL DEFAULT 1,
    round_id           INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    person_id          INTEGER NOT NULL REFERENCES people(id),
    name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
    country            TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
    city               TEXT NOT NULL DEFAULT '',
    utc_offset_minutes INTEGER NOT NULL CHECK (utc_offset_minutes BETWEEN -720 AND 840),
    sector             TEXT NOT NULL CHECK (sector IN ('academic', 'public', 'school', 'special', 'national', 'government', 'lis_student')),
    role               TEXT NOT NULL DEFAULT '',
    career_stage       TEXT NOT NULL CHECK (career_stage IN ('student', 'early', 'mid', 'late')),
    interests          TEXT NOT NULL DEFAULT '',
    languages          TEXT NOT NULL CHECK (length(languages) >= 2),
    wish_sectors       TEXT NOT NULL DEFAULT '',
    wish_stage         TEXT NOT NULL DEFAULT 'any' CHECK (wish_stage IN ('any', 'same', 'earlier', 'later')),
    wish_place         TEXT NOT NULL DEFAULT 'any' CHECK (wish_place = 'any' OR wish_place LIKE 'region:_%' OR wish_place LIKE 'country:__'),
    consent            INTEGER NOT NULL CHECK (consent = 1),
    submitted_at       TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'deferred', 'withdrawn')),
    priority           INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    notes              TEXT NOT NULL DEFAULT '',
    UNIQUE (round_id, person_id)
);
INSERT INTO applications_new (id, round_id, person_id, name, country, city, utc_offset_minutes,
                              sector, role, career_stage, interests, languages, wish_sectors,
                              wish_stage, wish_place, consent, submitted_at, status, priority,
                              notes)
SELECT id, round_id, person_id, name, country, city, utc_offset_minutes, sector, role,
       career_stage, interests, languages, wish_sectors, wish_stage, wish_place, consent,
       submitted_at, status, priority, notes
FROM applications;
DROP TABLE applications;
ALTER TABLE applications_new RENAME TO applications;
CREATE INDEX applications_by_round ON applications(round_id, status);
CREATE INDEX applications_by_person ON applications(person_id);

CREATE TABLE partnerships_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    version    INTEGER NOT NULL DEFAULT 1,
    round_id   INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'active', 'ended', 'ended_early')),
    score      INTEGER,
    locked     INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    starts_on  TEXT CHECK (starts_on IS NULL OR date(starts_on) IS starts_on),
    ends_on    TEXT CHECK (ends_on IS NULL OR date(ends_on) IS ends_on),
    end_reason TEXT,
    CHECK (status = 'draft' OR (starts_on IS NOT NULL AND ends_on IS NOT NULL)),
    CHECK (status <> 'ended_early' OR end_reason IS NOT NULL)
);
INSERT INTO partnerships_new (id, round_id, status, score, locked, starts_on, ends_on,
                              end_reason)
SELECT id, round_id, status, score, locked, starts_on, ends_on, end_reason FROM partnerships;
DROP TABLE partnerships;
ALTER TABLE partnerships_new RENAME TO partnerships;
CREATE INDEX partnerships_by_round ON partnerships(round_id, status);

CREATE TABLE topics_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    version      INTEGER NOT NULL DEFAULT 1,
    round_id     INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    publish_on   TEXT NOT NULL CHECK (date(publish_on) IS publish_on),
    title        TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    questions    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(questions) AND json_type(questions) = 'array'),
    status       TEXT NOT NULL CHECK (status IN ('empty', 'draft', 'ready', 'published')),
    published_on TEXT CHECK (published_on IS NULL OR date(published_on) IS published_on),
    CHECK (status <> 'published' OR published_on IS NOT NULL)
);
INSERT INTO topics_new (id, round_id, publish_on, title, summary, body, questions, status,
                        published_on)
SELECT id, round_id, publish_on, title, summary, body, questions, status, published_on
FROM topics;
DROP TABLE topics;
ALTER TABLE topics_new RENAME TO topics;
CREATE INDEX topics_by_round ON topics(round_id, publish_on);

CREATE TRIGGER rounds_version
AFTER UPDATE OF name, opens_on, closes_on, matching_on, starts_on, term_months, cap_percent,
                status ON rounds
WHEN NEW.version = OLD.version
BEGIN UPDATE rounds SET version = OLD.version + 1 WHERE id = OLD.id; END;
CREATE TRIGGER applications_version AFTER UPDATE ON applications WHEN NEW.version = OLD.version
BEGIN UPDATE applications SET version = OLD.version + 1 WHERE id = OLD.id; END;
CREATE TRIGGER partnerships_version AFTER UPDATE ON partnerships WHEN NEW.version = OLD.version
BEGIN UPDATE partnerships SET version = OLD.version + 1 WHERE id = OLD.id; END;
CREATE TRIGGER topics_version AFTER UPDATE ON topics WHEN NEW.version = OLD.version
BEGIN UPDATE topics SET version = OLD.version + 1 WHERE id = OLD.id; END;
"#,
    // 5: how often each kind of record has changed, so that another window can tell what a
    // commit it did not make changed (SQLite's data_version only says that something did).
    r#"
CREATE TABLE change_counts (
    kind TEXT PRIMARY KEY CHECK (kind IN ('rounds', 'applications', 'partnerships', 'topics')),
    n    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO change_counts (kind) VALUES ('rounds'), ('applications'), ('partnerships'), ('topics');

-- The version of the topic the kept text was typed over: restored, a save of it is refused
-- when the topic was saved since.
ALTER TABLE topic_drafts ADD COLUMN base_version INTEGER;
"#,
    // 6: a round's application versions from the index alone, so that finding which of a
    // hundred thousand applications changed does not read every row.
    r#"
CREATE INDEX applications_versions ON applications(round_id, version);
"#,
    // 7: the IANA zone an applicant named (or their country's), so that working days are
    // compared as clocks change; utc_offset_minutes stays its standard offset.
    r#"
ALTER TABLE applications ADD COLUMN time_zone TEXT;
"#,
    // 8: the program's own list of interests, which grows with every survey, each
    // application's interests linked to it in the order given. The stored codes of the
    // twenty interests iln used to know become entries of the list.
    r#"
CREATE TABLE interests (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    key     TEXT NOT NULL UNIQUE CHECK (length(key) > 0),
    name    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TRIGGER interests_version AFTER UPDATE ON interests WHEN NEW.version = OLD.version
BEGIN UPDATE interests SET version = OLD.version + 1 WHERE id = OLD.id; END;

CREATE TABLE application_interests (
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    interest_id    INTEGER NOT NULL REFERENCES interests(id),
    position       INTEGER NOT NULL,
    PRIMARY KEY (application_id, interest_id)
) WITHOUT ROWID;
CREATE INDEX application_interests_by_interest ON application_interests(interest_id);

CREATE TEMP TABLE interest_codes (code TEXT PRIMARY KEY, key TEXT NOT NULL, name TEXT NOT NULL);
INSERT INTO interest_codes (code, key, name) VALUES
    ('cataloguing', 'cataloguing and metadata', 'Cataloguing & metadata'),
    ('reference', 'reference services', 'Reference services'),
    ('info_literacy', 'information literacy', 'Information literacy'),
    ('digital', 'digital collections', 'Digital collections'),
    ('research', 'research support', 'Research support'),
    ('youth', 'children and youth', 'Children & youth'),
    ('outreach', 'community outreach', 'Community outreach'),
    ('leadership', 'management and leadership', 'Management & leadership'),
    ('advocacy', 'advocacy', 'Advocacy'),
    ('open_access', 'open access', 'Open access'),
    ('preservation', 'preservation and archives', 'Preservation & archives'),
    ('technology', 'technology and systems', 'Technology & systems'),
    ('ux', 'user experience', 'User experience'),
    ('marketing', 'marketing and promotion', 'Marketing & promotion'),
    ('collections', 'collection development', 'Collection development'),
    ('data', 'research data', 'Research data'),
    ('cpd', 'professional development', 'Professional development'),
    ('inclusion', 'diversity and inclusion', 'Diversity & inclusion'),
    ('copyright', 'copyright and licensing', 'Copyright & licensing'),
    ('indigenous', 'indigenous knowledge', 'Indigenous knowledge');

INSERT INTO interests (key, name)
SELECT key, name FROM interest_codes
WHERE code IN (SELECT value FROM applications, json_each('["' || replace(interests, ',', '","') || '"]')
               WHERE interests <> '')
ORDER BY rowid;
INSERT OR IGNORE INTO application_interests (application_id, interest_id, position)
SELECT a.id, i.id, j.key
FROM applications a, json_each('["' || replace(a.interests, ',', '","') || '"]') j
JOIN interest_codes c ON c.code = j.value
JOIN interests i ON i.key = c.key
WHERE a.interests <> '';
DROP TABLE interest_codes;
ALTER TABLE applications DROP COLUMN interests;
"#,
    // 9: the mappings the import assistant settled, by the headers of the file they were made
    // for, so that the next export of the same survey is read the same way.
    r#"
CREATE TABLE import_mappings (
    headers  TEXT PRIMARY KEY,
    file     TEXT NOT NULL,
    mapping  TEXT NOT NULL,
    saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) WITHOUT ROWID;
"#,
    // 10: the spellings merged into another interest, so that an answer spelt that way
    // (a re-import, the next round's survey) files under the interest it was merged into.
    r#"
CREATE TABLE interest_aliases (
    key         TEXT PRIMARY KEY,
    interest_id INTEGER NOT NULL REFERENCES interests(id) ON DELETE CASCADE
) WITHOUT ROWID;
"#,
    // 11: a status the coordinator set for one applicant against the country cap, which the
    // cap then keeps.
    r#"
ALTER TABLE applications ADD COLUMN cap_hold TEXT
    CHECK (cap_hold IS NULL OR cap_hold IN ('accepted', 'deferred'));
"#,
    // 12: an application may be an invitation: a person carried over from an earlier round
    // (deferred, left unmatched, or ended early without a rematch) whose new application has
    // not come yet. The table is rebuilt for the status's check.
    r#"
CREATE TABLE applications_new (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    version            INTEGER NOT NULL DEFAULT 1,
    round_id           INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    person_id          INTEGER NOT NULL REFERENCES people(id),
    name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
    country            TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
    city               TEXT NOT NULL DEFAULT '',
    utc_offset_minutes INTEGER NOT NULL CHECK (utc_offset_minutes BETWEEN -720 AND 840),
    sector             TEXT NOT NULL CHECK (sector IN ('academic', 'public', 'school', 'special', 'national', 'government', 'lis_student')),
    role               TEXT NOT NULL DEFAULT '',
    career_stage       TEXT NOT NULL CHECK (career_stage IN ('student', 'early', 'mid', 'late')),
    languages          TEXT NOT NULL CHECK (length(languages) >= 2),
    wish_sectors       TEXT NOT NULL DEFAULT '',
    wish_stage         TEXT NOT NULL DEFAULT 'any' CHECK (wish_stage IN ('any', 'same', 'earlier', 'later')),
    wish_place         TEXT NOT NULL DEFAULT 'any' CHECK (wish_place = 'any' OR wish_place LIKE 'region:_%' OR wish_place LIKE 'country:__'),
    consent            INTEGER NOT NULL CHECK (consent = 1),
    submitted_at       TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'deferred', 'withdrawn', 'invited')),
    priority           INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    notes              TEXT NOT NULL DEFAULT '',
    time_zone          TEXT,
    cap_hold           TEXT CHECK (cap_hold IS NULL OR cap_hold IN ('accepted', 'deferred')),
    UNIQUE (round_id, person_id)
);
INSERT INTO applications_new (id, version, round_id, person_id, name, country, city,
                              utc_offset_minutes, sector, role, career_stage, languages,
                              wish_sectors, wish_stage, wish_place, consent, submitted_at, status,
                              priority, notes, time_zone, cap_hold)
SELECT id, version, round_id, person_id, name, country, city, utc_offset_minutes, sector, role,
       career_stage, languages, wish_sectors, wish_stage, wish_place, consent, submitted_at,
       status, priority, notes, time_zone, cap_hold
FROM applications;
-- Ids are never reused: the new table counts on from the highest id the old one gave.
UPDATE sqlite_sequence
SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'applications'), 0))
WHERE name = 'applications_new';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'applications_new', seq FROM sqlite_sequence
WHERE name = 'applications'
  AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'applications_new');
DROP TABLE applications;
ALTER TABLE applications_new RENAME TO applications;
CREATE INDEX applications_by_round ON applications(round_id, status);
CREATE INDEX applications_by_person ON applications(person_id);
CREATE INDEX applications_versions ON applications(round_id, version);
CREATE TRIGGER applications_version AFTER UPDATE ON applications WHEN NEW.version = OLD.version
BEGIN UPDATE applications SET version = OLD.version + 1 WHERE id = OLD.id; END;
"#,
    // 13: a problem is resolved or closed, on a day, with a note; and carries a version, so
    // that one changed since it was shown is not closed again.
    r#"
ALTER TABLE partnership_problems ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE partnership_problems ADD COLUMN outcome TEXT
    CHECK (outcome IS NULL OR outcome IN ('resolved', 'closed'));
ALTER TABLE partnership_problems ADD COLUMN outcome_note TEXT;
ALTER TABLE partnership_problems ADD COLUMN settled_on TEXT
    CHECK (settled_on IS NULL OR date(settled_on) IS settled_on);
CREATE TRIGGER partnership_problems_version AFTER UPDATE ON partnership_problems
WHEN NEW.version = OLD.version
BEGIN UPDATE partnership_problems SET version = OLD.version + 1 WHERE id = OLD.id; END;
"#,
    // 14: what goes out to participants: the program's sender details, its own text of each
    // message template (the defaults live in assets/templates), each message sent (recipients
    // by application id), and the address of each topic's post.
    r#"
CREATE TABLE program (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    version   INTEGER NOT NULL DEFAULT 1,
    name      TEXT NOT NULL DEFAULT '',
    email     TEXT NOT NULL DEFAULT '',
    signature TEXT NOT NULL DEFAULT '',
    smtp_url  TEXT NOT NULL DEFAULT '',
    -- At most this many messages a minute, where the server asks for a pace.
    per_minute INTEGER NOT NULL DEFAULT 30 CHECK (per_minute BETWEEN 1 AND 100000)
);
CREATE TRIGGER program_version AFTER UPDATE ON program WHEN NEW.version = OLD.version
BEGIN UPDATE program SET version = OLD.version + 1 WHERE id = OLD.id; END;
CREATE TABLE templates (
    kind    TEXT PRIMARY KEY CHECK (kind IN ('introductions', 'rematches', 'acceptance',
                                              'deferral', 'no-match', 're-enrol', 'topic')),
    version INTEGER NOT NULL DEFAULT 1,
    text    TEXT NOT NULL
);
CREATE TRIGGER templates_version AFTER UPDATE ON templates WHEN NEW.version = OLD.version
BEGIN UPDATE templates SET version = OLD.version + 1 WHERE kind = OLD.kind; END;
CREATE TABLE sent_messages (
    key            TEXT PRIMARY KEY,
    round_id       INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    partnership_id INTEGER REFERENCES partnerships(id) ON DELETE SET NULL,
    recipients     TEXT NOT NULL,
    message_id     TEXT NOT NULL,
    sent_at        TEXT NOT NULL
);
CREATE INDEX sent_messages_by_round ON sent_messages(round_id, kind);
ALTER TABLE topics ADD COLUMN post_link TEXT NOT NULL DEFAULT '';
"#,
    // 15: a round's figures read from indexes alone: its participants by country, sector
    // and career stage, and who took part in which rounds.
    r#"
CREATE INDEX applications_figures ON applications(round_id, status, country, sector, career_stage);
CREATE INDEX applications_round_people ON applications(round_id, status, person_id);
"#,
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the database up to [`latest`], each migration in its own transaction together with
/// its `user_version` bump, so a failed step leaves the previous version intact.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    while user_version(conn)? < latest() {
        // The write lock first, then the version: another iln opening the same file at the
        // same moment waits, and then finds the migration done rather than doing it again.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version = user_version(&tx)?;
        if version >= latest() {
            break;
        }
        tx.execute_batch(MIGRATIONS[version as usize])
            .map_err(|e| StoreError::Migration {
                version: version + 1,
                source: e,
            })?;
        tx.pragma_update(None, "user_version", version + 1)?;
        let problems: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if problems > 0 {
            return Err(StoreError::Invalid(format!(
                "migration {} leaves {problems} rows breaking foreign keys",
                version + 1
            )));
        }
        tx.commit()?;
    }
    Ok(())
}

/// Applies every migration to a scratch database and checks the result, so that a broken
/// migration fails in tests rather than on a coordinator's file.
pub fn validate() -> Result<(), StoreError> {
    let mut conn = Connection::open_in_memory()?;
    // As `Store::prepare` migrates: foreign keys off while tables are rebuilt, on after.
    conn.pragma_update(None, "foreign_keys", false)?;
    migrate(&mut conn)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    if user_version(&conn)? != latest() {
        return Err(StoreError::Invalid("user_version after migrating".into()));
    }
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Err(StoreError::Invalid(format!("integrity check: {integrity}")));
    }
    Ok(())
}
