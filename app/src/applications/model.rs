//! An application as pages show it: the provider's task list, its answers as form values,
//! and the snapshot that check-your-answers shows and submission freezes.

use super::progress::TaskStatus;
use super::ApplicationStatus;
use crate::evidence::model::EvidenceItem;
use crate::ids::{
    ApplicationId, EvidenceItemId, EvidenceTypeId, LotId, QuestionId, SectionId, SystemId,
};
use crate::systems::model::SystemView;
use serde::{Deserialize, Serialize};

/// One line of the provider's list of applications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub id: ApplicationId,
    pub system_id: SystemId,
    pub system_reference: String,
    pub system_title: String,
    pub lead_council: String,
    pub status: ApplicationStatus,
    pub submitted_label: Option<String>,
    pub decision_due_label: Option<String>,
}

/// The standing answers every council asks for, kept with the organisation and copied
/// into each application.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationAnswers {
    pub company_number: String,
    pub ppon: String,
    pub registered_address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub title: String,
    pub href: String,
    pub status: TaskStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerRow {
    pub question_id: QuestionId,
    pub section_id: SectionId,
    pub section: String,
    pub question: String,
    /// Blank for an optional question left unanswered.
    pub answer: String,
    /// For an evidence question: the library item given, for the council to open.
    #[serde(default)]
    pub item_id: Option<EvidenceItemId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRow {
    pub evidence_type_id: EvidenceTypeId,
    pub evidence_type: String,
    pub mandatory: bool,
    pub item_id: Option<EvidenceItemId>,
    /// The item chosen, described; blank when none is.
    pub item: String,
}

/// Everything the provider declares, in words: shown on check-your-answers and kept,
/// as it was, at submission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub lots: Vec<String>,
    pub organisation: OrganisationAnswers,
    pub answers: Vec<AnswerRow>,
    pub evidence: Vec<EvidenceRow>,
    /// What the council judges, marked automatically where the mark is definite, as
    /// the questions stood when the application was submitted.
    #[serde(default)]
    pub criteria: Vec<crate::applications::admission::CriterionOutcome>,
}

/// What still stops submission, with the page that fixes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocker {
    pub message: String,
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationPage {
    pub id: ApplicationId,
    pub status: ApplicationStatus,
    pub system: SystemView,
    /// Applications are taken now (the system, or its window, is open).
    pub accepting: bool,
    pub lots: Vec<LotId>,
    pub organisation: OrganisationAnswers,
    /// Saved answers, as form values.
    pub answers: Vec<(QuestionId, String)>,
    pub attachments: Vec<(EvidenceTypeId, EvidenceItemId)>,
    pub tasks: Vec<Task>,
    pub library: Vec<EvidenceItem>,
    /// Today's date, ISO, for what may still be attached.
    pub today: String,
    pub snapshot: Snapshot,
    pub blockers: Vec<Blocker>,
    pub submitted_label: Option<String>,
    pub decision_due_label: Option<String>,
    /// The council's questions about the submitted application, and the answers.
    pub clarifications: Vec<crate::reviews::model::ClarificationView>,
    pub outcome: Option<crate::reviews::model::OutcomeView>,
}

impl ApplicationPage {
    pub fn answer(&self, question: QuestionId) -> String {
        self.answers
            .iter()
            .find(|(id, _)| *id == question)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }

    pub fn attached(&self, evidence_type: EvidenceTypeId) -> Option<EvidenceItemId> {
        self.attachments
            .iter()
            .find(|(id, _)| *id == evidence_type)
            .map(|(_, item)| *item)
    }

    pub fn base(&self) -> String {
        format!("/provider/applications/{}", self.id)
    }
}
