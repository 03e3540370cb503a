//! Placement requests at national scale, the last step of `seed-scale`: about 50,000
//! requests and 500,000 offers in the lots of the 200 scale councils' DPSs, in every
//! state a request reaches (open and sealed, closed awaiting marks, marked awaiting
//! award, awarded with its placement, cancelled), plus the demo councils' share:
//!
//! - Haringey's commissioner (`commissioner@haringey.example.gov.uk`) gets 300 requests
//!   in the two lots of its DPS that seed-scale admits providers to, among them one
//!   closed yesterday with exactly [`HARINGEY_FULL_OFFERS`] offers, every answer marked:
//!   a full evaluation table. No other Haringey request has more than 30 offers, so
//!   that one is easy to find.
//! - Oak Tree (`manager@oaktree.example.co.uk`) is invited to 300 of Sefton's
//!   pseudo-DPS requests in the lot it is admitted to, 25 of them still open.
//!
//! Each request goes to every admitted, non-suspended provider of its lot as the lot
//! stands when this runs (the rule a live issue follows; only a lot of more than
//! [`MAX_RECIPIENTS`] would be sampled, and none is), and every answer comes from one of
//! those recipients. Offers are read by the app's own form rules (`OfferForm::parse`), so
//! the weekly cost and whole-life value are the portal's own sums; rankings and award
//! routing are the app's (`scoring::rank`, `approval::route`). Who awards follows the
//! council's limits (commissioner, or its approver; a council without an approver leaves
//! higher values marked and awaiting approval). Nobody is a transition case: the end
//! date stops before an 18th birthday.
//!
//! The scale memberships date from the last 20 days (their applications' decisions),
//! while the requests go back two years: the pages never compare the two.
//!
//! Everything runs in seed-scale's transaction, so a failed run leaves nothing behind,
//! and rows are built a block of requests at a time (bounded memory), with explicit ids.

use crate::admin::AdminError;
use crate::seed_scale::{row, Ids, Rows, HARINGEY_SYSTEM, V};
use app::audit::anchor::AuditKey;
use app::calendar::{uk_date, uk_instant};
use app::db::Backend;
use app::ids::{RequestId, SystemId};
use app::money::Money;
use app::placements::approval::{route, ApprovalLimits, Route, DEFAULT_LIMITS};
use app::placements::lifecycle::{status_on, PlacementStatus};
use app::placements::offer_form::{OfferForm, Terms};
use app::placements::person_seal::PersonSeal;
use app::placements::retention::{erase_from, DEFAULT_RETENTION_MONTHS};
use app::placements::scoring::{rank, Mark, Scorable};
use app::placements::transition::{age_on, eighteenth_birthday, is_transition};
use app::placements::types::{DeclineReason, RiskFlag, Urgency};
use app::systems::types::SystemType;
use app::systems::weights::AwardWeights;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, HashMap};
use time::{Date, Duration, Time};

/// Tables this step writes, for the PostgreSQL VACUUM after the load.
pub const TABLES: [&str; 8] = [
    "accepted_evidence",
    "placement_requests",
    "placement_people",
    "request_recipients",
    "responses",
    "offer_versions",
    "offer_marks",
    "placements",
];

/// Requests in the scale councils' lots: about 247 a council.
pub const SCALE_REQUESTS: usize = 49_400;
pub const HARINGEY_REQUESTS: usize = 300;
pub const SEFTON_REQUESTS: usize = 300;
/// Offers on the one Haringey request whose evaluation table is full.
pub const HARINGEY_FULL_OFFERS: usize = 40;
/// Any other Haringey request has at most this many.
const HARINGEY_CAP: usize = 30;
/// A lot with more eligible providers than this would be sent to a sample of them.
pub const MAX_RECIPIENTS: usize = 200;
const SEFTON_SYSTEM: &str = "SEF-CYP-PDPS";
const SEFTON_LOT: &str = "residential_childrens_home";
/// Requests built before their rows are written.
const BLOCK: usize = 1_000;
const DAY: i64 = 86_400;
/// How far back requests go.
const HISTORY_DAYS: i64 = 730;

/// A deterministic generator (splitmix64): the same data on every run and database.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// From `lo` to `hi`, both included.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1).max(1) as u64) as i64
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// What a lot buys, which sets a request's wording and an offer's price.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Service {
    HomeCare,
    FamilySupport,
    Therapeutic,
    Residential,
}

impl Service {
    fn of(service_type: &str) -> Service {
        match service_type {
            "home_care" => Service::HomeCare,
            "family_therapeutic_support" => Service::Therapeutic,
            "residential_childrens_home" => Service::Residential,
            _ => Service::FamilySupport,
        }
    }

    fn placement_type(self, block: bool) -> &'static str {
        match (self, block) {
            (Service::HomeCare, _) => "Home care package",
            (Service::FamilySupport, true) => "Family support hours",
            (Service::FamilySupport, false) => "Family support package",
            (Service::Therapeutic, _) => "Therapeutic family support",
            (Service::Residential, _) => "Residential children's home",
        }
    }

    /// Per cent of requests priced as a block of hours.
    fn block_share(self) -> usize {
        match self {
            Service::HomeCare => 100,
            Service::FamilySupport => 70,
            Service::Therapeutic | Service::Residential => 0,
        }
    }

    fn needs(self) -> &'static [&'static str] {
        match self {
            Service::HomeCare => &[
                "Needs personal care morning and evening, overnight suction and PEG feeding; two carers for moving and handling.",
                "Has complex epilepsy with rescue medication; needs trained carers for personal care after school and at weekends.",
                "Uses a wheelchair and needs hoisting; support with personal care, meals and medication so the family can keep caring.",
                "Long-term ventilation at night; needs carers trained in tracheostomy care while a parent sleeps.",
            ],
            Service::FamilySupport => &[
                "Parents need practical help with routines, school mornings and bedtimes for three children, one with ADHD.",
                "A single parent recovering from surgery needs help with the household and getting two children to school.",
                "The family needs support to keep the home safe and clean and to manage money, after a child protection plan.",
                "Support for a young carer's family: help with shopping, meals and appointments so the child can attend school.",
            ],
            Service::Therapeutic => &[
                "Family relationships have broken down after the child disclosed abuse; needs trauma-informed family therapy at home.",
                "Child-to-parent violence; the family needs a therapeutic programme such as NVR with a named practitioner.",
                "Adopted child with attachment difficulties; adoptive parents need therapeutic parenting support at home.",
                "Reunification after a period in care; the family needs therapeutic support through the return home.",
            ],
            Service::Residential => &[
                "Needs a small home with one or two other young people, waking night staff and a consistent key worker.",
                "Has been going missing and is at risk of exploitation; needs a home away from the area with a strong safety plan.",
                "Autistic young person who needs a predictable routine, a low-arousal home and help to return to education.",
                "Needs a solo placement for a short period after a placement breakdown, then a plan to move to a shared home.",
            ],
        }
    }

    fn questions(self) -> &'static [&'static str] {
        match self {
            Service::HomeCare => &[
                "How will you recruit and train carers for the clinical tasks described?",
                "How will you make sure the same carers visit, and cover sickness and holidays?",
                "How will you work with the community nursing team and the family?",
                "What is your plan for the first two weeks of the package?",
            ],
            Service::FamilySupport => &[
                "How will you build a working relationship with the parents in the first month?",
                "How will you measure progress against the family's plan?",
                "How will you cover visits at short notice?",
                "How will you involve the children's school and health visitor?",
            ],
            Service::Therapeutic => &[
                "Which therapeutic model will you use, and why does it fit this family?",
                "Who will deliver the sessions, and what are their qualifications?",
                "How will you report progress to the social worker?",
                "How will you keep everyone safe if the violence escalates?",
            ],
            Service::Residential => &[
                "How will you keep the young person safe at night?",
                "How will you support the young person's education from the first week?",
                "How will you match the young person with the others living in the home?",
                "How will you keep contact with family going?",
            ],
        }
    }

    fn includes(self) -> &'static [&'static str] {
        match self {
            Service::HomeCare => &[
                "All care hours, carers' travel time, supervision by a registered nurse and a monthly review",
                "Care hours with two carers where needed, travel, training for the clinical tasks and on-call cover",
            ],
            Service::FamilySupport => &[
                "All support hours, travel, a named family support worker and written notes after every visit",
                "Support hours, travel, supervision and a review with the social worker every six weeks",
            ],
            Service::Therapeutic => &[
                "Weekly sessions at home, a clinical psychologist's supervision, written reports every four weeks",
                "Assessment, 12 family sessions, parenting sessions and a closing report",
            ],
            Service::Residential => &[
                "Accommodation, care and support, waking night staff, education support and activities",
                "Accommodation, 1:1 staffing in the day, therapy weekly, transport to school and contact",
            ],
        }
    }

    fn staffing(self) -> &'static [&'static str] {
        match self {
            Service::HomeCare => &["1:1", "2:1 for moving and handling", "1:1, 2:1 at night"],
            Service::FamilySupport => &["1:1", "1 worker per family"],
            Service::Therapeutic => &["1 therapist per family", "2 practitioners per session"],
            Service::Residential => &["1:1 day, waking night", "2:1 day, 1:1 night", "1:2"],
        }
    }

    /// Weekly price of a spot offer, in pounds, before a provider's own factor.
    fn weekly_pounds(self) -> i64 {
        match self {
            Service::Residential => 5_600,
            Service::Therapeutic => 1_150,
            _ => 780,
        }
    }

    /// Hourly rate of a block offer, in pence, before a provider's own factor.
    fn hourly_pence(self) -> i64 {
        match self {
            Service::HomeCare => 2_650,
            _ => 2_300,
        }
    }

    /// Hours a week of a block request: from, to.
    fn hours(self) -> (i64, i64) {
        match self {
            Service::HomeCare => (10, 35),
            _ => (4, 15),
        }
    }

    /// Placement length in weeks: from, to.
    fn weeks(self) -> (i64, i64) {
        match self {
            Service::Therapeutic => (8, 26),
            Service::Residential => (12, 40),
            _ => (12, 52),
        }
    }

    /// Ages of the children: from, to.
    fn ages(self) -> (i64, i64) {
        match self {
            Service::Residential => (9, 17),
            _ => (1, 16),
        }
    }
}

/// Answers to a quality question, by the question's position; a provider keeps to its own.
const ANSWERS: [&[&str]; 4] = [
    &[
        "We have a trained team in the area already: two named staff would start, both with the training in date, and a third would shadow them for a fortnight.",
        "We recruit locally through our own academy; new staff complete the Care Certificate and the specific training before they work alone.",
        "Our clinical lead trains and signs off every member of staff on each task; competence is checked again every six months.",
    ],
    &[
        "A core team of three covers every visit; our coordinator plans cover four weeks ahead and a senior worker steps in at short notice.",
        "We keep a small pool of staff the family has met, so that cover is never a stranger; rotas go to the family weekly.",
        "The registered manager reviews continuity every month and reports any visit by someone new to the social worker.",
    ],
    &[
        "We share a written plan with every professional involved, attend the team around the family meetings and report monthly.",
        "A named lead keeps in touch with the social worker weekly and with the school each half term, and records every contact.",
        "We agree how we will work together at the first meeting and review it after six weeks with the family present.",
    ],
    &[
        "A planned start: introductions, a shared plan in the first week and a review of how it is going at the end of the second.",
        "Our manager visits before the start, agrees the routine with the family and is on call throughout the first fortnight.",
        "We set three goals with the family in the first week and report on them to the social worker at day 14.",
    ],
];

const COMMENTS: [&str; 6] = [
    "Does not answer the question.",
    "Poor: does not show how the need would be met.",
    "Limited: answers part of the question only.",
    "Acceptable: meets the need in general terms, with little detail.",
    "Good: a clear plan that meets the need; some detail missing on review.",
    "Excellent: a specific plan with named staff and clear review points.",
];

const CANCEL_REASONS: [&str; 4] = [
    "The family's circumstances changed and the placement is no longer needed.",
    "The young person was placed with a relative under a kinship arrangement.",
    "The needs were reassessed and a different service is being arranged.",
    "The request went out with the wrong dates; a corrected request follows.",
];

const FIRST_NAMES: [&str; 16] = [
    "Amelia", "Noah", "Olivia", "Leo", "Isla", "Oscar", "Ava", "Arlo", "Mia", "Theo", "Freya",
    "Finley", "Lily", "Harry", "Ivy", "Jack",
];
const LAST_NAMES: [&str; 16] = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "Khan", "Hughes",
];
const STREETS: [&str; 8] = [
    "Elm Road",
    "Station Road",
    "Church Lane",
    "Victoria Street",
    "Park Avenue",
    "Mill Lane",
    "Queens Road",
    "The Crescent",
];
/// Towns of the scale councils (by number, as seed-scale's providers), with a
/// postcode district: an area, never an address.
static SCALE_AREAS: [(&str, &str); 10] = [
    ("Leeds", "LS9"),
    ("Bristol", "BS5"),
    ("Norwich", "NR3"),
    ("Exeter", "EX4"),
    ("Carlisle", "CA2"),
    ("Derby", "DE23"),
    ("Luton", "LU4"),
    ("Swindon", "SN2"),
    ("Preston", "PR1"),
    ("Ipswich", "IP4"),
];
static HARINGEY_AREAS: [(&str, &str); 5] = [
    ("Tottenham", "N17"),
    ("Wood Green", "N22"),
    ("Hornsey", "N8"),
    ("Muswell Hill", "N10"),
    ("Seven Sisters", "N15"),
];
static SEFTON_AREAS: [(&str, &str); 5] = [
    ("Bootle", "L20"),
    ("Southport", "PR8"),
    ("Crosby", "L23"),
    ("Maghull", "L31"),
    ("Formby", "L37"),
];

/// The council users a request passes through.
#[derive(Clone, Copy)]
struct Staff {
    commissioner: i64,
    evaluator: i64,
    approver: Option<i64>,
}

/// One lot requests are issued in, and how many.
struct Campaign {
    council: i64,
    staff: Staff,
    limits: ApprovalLimits,
    system: i64,
    system_type: SystemType,
    weights: AwardWeights,
    lot: i64,
    service: Service,
    recipients: Vec<i64>,
    areas: &'static [(&'static str, &'static str)],
    reference_prefix: &'static str,
    requests: usize,
    /// Of them, still taking offers (unless cancelled).
    open: usize,
    /// Per cent of recipients that offer, and that decline.
    offer_share: usize,
    decline_share: usize,
    cap: usize,
    /// The newest closed request gets exactly this many offers, every answer marked.
    full: Option<usize>,
}

/// Rows of one block of requests.
struct Tables {
    requests: Rows,
    people: Rows,
    recipients: Rows,
    responses: Rows,
    versions: Rows,
    marks: Rows,
    placements: Rows,
}

impl Tables {
    fn new() -> Self {
        Tables {
            requests: Rows::new(
                "placement_requests",
                &[
                    "id",
                    "council_id",
                    "system_id",
                    "lot_id",
                    "reference",
                    "kind",
                    "urgency",
                    "age_years",
                    "gender",
                    "needs_summary",
                    "send_ehcp",
                    "risk_flags",
                    "siblings",
                    "pets",
                    "preferred_area",
                    "max_distance_miles",
                    "placement_type",
                    "start_date",
                    "end_date",
                    "bespoke",
                    "minutes_per_week",
                    "guaranteed_minutes",
                    "questions",
                    "transition",
                    "issued_by",
                    "issued_at",
                    "deadline",
                    "all_agreed_shorter",
                    "status",
                    "cancel_reason",
                    "tie_break",
                    "version",
                    "person_erased_at",
                    "person_erased_reason",
                ],
            ),
            people: Rows::new(
                "placement_people",
                &[
                    "request_id",
                    "full_name",
                    "date_of_birth",
                    "address",
                    "local_reference",
                ],
            ),
            recipients: Rows::new("request_recipients", &["request_id", "organisation_id"]),
            responses: Rows::new(
                "responses",
                &[
                    "request_id",
                    "organisation_id",
                    "state",
                    "version",
                    "decline_reason",
                    "decline_detail",
                    "excluded_reason",
                    "updated_at",
                ],
            ),
            versions: Rows::new(
                "offer_versions",
                &[
                    "request_id",
                    "organisation_id",
                    "version",
                    "weekly_price_pence",
                    "hourly_rate_pence",
                    "discount_bp",
                    "includes",
                    "extras",
                    "start_date",
                    "area",
                    "answers",
                    "staffing_ratio",
                    "weekly_cost_pence",
                    "value_pence",
                    "submitted_by",
                    "submitted_at",
                ],
            ),
            marks: Rows::new(
                "offer_marks",
                &[
                    "request_id",
                    "organisation_id",
                    "question",
                    "mark",
                    "comment",
                    "marked_by",
                    "marked_at",
                ],
            ),
            placements: Rows::new(
                "placements",
                &[
                    "id",
                    "council_id",
                    "request_id",
                    "system_id",
                    "lot_id",
                    "organisation_id",
                    "route",
                    "justification",
                    "weekly_price_pence",
                    "start_date",
                    "end_date",
                    "value_pence",
                    "status",
                    "standstill_days",
                    "contract_from",
                    "awarded_by",
                    "cabinet_reference",
                    "awarded_at",
                    "winning_total",
                    "hourly_rate_pence",
                    "minutes_per_week",
                    "guaranteed_minutes",
                    "discount_bp",
                ],
            ),
        }
    }

    /// In the order the foreign keys need.
    async fn write(
        &mut self,
        conn: &mut AnyConnection,
        counts: &mut BTreeMap<&'static str, u64>,
    ) -> sqlx::Result<()> {
        for rows in [
            &mut self.requests,
            &mut self.people,
            &mut self.recipients,
            &mut self.responses,
            &mut self.versions,
            &mut self.marks,
            &mut self.placements,
        ] {
            rows.write(conn, counts).await?;
        }
        Ok(())
    }
}

fn invalid(message: impl Into<String>) -> AdminError {
    AdminError::Invalid(message.into())
}

fn at(date: Date, hour: u8, minute: u8) -> i64 {
    uk_instant(
        date,
        Time::from_hms(hour, minute, 0).unwrap_or(Time::MIDNIGHT),
    )
}

/// A provider's own leaning, from its id: how dear it is, how good its answers.
fn leaning(organisation: i64) -> (i64, i64) {
    let mut rng = Rng::new(organisation as u64 ^ 0x0FF1_CE00);
    // price factor in per mille, 880..=1160; quality 2..=4
    (rng.range(880, 1_160), rng.range(2, 4))
}

fn money(pence: i64) -> String {
    format!("{}.{:02}", pence / 100, pence % 100)
}

/// The lot's request timing: when it went out, when offers close, and whether the
/// commissioner recorded that every invited provider agreed a shorter period.
fn timing(
    rng: &mut Rng,
    system_type: SystemType,
    urgency: Urgency,
    deadline_day: Date,
) -> (i64, i64, bool) {
    let dps = matches!(
        system_type,
        SystemType::Reg34Dps | SystemType::DynamicMarket
    );
    let urgency = match system_type {
        // A dynamic market has no shorter period by agreement.
        SystemType::DynamicMarket => Urgency::Later,
        _ => urgency,
    };
    let (days, hour) = match (urgency, dps) {
        (Urgency::Today, _) => (0, 17),
        (Urgency::WithinFiveDays, true) => (rng.range(2, 4), 17),
        (Urgency::WithinFiveDays, false) => (rng.range(1, 3), 17),
        (Urgency::Later, true) => (rng.range(10, 14), 12),
        (Urgency::Later, false) => (rng.range(5, 10), 12),
    };
    let deadline = at(deadline_day, hour, 0);
    let issued_on = deadline_day - Duration::days(days);
    let issued_at = at(issued_on, rng.range(8, 11) as u8, rng.range(0, 59) as u8);
    // Under a DPS a competition shorter than 10 days needs every invited provider's
    // agreement, recorded by the commissioner.
    let shorter = system_type == SystemType::Reg34Dps && days < 10;
    (issued_at, deadline, shorter)
}

/// What happened to a request, decided by how long ago its deadline passed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Open,
    /// Closed, no answer marked yet.
    Closed,
    /// Every answer marked; waiting for the award.
    Marked,
    Awarded,
    Cancelled,
}

struct Context<'a> {
    now: i64,
    seal: &'a PersonSeal,
    users: &'a HashMap<i64, i64>,
    ids: &'a mut Ids,
    tables: &'a mut Tables,
}

/// Builds one request, closing `offset` days from today, and everything that answers
/// it; `full` is the number of offers it must get, every answer marked.
fn request(
    ctx: &mut Context<'_>,
    campaign: &Campaign,
    offset: i64,
    full: Option<usize>,
    rng: &mut Rng,
) -> Result<(), AdminError> {
    let now = ctx.now;
    let today = uk_date(now);
    let service = campaign.service;
    let urgency = match (full, rng.below(10)) {
        (Some(_), _) => Urgency::Later,
        (_, 0) => Urgency::Today,
        (_, 1..=3) => Urgency::WithinFiveDays,
        _ => Urgency::Later,
    };
    let deadline_day = today + Duration::days(offset);
    let (issued_at, deadline, shorter) = timing(rng, campaign.system_type, urgency, deadline_day);
    let issued_at = issued_at.min(now - 600);
    let closed_days = (now - deadline) / DAY;
    let cancelled = full.is_none() && rng.percent(7);
    let mut stage = match () {
        _ if cancelled => Stage::Cancelled,
        _ if full.is_some() => Stage::Marked,
        _ if deadline > now => Stage::Open,
        _ if closed_days < 3 => match rng.percent(60) {
            true => Stage::Closed,
            false => Stage::Marked,
        },
        _ if closed_days < 21 => match rng.percent(35) {
            true => Stage::Marked,
            false => Stage::Awarded,
        },
        _ => match rng.percent(3) {
            true => Stage::Marked,
            false => Stage::Awarded,
        },
    };
    // Answers stop at the deadline, at a cancellation, or now.
    let cancelled_at = issued_at + (deadline - issued_at) * rng.range(15, 85) / 100;
    let answers_until = match stage {
        Stage::Cancelled => cancelled_at.min(now - 60),
        _ => deadline.min(now),
    };

    // The profile.
    let block = rng.percent(service.block_share());
    let start = deadline_day + Duration::days(rng.range(3, 14));
    let (least, most) = service.weeks();
    let mut end = start + Duration::days(rng.range(least, most) * 7 - 1);
    let (young, old) = service.ages();
    let age = rng.range(young, old);
    let mut born = start - Duration::days(age * 365 + age / 4 + rng.range(1, 360));
    if is_transition(born, start, end) {
        let before = eighteenth_birthday(born) - Duration::days(1);
        if before >= start + Duration::days(27) {
            end = before;
        } else {
            born += Duration::days(366);
        }
    }
    if is_transition(born, start, end) {
        return Err(invalid("a scale request came out as a transition"));
    }
    let id = ctx.ids.take("placement_requests");
    let mut flags: Vec<RiskFlag> = Vec::new();
    // Risks such as exploitation or self-harm are flagged for older children only.
    let risks = if age >= 10 { rng.range(0, 3) } else { 0 };
    for _ in 0..risks {
        let flag = *rng.pick(RiskFlag::ALL);
        if !flags.contains(&flag) {
            flags.push(flag);
        }
    }
    flags.sort();
    let flags: Vec<&str> = flags.iter().map(|f| f.as_str()).collect();
    let asked: usize = match (full, rng.below(10)) {
        (Some(_), _) => 3,
        (_, 0..=3) => 1,
        (_, 4..=7) => 2,
        _ => 3,
    };
    let mut pool: Vec<&str> = service.questions().to_vec();
    rng.shuffle(&mut pool);
    let questions: Vec<&str> = pool.into_iter().take(asked).collect();
    let (hours_least, hours_most) = service.hours();
    let minutes = block.then(|| rng.range(hours_least * 4, hours_most * 4) * 15);
    let guaranteed = minutes.map(|m| match rng.below(3) {
        0 => 0,
        1 => m / 60 * 30,
        _ => m,
    });
    let area = rng.pick(campaign.areas);
    let gender = match (service, rng.below(4)) {
        (Service::Residential, 0) => "female",
        (Service::Residential, 1) => "male",
        _ => "",
    };

    // Who was sent it, and who answered, when.
    let mut recipients = campaign.recipients.clone();
    if recipients.len() > MAX_RECIPIENTS {
        rng.shuffle(&mut recipients);
        recipients.truncate(MAX_RECIPIENTS);
        recipients.sort_unstable();
    }
    for organisation in &recipients {
        ctx.tables.recipients.push(row![id, *organisation]);
    }
    let mut order = recipients.clone();
    rng.shuffle(&mut order);
    let terms = Terms {
        start,
        end,
        questions: questions.len(),
        block: minutes.map(|m| (m as u32, guaranteed.unwrap_or(0) as u32)),
    };
    let window = (deadline - issued_at).max(60);
    // (provider, value, weekly cost, start, excluded)
    // (provider, value, weekly cost, start, excluded, hourly rate, discount)
    #[allow(clippy::type_complexity)]
    let mut standing: Vec<(i64, i64, i64, String, bool, Option<i64>, i64)> = Vec::new();
    let mut offers = 0;
    for (k, organisation) in order.iter().copied().enumerate() {
        let roll = rng.below(100);
        let offers_here = match full {
            Some(wanted) => k < wanted,
            None => roll < campaign.offer_share && offers < campaign.cap,
        };
        let declines_here = match full {
            Some(wanted) => k >= wanted && k < wanted + 8,
            None => !offers_here && roll >= 100 - campaign.decline_share,
        };
        let first = issued_at + window * rng.range(5, 90) / 100;
        if first >= answers_until || !(offers_here || declines_here) {
            continue;
        }
        let user = *ctx
            .users
            .get(&organisation)
            .ok_or_else(|| invalid(format!("provider {organisation} has no admin")))?;
        if declines_here {
            let reason = match rng.below(20) {
                0..=9 => DeclineReason::NoCapacity,
                10..=14 => DeclineReason::CannotMeetNeeds,
                15..=18 => DeclineReason::Location,
                _ => DeclineReason::Other,
            };
            let detail = match reason {
                DeclineReason::Other => "Our registered manager's post is vacant until next month.",
                _ => "",
            };
            ctx.tables.responses.push(row![
                id,
                organisation,
                "declined",
                0i64,
                reason.as_str(),
                detail,
                None::<String>,
                first
            ]);
            continue;
        }
        offers += 1;
        let (factor, _) = leaning(organisation);
        let (place, district) = rng.pick(campaign.areas);
        let form = |revision: i64, rng: &mut Rng| {
            let discount = 100 - 3 * revision;
            let mut form = OfferForm {
                includes: rng.pick(service.includes()).to_string(),
                start_date: (start
                    + Duration::days(rng.range(0, 3).min((end - start).whole_days())))
                .to_string(),
                area: format!("{place} ({district})"),
                answers: (0..questions.len())
                    .map(|q| {
                        ANSWERS[q % ANSWERS.len()][(organisation as usize + q) % 3].to_string()
                    })
                    .collect(),
                staffing_ratio: rng.pick(service.staffing()).to_string(),
                ..OfferForm::default()
            };
            if block {
                let rate = service.hourly_pence() * factor / 1_000 * discount / 100 / 5 * 5;
                form.hourly_rate = money(rate);
                if guaranteed.unwrap_or(0) > 0 {
                    form.discount = rng.pick(&["0", "2", "2.5", "3", "5"]).to_string();
                }
            } else {
                let weekly =
                    service.weekly_pounds() * factor / 1_000 * discount / 100 + rng.range(0, 99);
                form.weekly_price = money(weekly * 100 + rng.pick(&[0, 50]));
            }
            if rng.percent(25) {
                let (weekly, amount, reason) = match service {
                    Service::Residential => {
                        (true, 45_000, "2:1 staffing on weekend community activities")
                    }
                    Service::HomeCare => (
                        false,
                        35_000,
                        "Moving and handling training for the family's equipment",
                    ),
                    Service::Therapeutic => (
                        false,
                        60_000,
                        "Initial assessment by the clinical psychologist",
                    ),
                    Service::FamilySupport => (true, 4_000, "Mileage for school runs"),
                };
                form.extra_kind = vec![if weekly { "weekly" } else { "one_off" }.to_string()];
                form.extra_amount = vec![money(amount)];
                form.extra_reason = vec![reason.to_string()];
            }
            form
        };
        let revisions = match rng.below(100) {
            0..=84 => 1,
            85..=96 => 2,
            _ => 3,
        };
        let mut sent_at = first;
        let mut last = None;
        let mut sent = 0;
        for v in 1..=revisions {
            if v > 1 {
                sent_at += (answers_until - sent_at) * rng.range(10, 60) / 100;
                if sent_at >= answers_until {
                    break;
                }
            }
            let draft = form(v - 1, rng)
                .parse(terms)
                .map_err(|e| invalid(format!("a scale offer was refused: {:?}", e.errors)))?;
            ctx.tables.versions.push(row![
                id,
                organisation,
                v,
                draft.weekly_price.map(|m| m.pence()),
                draft.hourly_rate.map(|m| m.pence()),
                i64::from(draft.discount_bp),
                draft.includes.as_str(),
                serde_json::to_string(&draft.extras).map_err(|e| invalid(e.to_string()))?,
                draft.start_date.to_string(),
                draft.area.as_str(),
                serde_json::to_string(&draft.answers).map_err(|e| invalid(e.to_string()))?,
                draft.staffing_ratio.as_str(),
                draft.weekly_cost.pence(),
                draft.value.pence(),
                user,
                sent_at
            ]);
            sent = v;
            last = Some(draft);
        }
        let Some(draft) = last else { continue };
        let withdrawn = full.is_none() && rng.percent(3);
        let excluded = !withdrawn
            && full.is_none()
            && matches!(stage, Stage::Marked | Stage::Awarded)
            && rng.percent(1);
        let excluded_reason = excluded.then(|| {
            "The offer does not confirm the enhanced DBS checks the lot requires.".to_string()
        });
        let state = if withdrawn { "withdrawn" } else { "offered" };
        let updated_at = match withdrawn {
            true => sent_at + (answers_until - sent_at) / 2,
            false => sent_at,
        };
        ctx.tables.responses.push(row![
            id,
            organisation,
            state,
            sent,
            None::<String>,
            None::<String>,
            excluded_reason,
            updated_at
        ]);
        if !withdrawn {
            standing.push((
                organisation,
                draft.value.pence(),
                draft.weekly_cost.pence(),
                draft.start_date.to_string(),
                excluded,
                draft.hourly_rate.map(|m| m.pence()),
                i64::from(draft.discount_bp),
            ));
        }
    }
    if let Some(wanted) = full {
        if standing.len() != wanted {
            return Err(invalid(format!(
                "the full Haringey request got {} offers, not {wanted}: its lot has {} members",
                standing.len(),
                recipients.len()
            )));
        }
    }

    // Marks, ranking and award.
    let marked_at = deadline + rng.range(2, 48) * 3_600;
    let mut scorable = Vec::with_capacity(standing.len());
    if matches!(stage, Stage::Marked | Stage::Awarded) {
        for (organisation, value, _, _, excluded, ..) in &standing {
            let (_, quality) = leaning(*organisation);
            let mut given = Vec::with_capacity(questions.len());
            if !excluded {
                for q in 0..questions.len() {
                    let mark = (quality + rng.range(-1, 1)).clamp(1, 5);
                    ctx.tables.marks.push(row![
                        id,
                        *organisation,
                        q as i64,
                        mark,
                        COMMENTS[mark as usize],
                        campaign.staff.evaluator,
                        marked_at.min(now - 60)
                    ]);
                    given.extend(Mark::new(mark as u8));
                }
            }
            scorable.push(Scorable {
                key: *organisation,
                price: Some(Money(*value)),
                marks: Some(given),
                excluded: *excluded,
            });
        }
    }
    let mut tie_break = None;
    let mut placed_until = None;
    if stage == Stage::Awarded {
        let ranking = rank(&scorable, campaign.weights).unwrap_or_default();
        let awarded_at = (deadline + rng.range(1, 5) * DAY).min(now - 3_600);
        let winner = ranking.first().and_then(|top| {
            let offer = standing.iter().find(|o| o.0 == top.key)?;
            let awarded_by = match route(Money(offer.1), &campaign.limits) {
                Route::Commissioner => Some((campaign.staff.commissioner, None)),
                Route::Approver { cabinet_reference } => campaign.staff.approver.map(|a| {
                    let reference = cabinet_reference
                        .then(|| format!("CAB/{}/{:03}", uk_date(awarded_at).year(), id % 1_000));
                    (a, reference)
                }),
                Route::BeyondPortal => None,
            }?;
            Some((top.clone(), offer, awarded_by))
        });
        match winner {
            Some((top, offer, (awarded_by, cabinet_reference))) => {
                if top.tied {
                    tie_break = Some("The tied offers were compared on the answer to the first question; this provider's was the more specific.".to_string());
                }
                ctx.tables.placements.push(row![
                    ctx.ids.take("placements"),
                    campaign.council,
                    id,
                    campaign.system,
                    campaign.lot,
                    top.key,
                    "competition",
                    "",
                    offer.2,
                    offer.3.as_str(),
                    end.to_string(),
                    offer.1,
                    // Where the daily sweep has taken it by now.
                    status_on(PlacementStatus::Active, uk_date(awarded_at), end, today).as_str(),
                    0i64,
                    uk_date(awarded_at).to_string(),
                    awarded_by,
                    cabinet_reference,
                    awarded_at,
                    Some(top.total.0),
                    block.then_some(offer.5).flatten(),
                    block.then_some(minutes).flatten(),
                    block.then(|| guaranteed.unwrap_or(0)),
                    block.then_some(offer.6)
                ]);
                placed_until = Some(end);
            }
            // No compliant offer, or a value above what anyone here may approve:
            // marked, waiting.
            None => stage = Stage::Marked,
        }
    }
    let status = match stage {
        Stage::Cancelled => "cancelled",
        Stage::Awarded => "awarded",
        _ => "open",
    };
    // Every change to a request bumps its version.
    let version = 1
        + i64::from(matches!(stage, Stage::Cancelled | Stage::Awarded))
        + i64::from(tie_break.is_some());
    // Past the default retention period the sweep has erased the person's details.
    let (closed_on, after) = match placed_until {
        Some(end) => (end, "the placement ended"),
        None => (deadline_day, "the request closed without a placement"),
    };
    let erase_on = erase_from(closed_on, DEFAULT_RETENTION_MONTHS);
    let erased = (erase_on <= today).then(|| {
        (
            uk_instant(erase_on, Time::MIDNIGHT) + 300,
            format!(
                "the retention period of {DEFAULT_RETENTION_MONTHS} months after {after} is over"
            ),
        )
    });
    ctx.tables.requests.push(row![
        id,
        campaign.council,
        campaign.system,
        campaign.lot,
        format!("PR-{id:06}"),
        if block { "block" } else { "spot" },
        urgency.as_str(),
        i64::from(age_on(born, start)),
        gender,
        *rng.pick(service.needs()),
        rng.percent(35),
        flags.join(","),
        i64::from(rng.percent(8)),
        if rng.percent(5) {
            "The family has a dog"
        } else {
            ""
        },
        format!("{} ({})", area.0, area.1),
        rng.percent(40).then(|| rng.range(2, 8) * 5),
        service.placement_type(block),
        start.to_string(),
        end.to_string(),
        if rng.percent(20) {
            "Carers must be comfortable with a family dog and speak some Polish."
        } else {
            ""
        },
        minutes,
        guaranteed,
        serde_json::to_string(&questions).map_err(|e| invalid(e.to_string()))?,
        false,
        campaign.staff.commissioner,
        issued_at,
        deadline,
        shorter,
        status,
        (stage == Stage::Cancelled).then(|| rng.pick(&CANCEL_REASONS).to_string()),
        tie_break,
        version,
        erased.as_ref().map(|(at, _)| *at),
        erased.as_ref().map(|(_, reason)| reason.clone())
    ]);
    let first_name = rng.pick(&FIRST_NAMES);
    let last_name = rng.pick(&LAST_NAMES);
    let address = format!(
        "{} {}, {} {} {}{}{}",
        rng.range(1, 180),
        rng.pick(&STREETS),
        area.0,
        area.1,
        rng.range(1, 9),
        (b'A' + rng.below(26) as u8) as char,
        (b'A' + rng.below(26) as u8) as char
    );
    let reference = format!(
        "{}-{}-{:05}",
        campaign.reference_prefix,
        uk_date(issued_at).year(),
        id % 100_000
    );
    // Sealed as the portal stores them (`person_seal`).
    let person = RequestId(id);
    let seal = ctx.seal;
    if erased.is_some() {
        return Ok(());
    }
    ctx.tables.people.push(row![
        id,
        seal.seal(person, "full_name", &format!("{first_name} {last_name}")),
        seal.seal(person, "date_of_birth", &born.to_string()),
        seal.seal(person, "address", &address),
        seal.seal(person, "local_reference", &reference)
    ]);
    Ok(())
}

/// The demo council's users by role, and its approval limits.
struct Council {
    staff: Option<Staff>,
    limits: ApprovalLimits,
}

pub(crate) async fn load(
    conn: &mut AnyConnection,
    key: &AuditKey,
    backend: Backend,
    now: i64,
    scale_systems: &[(SystemId, i64)],
    counts: &mut BTreeMap<&'static str, u64>,
) -> Result<(), AdminError> {
    // Admission accepts the evidence the application gave
    // (`compliance::repo::accept_from_application`); seed-scale's admitted applications
    // get theirs here. Without it the compliance sweep a server runs when it starts would
    // suspend every scale member for missing evidence, in the middle of a bench, and
    // the requests below assume members in good standing.
    let accepted = sqlx::query(
        "INSERT INTO accepted_evidence
             (system_id, organisation_id, evidence_type_id, evidence_item_id, accepted_by, accepted_at)
         SELECT a.system_id, a.organisation_id, e.evidence_type_id, e.evidence_item_id,
                a.decided_by, a.decided_at
         FROM applications a JOIN application_evidence e ON e.application_id = a.id
         WHERE a.status = 'admitted'
           AND NOT EXISTS (SELECT 1 FROM accepted_evidence x
                           WHERE x.system_id = a.system_id AND x.organisation_id = a.organisation_id)
         ON CONFLICT (system_id, organisation_id, evidence_type_id) DO NOTHING",
    )
    .execute(&mut *conn)
    .await?;
    *counts.entry("accepted_evidence").or_default() += accepted.rows_affected();

    // Systems, lots, eligible members, provider admins, council staff and limits.
    let mut systems: HashMap<i64, (String, i64, SystemType, AwardWeights)> = HashMap::new();
    for r in sqlx::query(
        "SELECT id, reference, lead_council_id, system_type, quality_weight, price_weight FROM systems",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let kind: String = r.try_get("system_type")?;
        let weight = |c: &str| -> sqlx::Result<u8> {
            Ok(u8::try_from(r.try_get::<i64, _>(c)?).unwrap_or(0))
        };
        systems.insert(
            r.try_get("id")?,
            (
                r.try_get("reference")?,
                r.try_get("lead_council_id")?,
                SystemType::parse(&kind).ok_or_else(|| invalid(format!("system type {kind}")))?,
                AwardWeights {
                    quality: weight("quality_weight")?,
                    price: weight("price_weight")?,
                },
            ),
        );
    }
    let mut lots: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
    for r in sqlx::query("SELECT id, system_id, service_type FROM lots ORDER BY system_id, number")
        .fetch_all(&mut *conn)
        .await?
    {
        lots.entry(r.try_get("system_id")?)
            .or_default()
            .push((r.try_get("id")?, r.try_get("service_type")?));
    }
    // As `compliance::repo::eligible_providers` reads them, for every lot at once.
    let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in sqlx::query(
        "SELECT m.lot_id, m.organisation_id FROM memberships m
         WHERE m.removed_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM suspensions s
                           WHERE s.system_id = m.system_id AND s.lot_id = m.lot_id
                             AND s.organisation_id = m.organisation_id AND s.lifted_at IS NULL)
         ORDER BY m.lot_id, m.organisation_id",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        members
            .entry(r.try_get("lot_id")?)
            .or_default()
            .push(r.try_get("organisation_id")?);
    }
    let mut users: HashMap<i64, i64> = HashMap::new();
    for r in sqlx::query(
        "SELECT u.organisation_id, MIN(u.id) AS user_id FROM users u
         JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = 'provider_admin' AND u.active = $1
         GROUP BY u.organisation_id",
    )
    .bind(true)
    .fetch_all(&mut *conn)
    .await?
    {
        users.insert(r.try_get("organisation_id")?, r.try_get("user_id")?);
    }
    let mut roles: HashMap<(i64, String), i64> = HashMap::new();
    for r in sqlx::query(
        "SELECT u.organisation_id, r.role, MIN(u.id) AS user_id FROM users u
         JOIN user_roles r ON r.user_id = u.id
         WHERE r.role IN ('commissioner', 'evaluator', 'approver') AND u.active = $1
         GROUP BY u.organisation_id, r.role",
    )
    .bind(true)
    .fetch_all(&mut *conn)
    .await?
    {
        roles.insert(
            (r.try_get("organisation_id")?, r.try_get("role")?),
            r.try_get("user_id")?,
        );
    }
    let mut limits: HashMap<i64, ApprovalLimits> = HashMap::new();
    for r in sqlx::query(
        "SELECT council_id, commissioner_pence, approver_pence, cabinet_pence FROM approval_limits",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        limits.insert(
            r.try_get("council_id")?,
            ApprovalLimits {
                commissioner: Money(r.try_get("commissioner_pence")?),
                approver: Money(r.try_get("approver_pence")?),
                cabinet: Money(r.try_get("cabinet_pence")?),
            },
        );
    }
    let council = |id: i64| {
        let role = |name: &str| roles.get(&(id, name.to_string())).copied();
        let commissioner = role("commissioner");
        Council {
            staff: commissioner.map(|commissioner| Staff {
                commissioner,
                evaluator: role("evaluator").unwrap_or(commissioner),
                approver: role("approver"),
            }),
            limits: limits.get(&id).copied().unwrap_or(DEFAULT_LIMITS),
        }
    };
    let find = |reference: &str| {
        systems
            .iter()
            .find(|(_, s)| s.0 == reference)
            .map(|(id, _)| *id)
            .ok_or_else(|| invalid(format!("the demo system {reference} is missing")))
    };

    // The lots requests go to.
    let mut campaigns: Vec<Campaign> = Vec::new();
    let mut campaign = |system: i64,
                        lot: i64,
                        service: Service,
                        areas: &'static [(&'static str, &'static str)],
                        prefix: &'static str,
                        requests: usize,
                        open: usize,
                        shares: (usize, usize, usize),
                        full: Option<usize>|
     -> Result<(), AdminError> {
        let (reference, lead, system_type, weights) = &systems[&system];
        let Council { staff, limits } = council(*lead);
        let staff = staff.ok_or_else(|| {
            invalid(format!(
                "{reference}'s council has no commissioner to issue requests"
            ))
        })?;
        let recipients = members.get(&lot).cloned().unwrap_or_default();
        if recipients.is_empty() || requests == 0 {
            return Ok(());
        }
        campaigns.push(Campaign {
            council: *lead,
            staff,
            limits,
            system,
            system_type: *system_type,
            weights: *weights,
            lot,
            service,
            recipients,
            areas,
            reference_prefix: prefix,
            requests,
            open,
            offer_share: shares.0,
            decline_share: shares.1,
            cap: shares.2,
            full,
        });
        Ok(())
    };
    let per_council = SCALE_REQUESTS / scale_systems.len().max(1);
    for (n, (system, _)) in scale_systems.iter().enumerate() {
        let system_lots = lots.get(&system.get()).cloned().unwrap_or_default();
        let area = n % SCALE_AREAS.len();
        let areas = &SCALE_AREAS[area..=area];
        let mut left = per_council;
        for (k, (lot, service_type)) in system_lots.iter().enumerate() {
            // Home care, the largest lot, gets 40 % of a council's requests.
            let share = if k == 0 {
                40
            } else {
                60 / (system_lots.len() - 1).max(1)
            };
            let requests = match k + 1 == system_lots.len() {
                true => left,
                false => (per_council * share / 100).min(left),
            };
            left -= requests;
            let shares = match members.get(lot).map_or(0, Vec::len) {
                0..=20 => (57, 20, usize::MAX),
                _ => (50, 20, usize::MAX),
            };
            campaign(
                system.get(),
                *lot,
                Service::of(service_type),
                areas,
                "LCS",
                requests,
                requests * 4 / 100,
                shares,
                None,
            )?;
        }
    }
    let haringey = find(HARINGEY_SYSTEM)?;
    let haringey_lots: Vec<(i64, String)> = lots
        .get(&haringey)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|(lot, _)| members.get(lot).is_some_and(|m| !m.is_empty()))
        .collect();
    let fullest = haringey_lots
        .iter()
        .max_by_key(|(lot, _)| members[lot].len())
        .map(|(lot, _)| *lot)
        .filter(|lot| members[lot].len() >= HARINGEY_FULL_OFFERS)
        .ok_or_else(|| {
            invalid(format!(
                "no lot of {HARINGEY_SYSTEM} has {HARINGEY_FULL_OFFERS} eligible providers"
            ))
        })?;
    for (lot, service_type) in &haringey_lots {
        let requests = HARINGEY_REQUESTS / haringey_lots.len();
        let full = (*lot == fullest).then_some(HARINGEY_FULL_OFFERS);
        campaign(
            haringey,
            *lot,
            Service::of(service_type),
            &HARINGEY_AREAS,
            "HC",
            requests,
            requests * 8 / 100,
            (38, 20, HARINGEY_CAP),
            full,
        )?;
    }
    let sefton = find(SEFTON_SYSTEM)?;
    let sefton_lot = lots
        .get(&sefton)
        .and_then(|l| l.iter().find(|(_, s)| s == SEFTON_LOT))
        .map(|(lot, _)| *lot)
        .ok_or_else(|| invalid(format!("{SEFTON_SYSTEM} has no {SEFTON_LOT} lot")))?;
    campaign(
        sefton,
        sefton_lot,
        Service::Residential,
        &SEFTON_AREAS,
        "SEF",
        SEFTON_REQUESTS,
        25,
        (60, 28, usize::MAX),
        None,
    )?;
    if campaigns.iter().all(|c| c.system != sefton) {
        return Err(invalid(format!(
            "{SEFTON_SYSTEM}'s {SEFTON_LOT} lot has no eligible provider: run seed-demo first"
        )));
    }

    // On PostgreSQL a foreign key is checked row by row, by a trigger running a query:
    // two thirds of this step's time. A superuser's load skips those triggers, as
    // `pg_restore --disable-triggers` does, and checks every reference of the tables at
    // once before the transaction ends (`check_references`); anyone else gets the row
    // checks. (No table written here has a trigger of its own.)
    let set_wise = backend == Backend::Postgres
        && sqlx::query("SELECT current_setting('is_superuser') AS s")
            .fetch_one(&mut *conn)
            .await?
            .try_get::<String, _>("s")?
            == "on";
    if set_wise {
        sqlx::query("SET LOCAL session_replication_role = replica")
            .execute(&mut *conn)
            .await?;
    }
    // Build and write, a block of requests at a time.
    let mut ids = Ids::read(conn, &["placement_requests", "placements"]).await?;
    let seal = PersonSeal::new(key);
    let mut tables = Tables::new();
    let mut built = 0;
    for (c, campaign) in campaigns.iter().enumerate() {
        // Deadlines in order, so that references follow the calendar: over two years,
        // then the open ones in the next nine days; the full one closed yesterday.
        let mut rng = Rng::new(0xCA3A_16E5 ^ c as u64);
        let closed = campaign.requests - campaign.open.min(campaign.requests);
        let mut offsets: Vec<i64> = (0..campaign.requests)
            .map(|n| match n < closed {
                true => -rng.range(1, HISTORY_DAYS),
                false => rng.range(1, 9),
            })
            .collect();
        offsets.sort_unstable();
        let full_at = campaign.full.and(closed.checked_sub(1));
        if let Some(n) = full_at {
            offsets[n] = -1;
        }
        for (n, offset) in offsets.into_iter().enumerate() {
            let mut rng = Rng::new(((c as u64) << 20) | n as u64);
            let mut ctx = Context {
                now,
                seal: &seal,
                users: &users,
                ids: &mut ids,
                tables: &mut tables,
            };
            let full = campaign.full.filter(|_| full_at == Some(n));
            request(&mut ctx, campaign, offset, full, &mut rng)?;
            built += 1;
            if built % BLOCK == 0 {
                tables.write(conn, counts).await?;
            }
        }
    }
    tables.write(conn, counts).await?;
    if set_wise {
        sqlx::query("SET LOCAL session_replication_role = origin")
            .execute(&mut *conn)
            .await?;
        check_references(conn).await?;
    }
    if backend == Backend::Postgres {
        for table in ["placement_requests", "placements"] {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            ))
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Every foreign key of the tables written here holds, checked a table at a time
/// (PostgreSQL): what the row-by-row checks would have refused, refused here.
async fn check_references(conn: &mut AnyConnection) -> Result<(), AdminError> {
    let keys = sqlx::query(
        "SELECT c.conrelid::regclass::text AS child, a.attname::text AS col,
                c.confrelid::regclass::text AS parent, p.attname::text AS key
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute p ON p.attrelid = c.confrelid AND p.attnum = c.confkey[1]
         WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1",
    )
    .fetch_all(&mut *conn)
    .await?;
    for key in keys {
        let child: String = key.try_get("child")?;
        if !TABLES.contains(&child.as_str()) {
            continue;
        }
        let (col, parent, parent_key): (String, String, String) = (
            key.try_get("col")?,
            key.try_get("parent")?,
            key.try_get("key")?,
        );
        let broken: i64 = sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM {child} c
             WHERE c.{col} IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{parent_key} = c.{col})"
        ))
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
        if broken > 0 {
            return Err(invalid(format!(
                "{broken} rows of {child} refer by {col} to no {parent}"
            )));
        }
    }
    Ok(())
}
