//! The admission rule. Under Regulation 34 (and likewise for a dynamic market's
//! membership conditions) every applicant that meets the published selection criteria
//! must be admitted: the decision is pass/fail against those criteria, and a fail carries
//! its reasons. A council cannot turn away a provider it simply has enough of, and the
//! rules below make the decision page unable to record that.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::marking::{mark, Mark};
use super::questions::{Answer, Question};

/// What an applicant is judged on: an answer to a question, or evidence of a type the
/// system requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum CriterionId {
    Question(i64),
    EvidenceType(i64),
}

/// An evaluator's decision on something that needed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Evaluation {
    Accepted,
    Rejected { reason: String },
}

impl Evaluation {
    /// A rejection is told to the provider, so it must say why.
    pub fn rejected(reason: &str) -> Result<Self, String> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err("Enter a reason for rejecting it".into());
        }
        Ok(Evaluation::Rejected {
            reason: reason.to_owned(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionOutcome {
    pub criterion: CriterionId,
    /// How the criterion is named on the decision page and to the provider.
    pub title: String,
    /// The lots the criterion is a condition of; empty means every lot.
    pub lots: Vec<i64>,
    pub mark: Mark,
    pub evaluation: Option<Evaluation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Met,
    NotMet,
    Awaiting,
}

impl CriterionOutcome {
    pub fn for_question(
        question: &Question,
        answer: Option<&Answer>,
        evaluation: Option<Evaluation>,
    ) -> Self {
        CriterionOutcome {
            criterion: CriterionId::Question(question.id),
            title: question.text.clone(),
            lots: question.lots.clone(),
            mark: mark(question, answer),
            evaluation,
        }
    }

    /// An automatic mark stands whatever an evaluator records: it is the published bar,
    /// and moving it for one applicant would judge applicants unequally.
    pub fn standing(&self) -> Standing {
        match (self.mark, &self.evaluation) {
            (Mark::Pass | Mark::NotMarked, _) => Standing::Met,
            (Mark::Fail, _) => Standing::NotMet,
            (Mark::NeedsEvaluator, None) => Standing::Awaiting,
            (Mark::NeedsEvaluator, Some(Evaluation::Accepted)) => Standing::Met,
            (Mark::NeedsEvaluator, Some(Evaluation::Rejected { .. })) => Standing::NotMet,
        }
    }

    fn applies_to_lot(&self, lot: i64) -> bool {
        self.lots.is_empty() || self.lots.contains(&lot)
    }
}

/// Where an application stands, lot by lot, for the lots it applied to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment<'a> {
    /// Lots whose every criterion is met: the applicant must be admitted to these.
    pub meeting: Vec<i64>,
    /// Lots with at least one criterion not met.
    pub failing: Vec<i64>,
    /// Lots with nothing failed yet but something still to evaluate.
    pub undecided: Vec<i64>,
    /// Criteria not met, among those that apply to an applied lot.
    pub failed: Vec<&'a CriterionOutcome>,
    pub awaiting: Vec<&'a CriterionOutcome>,
}

/// A criterion limited to one lot fails only that lot; one for every lot fails them all.
pub fn assess<'a>(outcomes: &'a [CriterionOutcome], applied_lots: &[i64]) -> Assessment<'a> {
    let relevant: Vec<&CriterionOutcome> = outcomes
        .iter()
        .filter(|o| applied_lots.iter().any(|lot| o.applies_to_lot(*lot)))
        .collect();
    let with = |standing: Standing| -> Vec<&'a CriterionOutcome> {
        relevant
            .iter()
            .copied()
            .filter(|o| o.standing() == standing)
            .collect()
    };
    let mut assessment = Assessment {
        meeting: Vec::new(),
        failing: Vec::new(),
        undecided: Vec::new(),
        failed: with(Standing::NotMet),
        awaiting: with(Standing::Awaiting),
    };
    for &lot in applied_lots {
        let for_lot = |list: &[&CriterionOutcome]| list.iter().any(|o| o.applies_to_lot(lot));
        if for_lot(&assessment.failed) {
            assessment.failing.push(lot);
        } else if for_lot(&assessment.awaiting) {
            assessment.undecided.push(lot);
        } else {
            assessment.meeting.push(lot);
        }
    }
    assessment
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Decision {
    /// Admit to these lots. Any applied lot left out must have failed, and `reasons`
    /// explains each failed criterion, as for a rejection.
    Admit {
        lots: Vec<i64>,
        reasons: Vec<(CriterionId, String)>,
    },
    Reject {
        reasons: Vec<(CriterionId, String)>,
    },
}

/// A decision that may be recorded and told to the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub admitted: Vec<i64>,
    pub refused: Vec<i64>,
    /// Trimmed, one for each failed criterion, in the order the criteria were given.
    pub reasons: Vec<(CriterionId, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecisionProblem {
    #[error("Every applicant that meets the criteria must be admitted")]
    NothingFailed,
    #[error(
        "Every applicant that meets the criteria must be admitted: admit them to each lot whose criteria they meet"
    )]
    LotMeetsCriteria { lot: i64 },
    #[error("Evaluate every answer and evidence item before admitting the applicant")]
    StillAwaiting { criteria: Vec<CriterionId> },
    #[error(
        "Evaluate every answer and evidence item for a lot before rejecting the applicant from it"
    )]
    LotUndecided { lot: i64 },
    #[error("Select the lots to admit the applicant to, or reject the application")]
    NoLotChosen,
    #[error("The applicant did not apply to that lot")]
    LotNotApplied { lot: i64 },
    #[error("The applicant cannot be admitted to a lot whose criteria they did not meet")]
    LotFailed { lot: i64 },
    #[error("Enter a reason why the applicant did not meet “{title}”")]
    ReasonMissing {
        criterion: CriterionId,
        title: String,
    },
    #[error("Give reasons only for criteria the applicant did not meet")]
    ReasonNotNeeded { criterion: CriterionId },
}

/// Checks a proposed decision against the application's outcomes, returning what may be
/// recorded or every problem at once for the error summary.
pub fn validate(
    decision: &Decision,
    outcomes: &[CriterionOutcome],
    applied_lots: &[i64],
) -> Result<Outcome, Vec<DecisionProblem>> {
    let assessment = assess(outcomes, applied_lots);
    let mut problems = Vec::new();
    let (admitted, reasons) = match decision {
        Decision::Reject { reasons } => {
            if assessment.failed.is_empty() {
                return Err(vec![DecisionProblem::NothingFailed]);
            }
            problems.extend(
                assessment
                    .meeting
                    .iter()
                    .map(|&lot| DecisionProblem::LotMeetsCriteria { lot }),
            );
            // Once every lot has failed, the outcome cannot change, so rejecting need not
            // wait for the rest to be evaluated; a lot that may yet pass must.
            problems.extend(
                assessment
                    .undecided
                    .iter()
                    .map(|&lot| DecisionProblem::LotUndecided { lot }),
            );
            (Vec::new(), reasons)
        }
        Decision::Admit { lots, reasons } => {
            if !assessment.awaiting.is_empty() {
                problems.push(DecisionProblem::StillAwaiting {
                    criteria: assessment.awaiting.iter().map(|o| o.criterion).collect(),
                });
            }
            if lots.is_empty() {
                problems.push(DecisionProblem::NoLotChosen);
            }
            for &lot in lots {
                if !applied_lots.contains(&lot) {
                    problems.push(DecisionProblem::LotNotApplied { lot });
                } else if assessment.failing.contains(&lot) {
                    problems.push(DecisionProblem::LotFailed { lot });
                }
            }
            problems.extend(
                assessment
                    .meeting
                    .iter()
                    .filter(|lot| !lots.contains(*lot))
                    .map(|&lot| DecisionProblem::LotMeetsCriteria { lot }),
            );
            (lots.clone(), reasons)
        }
    };
    let reasons = check_reasons(reasons, &assessment.failed, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let refused = applied_lots
        .iter()
        .copied()
        .filter(|lot| !admitted.contains(lot))
        .collect();
    Ok(Outcome {
        admitted,
        refused,
        reasons,
    })
}

/// Every failed criterion needs its reason, told to the provider; a reason given for
/// anything else would tell them they failed what they passed.
fn check_reasons(
    given: &[(CriterionId, String)],
    failed: &[&CriterionOutcome],
    problems: &mut Vec<DecisionProblem>,
) -> Vec<(CriterionId, String)> {
    let mut reasons = Vec::new();
    for outcome in failed {
        let reason = given
            .iter()
            .find(|(criterion, _)| *criterion == outcome.criterion)
            .map(|(_, reason)| reason.trim())
            .filter(|reason| !reason.is_empty());
        match reason {
            Some(reason) => reasons.push((outcome.criterion, reason.to_owned())),
            None => problems.push(DecisionProblem::ReasonMissing {
                criterion: outcome.criterion,
                title: outcome.title.clone(),
            }),
        }
    }
    for (criterion, _) in given {
        if !failed.iter().any(|o| o.criterion == *criterion) {
            problems.push(DecisionProblem::ReasonNotNeeded {
                criterion: *criterion,
            });
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOMES: i64 = 10;
    const FOSTERING: i64 = 20;

    fn outcome(
        id: i64,
        lots: &[i64],
        mark: Mark,
        evaluation: Option<Evaluation>,
    ) -> CriterionOutcome {
        CriterionOutcome {
            criterion: CriterionId::Question(id),
            title: format!("Criterion {id}"),
            lots: lots.to_vec(),
            mark,
            evaluation,
        }
    }

    fn passed(id: i64, lots: &[i64]) -> CriterionOutcome {
        outcome(id, lots, Mark::Pass, None)
    }

    fn failed(id: i64, lots: &[i64]) -> CriterionOutcome {
        outcome(id, lots, Mark::Fail, None)
    }

    fn awaiting(id: i64, lots: &[i64]) -> CriterionOutcome {
        outcome(id, lots, Mark::NeedsEvaluator, None)
    }

    fn reason(id: i64, text: &str) -> (CriterionId, String) {
        (CriterionId::Question(id), text.to_owned())
    }

    fn admit(lots: &[i64], reasons: Vec<(CriterionId, String)>) -> Decision {
        Decision::Admit {
            lots: lots.to_vec(),
            reasons,
        }
    }

    #[test]
    fn an_applicant_meeting_every_criterion_is_admitted_to_every_lot() {
        let outcomes = [passed(1, &[]), outcome(2, &[], Mark::NotMarked, None)];
        let result = validate(
            &admit(&[HOMES, FOSTERING], vec![]),
            &outcomes,
            &[HOMES, FOSTERING],
        );
        assert_eq!(
            result,
            Ok(Outcome {
                admitted: vec![HOMES, FOSTERING],
                refused: vec![],
                reasons: vec![],
            })
        );
    }

    #[test]
    fn a_reject_is_refused_when_nothing_failed() {
        let outcomes = [
            passed(1, &[]),
            outcome(2, &[], Mark::NeedsEvaluator, Some(Evaluation::Accepted)),
        ];
        let problems =
            validate(&Decision::Reject { reasons: vec![] }, &outcomes, &[HOMES]).unwrap_err();
        assert_eq!(problems, [DecisionProblem::NothingFailed]);
        assert_eq!(
            problems[0].to_string(),
            "Every applicant that meets the criteria must be admitted"
        );
    }

    #[test]
    fn a_reject_with_a_reason_for_each_failed_criterion_is_accepted() {
        let outcomes = [
            passed(1, &[]),
            failed(2, &[]),
            outcome(
                3,
                &[],
                Mark::NeedsEvaluator,
                Evaluation::rejected("Expired").ok(),
            ),
        ];
        let decision = Decision::Reject {
            reasons: vec![
                reason(3, " Insurance expired in May "),
                reason(2, "No safeguarding lead"),
            ],
        };
        assert_eq!(
            validate(&decision, &outcomes, &[HOMES]),
            Ok(Outcome {
                admitted: vec![],
                refused: vec![HOMES],
                reasons: vec![
                    reason(2, "No safeguarding lead"),
                    reason(3, "Insurance expired in May")
                ],
            })
        );
    }

    #[test]
    fn each_failed_criterion_needs_a_reason() {
        let outcomes = [failed(1, &[]), failed(2, &[])];
        let decision = Decision::Reject {
            reasons: vec![reason(1, "Not registered"), reason(2, "   ")],
        };
        let problems = validate(&decision, &outcomes, &[HOMES]).unwrap_err();
        assert_eq!(
            problems,
            [DecisionProblem::ReasonMissing {
                criterion: CriterionId::Question(2),
                title: "Criterion 2".into()
            }]
        );
        assert_eq!(
            problems[0].to_string(),
            "Enter a reason why the applicant did not meet “Criterion 2”"
        );
    }

    #[test]
    fn a_reason_for_a_criterion_that_was_met_is_refused() {
        let outcomes = [failed(1, &[]), passed(2, &[])];
        let decision = Decision::Reject {
            reasons: vec![reason(1, "Not registered"), reason(2, "Weak answer")],
        };
        assert_eq!(
            validate(&decision, &outcomes, &[HOMES]).unwrap_err(),
            [DecisionProblem::ReasonNotNeeded {
                criterion: CriterionId::Question(2)
            }]
        );
    }

    #[test]
    fn admission_is_refused_while_a_criterion_needs_an_evaluator() {
        let outcomes = [passed(1, &[]), awaiting(2, &[]), awaiting(3, &[FOSTERING])];
        let problems =
            validate(&admit(&[HOMES], vec![]), &outcomes, &[HOMES, FOSTERING]).unwrap_err();
        assert_eq!(
            problems,
            [DecisionProblem::StillAwaiting {
                criteria: vec![CriterionId::Question(2), CriterionId::Question(3)]
            }]
        );
    }

    #[test]
    fn an_evaluators_acceptance_and_rejection_decide_what_was_waiting() {
        let accepted = outcome(1, &[], Mark::NeedsEvaluator, Some(Evaluation::Accepted));
        assert_eq!(accepted.standing(), Standing::Met);
        let rejected = outcome(
            1,
            &[],
            Mark::NeedsEvaluator,
            Evaluation::rejected("Out of date").ok(),
        );
        assert_eq!(rejected.standing(), Standing::NotMet);
        assert_eq!(awaiting(1, &[]).standing(), Standing::Awaiting);
    }

    #[test]
    fn an_evaluator_cannot_overturn_an_automatic_mark() {
        let failed_but_accepted = outcome(1, &[], Mark::Fail, Some(Evaluation::Accepted));
        assert_eq!(failed_but_accepted.standing(), Standing::NotMet);
        let passed_but_rejected = outcome(1, &[], Mark::Pass, Evaluation::rejected("No").ok());
        assert_eq!(passed_but_rejected.standing(), Standing::Met);
    }

    #[test]
    fn a_rejection_must_say_why() {
        assert_eq!(
            Evaluation::rejected("  ").unwrap_err(),
            "Enter a reason for rejecting it"
        );
        assert_eq!(
            Evaluation::rejected(" Policy is from 2019 "),
            Ok(Evaluation::Rejected {
                reason: "Policy is from 2019".into()
            })
        );
    }

    #[test]
    fn a_criterion_limited_to_a_lot_fails_only_that_lot() {
        let outcomes = [passed(1, &[]), failed(2, &[FOSTERING])];
        let assessment = assess(&outcomes, &[HOMES, FOSTERING]);
        assert_eq!(assessment.meeting, [HOMES]);
        assert_eq!(assessment.failing, [FOSTERING]);
        let decision = admit(&[HOMES], vec![reason(2, "No fostering panel")]);
        assert_eq!(
            validate(&decision, &outcomes, &[HOMES, FOSTERING]),
            Ok(Outcome {
                admitted: vec![HOMES],
                refused: vec![FOSTERING],
                reasons: vec![reason(2, "No fostering panel")],
            })
        );
    }

    #[test]
    fn admitting_to_a_failed_lot_is_refused() {
        let outcomes = [failed(2, &[FOSTERING])];
        let decision = admit(&[HOMES, FOSTERING], vec![reason(2, "No fostering panel")]);
        assert_eq!(
            validate(&decision, &outcomes, &[HOMES, FOSTERING]).unwrap_err(),
            [DecisionProblem::LotFailed { lot: FOSTERING }]
        );
    }

    #[test]
    fn leaving_out_a_lot_whose_criteria_are_met_is_refused() {
        let outcomes = [passed(1, &[])];
        assert_eq!(
            validate(&admit(&[HOMES], vec![]), &outcomes, &[HOMES, FOSTERING]).unwrap_err(),
            [DecisionProblem::LotMeetsCriteria { lot: FOSTERING }]
        );
    }

    #[test]
    fn rejecting_an_applicant_that_meets_one_lots_criteria_is_refused() {
        let outcomes = [failed(2, &[FOSTERING])];
        let decision = Decision::Reject {
            reasons: vec![reason(2, "No fostering panel")],
        };
        assert_eq!(
            validate(&decision, &outcomes, &[HOMES, FOSTERING]).unwrap_err(),
            [DecisionProblem::LotMeetsCriteria { lot: HOMES }]
        );
    }

    #[test]
    fn a_reject_need_not_wait_for_evaluation_once_every_lot_has_failed() {
        let outcomes = [failed(1, &[]), awaiting(2, &[])];
        let decision = Decision::Reject {
            reasons: vec![reason(1, "Not registered with Ofsted")],
        };
        assert!(validate(&decision, &outcomes, &[HOMES, FOSTERING]).is_ok());
    }

    #[test]
    fn a_reject_waits_for_a_lot_that_may_yet_pass() {
        let outcomes = [failed(1, &[HOMES]), awaiting(2, &[FOSTERING])];
        let decision = Decision::Reject {
            reasons: vec![reason(1, "Not registered with Ofsted")],
        };
        assert_eq!(
            validate(&decision, &outcomes, &[HOMES, FOSTERING]).unwrap_err(),
            [DecisionProblem::LotUndecided { lot: FOSTERING }]
        );
    }

    #[test]
    fn admitting_to_no_lot_or_an_unapplied_lot_is_refused() {
        let outcomes = [failed(1, &[])];
        let problems =
            validate(&admit(&[], vec![reason(1, "No")]), &outcomes, &[HOMES]).unwrap_err();
        assert_eq!(problems, [DecisionProblem::NoLotChosen]);
        let outcomes = [passed(1, &[])];
        let problems = validate(&admit(&[HOMES, 99], vec![]), &outcomes, &[HOMES]).unwrap_err();
        assert_eq!(problems, [DecisionProblem::LotNotApplied { lot: 99 }]);
    }

    #[test]
    fn criteria_for_lots_not_applied_for_are_ignored() {
        let outcomes = [
            passed(1, &[]),
            failed(2, &[FOSTERING]),
            awaiting(3, &[FOSTERING]),
        ];
        assert!(validate(&admit(&[HOMES], vec![]), &outcomes, &[HOMES]).is_ok());
        assert_eq!(
            validate(&Decision::Reject { reasons: vec![] }, &outcomes, &[HOMES]).unwrap_err(),
            [DecisionProblem::NothingFailed]
        );
    }

    #[test]
    fn outcomes_are_built_from_marked_questions() {
        use crate::applications::questions::{Marking, QuestionKind};
        let question = Question {
            id: 5,
            text: "Do you hold employers' liability insurance of at least £5m?".into(),
            kind: QuestionKind::YesNo,
            marking: Marking::PassFail {
                passing: vec!["yes".into()],
            },
            mandatory: true,
            lots: vec![HOMES],
        };
        let outcome = CriterionOutcome::for_question(&question, Some(&Answer::YesNo(false)), None);
        assert_eq!(outcome.criterion, CriterionId::Question(5));
        assert_eq!(outcome.lots, [HOMES]);
        assert_eq!(outcome.standing(), Standing::NotMet);
    }
}
