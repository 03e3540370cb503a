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
    pub offers: Vec<OfferRow>,
    pub declines: Vec<(String, String)>,
    pub transition: bool,
    pub transition_signed_off: bool,
    pub tie_break: String,
    pub award: Option<AwardSummary>,
    pub can_manage: bool,
    pub can_evaluate: bool,
    pub can_award: bool,
}

/// One opened offer in the evaluation table.
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
