//! What a system's evidence type asks a provider for: a document, or a regulator's
//! registration (an identifier and a rating, with the latest report attached).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EvidenceKind {
    /// A file: a policy, an insurance certificate, the latest accounts.
    Document,
    /// An Ofsted URN and the latest overall rating.
    Ofsted,
    /// A CQC location ID and the latest overall rating.
    Cqc,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 3] = [
        EvidenceKind::Document,
        EvidenceKind::Ofsted,
        EvidenceKind::Cqc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Document => "document",
            EvidenceKind::Ofsted => "ofsted",
            EvidenceKind::Cqc => "cqc",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::Document => "A document",
            EvidenceKind::Ofsted => "Ofsted registration: URN and rating",
            EvidenceKind::Cqc => "CQC registration: location ID and rating",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_stored_names() {
        for kind in EvidenceKind::ALL {
            assert_eq!(EvidenceKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EvidenceKind::parse("Document"), None);
    }
}
