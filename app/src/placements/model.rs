//! What the placement pages show, as they travel from server to browser. The profile
//! is the anonymised part every invited provider sees; nothing here ever carries the
//! person's identifying details except [`Person`], which only the council and, after
//! award, the winner are sent.

use crate::ids::{LotId, OrganisationId, PlacementId, RequestId, SystemId};
use serde::{Deserialize, Serialize};

/// The anonymised profile, as every invited provider sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: RequestId,
    pub reference: String,
    pub council: String,
    pub system: String,
    pub lot: String,
    /// `spot` or `block`.
    pub kind: String,
    pub urgency: String,
    pub age_years: i64,
    /// Empty when it is not relevant.
    pub gender: String,
    pub needs_summary: String,
    pub send_ehcp: bool,
    pub risk_flags: Vec<String>,
    pub siblings: i64,
    pub pets: String,
    pub preferred_area: String,
    pub max_distance_miles: Option<i64>,
    pub placement_type: String,
    pub start_date: String,
    pub end_date: String,
    pub bespoke: String,
    /// Block requests: hours each week and the guaranteed minimum, as typed.
    pub hours_per_week: Option<String>,
    pub guaranteed_hours: Option<String>,
    pub questions: Vec<String>,
    pub deadline: i64,
    /// "Friday 4 December 2026 at 5:00pm"
    pub deadline_text: String,
    /// "Open", "Closed for evaluation", "Cancelled", "Awarded".
    pub status: String,
    pub open: bool,
}

/// One extra on an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraLine {
    /// `one_off` or `weekly`.
    pub kind: String,
    pub amount: String,
    pub reason: String,
}

/// An offer's content: what is sealed until the deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferContent {
    pub version: i64,
    pub weekly_price: Option<String>,
    pub hourly_rate: Option<String>,
    /// The same rate in pence, and the discount for guaranteed hours in basis points:
    /// the terms an award of a block arrangement keeps.
    pub hourly_rate_pence: Option<i64>,
    pub discount_bp: i64,
    pub discount_percent: String,
    pub includes: String,
    pub extras: Vec<ExtraLine>,
    pub start_date: String,
    pub area: String,
    pub answers: Vec<String>,
    pub staffing_ratio: String,
    pub weekly_cost_pence: i64,
    /// Whole-life value, formatted.
    pub value: String,
    pub value_pence: i64,
    pub submitted_at: i64,
}

/// An invited provider's own answer as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MyAnswer {
    None,
    Offered(Box<OfferContent>),
    Withdrawn { version: i64 },
    Declined { reason: String },
}

/// A request as an invited provider sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRequest {
    pub profile: Profile,
    pub answer: MyAnswer,
    /// After award: the outcome for this provider.
    pub outcome: Option<Outcome>,
    /// Only the awarded provider, only after award.
    pub person: Option<Person>,
    /// To the awarded provider: when and why the details were erased.
    pub person_erased: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub won: bool,
    /// This provider's own total, out of 100, when its offer was scored.
    pub own_score: Option<String>,
    pub winning_score: Option<String>,
}

/// A line of a provider's list of requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRequestRow {
    pub id: RequestId,
    pub reference: String,
    pub council: String,
    pub lot: String,
    pub urgency: String,
    pub deadline_text: String,
    pub time_left: String,
    pub answer: String,
}

/// The identifying details of the person placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub full_name: String,
    pub date_of_birth: String,
    pub address: String,
    pub local_reference: String,
}

/// A request as its council sees it. `offers` stays empty until the deadline:
/// before it the server cannot read them (see `repo::opened`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilRequest {
    pub profile: Profile,
    pub system_id: SystemId,
    pub lot_id: LotId,
    pub invited: i64,
    pub offers_count: i64,
    pub declines_count: i64,
    pub sealed: bool,
    /// One line per opened offer; each is read and marked on its own page.
    pub offers: Vec<OfferLine>,
    pub declines: Vec<(String, String)>,
    pub transition: bool,
    pub transition_signed_off: bool,
    pub tie_break: String,
    pub award: Option<AwardSummary>,
    /// Who must decide the award of the top-ranked offer, in words, once ranked.
    pub award_route: Option<String>,
    pub cabinet_needed: bool,
    /// Which standstill applies and when the contract could be entered if awarded today.
    pub standstill_rule: String,
    pub voluntary_standstill: bool,
    pub can_manage: bool,
    pub can_evaluate: bool,
    pub can_award: bool,
    pub can_sign_off: bool,
}

/// One opened offer in the request's table of offers: enough to rank and choose,
/// none of the content, which its own page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferLine {
    pub organisation_id: OrganisationId,
    pub provider: String,
    /// Whole-life value, formatted.
    pub value: String,
    /// "Marked", "1 of 3 answers marked", "Excluded".
    pub marking: String,
    pub excluded: bool,
    pub quality: Option<String>,
    pub price: Option<String>,
    pub total: Option<String>,
    pub rank: Option<usize>,
    pub tied: bool,
}

/// One opened offer on its own page, to read and mark, with its neighbours in the
/// order of the request's table of offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilOffer {
    pub request_id: RequestId,
    pub reference: String,
    pub lot: String,
    pub questions: Vec<String>,
    /// Counted from 1.
    pub position: usize,
    pub of: usize,
    pub previous: Option<OrganisationId>,
    pub next: Option<OrganisationId>,
    pub offer: OfferRow,
    pub can_evaluate: bool,
}

/// One opened offer in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferRow {
    pub organisation_id: OrganisationId,
    pub provider: String,
    pub content: OfferContent,
    /// One (mark, comment) per question, where marked.
    pub marks: Vec<Option<(u8, String)>>,
    pub excluded_reason: Option<String>,
    pub quality: Option<String>,
    pub price: Option<String>,
    pub total: Option<String>,
    pub rank: Option<usize>,
    pub tied: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardSummary {
    pub placement_id: PlacementId,
    pub provider: String,
    pub value: String,
    pub standstill: String,
    pub contract_from: String,
}

/// One page of a list, counted from 1, and whether another follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub rows: Vec<T>,
    pub page: i64,
    pub more: bool,
}

/// A line of the council's list of requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilRequestRow {
    pub id: RequestId,
    pub reference: String,
    pub lot: String,
    pub urgency: String,
    pub deadline_text: String,
    pub status: String,
    pub invited: i64,
    pub answered: i64,
}

/// A line of the council's placements list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementRow {
    pub id: PlacementId,
    pub request: Option<String>,
    pub system: String,
    pub lot: String,
    pub provider: String,
    pub route: String,
    pub weekly_price: String,
    pub start_date: String,
    pub end_date: String,
    pub value: String,
    pub status: String,
}

/// What the new-request form needs to know about the chosen system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRequestOptions {
    pub system_id: SystemId,
    pub system: String,
    /// The deadline rule in words, e.g. "at least 10 days" or "any future time".
    pub deadline_rule: String,
    /// A DPS may run shorter when every invited provider agreed.
    pub may_shorten: bool,
    pub lots: Vec<(LotId, String, i64)>,
}

/// A system the council may send requests in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestableSystem {
    pub id: SystemId,
    pub title: String,
    pub kind: String,
    pub lead: String,
}

/// The council's placements list and the filters' choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementsPage {
    pub rows: Vec<PlacementRow>,
    pub systems: Vec<(SystemId, String)>,
    pub lots: Vec<(LotId, String)>,
    pub providers: Vec<(OrganisationId, String)>,
    pub can_record: bool,
}

/// The council's approval limits as the page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitsPage {
    pub commissioner: String,
    pub approver: String,
    pub cabinet: String,
    pub is_default: bool,
    pub can_edit: bool,
}

/// The field names of one offer's marking form: the offer is named in them, since
/// the evaluation page holds one form per offer.
pub fn mark_field(provider: OrganisationId, question: usize) -> String {
    format!("mark-{provider}-{question}")
}

pub fn comment_field(provider: OrganisationId, question: usize) -> String {
    format!("comment-{provider}-{question}")
}

/// An ISO date as pages show dates, "1 March 2027"; anything else as it is.
pub fn long_date_text(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m), Ok(d)) if (1..=12).contains(&m) => format!("{d} {} {y}", MONTHS[m - 1]),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

/// One placement as its council sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementDetail {
    pub id: PlacementId,
    pub provider: String,
    pub route: String,
    pub justification: String,
    pub weekly_price: String,
    /// When the weekly cost began, as a long date, if it was varied after award.
    pub price_from: String,
    pub start_date: String,
    pub end_date: String,
    pub value: String,
    pub status: String,
    pub contract_from: String,
    pub cabinet_reference: String,
    pub can_change: bool,
    /// A block arrangement's hours delivered against those guaranteed.
    pub hours: Option<BlockHours>,
}

/// How a placement can be made outside a competition.
pub const DIRECT_ROUTES: [(&str, &str); 3] = [
    ("direct", "Direct award"),
    ("spot", "Spot purchase (contingency, outside any system)"),
    (
        "user_choice",
        "User-choice award (the person's own preference)",
    ),
];

/// The person's page for their council: the details, or when and why they went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPage {
    pub reference: String,
    pub person: Option<Person>,
    pub erased: Option<String>,
    pub can_erase: bool,
}

/// How long the council keeps the person's details, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPage {
    pub months: String,
    pub is_default: bool,
    /// Requests whose person's details are held now, and erased so far.
    pub held: i64,
    pub erased: i64,
    pub can_edit: bool,
}

/// A line of a provider's placements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderPlacementRow {
    pub id: PlacementId,
    pub council: String,
    pub reference: Option<String>,
    pub weekly_price: String,
    pub start_date: String,
    pub end_date: String,
    pub status: String,
    pub block: bool,
}

/// One placement as its provider sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderPlacement {
    pub id: PlacementId,
    pub council: String,
    pub reference: Option<String>,
    pub request_id: Option<RequestId>,
    pub weekly_price: String,
    pub price_from: String,
    pub start_date: String,
    pub end_date: String,
    pub value: String,
    pub status: String,
    pub contract_from: String,
    pub hours: Option<BlockHours>,
}

/// A block arrangement's hours, week by week, against the hours guaranteed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockHours {
    /// "20 hours a week at £24.00 an hour; 15 of them guaranteed at 5.00% off".
    pub terms: String,
    pub weeks: Vec<HoursWeek>,
    pub delivered: String,
    pub guaranteed: String,
    pub unused: String,
    pub charge: String,
    /// Weeks whose hours can be recorded now: (Monday as ISO, label), newest first.
    pub recordable: Vec<(String, String)>,
    pub can_record: bool,
}

/// One week of a block arrangement: recorded, or over and not recorded yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursWeek {
    pub week: String,
    /// Hours delivered, or `None` when the week is over and nothing was recorded.
    pub delivered: Option<String>,
    pub charge: Option<String>,
    /// Guaranteed hours not used, or hours beyond the plan, in words.
    pub note: String,
}
