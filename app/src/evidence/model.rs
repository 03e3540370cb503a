//! An item of a provider's evidence library as pages show it.

use super::EvidenceKind;
use crate::ids::EvidenceItemId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub id: EvidenceItemId,
    pub kind: EvidenceKind,
    pub title: String,
    /// A registration's URN or location ID.
    pub reference: String,
    /// A registration's rating, as the regulator words it.
    pub rating: String,
    /// A document's name as uploaded, with its type and size in words.
    pub file: Option<FileFacts>,
    /// ISO date, when the item expires.
    pub expires_on: Option<String>,
    pub expires_label: Option<String>,
    pub expired: bool,
    pub added_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    pub name: String,
    pub kind_label: String,
    pub size_label: String,
}

impl EvidenceItem {
    /// One line naming the item, for lists and choices.
    pub fn describe(&self) -> String {
        let what = match self.kind {
            EvidenceKind::Document => self
                .file
                .as_ref()
                .map(|f| format!("{} ({}, {})", self.title, f.kind_label, f.size_label))
                .unwrap_or_else(|| self.title.clone()),
            EvidenceKind::Ofsted => format!(
                "{}: Ofsted URN {}, {}",
                self.title, self.reference, self.rating
            ),
            EvidenceKind::Cqc => format!(
                "{}: CQC location {}, {}",
                self.title, self.reference, self.rating
            ),
        };
        match (&self.expires_label, self.expired) {
            (Some(date), true) => format!("{what}, expired {date}"),
            (Some(date), false) => format!("{what}, valid until {date}"),
            (None, _) => what,
        }
    }
}

/// A file size as people read it: "240 KB", "3.2 MB".
pub fn size_label(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else {
        format!("{} KB", bytes.div_ceil(KB).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_kilobytes_then_megabytes() {
        assert_eq!(size_label(10), "1 KB");
        assert_eq!(size_label(240 * 1024), "240 KB");
        assert_eq!(size_label(3 * 1024 * 1024 + 200 * 1024), "3.2 MB");
    }
}
