//! A purchasing system as pages show it. Dates arrive as ISO text with a label made on
//! the server, so these types reach the browser without the calendar.

use super::types::{Regime, ServiceType, Status, SystemType};
use crate::applications::questions::{Marking, QuestionKind};
use crate::evidence::EvidenceKind;
use crate::ids::{EvidenceTypeId, LotId, OrganisationId, QuestionId, SectionId, SystemId};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// One line of a list of systems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemSummary {
    pub id: SystemId,
    pub reference: String,
    pub title: String,
    pub lead_council: String,
    pub system_type: SystemType,
    pub status: Status,
    pub accepting: bool,
    pub lots: Vec<String>,
}

/// A system the signed-in user's council leads, for its dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedSystem {
    pub id: SystemId,
    pub reference: String,
    pub title: String,
    pub status: Status,
    pub accepting: bool,
    /// Set from six months before a Regulation 34 DPS must close.
    pub ending: Option<EndingNotice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Council {
    pub id: OrganisationId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lot {
    pub id: LotId,
    pub number: i64,
    pub service_type: ServiceType,
    pub title: String,
    pub description: String,
}

impl Lot {
    pub fn label(&self) -> String {
        format!("Lot {}: {}", self.number, self.title)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceType {
    pub id: EvidenceTypeId,
    pub name: String,
    pub kind: EvidenceKind,
    pub mandatory: bool,
    pub expires: bool,
    /// The lots that need it; empty for every lot.
    pub lots: Vec<LotId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionDef {
    pub id: QuestionId,
    pub text: String,
    pub kind: QuestionKind,
    pub marking: Marking,
    pub mandatory: bool,
    pub lots: Vec<LotId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: SectionId,
    pub title: String,
    pub questions: Vec<QuestionDef>,
}

/// Everything about one system, for its pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemView {
    pub id: SystemId,
    pub version: i64,
    pub lead_council: Council,
    pub participants: Vec<Council>,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub regime: Regime,
    pub system_type: SystemType,
    pub start_date: String,
    pub start_label: String,
    pub term: String,
    pub end_label: String,
    pub estimated_value: Option<Money>,
    pub quality_weight: u8,
    pub price_weight: u8,
    pub status: Status,
    pub window_open: bool,
    pub awarded: bool,
    pub accepting: bool,
    pub lots: Vec<Lot>,
    pub evidence_types: Vec<EvidenceType>,
    pub sections: Vec<Section>,
}

impl SystemView {
    pub fn lot_names(&self, ids: &[LotId]) -> String {
        if ids.is_empty() {
            return "All lots".into();
        }
        self.lots
            .iter()
            .filter(|l| ids.contains(&l.id))
            .map(|l| format!("Lot {}", l.number))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What the signed-in council user may do with a system they can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemRights {
    /// A user of the lead council: its compliance page is theirs.
    pub lead: bool,
    /// A commissioner of the lead council.
    pub manage: bool,
    /// The questionnaire, lots and evidence types may still change.
    pub edit_conditions: bool,
    /// The details that fix the law and term may still change (a draft only).
    pub edit_terms: bool,
    pub open: bool,
    pub close: bool,
    pub open_window: bool,
    pub close_window: bool,
    /// Record a closed framework's award, after which it admits no one.
    pub award: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemForCouncil {
    pub system: SystemView,
    pub rights: SystemRights,
    /// Councils that could join the consortium.
    pub other_councils: Vec<Council>,
    /// The admitted providers, lot by lot: every council of the system sees them.
    pub members: Vec<(LotId, String)>,
    /// Shown from six months before a Regulation 34 DPS must close.
    pub ending: Option<EndingNotice>,
    /// The DPS this dynamic market was drafted to take over from.
    pub predecessor: Option<(SystemId, String)>,
}

/// A Regulation 34 DPS's end under the 2015 Regulations and its successor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndingNotice {
    /// The last day it may run, like "23 February 2029".
    pub last_day: String,
    pub closed: bool,
    /// The dynamic market drafted to take over, with its reference.
    pub successor: Option<(SystemId, String)>,
    /// A commissioner of the lead council may draft the successor now.
    pub can_draft: bool,
}

impl QuestionDef {
    /// The question as the marking and admission rules take it.
    pub fn rule(&self) -> crate::applications::questions::Question {
        crate::applications::questions::Question {
            id: self.id.0,
            text: self.text.clone(),
            kind: self.kind.clone(),
            marking: self.marking.clone(),
            mandatory: self.mandatory,
            lots: self.lots.iter().map(|l| l.0).collect(),
        }
    }
}

impl EvidenceType {
    /// A type limited to some lots is asked only of applicants to one of them.
    pub fn applies_to_any(&self, lots: &[LotId]) -> bool {
        self.lots.is_empty() || lots.iter().any(|lot| self.lots.contains(lot))
    }
}
