//! Which library item may answer a system's evidence type. The provider chooses from its
//! library instead of uploading again, so the rule that decides what may be chosen is
//! the one that keeps out the wrong kind of item and anything out of date.

use crate::evidence::model::EvidenceItem;
use crate::systems::model::EvidenceType;

/// Whether `item` may be attached for `wanted` on `today` (ISO `YYYY-MM-DD`, which
/// compares in date order), or the message to show beside the choice.
pub fn attachable(wanted: &EvidenceType, item: &EvidenceItem, today: &str) -> Result<(), String> {
    if item.kind != wanted.kind {
        return Err(format!(
            "{} needs {}",
            wanted.name,
            wanted.kind.label().to_lowercase()
        ));
    }
    match item.expires_on.as_deref() {
        Some(date) if date < today => Err(format!(
            "{} has expired: add the current one to your evidence library",
            item.title
        )),
        None if wanted.expires => Err(format!(
            "{} must show when it expires: add it again with its expiry date",
            item.title
        )),
        _ => Ok(()),
    }
}

/// The items of the library that may answer `wanted` today, soonest added first.
pub fn choices<'a>(
    wanted: &EvidenceType,
    library: &'a [EvidenceItem],
    today: &str,
) -> Vec<&'a EvidenceItem> {
    library
        .iter()
        .filter(|item| attachable(wanted, item, today).is_ok())
        .collect()
}

/// The item to attach without asking: one whose name matches the type's, still valid.
/// This is the passport: the insurance certificate attached to one council's system is
/// offered, already chosen, to the next.
pub fn suggested<'a>(
    wanted: &EvidenceType,
    library: &'a [EvidenceItem],
    today: &str,
) -> Option<&'a EvidenceItem> {
    let name = wanted.name.trim().to_lowercase();
    choices(wanted, library, today)
        .into_iter()
        .find(|item| item.title.trim().to_lowercase() == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::EvidenceKind;
    use crate::ids::{EvidenceItemId, EvidenceTypeId};

    fn wanted(kind: EvidenceKind, expires: bool) -> EvidenceType {
        EvidenceType {
            id: EvidenceTypeId(1),
            name: "Public liability insurance".into(),
            kind,
            mandatory: true,
            expires,
            lots: vec![],
        }
    }

    fn item(id: i64, kind: EvidenceKind, title: &str, expires_on: Option<&str>) -> EvidenceItem {
        EvidenceItem {
            id: EvidenceItemId(id),
            kind,
            title: title.into(),
            reference: String::new(),
            rating: String::new(),
            file: None,
            expires_on: expires_on.map(str::to_string),
            expires_label: None,
            expired: false,
            added_label: String::new(),
        }
    }

    const TODAY: &str = "2026-12-02";

    #[test]
    fn an_item_of_another_kind_cannot_be_attached() {
        let ofsted = item(1, EvidenceKind::Ofsted, "Ofsted", None);
        assert!(attachable(&wanted(EvidenceKind::Document, false), &ofsted, TODAY).is_err());
    }

    #[test]
    fn an_expired_item_cannot_be_attached_but_one_expiring_today_can() {
        let want = wanted(EvidenceKind::Document, true);
        let old = item(1, EvidenceKind::Document, "Insurance", Some("2026-12-01"));
        let today = item(2, EvidenceKind::Document, "Insurance", Some("2026-12-02"));
        assert!(attachable(&want, &old, TODAY)
            .unwrap_err()
            .contains("expired"));
        assert!(attachable(&want, &today, TODAY).is_ok());
    }

    #[test]
    fn evidence_that_expires_must_say_when() {
        let want = wanted(EvidenceKind::Document, true);
        let undated = item(1, EvidenceKind::Document, "Insurance", None);
        assert!(attachable(&want, &undated, TODAY).is_err());
        assert!(attachable(&wanted(EvidenceKind::Document, false), &undated, TODAY).is_ok());
    }

    #[test]
    fn the_item_named_like_the_type_is_suggested_when_still_valid() {
        let want = wanted(EvidenceKind::Document, true);
        let library = [
            item(
                1,
                EvidenceKind::Document,
                "Safeguarding policy",
                Some("2027-01-01"),
            ),
            item(
                2,
                EvidenceKind::Document,
                "public liability insurance",
                Some("2026-11-30"),
            ),
            item(
                3,
                EvidenceKind::Document,
                "Public Liability Insurance ",
                Some("2027-06-30"),
            ),
        ];
        assert_eq!(
            suggested(&want, &library, TODAY).map(|i| i.id),
            Some(EvidenceItemId(3))
        );
        assert_eq!(choices(&want, &library, TODAY).len(), 2);
    }
}
