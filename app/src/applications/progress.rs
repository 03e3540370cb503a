//! The task list of a draft application: which parts are done, and what still stops it
//! being submitted. A section counts as completed when every question that applies to
//! the chosen lots has a valid answer, so the list can never say "completed" of a
//! section the submission check would refuse.

use super::questions::{Answer, Question};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Completed,
    /// Nothing in it applies to the lots chosen.
    NotNeeded,
}

impl TaskStatus {
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "Not started",
            TaskStatus::InProgress => "In progress",
            TaskStatus::Completed => "Completed",
            TaskStatus::NotNeeded => "Not needed for the lots chosen",
        }
    }
}

/// A section's status from its questions (already limited to the chosen lots) and the
/// answers saved so far.
pub fn section_status(questions: &[&Question], answers: &HashMap<i64, Answer>) -> TaskStatus {
    if questions.is_empty() {
        return TaskStatus::NotNeeded;
    }
    let answered = questions
        .iter()
        .filter(|q| answers.contains_key(&q.id))
        .count();
    let valid = questions
        .iter()
        .all(|q| q.validate(answers.get(&q.id)).is_ok());
    match (answered, valid) {
        (_, true) if answered > 0 || questions.iter().all(|q| !q.mandatory) => {
            TaskStatus::Completed
        }
        (0, _) => TaskStatus::NotStarted,
        _ => TaskStatus::InProgress,
    }
}

/// The status of a list of required items, `done` of them present.
pub fn items_status(required: usize, done: usize) -> TaskStatus {
    match (required, done) {
        (0, _) => TaskStatus::NotNeeded,
        (r, d) if d >= r => TaskStatus::Completed,
        (_, 0) => TaskStatus::NotStarted,
        _ => TaskStatus::InProgress,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applications::questions::{Marking, QuestionKind};

    fn question(id: i64, mandatory: bool) -> Question {
        Question {
            id,
            text: format!("Question {id}"),
            kind: QuestionKind::YesNo,
            marking: Marking::Discretionary,
            mandatory,
            lots: vec![],
        }
    }

    #[test]
    fn a_section_is_completed_only_when_every_mandatory_question_is_answered() {
        let (a, b) = (question(1, true), question(2, true));
        let questions = [&a, &b];
        let mut answers = HashMap::new();
        assert_eq!(section_status(&questions, &answers), TaskStatus::NotStarted);
        answers.insert(1, Answer::YesNo(true));
        assert_eq!(section_status(&questions, &answers), TaskStatus::InProgress);
        answers.insert(2, Answer::YesNo(false));
        assert_eq!(section_status(&questions, &answers), TaskStatus::Completed);
    }

    #[test]
    fn an_invalid_saved_answer_keeps_the_section_in_progress() {
        let text = Question {
            kind: QuestionKind::Text { max_chars: 5 },
            ..question(1, true)
        };
        let answers = HashMap::from([(1, Answer::Text("far too long".into()))]);
        assert_eq!(section_status(&[&text], &answers), TaskStatus::InProgress);
    }

    #[test]
    fn a_section_of_optional_questions_is_completed_even_when_blank() {
        let optional = question(1, false);
        assert_eq!(
            section_status(&[&optional], &HashMap::new()),
            TaskStatus::Completed
        );
    }

    #[test]
    fn a_section_with_nothing_for_the_chosen_lots_is_not_needed() {
        assert_eq!(section_status(&[], &HashMap::new()), TaskStatus::NotNeeded);
        assert_eq!(items_status(0, 0), TaskStatus::NotNeeded);
    }

    #[test]
    fn required_items_count_towards_completion() {
        assert_eq!(items_status(3, 0), TaskStatus::NotStarted);
        assert_eq!(items_status(3, 2), TaskStatus::InProgress);
        assert_eq!(items_status(3, 3), TaskStatus::Completed);
    }
}
