//! What the compliance pages show, as it crosses to the browser.

use crate::evidence::kinds::EvidenceKind;
use crate::ids::{
    EvidenceItemId, EvidenceTypeId, LotId, OrganisationId, RenewalRequestId, ReplacementId,
    SuspensionId, SystemId,
};
use serde::{Deserialize, Serialize};

/// Where a member stands in one lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Admitted,
    /// With what to do about each reason.
    Suspended {
        reasons: Vec<String>,
    },
    Removed {
        reason: String,
    },
}

impl Standing {
    pub fn label(&self) -> &'static str {
        match self {
            Standing::Admitted => "Admitted",
            Standing::Suspended { .. } => "Suspended",
            Standing::Removed { .. } => "Removed",
        }
    }

    pub fn tag_class(&self) -> &'static str {
        match self {
            Standing::Admitted => "tag",
            Standing::Suspended { .. } => "tag tag--red",
            Standing::Removed { .. } => "tag tag--grey",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotStanding {
    pub label: String,
    pub standing: Standing,
}

/// An accepted item of one of the member's systems, and what has been sent to replace it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedView {
    pub evidence_type: EvidenceTypeId,
    pub type_name: String,
    pub kind: EvidenceKind,
    pub item_title: String,
    pub expires_label: Option<String>,
    /// Whole days to expiry; negative once expired.
    pub days_left: Option<i64>,
    pub pending: Option<String>,
    /// The reason the last replacement was not accepted, if it was not.
    pub refused: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSystem {
    pub id: SystemId,
    pub title: String,
    pub council: String,
    pub lots: Vec<LotStanding>,
    pub evidence: Vec<AcceptedView>,
    /// The latest request to renew the declaration that this member was asked.
    pub renewal: Option<RenewalDue>,
    /// From six months before a Regulation 34 DPS must close.
    pub ending: Option<MemberEnding>,
}

/// A DPS's end under the 2015 Regulations, as its members see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberEnding {
    /// Like "23 February 2029".
    pub last_day: String,
    pub closed: bool,
    /// The council's successor dynamic market once it is open to applications:
    /// (system, reference, title).
    pub successor: Option<(SystemId, String, String)>,
}

/// A request to renew the declaration, as the member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalDue {
    pub request: RenewalRequestId,
    pub asked_label: String,
    pub due_label: String,
    pub overdue: bool,
    pub renewed_label: Option<String>,
}

/// The declaration form's answers, as typed or pre-filled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationAnswers {
    /// `none` or `apply`.
    pub grounds: String,
    pub grounds_details: String,
    pub changes: String,
    pub signatory_name: String,
    pub signatory_role: String,
}

/// The page on which a member renews its declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalPage {
    pub due: RenewalDue,
    pub system_title: String,
    pub council: String,
    /// Where the exclusion grounds are set out, for the system's law.
    pub grounds_law: String,
    pub answers: DeclarationAnswers,
    /// Whether the answers come from an earlier declaration.
    pub prefilled: bool,
    pub can_renew: bool,
}

/// A library item that can be sent as a replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryChoice {
    pub id: EvidenceItemId,
    pub kind: EvidenceKind,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderCompliance {
    pub systems: Vec<MemberSystem>,
    /// The portal's copies of the reminders emailed, newest first.
    pub reminders: Vec<String>,
    pub library: Vec<LibraryChoice>,
    pub can_send: bool,
}

/// An accepted item on a council's lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRow {
    pub provider: String,
    pub evidence: String,
    pub item_title: String,
    pub expires_on: String,
    pub expires_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuspendedRow {
    pub id: SuspensionId,
    pub provider: String,
    pub lot: String,
    pub automatic: bool,
    pub reasons: Vec<String>,
    pub since_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRow {
    pub id: ReplacementId,
    pub provider: String,
    pub evidence: String,
    pub item: EvidenceItemId,
    pub item_title: String,
    pub expires_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: OrganisationId,
    pub name: String,
    pub lots: Vec<(LotId, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemCompliance {
    pub id: SystemId,
    pub reference: String,
    pub title: String,
    pub can_evaluate: bool,
    pub can_manage: bool,
    pub expiring: Vec<EvidenceRow>,
    pub expired: Vec<EvidenceRow>,
    pub suspended: Vec<SuspendedRow>,
    pub pending: Vec<PendingRow>,
    pub members: Vec<MemberRow>,
    /// The latest request to renew declarations, if one was made.
    pub renewal: Option<RenewalRound>,
    /// Whether a new request may be made now: none is running.
    pub can_ask_renewal: bool,
}

/// A member that has not renewed, on the council's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outstanding {
    pub id: OrganisationId,
    pub name: String,
    /// Suspended by the council in every lot it holds already.
    pub suspended: bool,
}

/// A member whose renewal says an exclusion ground applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flagged {
    pub name: String,
    pub details: String,
    pub renewed_label: String,
}

/// The latest request to renew declarations, for the council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalRound {
    pub asked_label: String,
    pub due_on: String,
    pub due_label: String,
    pub due_passed: bool,
    pub asked_of: usize,
    pub renewed: usize,
    /// Not renewed yet; overdue once `due_passed`.
    pub outstanding: Vec<Outstanding>,
    pub flagged: Vec<Flagged>,
}

impl RenewalRound {
    /// Members past the day without renewing, not yet suspended for it.
    pub fn to_suspend(&self) -> usize {
        if !self.due_passed {
            return 0;
        }
        self.outstanding.iter().filter(|o| !o.suspended).count()
    }
}

/// A removal's ground under the Procurement Act 2023 (s. 57 and the system's terms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemovalGround {
    /// Debarred or excluded: the council must remove it.
    Mandatory,
    /// Excludable: the council has decided to remove it.
    Discretionary,
    /// A breach of the system's own terms.
    Contract,
    /// The provider asked to leave.
    Request,
}

impl RemovalGround {
    pub const ALL: [RemovalGround; 4] = [
        RemovalGround::Mandatory,
        RemovalGround::Discretionary,
        RemovalGround::Contract,
        RemovalGround::Request,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RemovalGround::Mandatory => "mandatory",
            RemovalGround::Discretionary => "discretionary",
            RemovalGround::Contract => "contract",
            RemovalGround::Request => "request",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RemovalGround::Mandatory => {
                "Excluded supplier (on the debarment list or a mandatory ground applies): must be removed"
            }
            RemovalGround::Discretionary => "Excludable supplier (a discretionary ground applies)",
            RemovalGround::Contract => "Breach of the system's terms",
            RemovalGround::Request => "The provider asked to leave",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }
}
