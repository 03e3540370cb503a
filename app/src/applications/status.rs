//! Where an application is. A draft belongs to the provider and changes freely; once
//! submitted its answers are frozen, and only the council's decision moves it on.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApplicationStatus {
    Draft,
    Submitted,
    Admitted,
    Rejected,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 4] = [
        ApplicationStatus::Draft,
        ApplicationStatus::Submitted,
        ApplicationStatus::Admitted,
        ApplicationStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "draft",
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::Admitted => "admitted",
            ApplicationStatus::Rejected => "rejected",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "Draft",
            ApplicationStatus::Submitted => "Submitted: awaiting decision",
            ApplicationStatus::Admitted => "Admitted",
            ApplicationStatus::Rejected => "Not admitted",
        }
    }

    /// Only a draft's answers, lots and evidence may change.
    pub fn editable(self) -> bool {
        self == ApplicationStatus::Draft
    }

    /// A provider may start a new application to the same system only when it has no
    /// live one there: a rejected provider may apply again; an admitted one need not.
    pub fn blocks_new_application(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Draft | ApplicationStatus::Submitted | ApplicationStatus::Admitted
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_stored_names() {
        for status in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(ApplicationStatus::parse("Draft"), None);
    }

    #[test]
    fn only_a_draft_can_change() {
        assert!(ApplicationStatus::Draft.editable());
        for status in [
            ApplicationStatus::Submitted,
            ApplicationStatus::Admitted,
            ApplicationStatus::Rejected,
        ] {
            assert!(!status.editable(), "{status:?}");
        }
    }

    #[test]
    fn a_rejected_provider_may_apply_again() {
        assert!(!ApplicationStatus::Rejected.blocks_new_application());
        assert!(ApplicationStatus::Submitted.blocks_new_application());
    }
}
