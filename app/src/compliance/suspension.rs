//! Which lots an admitted provider is suspended from, and why: a lot is suspended while
//! any mandatory evidence type that lot needs has no current item (expired, or never
//! accepted), or its Ofsted or CQC registration is rated Inadequate. Only the lots whose
//! evidence types need the failing item are affected; the rest stay open to placement
//! requests. Decided from the clock's date, so it holds without anyone opening a page.

use crate::ids::{EvidenceTypeId, LotId, OrganisationId, SuspensionId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use time::Date;

/// An evidence type of the system as this rule needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub id: EvidenceTypeId,
    pub name: String,
    pub mandatory: bool,
    /// The lots that need it; empty means every lot.
    pub lots: Vec<LotId>,
}

impl Requirement {
    fn applies_to(&self, lot: LotId) -> bool {
        self.lots.is_empty() || self.lots.contains(&lot)
    }
}

/// The provider's current, accepted item for one evidence type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub expires_on: Option<Date>,
    /// The regulator's rating is Inadequate (Ofsted or CQC).
    pub inadequate: bool,
}

/// Why a lot is suspended, in words the provider can act on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// The item expired on `expired_on` (ISO date): upload a current one.
    Expired {
        evidence: String,
        expired_on: String,
    },
    /// No accepted item for a mandatory type.
    Missing { evidence: String },
    /// The registration is rated Inadequate.
    Inadequate { evidence: String },
}

impl Reason {
    pub fn evidence(&self) -> &str {
        match self {
            Reason::Expired { evidence, .. }
            | Reason::Missing { evidence }
            | Reason::Inadequate { evidence } => evidence,
        }
    }

    /// What happened and what to do about it.
    pub fn explain(&self) -> String {
        match self {
            Reason::Expired {
                evidence,
                expired_on,
            } => format!(
                "{evidence} expired on {}: upload a current one",
                crate::systems::details::long_date_of(expired_on)
            ),
            Reason::Missing { evidence } => {
                format!("No accepted {evidence}: upload it for the council to check")
            }
            Reason::Inadequate { evidence } => format!(
                "{evidence} is rated Inadequate: the suspension lifts when a new rating is accepted"
            ),
        }
    }
}

/// An item is current through its expiry date and lapses the day after.
pub fn lapsed(expires_on: Option<Date>, today: Date) -> bool {
    expires_on.is_some_and(|d| d < today)
}

/// For each admitted lot that must be suspended on `today`, its reasons; lots absent
/// from the answer are not suspended.
pub fn suspended_lots(
    admitted: &[LotId],
    requirements: &[Requirement],
    held: &HashMap<EvidenceTypeId, Held>,
    today: Date,
) -> BTreeMap<LotId, Vec<Reason>> {
    let mut out = BTreeMap::new();
    for &lot in admitted {
        let mut reasons: Vec<Reason> = requirements
            .iter()
            .filter(|r| r.applies_to(lot))
            .filter_map(|r| reason(r, held.get(&r.id), today))
            .collect();
        if !reasons.is_empty() {
            reasons.sort();
            reasons.dedup();
            out.insert(lot, reasons);
        }
    }
    out
}

fn reason(requirement: &Requirement, held: Option<&Held>, today: Date) -> Option<Reason> {
    let evidence = requirement.name.clone();
    match held {
        // An inadequate rating suspends whether or not the type is mandatory: the rule
        // is about the provider's safety, not the paperwork.
        Some(h) if h.inadequate => Some(Reason::Inadequate { evidence }),
        Some(h) if requirement.mandatory && lapsed(h.expires_on, today) => Some(Reason::Expired {
            evidence,
            expired_on: h.expires_on.map(|d| d.to_string()).unwrap_or_default(),
        }),
        None if requirement.mandatory => Some(Reason::Missing { evidence }),
        _ => None,
    }
}

/// An automatic suspension in force, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live {
    pub id: SuspensionId,
    pub organisation: OrganisationId,
    pub lot: LotId,
    pub reasons: Vec<Reason>,
}

/// What must change for the stored automatic suspensions to match the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Start {
        organisation: OrganisationId,
        lot: LotId,
        reasons: Vec<Reason>,
    },
    /// Still suspended, for other reasons (another item lapsed, or one was renewed).
    Reasons {
        id: SuspensionId,
        organisation: OrganisationId,
        lot: LotId,
        reasons: Vec<Reason>,
    },
    Lift {
        id: SuspensionId,
        organisation: OrganisationId,
        lot: LotId,
    },
}

/// The changes from `live` to `due` (each member's and lot's reasons, from
/// [`suspended_lots`]), for the members `due` was worked out for: a live suspension of
/// anyone else is left alone.
pub fn changes(
    due: &BTreeMap<(OrganisationId, LotId), Vec<Reason>>,
    live: &[Live],
    assessed: impl Fn(OrganisationId) -> bool,
) -> Vec<Change> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for l in live.iter().filter(|l| assessed(l.organisation)) {
        seen.insert((l.organisation, l.lot));
        match due.get(&(l.organisation, l.lot)) {
            None => out.push(Change::Lift {
                id: l.id,
                organisation: l.organisation,
                lot: l.lot,
            }),
            Some(reasons) if *reasons != l.reasons => out.push(Change::Reasons {
                id: l.id,
                organisation: l.organisation,
                lot: l.lot,
                reasons: reasons.clone(),
            }),
            Some(_) => {}
        }
    }
    for ((organisation, lot), reasons) in due {
        if !seen.contains(&(*organisation, *lot)) {
            out.push(Change::Start {
                organisation: *organisation,
                lot: *lot,
                reasons: reasons.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const HOMES: LotId = LotId(1);
    const FOSTERING: LotId = LotId(2);
    const TODAY: Date = date!(2027 - 06 - 01);

    fn requirement(id: i64, name: &str, mandatory: bool, lots: &[LotId]) -> Requirement {
        Requirement {
            id: EvidenceTypeId(id),
            name: name.into(),
            mandatory,
            lots: lots.to_vec(),
        }
    }

    fn requirements() -> Vec<Requirement> {
        vec![
            requirement(10, "Employers' liability insurance", true, &[]),
            requirement(11, "Ofsted registration", true, &[HOMES]),
            requirement(12, "Business continuity plan", false, &[]),
        ]
    }

    fn current(expires_on: Option<Date>) -> Held {
        Held {
            expires_on,
            inadequate: false,
        }
    }

    fn all_current() -> HashMap<EvidenceTypeId, Held> {
        HashMap::from([
            (EvidenceTypeId(10), current(Some(date!(2027 - 12 - 31)))),
            (EvidenceTypeId(11), current(None)),
            (EvidenceTypeId(12), current(Some(date!(2027 - 01 - 01)))),
        ])
    }

    #[test]
    fn a_provider_with_current_evidence_is_suspended_nowhere() {
        let held = all_current();
        assert!(suspended_lots(&[HOMES, FOSTERING], &requirements(), &held, TODAY).is_empty());
    }

    #[test]
    fn evidence_is_current_on_its_expiry_day_and_lapses_the_next() {
        let mut held = all_current();
        held.insert(EvidenceTypeId(10), current(Some(TODAY)));
        assert!(suspended_lots(&[HOMES], &requirements(), &held, TODAY).is_empty());
        let next_day = TODAY.next_day().unwrap();
        assert_eq!(
            suspended_lots(&[HOMES], &requirements(), &held, next_day).len(),
            1
        );
    }

    #[test]
    fn expired_evidence_every_lot_needs_suspends_every_admitted_lot() {
        let mut held = all_current();
        held.insert(EvidenceTypeId(10), current(Some(date!(2027 - 05 - 31))));
        let out = suspended_lots(&[HOMES, FOSTERING], &requirements(), &held, TODAY);
        assert_eq!(out.keys().copied().collect::<Vec<_>>(), [HOMES, FOSTERING]);
        assert_eq!(
            out[&FOSTERING],
            [Reason::Expired {
                evidence: "Employers' liability insurance".into(),
                expired_on: "2027-05-31".into()
            }]
        );
    }

    #[test]
    fn an_inadequate_rating_suspends_only_the_lots_that_need_the_registration() {
        let mut held = all_current();
        held.insert(
            EvidenceTypeId(11),
            Held {
                expires_on: None,
                inadequate: true,
            },
        );
        let out = suspended_lots(&[HOMES, FOSTERING], &requirements(), &held, TODAY);
        assert_eq!(out.keys().copied().collect::<Vec<_>>(), [HOMES]);
        assert!(out[&HOMES][0].explain().contains("rated Inadequate"));
    }

    #[test]
    fn optional_evidence_that_expires_suspends_nothing_but_missing_mandatory_does() {
        let mut held = all_current();
        held.remove(&EvidenceTypeId(12));
        assert!(suspended_lots(&[HOMES], &requirements(), &held, TODAY).is_empty());
        held.remove(&EvidenceTypeId(11));
        let out = suspended_lots(&[HOMES, FOSTERING], &requirements(), &held, TODAY);
        assert_eq!(
            out[&HOMES],
            [Reason::Missing {
                evidence: "Ofsted registration".into()
            }]
        );
        assert!(!out.contains_key(&FOSTERING));
    }

    #[test]
    fn only_admitted_lots_are_considered() {
        let mut held = all_current();
        held.insert(EvidenceTypeId(11), current(Some(date!(2026 - 01 - 01))));
        assert!(suspended_lots(&[FOSTERING], &requirements(), &held, TODAY).is_empty());
    }

    fn expired(name: &str) -> Vec<Reason> {
        vec![Reason::Expired {
            evidence: name.into(),
            expired_on: "2027-05-31".into(),
        }]
    }

    #[test]
    fn changes_start_new_lift_cleared_and_restate_changed_suspensions() {
        let (a, b) = (OrganisationId(1), OrganisationId(2));
        let live = vec![
            Live {
                id: SuspensionId(7),
                organisation: a,
                lot: HOMES,
                reasons: expired("Insurance"),
            },
            Live {
                id: SuspensionId(8),
                organisation: a,
                lot: FOSTERING,
                reasons: expired("Insurance"),
            },
            Live {
                id: SuspensionId(9),
                organisation: b,
                lot: HOMES,
                reasons: expired("Insurance"),
            },
        ];
        let due = BTreeMap::from([
            ((a, HOMES), expired("Ofsted registration")),
            ((b, HOMES), expired("Insurance")),
            ((b, FOSTERING), expired("Insurance")),
        ]);
        let out = changes(&due, &live, |_| true);
        assert_eq!(
            out,
            [
                Change::Reasons {
                    id: SuspensionId(7),
                    organisation: a,
                    lot: HOMES,
                    reasons: expired("Ofsted registration")
                },
                Change::Lift {
                    id: SuspensionId(8),
                    organisation: a,
                    lot: FOSTERING
                },
                Change::Start {
                    organisation: b,
                    lot: FOSTERING,
                    reasons: expired("Insurance")
                },
            ]
        );
    }

    #[test]
    fn changes_leave_members_not_assessed_alone() {
        let live = vec![Live {
            id: SuspensionId(7),
            organisation: OrganisationId(1),
            lot: HOMES,
            reasons: expired("Insurance"),
        }];
        assert!(changes(&BTreeMap::new(), &live, |o| o == OrganisationId(2)).is_empty());
    }
}
