//! What a provider must act on, in one list for its dashboard: suspensions, evidence
//! expired or expiring within 30 days, declarations to renew. The compliance page says
//! how; the dashboard only makes sure it is not missed.

use super::model::{ProviderCompliance, Standing};

/// Days ahead within which an expiry needs attention: the first reminder's.
const SOON: i64 = 30;

/// One sentence per thing to do, most serious first.
pub fn to_do(page: &ProviderCompliance) -> Vec<String> {
    let mut suspended = Vec::new();
    let mut evidence = Vec::new();
    let mut renewals = Vec::new();
    for system in &page.systems {
        let lots: Vec<&str> = system
            .lots
            .iter()
            .filter(|l| matches!(l.standing, Standing::Suspended { .. }))
            .map(|l| l.label.as_str())
            .collect();
        if !lots.is_empty() {
            suspended.push(format!(
                "Suspended from {} of {}: it sends you no placement requests there.",
                lots.join(" and "),
                system.title
            ));
        }
        for item in &system.evidence {
            let (Some(date), Some(left)) = (&item.expires_label, item.days_left) else {
                continue;
            };
            if left > SOON {
                continue;
            }
            let when = match left {
                l if l < 0 => format!("expired on {date}"),
                0 => format!("expires today, {date}"),
                1 => format!("expires tomorrow, {date}"),
                l => format!("expires on {date}, in {l} days"),
            };
            let then = if item.pending.is_some() {
                "your replacement is waiting for the council"
            } else {
                "send a current one"
            };
            evidence.push(format!(
                "{} for {} {when}: {then}.",
                item.type_name, system.title
            ));
        }
        if let Some(r) = system
            .renewal
            .as_ref()
            .filter(|r| r.renewed_label.is_none())
        {
            let due = if r.overdue { "was due" } else { "is due" };
            renewals.push(format!(
                "Your self-declaration for {} {due} by {}.",
                system.title, r.due_label
            ));
        }
    }
    suspended
        .into_iter()
        .chain(evidence)
        .chain(renewals)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::model::{AcceptedView, LotStanding, MemberSystem, RenewalDue};
    use crate::evidence::kinds::EvidenceKind;
    use crate::ids::{EvidenceTypeId, RenewalRequestId, SystemId};

    fn item(name: &str, days_left: Option<i64>, pending: bool) -> AcceptedView {
        AcceptedView {
            evidence_type: EvidenceTypeId(1),
            type_name: name.into(),
            kind: EvidenceKind::Document,
            item_title: name.into(),
            expires_label: days_left.map(|_| "1 March 2027".into()),
            days_left,
            pending: pending.then(|| "Insurance 2027".into()),
            refused: None,
        }
    }

    fn system(lots: Vec<LotStanding>, evidence: Vec<AcceptedView>) -> MemberSystem {
        MemberSystem {
            id: SystemId(1),
            title: "Home care DPS".into(),
            council: "Haringey Council".into(),
            lots,
            evidence,
            renewal: None,
            ending: None,
        }
    }

    fn lot(label: &str, standing: Standing) -> LotStanding {
        LotStanding {
            label: label.into(),
            standing,
        }
    }

    fn page(systems: Vec<MemberSystem>) -> ProviderCompliance {
        ProviderCompliance {
            systems,
            reminders: vec![],
            library: vec![],
            can_send: true,
        }
    }

    #[test]
    fn a_member_in_good_standing_has_nothing_to_do() {
        let s = system(
            vec![lot("Lot 1: Home care", Standing::Admitted)],
            vec![
                item("Insurance", Some(31), false),
                item("Policy", None, false),
            ],
        );
        assert!(to_do(&page(vec![s])).is_empty());
    }

    #[test]
    fn suspensions_come_first_then_evidence_by_what_is_needed() {
        let suspended = Standing::Suspended {
            reasons: vec!["Insurance expired".into()],
        };
        let s = system(
            vec![
                lot("Lot 1: Home care", suspended.clone()),
                lot("Lot 2: Family support", suspended),
                lot("Lot 3: Therapy", Standing::Admitted),
            ],
            vec![
                item("Insurance", Some(-3), false),
                item("Business continuity plan", Some(30), true),
                item("CQC registration", Some(0), false),
            ],
        );
        assert_eq!(
            to_do(&page(vec![s])),
            [
                "Suspended from Lot 1: Home care and Lot 2: Family support of Home care DPS: it sends you no placement requests there.",
                "Insurance for Home care DPS expired on 1 March 2027: send a current one.",
                "Business continuity plan for Home care DPS expires on 1 March 2027, in 30 days: your replacement is waiting for the council.",
                "CQC registration for Home care DPS expires today, 1 March 2027: send a current one.",
            ]
        );
    }

    #[test]
    fn a_declaration_to_renew_is_listed_until_renewed() {
        let mut s = system(vec![lot("Lot 1: Home care", Standing::Admitted)], vec![]);
        s.renewal = Some(RenewalDue {
            request: RenewalRequestId(1),
            asked_label: "1 March 2027".into(),
            due_label: "8 March 2027".into(),
            overdue: true,
            renewed_label: None,
        });
        assert_eq!(
            to_do(&page(vec![s.clone()])),
            ["Your self-declaration for Home care DPS was due by 8 March 2027."]
        );
        if let Some(r) = s.renewal.as_mut() {
            r.renewed_label = Some("7 March 2027".into());
        }
        assert!(to_do(&page(vec![s])).is_empty());
    }
}
