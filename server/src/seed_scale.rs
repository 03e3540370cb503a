//! National-scale data for load tests: 200 councils, each leading an open Regulation 34
//! DPS, 20,000 provider organisations with an admin each, 300,000 evidence items and
//! 60,000 applications in every state, 300 of them waiting in the demo Haringey
//! evaluator's queue and 90 admitted to Haringey's DPS; then about 50,000 placement
//! requests and 500,000 offers in those systems' lots (`seed_scale_placements`). It
//! runs after `seed-demo` (it reuses the demo Haringey system and signs nobody in) and
//! once: a second run finds "Scale Council 001" and stops.
//!
//! Rows go in with plain multi-row INSERTs, every value bound, in one transaction, so a
//! failed run leaves nothing behind. Ids are given explicitly (read from MAX(id) at the
//! start; PostgreSQL's identity sequences are moved past them at the end), which lets a
//! block of rows refer to each other before any is written. The snapshot of each
//! submitted application, its automatic marks and its decision are made by the app's own
//! rules (`Draft::snapshot`, `admission::validate`), so the pages read them as they read
//! what a provider submitted. Run it while the server is stopped: ids are taken, not
//! generated.

use crate::admin::{AdminError, DEMO_PASSWORD};
use app::applications::admission::{validate, CriterionOutcome, Decision, Evaluation};
use app::applications::marking::Mark;
use app::applications::model::OrganisationAnswers;
use app::applications::questions::{Answer, AnswerDate, Marking, Question, QuestionKind, NO, YES};
use app::applications::submission::Draft;
use app::calendar::{uk_date, DecisionClock, Holidays};
use app::db::Backend;
use app::evidence::model::EvidenceItem;
use app::evidence::repo::ItemRow;
use app::evidence::EvidenceKind;
use app::ids::{ApplicationId, EvidenceItemId, EvidenceTypeId, LotId, OrganisationId, SystemId};
use app::reviews::service::key;
use app::state::AppState;
use app::systems::model::SystemView;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

pub const COUNCILS: usize = 200;
pub const PROVIDERS: usize = 20_000;
pub const ITEMS_PER_PROVIDER: usize = 15;
pub const APPLICATIONS_PER_PROVIDER: usize = 3;
/// Submitted applications to the demo Haringey DPS, for its evaluator's queue.
pub const HARINGEY_QUEUE: usize = 300;
/// Applications to the demo Haringey DPS already admitted: the lots' members, whom its
/// placement requests go to (seed-demo admits only Northgate, and suspends it).
pub const HARINGEY_MEMBERS: usize = 90;
pub(crate) const HARINGEY_SYSTEM: &str = "HAR-DPS-2024";
const HARINGEY_COUNCIL: &str = "Haringey Council";
const HARINGEY_EVALUATOR: &str = "commissioner@haringey.example.gov.uk";
/// Providers handled together: their rows are built, then written table by table.
const BLOCK: usize = 500;
/// Bound values per INSERT on PostgreSQL: a few hundred rows, well inside its 65,535
/// parameters.
const VALUES_PER_STATEMENT: usize = 8_000;
/// On SQLite: sqlx binds each value by looking its parameter's name up in the
/// statement's list of them, so a value costs in proportion to the statement's width
/// (at 8,000 that was nine tenths of the load's time).
const SQLITE_VALUES_PER_STATEMENT: usize = 160;

pub fn marker_name(n: usize) -> String {
    format!("Scale Council {n:03}")
}

/// What a run did.
pub enum Outcome {
    AlreadyLoaded,
    Loaded {
        rows: BTreeMap<&'static str, u64>,
        took: Duration,
    },
}

fn invalid(message: impl Into<String>) -> AdminError {
    AdminError::Invalid(message.into())
}

/// A bound value, typed, so that a NULL reaches PostgreSQL as the column's type.
pub(crate) enum V {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(bool),
}

impl From<i64> for V {
    fn from(v: i64) -> Self {
        V::Int(Some(v))
    }
}
impl From<Option<i64>> for V {
    fn from(v: Option<i64>) -> Self {
        V::Int(v)
    }
}
impl From<&str> for V {
    fn from(v: &str) -> Self {
        V::Text(Some(v.to_string()))
    }
}
impl From<String> for V {
    fn from(v: String) -> Self {
        V::Text(Some(v))
    }
}
impl From<Option<String>> for V {
    fn from(v: Option<String>) -> Self {
        V::Text(v)
    }
}
impl From<bool> for V {
    fn from(v: bool) -> Self {
        V::Bool(v)
    }
}

macro_rules! row {
    ($($value:expr),* $(,)?) => { vec![$(V::from($value)),*] };
}
pub(crate) use row;

/// Rows for one table, written with multi-row INSERTs.
pub(crate) struct Rows {
    table: &'static str,
    columns: &'static [&'static str],
    values: Vec<V>,
}

impl Rows {
    pub(crate) fn new(table: &'static str, columns: &'static [&'static str]) -> Self {
        Rows {
            table,
            columns,
            values: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, row: Vec<V>) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.table);
        self.values.extend(row);
    }

    fn sql(&self, rows: usize) -> String {
        let width = self.columns.len();
        let mut sql = format!(
            "INSERT INTO {} ({}) VALUES ",
            self.table,
            self.columns.join(", ")
        );
        for r in 0..rows {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..width {
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push('$');
                sql.push_str(&(r * width + c + 1).to_string());
            }
            sql.push(')');
        }
        sql
    }

    /// Writes and forgets every row pushed, counting them in `counts`.
    pub(crate) async fn write(
        &mut self,
        conn: &mut AnyConnection,
        counts: &mut BTreeMap<&'static str, u64>,
    ) -> sqlx::Result<()> {
        let width = self.columns.len();
        let values = match conn.backend_name() {
            "SQLite" => SQLITE_VALUES_PER_STATEMENT,
            _ => VALUES_PER_STATEMENT,
        };
        let per_statement = (values / width).clamp(1, 500);
        let total = self.values.len() / width;
        let full_sql = self.sql(per_statement);
        let mut values = std::mem::take(&mut self.values).into_iter();
        let mut done = 0;
        while done < total {
            let rows = per_statement.min(total - done);
            let partial_sql;
            let sql = if rows == per_statement {
                &full_sql
            } else {
                partial_sql = self.sql(rows);
                &partial_sql
            };
            let mut query = sqlx::query(sql);
            for value in values.by_ref().take(rows * width) {
                query = match value {
                    V::Int(v) => query.bind(v),
                    V::Text(v) => query.bind(v),
                    V::Bool(v) => query.bind(v),
                };
            }
            query.execute(&mut *conn).await?;
            done += rows;
        }
        *counts.entry(self.table).or_default() += total as u64;
        Ok(())
    }
}

/// The next free id of each table, handed out in order.
pub(crate) struct Ids(HashMap<&'static str, i64>);

impl Ids {
    pub(crate) async fn read(
        conn: &mut AnyConnection,
        tables: &[&'static str],
    ) -> sqlx::Result<Self> {
        let mut next = HashMap::new();
        for table in tables {
            let max: i64 = sqlx::query(&format!(
                "SELECT COALESCE(MAX(id), 0) AS max_id FROM {table}"
            ))
            .fetch_one(&mut *conn)
            .await?
            .try_get("max_id")?;
            next.insert(*table, max + 1);
        }
        Ok(Ids(next))
    }

    pub(crate) fn take(&mut self, table: &'static str) -> i64 {
        let next = self.0.get_mut(table).expect("table's ids were read");
        let id = *next;
        *next += 1;
        id
    }
}

const ID_TABLES: [&str; 9] = [
    "organisations",
    "users",
    "systems",
    "lots",
    "evidence_types",
    "question_sections",
    "questions",
    "evidence_items",
    "applications",
];

const LOTS: [(&str, &str, &str); 3] = [
    (
        "home_care",
        "Home care",
        "Personal care for children and young people with complex health needs at home",
    ),
    (
        "family_support",
        "Family support",
        "Practical support for families in their own home",
    ),
    (
        "family_therapeutic_support",
        "Family therapeutic support",
        "Therapeutic work with the whole family",
    ),
];

const INSURANCE: &str = "Employers' and public liability insurance (at least £5 million each)";

/// Name, mandatory, expires: every scale system asks for these four documents.
const EVIDENCE_TYPES: [(&str, bool, bool); 4] = [
    (INSURANCE, true, true),
    ("Safeguarding policy", true, false),
    ("Business continuity plan", true, false),
    ("Latest accounts", false, false),
];

/// The library every scale provider keeps: the four above and eleven more.
const LIBRARY: [&str; ITEMS_PER_PROVIDER] = [
    INSURANCE,
    "Safeguarding policy",
    "Business continuity plan",
    "Latest accounts",
    "DBS policy",
    "Whistleblowing policy",
    "Complaints procedure",
    "Staff training matrix",
    "Medication policy",
    "Equality and diversity policy",
    "Health and safety policy",
    "Data protection policy",
    "Statement of purpose",
    "Safer recruitment policy",
    "Quality assurance report",
];

const SECTION: &str = "Eligibility and safeguarding";

fn questions() -> [(&'static str, QuestionKind, Marking); 4] {
    [
        (
            "Has your organisation, or any of its directors, been convicted of an offence that is a mandatory exclusion ground?",
            QuestionKind::YesNo,
            Marking::PassFail { passing: vec![NO.to_string()] },
        ),
        (
            "Do all staff who work with the people you support hold an enhanced DBS check, renewed at least every 3 years?",
            QuestionKind::YesNo,
            Marking::PassFail { passing: vec![YES.to_string()] },
        ),
        (
            "Describe your organisation's experience of delivering this kind of care",
            QuestionKind::Text { max_chars: 2000 },
            Marking::Discretionary,
        ),
        (
            "How do you make sure safeguarding concerns are raised and acted on the same day?",
            QuestionKind::Text { max_chars: 2000 },
            Marking::Discretionary,
        ),
    ]
}

const EXPERIENCE: &str = "We have run this service for eleven years, with a registered manager, a team of 40 and a quality record shared with the council every quarter.";
const SAFEGUARDING: &str = "Every concern is logged with the designated safeguarding lead the same day, who refers it to the council's front door within the hour and reviews it with the manager each morning.";

const TOWNS: [&str; 10] = [
    "Leeds", "Bristol", "Norwich", "Exeter", "Carlisle", "Derby", "Luton", "Swindon", "Preston",
    "Ipswich",
];

/// What one application turns out as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    Draft,
    Submitted,
    Admitted,
    Rejected,
}

impl Fate {
    /// Mostly awaiting a decision: 14 in 20 submitted, 3 admitted, 2 rejected, 1 draft.
    fn of(index: usize) -> Fate {
        match index % 20 {
            0..=13 => Fate::Submitted,
            14..=16 => Fate::Admitted,
            17..=18 => Fate::Rejected,
            _ => Fate::Draft,
        }
    }

    fn status(self) -> &'static str {
        match self {
            Fate::Draft => "draft",
            Fate::Submitted => "submitted",
            Fate::Admitted => "admitted",
            Fate::Rejected => "rejected",
        }
    }
}

/// A system applications go to, as the app reads it, with what its clock needs.
struct Target {
    view: SystemView,
    holidays: Holidays,
    /// Lots whose mandatory evidence a library of documents can meet.
    lots: Vec<LotId>,
    /// A user of the lead council who evaluates and decides.
    evaluator: Option<i64>,
}

fn answer_for(question: &Question, fail: &mut bool) -> Option<Answer> {
    Some(match (&question.kind, &question.marking) {
        (QuestionKind::YesNo, Marking::PassFail { passing }) => {
            let pass = passing.iter().any(|p| p == YES);
            if std::mem::take(fail) {
                Answer::YesNo(!pass)
            } else {
                Answer::YesNo(pass)
            }
        }
        (QuestionKind::YesNo, _) => Answer::YesNo(true),
        (QuestionKind::Text { max_chars }, _) => {
            let text = if question.text.contains("safeguarding") {
                SAFEGUARDING
            } else {
                EXPERIENCE
            };
            Answer::Text(text.chars().take(*max_chars as usize).collect())
        }
        (QuestionKind::Number { min, max }, _) => {
            Answer::Number(min.unwrap_or(1).min(max.unwrap_or(i64::MAX)))
        }
        (QuestionKind::Date, _) => Answer::Date(AnswerDate {
            year: 2026,
            month: 1,
            day: 5,
        }),
        (QuestionKind::ChooseOne { options }, Marking::PassFail { passing }) => {
            Answer::Choice(passing.first().or(options.first())?.clone())
        }
        (QuestionKind::ChooseOne { options }, _) => Answer::Choice(options.first()?.clone()),
        (QuestionKind::Evidence { .. }, _) => return None,
    })
}

/// The application's index, scrambled, so that its fate, its lots and its day do not
/// follow its system (which is the index modulo the number of councils).
fn mix(index: usize) -> usize {
    ((index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize
}

fn stored_name(item: i64) -> String {
    hex::encode(Sha256::digest(format!("opendps-scale-evidence-{item}")))
}

pub async fn run(state: &AppState) -> Result<Outcome, AdminError> {
    let started = Instant::now();
    let db = &state.db;
    let mut conn = db.pool.acquire().await?;
    let marker = sqlx::query("SELECT id FROM organisations WHERE kind = $1 AND name_key = $2")
        .bind("council")
        .bind(marker_name(1).to_lowercase())
        .fetch_optional(&mut *conn)
        .await?;
    if marker.is_some() {
        return Ok(Outcome::AlreadyLoaded);
    }
    let haringey = sqlx::query(
        "SELECT s.id, s.lead_council_id FROM systems s JOIN organisations o ON o.id = s.lead_council_id
         WHERE s.reference = $1 AND o.kind = $2 AND o.name_key = $3",
    )
    .bind(HARINGEY_SYSTEM)
    .bind("council")
    .bind(HARINGEY_COUNCIL.to_lowercase())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| {
        invalid(format!(
            "the demo system {HARINGEY_SYSTEM} is missing: run `opendps seed-demo` first"
        ))
    })?;
    let haringey_system: SystemId = SystemId(haringey.try_get("id")?);
    let haringey_council = OrganisationId(haringey.try_get("lead_council_id")?);
    let haringey_evaluator: i64 =
        sqlx::query("SELECT id FROM users WHERE email = $1 AND organisation_id = $2")
            .bind(HARINGEY_EVALUATOR)
            .bind(haringey_council)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| invalid(format!("the demo user {HARINGEY_EVALUATOR} is missing")))?
            .try_get("id")?;
    drop(conn);

    // One argon2 hash for every scale account: hashing 20,200 would take minutes.
    let password_hash = app::accounts::hashing::hash_password(DEMO_PASSWORD.to_string()).await?;
    let now = state.clock.now();
    let today = uk_date(now);
    let today_iso = app::evidence::service::today(now).iso();
    let next_year = format!("{}-03-31", today.year() + 1);
    let mut counts = BTreeMap::new();

    let mut tx = db.begin().await?;
    if db.backend == Backend::Sqlite {
        // The load is one transaction of about 900 MB: with SQLite's default page cache
        // (2 MB) it spills and re-reads pages all along (a quarter of its time). For
        // this connection only, which the command's process drops when it ends.
        sqlx::query("PRAGMA cache_size = -1048576")
            .execute(&mut *tx)
            .await?;
    }
    let mut ids = Ids::read(&mut tx, &ID_TABLES).await?;

    // Councils, an evaluator each, and the DPS each leads.
    let mut organisations = Rows::new(
        "organisations",
        &["id", "kind", "name", "name_key", "created_at"],
    );
    let user_columns: &'static [&'static str] = &[
        "id",
        "organisation_id",
        "email",
        "full_name",
        "password_hash",
        "email_verified",
        "active",
        "created_at",
    ];
    let mut users = Rows::new("users", user_columns);
    let mut roles = Rows::new("user_roles", &["user_id", "role"]);
    let mut systems = Rows::new(
        "systems",
        &[
            "id",
            "lead_council_id",
            "reference",
            "title",
            "description",
            "regime",
            "system_type",
            "start_date",
            "term",
            "end_date",
            "estimated_value_pence",
            "quality_weight",
            "price_weight",
            "status",
            "window_open",
            "awarded",
            "version",
            "created_at",
            "updated_at",
            "opened_at",
        ],
    );
    let mut lots = Rows::new(
        "lots",
        &[
            "id",
            "system_id",
            "number",
            "service_type",
            "title",
            "description",
        ],
    );
    let mut evidence_types = Rows::new(
        "evidence_types",
        &[
            "id",
            "system_id",
            "position",
            "name",
            "value_kind",
            "mandatory",
            "expires",
            "lots",
        ],
    );
    let mut sections = Rows::new(
        "question_sections",
        &["id", "system_id", "position", "title"],
    );
    let mut question_rows = Rows::new(
        "questions",
        &[
            "id",
            "system_id",
            "section_id",
            "position",
            "text",
            "kind",
            "marking",
            "mandatory",
            "lots",
        ],
    );
    let json = |value: serde_json::Result<String>| value.map_err(|e| invalid(e.to_string()));
    let mut scale_systems = Vec::with_capacity(COUNCILS);
    for n in 1..=COUNCILS {
        let council = ids.take("organisations");
        let name = marker_name(n);
        organisations.push(row![
            council,
            "council",
            name.as_str(),
            name.to_lowercase(),
            now
        ]);
        let evaluator = ids.take("users");
        users.push(row![
            evaluator,
            council,
            format!("evaluator@scale-council-{n:03}.example.gov.uk"),
            format!("Scale Evaluator {n:03}"),
            password_hash.as_str(),
            true,
            true,
            now,
        ]);
        roles.push(row![evaluator, "commissioner"]);
        roles.push(row![evaluator, "evaluator"]);
        let system = ids.take("systems");
        systems.push(row![
            system,
            council,
            format!("SC{n:03}-DPS-2024"),
            format!("{name} home care and family support DPS"),
            format!("Care for children and young people with complex health needs in the family home, support for their families and therapeutic family support, for {name}. Run as a Regulation 34 DPS; call-offs are priced per hour."),
            "pcr_2015",
            "reg34_dps",
            "2024-04-01",
            "2+1+1",
            "2028-03-31",
            720_000_000i64,
            60i64,
            40i64,
            "open",
            false,
            false,
            1i64,
            now,
            now,
            now,
        ]);
        for (number, (service_type, title, description)) in LOTS.iter().enumerate() {
            lots.push(row![
                ids.take("lots"),
                system,
                number as i64 + 1,
                *service_type,
                *title,
                *description
            ]);
        }
        for (position, (name, mandatory, expires)) in EVIDENCE_TYPES.iter().enumerate() {
            evidence_types.push(row![
                ids.take("evidence_types"),
                system,
                position as i64 + 1,
                *name,
                EvidenceKind::Document.as_str(),
                *mandatory,
                *expires,
                "[]"
            ]);
        }
        let section = ids.take("question_sections");
        sections.push(row![section, system, 1i64, SECTION]);
        for (position, (text, kind, marking)) in questions().into_iter().enumerate() {
            question_rows.push(row![
                ids.take("questions"),
                system,
                section,
                position as i64 + 1,
                text,
                json(serde_json::to_string(&kind))?,
                json(serde_json::to_string(&marking))?,
                true,
                "[]"
            ]);
        }
        scale_systems.push((SystemId(system), evaluator));
    }
    for rows in [
        &mut organisations,
        &mut users,
        &mut roles,
        &mut systems,
        &mut lots,
        &mut evidence_types,
        &mut sections,
        &mut question_rows,
    ] {
        rows.write(&mut tx, &mut counts).await?;
    }

    // The systems as the pages read them: applications are made from these.
    let failed = |e: app::error::AppError| invalid(format!("reading a system: {e:?}"));
    let load = async |conn: &mut AnyConnection, id: SystemId| -> Result<SystemView, AdminError> {
        let row = app::systems::repo::find(conn, id)
            .await?
            .ok_or_else(|| invalid(format!("system {id} vanished")))?;
        // Read inside the load's own transaction: nothing of it may be kept.
        let uncached = app::systems::cache::SystemCache::default();
        app::systems::service::queries::view(conn, &uncached, row)
            .await
            .map_err(failed)
    };
    let target = |view: SystemView, holidays: Holidays, evaluator: Option<i64>| {
        // A lot is open to a library of documents when no registration it needs is
        // mandatory (Haringey's home care lot needs a CQC registration).
        let lots: Vec<LotId> = view
            .lots
            .iter()
            .map(|l| l.id)
            .filter(|lot| {
                !view.evidence_types.iter().any(|t| {
                    t.mandatory && t.kind != EvidenceKind::Document && t.applies_to_any(&[*lot])
                })
            })
            .collect();
        Target {
            view,
            holidays,
            lots,
            evaluator,
        }
    };
    let mut targets = Vec::with_capacity(COUNCILS);
    for (id, evaluator) in &scale_systems {
        let view = load(&mut tx, *id).await?;
        targets.push(target(
            view,
            Holidays::england_and_wales(),
            Some(*evaluator),
        ));
    }
    let (haringey_holidays, _) =
        app::council_settings::service::clock_settings(&mut tx, haringey_council)
            .await
            .map_err(failed)?;
    let haringey_view = load(&mut tx, haringey_system).await?;
    let haringey = target(haringey_view, haringey_holidays, Some(haringey_evaluator));
    if haringey.lots.is_empty() {
        return Err(invalid(format!(
            "{HARINGEY_SYSTEM} has no lot a provider with documents alone can apply to"
        )));
    }

    // Providers, block by block: each with its admin, library and three applications.
    let mut profiles = Rows::new(
        "provider_profiles",
        &[
            "organisation_id",
            "company_number",
            "ppon",
            "registered_address",
            "updated_at",
        ],
    );
    let mut items = Rows::new(
        "evidence_items",
        &[
            "id",
            "organisation_id",
            "kind",
            "title",
            "reference",
            "rating",
            "file_name",
            "stored_name",
            "file_kind",
            "file_size",
            "expires_on",
            "added_by",
            "created_at",
        ],
    );
    let mut applications = Rows::new(
        "applications",
        &[
            "id",
            "system_id",
            "organisation_id",
            "status",
            "lots",
            "company_number",
            "ppon",
            "registered_address",
            "declared_by",
            "submitted_at",
            "submitted_on",
            "decision_due",
            "decided_at",
            "snapshot",
            "outcome",
            "decided_by",
            "version",
            "created_by",
            "created_at",
            "updated_at",
        ],
    );
    let mut answers = Rows::new(
        "application_answers",
        &["application_id", "question_id", "answer"],
    );
    let mut attached = Rows::new(
        "application_evidence",
        &["application_id", "evidence_type_id", "evidence_item_id"],
    );
    let mut submitted_items = Rows::new(
        "submitted_evidence",
        &["application_id", "evidence_item_id"],
    );
    let mut evaluations = Rows::new(
        "evaluations",
        &[
            "application_id",
            "criterion",
            "evaluation",
            "evaluator_id",
            "evaluated_at",
        ],
    );
    let mut memberships = Rows::new(
        "memberships",
        &[
            "system_id",
            "lot_id",
            "organisation_id",
            "application_id",
            "admitted_at",
        ],
    );
    let accepted = json(serde_json::to_string(&Evaluation::Accepted))?;
    let mut due_dates: HashMap<(SystemId, time::Date), String> = HashMap::new();
    for block in (0..PROVIDERS).step_by(BLOCK) {
        for p in block..(block + BLOCK).min(PROVIDERS) {
            let n = p + 1;
            let organisation = ids.take("organisations");
            let name = format!("Scale Provider {n:05} Ltd");
            organisations.push(row![
                organisation,
                "provider",
                name.as_str(),
                name.to_lowercase(),
                now
            ]);
            let user = ids.take("users");
            users.push(row![
                user,
                organisation,
                format!("scale-provider-{n:05}@scale.example.com"),
                format!("Scale Admin {n:05}"),
                password_hash.as_str(),
                true,
                true,
                now,
            ]);
            roles.push(row![user, "provider_admin"]);
            let standing = OrganisationAnswers {
                company_number: format!("{:08}", 10_000_000 + n),
                ppon: String::new(),
                registered_address: format!(
                    "Unit {}, {} Business Park, {}",
                    n % 90 + 1,
                    TOWNS[n % TOWNS.len()],
                    TOWNS[n % TOWNS.len()]
                ),
            };
            profiles.push(row![
                organisation,
                standing.company_number.as_str(),
                "",
                standing.registered_address.as_str(),
                now
            ]);

            // The library, as the pages show it (newest first does not matter here).
            let mut library: Vec<EvidenceItem> = Vec::with_capacity(ITEMS_PER_PROVIDER);
            for (k, title) in LIBRARY.iter().enumerate() {
                let id = ids.take("evidence_items");
                let file_name = format!(
                    "{}.pdf",
                    title
                        .split_whitespace()
                        .take(3)
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                let size = 40_000 + ((id * 7_919) % 1_900_000);
                let expires_on = (*title == INSURANCE).then(|| next_year.clone());
                let created_at = now - 86_400 * (30 + (k as i64) * 3 + (p as i64 % 30));
                let row = ItemRow {
                    id: EvidenceItemId(id),
                    organisation_id: OrganisationId(organisation),
                    kind: EvidenceKind::Document,
                    title: title.to_string(),
                    reference: String::new(),
                    rating: String::new(),
                    file_name: Some(file_name.clone()),
                    stored_name: Some(stored_name(id)),
                    file_kind: Some("pdf".to_string()),
                    file_size: Some(size),
                    expires_on: expires_on.clone(),
                    created_at,
                };
                items.push(row![
                    id,
                    organisation,
                    EvidenceKind::Document.as_str(),
                    *title,
                    "",
                    "",
                    file_name,
                    row.stored_name.clone(),
                    "pdf",
                    size,
                    expires_on,
                    user,
                    created_at,
                ]);
                library.push(app::evidence::service::view(row, &today_iso));
            }

            for k in 0..APPLICATIONS_PER_PROVIDER {
                let index = p * APPLICATIONS_PER_PROVIDER + k;
                // Three distinct systems per provider (one live application each), 300
                // applications to each; the first providers' first go to Haringey, to
                // wait in its queue or, the next ones', admitted.
                let to_haringey = k == 0 && p < HARINGEY_QUEUE + HARINGEY_MEMBERS;
                let (target, fate) = if to_haringey {
                    let fate = match p < HARINGEY_QUEUE {
                        true => Fate::Submitted,
                        false => Fate::Admitted,
                    };
                    (&haringey, fate)
                } else {
                    (&targets[index % COUNCILS], Fate::of(mix(index)))
                };
                let system = &target.view;
                let chosen: Vec<LotId> = match (mix(index) / 400) % 3 {
                    0 => vec![target.lots[0]],
                    1 => vec![*target.lots.last().unwrap_or(&target.lots[0])],
                    _ => target.lots.iter().take(2).copied().collect(),
                };
                let applied: Vec<i64> = chosen.iter().map(|l| l.get()).collect();
                let id = ids.take("applications");
                let mut fail = fate == Fate::Rejected;
                let mut given: HashMap<i64, Answer> = HashMap::new();
                for section in &system.sections {
                    for question in section.questions.iter().map(|q| q.rule()) {
                        if !question.applies_to_any(&applied) {
                            continue;
                        }
                        let answer = match question.kind {
                            QuestionKind::Evidence { .. } => {
                                library.first().map(|i| Answer::Evidence(i.id.get()))
                            }
                            _ => answer_for(&question, &mut fail),
                        };
                        if let Some(answer) = answer {
                            given.insert(question.id, answer);
                        }
                    }
                }
                let mut attachments: HashMap<EvidenceTypeId, EvidenceItemId> = HashMap::new();
                for wanted in system
                    .evidence_types
                    .iter()
                    .filter(|t| t.applies_to_any(&chosen))
                {
                    let fits = |i: &&EvidenceItem| {
                        app::applications::attachments::attachable(wanted, i, &today_iso).is_ok()
                    };
                    let item = library
                        .iter()
                        .filter(fits)
                        .find(|i| i.title == wanted.name)
                        .or_else(|| library.iter().find(fits));
                    if let Some(item) = item {
                        attachments.insert(wanted.id, item.id);
                    }
                }
                for (question, answer) in &given {
                    answers.push(row![id, *question, json(serde_json::to_string(answer))?]);
                }
                for (evidence_type, item) in &attachments {
                    attached.push(row![id, evidence_type.get(), item.get()]);
                }
                let lots_json = serde_json::Value::from(applied.clone()).to_string();
                let days_ago = ((mix(index) / 20) % 20) as i64;
                let created_at = now - 86_400 * (days_ago + 3);
                if fate == Fate::Draft {
                    applications.push(row![
                        id,
                        system.id.get(),
                        organisation,
                        fate.status(),
                        lots_json,
                        standing.company_number.as_str(),
                        "",
                        standing.registered_address.as_str(),
                        None::<i64>,
                        None::<i64>,
                        None::<String>,
                        None::<String>,
                        None::<i64>,
                        None::<String>,
                        None::<String>,
                        None::<i64>,
                        1i64,
                        user,
                        created_at,
                        created_at + 600,
                    ]);
                    continue;
                }

                // Submitted: frozen as the app freezes it, on a day in the last 20.
                let draft = Draft {
                    id: ApplicationId(id),
                    system,
                    lots: &chosen,
                    organisation: &standing,
                    answers: &given,
                    attachments: &attachments,
                    library: &library,
                    today: &today_iso,
                };
                let blockers = draft.blockers();
                if let Some(blocker) = blockers.first() {
                    return Err(invalid(format!(
                        "scale application to {} could not be submitted: {}",
                        system.reference, blocker.message
                    )));
                }
                let snapshot = draft.snapshot();
                let submitted_at = now - 86_400 * days_ago - ((index as i64 * 37) % 28_800);
                let submitted_on = uk_date(submitted_at);
                let decision_due = due_dates
                    .entry((system.id, submitted_on))
                    .or_insert_with(|| {
                        DecisionClock::reg34(submitted_on)
                            .due_on(&target.holidays)
                            .to_string()
                    })
                    .clone();
                let mut items_given: Vec<i64> = attachments.values().map(|i| i.get()).collect();
                items_given.extend(given.values().filter_map(|a| match a {
                    Answer::Evidence(item) => Some(*item),
                    _ => None,
                }));
                items_given.sort_unstable();
                items_given.dedup();
                for item in &items_given {
                    submitted_items.push(row![id, *item]);
                }

                let mut decided = (None, None, None);
                if matches!(fate, Fate::Admitted | Fate::Rejected) {
                    let evaluator = target
                        .evaluator
                        .ok_or_else(|| invalid("only scale systems get decided applications"))?;
                    let decided_at = (submitted_at + 2 * 86_400).min(now);
                    let judged: Vec<CriterionOutcome> = snapshot
                        .criteria
                        .iter()
                        .map(|c| CriterionOutcome {
                            evaluation: (c.mark == Mark::NeedsEvaluator)
                                .then_some(Evaluation::Accepted),
                            ..c.clone()
                        })
                        .collect();
                    for c in judged.iter().filter(|c| c.evaluation.is_some()) {
                        evaluations.push(row![
                            id,
                            key(c.criterion),
                            accepted.as_str(),
                            evaluator,
                            decided_at - 3_600
                        ]);
                    }
                    let decision = match fate {
                        Fate::Admitted => Decision::Admit {
                            lots: applied.clone(),
                            reasons: Vec::new(),
                        },
                        _ => Decision::Reject {
                            reasons: judged
                                .iter()
                                .filter(|c| c.mark == Mark::Fail)
                                .map(|c| (c.criterion, "The declaration given here is a mandatory exclusion ground under the selection criteria.".to_string()))
                                .collect(),
                        },
                    };
                    let outcome = validate(&decision, &judged, &applied).map_err(|problems| {
                        invalid(format!("scale decision refused: {problems:?}"))
                    })?;
                    for lot in &outcome.admitted {
                        memberships.push(row![system.id.get(), *lot, organisation, id, decided_at]);
                    }
                    let titles: Vec<(String, String)> = judged
                        .iter()
                        .map(|c| (key(c.criterion), c.title.clone()))
                        .collect();
                    let stored = serde_json::json!({ "outcome": outcome, "titles": titles });
                    decided = (Some(decided_at), Some(stored.to_string()), Some(evaluator));
                }
                let (decided_at, outcome, decided_by) = decided;
                applications.push(row![
                    id,
                    system.id.get(),
                    organisation,
                    fate.status(),
                    lots_json,
                    standing.company_number.as_str(),
                    "",
                    standing.registered_address.as_str(),
                    Some(user),
                    Some(submitted_at),
                    Some(submitted_on.to_string()),
                    Some(decision_due),
                    decided_at,
                    Some(json(serde_json::to_string(&snapshot))?),
                    outcome,
                    decided_by,
                    1i64,
                    user,
                    created_at.min(submitted_at - 3_600),
                    decided_at.unwrap_or(submitted_at),
                ]);
            }
        }
        for rows in [
            &mut organisations,
            &mut users,
            &mut roles,
            &mut profiles,
            &mut items,
            &mut applications,
            &mut answers,
            &mut attached,
            &mut submitted_items,
            &mut evaluations,
            &mut memberships,
        ] {
            rows.write(&mut tx, &mut counts).await?;
        }
    }

    // Placement requests and their offers in the lots these providers now belong to.
    crate::seed_scale_placements::load(
        &mut tx,
        &state.audit_key,
        db.backend,
        now,
        &scale_systems,
        &mut counts,
    )
    .await?;

    // PostgreSQL's identity columns generate from a sequence that explicit ids do not
    // move; SQLite's AUTOINCREMENT follows the largest id inserted by itself.
    if db.backend == Backend::Postgres {
        for table in ID_TABLES {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    if db.backend == Backend::Postgres {
        // As after any bulk load: VACUUM sets the hint bits and the visibility map that
        // the first reads would otherwise write (and autovacuum would, in the middle of
        // the bench), and ANALYZE gives the planner the tables' new sizes.
        let mut conn = db.pool.acquire().await?;
        for table in [
            "organisations",
            "users",
            "evidence_items",
            "applications",
            "application_answers",
            "application_evidence",
            "submitted_evidence",
            "evaluations",
            "memberships",
        ]
        .into_iter()
        .chain(crate::seed_scale_placements::TABLES)
        {
            sqlx::query(&format!("VACUUM (ANALYZE) {table}"))
                .execute(&mut *conn)
                .await?;
        }
        // Write the load's dirty pages out now rather than in a checkpoint spread over
        // the next minutes, under whatever runs next. Needs the right to: skip if not.
        if let Err(error) = sqlx::query("CHECKPOINT").execute(&mut *conn).await {
            tracing::warn!(%error, "no CHECKPOINT after the load");
        }
    }
    if db.backend == Backend::Sqlite {
        // The transaction went through the write-ahead log: fold it into the database
        // and shrink the log back, rather than leave a log as big as the data.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&db.pool)
            .await?;
    }
    // SQLite gets no ANALYZE: the portal never runs one, so its planner works without
    // statistics in service too, and the bench should measure what users get.
    Ok(Outcome::Loaded {
        rows: counts,
        took: started.elapsed(),
    })
}
