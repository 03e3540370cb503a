//! The dynamic market drafted to take over from a Regulation 34 DPS when the 2015
//! Regulations' DPSs end. It keeps what the council built (the lots, questionnaire,
//! evidence types, consortium and award weights) and takes what the Procurement Act
//! 2023 requires: the Act as its law, the dynamic-market type, and a start no earlier
//! than the day after the DPS must close, so the two never run under one name at once.

use super::details::{SystemForm, REFERENCE_MAX, TITLE_MAX};
use super::regime::PCR_DPS_LAST_DAY;
use super::types::{Regime, SystemType};
use crate::applications::questions::QuestionKind;
use crate::ids::EvidenceTypeId;
use std::collections::HashMap;
use time::Date;

/// Appended to the DPS's reference and title.
const REFERENCE_SUFFIX: &str = "-DM";
const TITLE_SUFFIX: &str = " (dynamic market)";

/// The successor's reference at the `attempt`th try (from 1): `HAR-DPS-2024-DM`, then
/// `HAR-DPS-2024-DM2`, ... when the council already uses one. The DPS's reference is
/// shortened to fit rather than the suffix dropped, so it still reads as the successor.
pub fn successor_reference(reference: &str, attempt: u32) -> String {
    let suffix = match attempt {
        0 | 1 => REFERENCE_SUFFIX.to_string(),
        n => format!("{REFERENCE_SUFFIX}{n}"),
    };
    let room = REFERENCE_MAX.saturating_sub(suffix.chars().count());
    let stem: String = reference.trim().chars().take(room).collect();
    format!("{}{suffix}", stem.trim_end())
}

fn successor_title(title: &str) -> String {
    let room = TITLE_MAX.saturating_sub(TITLE_SUFFIX.chars().count());
    let stem: String = title.trim().chars().take(room).collect();
    format!("{}{TITLE_SUFFIX}", stem.trim_end())
}

/// The first day the successor can run: the day after the DPS's last lawful day, or
/// today once that has passed.
pub fn successor_start(today: Date) -> Date {
    let after_dps = PCR_DPS_LAST_DAY.next_day().unwrap_or(PCR_DPS_LAST_DAY);
    today.max(after_dps)
}

/// The successor's details, as if a commissioner had typed them, so they are checked by
/// the same rules as any new system. `dps` is the DPS's own details in form shape.
pub fn successor_form(dps: &SystemForm, today: Date, attempt: u32) -> SystemForm {
    SystemForm {
        reference: successor_reference(&dps.reference, attempt),
        title: successor_title(&dps.title),
        description: dps.description.clone(),
        regime: Regime::ProcurementAct2023.as_str().into(),
        system_type: SystemType::DynamicMarket.as_str().into(),
        start_date: successor_start(today).to_string(),
        term: dps.term.clone(),
        estimated_value: dps.estimated_value.clone(),
        quality_weight: dps.quality_weight.clone(),
        price_weight: dps.price_weight.clone(),
    }
}

/// A copied question's kind: an evidence question asks for the copied evidence type.
pub fn remap_evidence(
    kind: &QuestionKind,
    types: &HashMap<EvidenceTypeId, EvidenceTypeId>,
) -> QuestionKind {
    match kind {
        QuestionKind::Evidence { evidence_type_id } => QuestionKind::Evidence {
            evidence_type_id: types
                .get(&EvidenceTypeId(*evidence_type_id))
                .map_or(*evidence_type_id, |copy| copy.0),
        },
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn dps() -> SystemForm {
        SystemForm {
            reference: "HAR-DPS-2024-01".into(),
            title: "Home care and family support DPS".into(),
            description: "Home care, family support and family therapeutic support.".into(),
            regime: "pcr_2015".into(),
            system_type: "reg34_dps".into(),
            start_date: "2024-04-01".into(),
            term: "2+1+1".into(),
            estimated_value: "7200000".into(),
            quality_weight: "60".into(),
            price_weight: "40".into(),
        }
    }

    #[test]
    fn the_successor_is_a_dynamic_market_under_the_act_that_starts_when_the_dps_ends() {
        let form = successor_form(&dps(), date!(2028 - 09 - 01), 1);
        let details = form.parse().expect("the successor's details are lawful");
        assert_eq!(details.plan.regime, Regime::ProcurementAct2023);
        assert_eq!(details.plan.system_type, SystemType::DynamicMarket);
        assert_eq!(details.plan.start, date!(2029 - 02 - 24));
        assert_eq!(details.reference, "HAR-DPS-2024-01-DM");
        assert_eq!(
            details.title,
            "Home care and family support DPS (dynamic market)"
        );
        assert_eq!(details.weights.quality, 60);
        assert_eq!(details.plan.term.total_years(), 4);
    }

    #[test]
    fn an_evidence_question_asks_for_the_copied_type_and_others_are_unchanged() {
        let types = HashMap::from([(EvidenceTypeId(7), EvidenceTypeId(70))]);
        assert_eq!(
            remap_evidence(
                &QuestionKind::Evidence {
                    evidence_type_id: 7
                },
                &types
            ),
            QuestionKind::Evidence {
                evidence_type_id: 70
            }
        );
        assert_eq!(
            remap_evidence(&QuestionKind::YesNo, &types),
            QuestionKind::YesNo
        );
    }

    #[test]
    fn a_successor_drafted_after_the_dps_ended_starts_today() {
        assert_eq!(
            successor_start(date!(2029 - 06 - 10)),
            date!(2029 - 06 - 10)
        );
        assert_eq!(
            successor_start(date!(2029 - 02 - 23)),
            date!(2029 - 02 - 24)
        );
    }

    #[test]
    fn a_taken_reference_is_numbered_and_a_long_one_shortened_to_fit() {
        assert_eq!(successor_reference("HAR-DPS", 2), "HAR-DPS-DM2");
        let long = "A".repeat(REFERENCE_MAX);
        let reference = successor_reference(&long, 3);
        assert_eq!(reference.chars().count(), REFERENCE_MAX);
        assert!(reference.ends_with("-DM3"));
        let title = successor_title(&"T".repeat(TITLE_MAX));
        assert_eq!(title.chars().count(), TITLE_MAX);
        assert!(title.ends_with("(dynamic market)"));
    }
}
