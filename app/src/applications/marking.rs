//! Marking an application, the GOV.UK Digital Marketplace way: a pass/fail question
//! publishes the answers that pass, so a machine can mark it and every applicant is
//! marked alike; whatever needs judgement waits for a person.

use serde::{Deserialize, Serialize};

use super::questions::{Answer, Marking, Question, QuestionKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Pass,
    Fail,
    NeedsEvaluator,
    /// Information only, or an optional question left blank: nothing to judge.
    NotMarked,
}

/// Marks one answer. Evidence always waits for an evaluator, whatever the question says:
/// that a document is attached does not show that it is adequate or current.
pub fn mark(question: &Question, answer: Option<&Answer>) -> Mark {
    if let QuestionKind::Evidence { .. } = question.kind {
        return match answer {
            Some(_) => Mark::NeedsEvaluator,
            None if question.mandatory => Mark::Fail,
            None => Mark::NotMarked,
        };
    }
    match &question.marking {
        Marking::InformationOnly => Mark::NotMarked,
        Marking::Discretionary => match answer {
            Some(_) => Mark::NeedsEvaluator,
            // Missing a required answer is definite; a missing optional one is no evidence
            // either way, and a person can ask for it as a clarification.
            None if question.mandatory => Mark::Fail,
            None => Mark::NotMarked,
        },
        Marking::PassFail { passing } => match answer {
            None if question.mandatory => Mark::Fail,
            None => Mark::NotMarked,
            Some(answer) => match answer.as_passing_value() {
                Some(value) if passing.iter().any(|p| p == value) => Mark::Pass,
                Some(_) => Mark::Fail,
                // A pass/fail mark on an answer that is not one of a fixed list (which the
                // questionnaire builder refuses) cannot be definite.
                None => Mark::NeedsEvaluator,
            },
        },
    }
}

/// The questions an applicant to these lots must answer: a question limited to some lots
/// applies only when one of them is chosen.
pub fn questions_for_lots<'q>(questions: &'q [Question], chosen_lots: &[i64]) -> Vec<&'q Question> {
    questions
        .iter()
        .filter(|q| q.applies_to_any(chosen_lots))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: QuestionKind, marking: Marking) -> Question {
        Question {
            id: 1,
            text: "Question".into(),
            kind,
            marking,
            mandatory: true,
            lots: vec![],
        }
    }

    fn pass_if(passing: &[&str]) -> Marking {
        Marking::PassFail {
            passing: passing.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn a_passing_yes_no_answer_passes_and_the_other_fails() {
        let q = question(QuestionKind::YesNo, pass_if(&["yes"]));
        assert_eq!(mark(&q, Some(&Answer::YesNo(true))), Mark::Pass);
        assert_eq!(mark(&q, Some(&Answer::YesNo(false))), Mark::Fail);
        let q = question(QuestionKind::YesNo, pass_if(&["no"]));
        assert_eq!(mark(&q, Some(&Answer::YesNo(false))), Mark::Pass);
    }

    #[test]
    fn a_choice_passes_only_if_it_is_among_the_passing_answers() {
        let kind = QuestionKind::ChooseOne {
            options: vec!["Outstanding".into(), "Good".into(), "Inadequate".into()],
        };
        let q = question(kind, pass_if(&["Outstanding", "Good"]));
        assert_eq!(mark(&q, Some(&Answer::Choice("Good".into()))), Mark::Pass);
        assert_eq!(
            mark(&q, Some(&Answer::Choice("Inadequate".into()))),
            Mark::Fail
        );
    }

    #[test]
    fn a_discretionary_answer_waits_for_an_evaluator() {
        let q = question(
            QuestionKind::Text { max_chars: 1000 },
            Marking::Discretionary,
        );
        assert_eq!(
            mark(&q, Some(&Answer::Text("Our approach…".into()))),
            Mark::NeedsEvaluator
        );
        let q = question(QuestionKind::YesNo, Marking::Discretionary);
        assert_eq!(mark(&q, Some(&Answer::YesNo(true))), Mark::NeedsEvaluator);
    }

    #[test]
    fn every_evidence_item_waits_for_an_evaluator_even_on_a_pass_fail_question() {
        let kind = QuestionKind::Evidence {
            evidence_type_id: 9,
        };
        for marking in [
            pass_if(&["yes"]),
            Marking::Discretionary,
            Marking::InformationOnly,
        ] {
            let q = question(kind.clone(), marking);
            assert_eq!(mark(&q, Some(&Answer::Evidence(12))), Mark::NeedsEvaluator);
        }
    }

    #[test]
    fn an_information_only_question_is_not_marked() {
        let q = question(
            QuestionKind::Number {
                min: None,
                max: None,
            },
            Marking::InformationOnly,
        );
        assert_eq!(mark(&q, Some(&Answer::Number(40))), Mark::NotMarked);
        assert_eq!(mark(&q, None), Mark::NotMarked);
    }

    #[test]
    fn a_missing_mandatory_answer_fails_and_a_missing_optional_one_is_not_marked() {
        let mut q = question(QuestionKind::YesNo, pass_if(&["yes"]));
        assert_eq!(mark(&q, None), Mark::Fail);
        q.mandatory = false;
        assert_eq!(mark(&q, None), Mark::NotMarked);
        let mut evidence = question(
            QuestionKind::Evidence {
                evidence_type_id: 2,
            },
            Marking::Discretionary,
        );
        assert_eq!(mark(&evidence, None), Mark::Fail);
        evidence.mandatory = false;
        assert_eq!(mark(&evidence, None), Mark::NotMarked);
    }

    #[test]
    fn a_pass_fail_mark_on_free_text_is_left_to_an_evaluator() {
        let q = question(QuestionKind::Text { max_chars: 10 }, pass_if(&["yes"]));
        assert_eq!(
            mark(&q, Some(&Answer::Text("yes".into()))),
            Mark::NeedsEvaluator
        );
    }

    #[test]
    fn a_lot_limited_question_applies_only_when_its_lot_is_chosen() {
        let mut everyone = question(QuestionKind::YesNo, Marking::InformationOnly);
        everyone.id = 1;
        let mut homes = everyone.clone();
        homes.id = 2;
        homes.lots = vec![10];
        let mut fostering = everyone.clone();
        fostering.id = 3;
        fostering.lots = vec![20, 30];
        let questions = [everyone, homes, fostering];
        let ids = |lots: &[i64]| -> Vec<i64> {
            questions_for_lots(&questions, lots)
                .iter()
                .map(|q| q.id)
                .collect()
        };
        assert_eq!(ids(&[10]), [1, 2]);
        assert_eq!(ids(&[30]), [1, 3]);
        assert_eq!(ids(&[10, 20]), [1, 2, 3]);
        assert_eq!(ids(&[40]), [1]);
    }
}
