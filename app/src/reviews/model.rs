//! Reviews as council pages show them.

use super::clock_view::ClockView;
use crate::applications::admission::Evaluation;
use crate::applications::marking::Mark;
use crate::applications::model::Snapshot;
use crate::applications::ApplicationStatus;
use crate::ids::{ApplicationId, LotId, SystemId};
use serde::{Deserialize, Serialize};

/// One line of the review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSummary {
    pub id: ApplicationId,
    pub provider: String,
    pub system_id: SystemId,
    pub system_reference: String,
    pub system_title: String,
    pub submitted_label: String,
    pub clock: ClockView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueue {
    /// One page, the soonest due first.
    pub reviews: Vec<ReviewSummary>,
    pub total: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub page: u32,
    pub pages: u32,
}

/// A criterion with what the provider gave and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionView {
    /// `q<question id>` or `e<evidence type id>`: the form's key for it.
    pub key: String,
    pub title: String,
    pub lots_label: String,
    pub answer: String,
    /// For evidence: the library item to open.
    pub item_id: Option<i64>,
    pub mark: Mark,
    pub evaluation: Option<Evaluation>,
    /// Met, not met, or awaiting an evaluator, in words.
    pub standing_label: String,
    pub failed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClarificationView {
    pub id: i64,
    pub question: String,
    pub asked_label: String,
    pub answer: Option<String>,
    pub answered_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotChoice {
    pub id: LotId,
    pub label: String,
    /// Every criterion for the lot is met: the provider must be admitted to it.
    pub meets: bool,
    pub fails: bool,
}

/// The decision as recorded, in words, for the council and the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeView {
    pub admitted: Vec<String>,
    pub refused: Vec<String>,
    /// Each failed criterion and why.
    pub reasons: Vec<(String, String)>,
    pub decided_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPage {
    pub id: ApplicationId,
    pub provider: String,
    pub system_id: SystemId,
    pub system_reference: String,
    pub system_title: String,
    pub status: ApplicationStatus,
    pub submitted_label: String,
    pub clock: ClockView,
    pub extension: Option<(u32, String)>,
    /// A Regulation 34 DPS's period may be extended once.
    pub can_extend: bool,
    pub snapshot: Snapshot,
    pub criteria: Vec<CriterionView>,
    pub lots: Vec<LotChoice>,
    pub clarifications: Vec<ClarificationView>,
    /// The user may evaluate, ask and decide (an evaluator of the lead council, while
    /// the application awaits its decision).
    pub can_act: bool,
    pub outcome: Option<OutcomeView>,
}
