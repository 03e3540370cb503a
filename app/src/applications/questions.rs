//! The selection questionnaire as a commissioner builds it and a provider answers it.
//! Questions are plain data, stored as JSON with the system, so that what was published
//! is exactly what every applicant was judged against.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub text: String,
    pub kind: QuestionKind,
    pub marking: Marking,
    pub mandatory: bool,
    /// The lots the question is asked for; empty means every lot.
    #[serde(default)]
    pub lots: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    YesNo,
    Text {
        max_chars: u32,
    },
    /// Whole numbers only: the GOV.UK pattern, and a count of beds or staff is one.
    Number {
        min: Option<i64>,
        max: Option<i64>,
    },
    Date,
    ChooseOne {
        options: Vec<String>,
    },
    /// Answered by attaching an item of the organisation's evidence of that type.
    Evidence {
        evidence_type_id: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Marking {
    /// Published with the answers that pass, so that applicants know the bar in advance.
    PassFail {
        passing: Vec<String>,
    },
    /// A person decides, against guidance published with the question.
    Discretionary,
    InformationOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    YesNo(bool),
    Text(String),
    Number(i64),
    Date(AnswerDate),
    Choice(String),
    /// The id of the evidence item chosen from the organisation's library.
    Evidence(i64),
}

impl Answer {
    /// The answer as a form field holds it, to show a saved draft again.
    pub fn form_value(&self) -> String {
        match self {
            Answer::YesNo(true) => YES.into(),
            Answer::YesNo(false) => NO.into(),
            Answer::Text(text) | Answer::Choice(text) => text.clone(),
            Answer::Number(n) => n.to_string(),
            Answer::Date(date) => date.iso(),
            Answer::Evidence(id) => id.to_string(),
        }
    }

    /// The answer in words, for check-your-answers and the council. Evidence is named by
    /// the caller, which knows the library.
    pub fn display(&self) -> String {
        match self {
            Answer::YesNo(true) => "Yes".into(),
            Answer::YesNo(false) => "No".into(),
            Answer::Date(date) => format!("{:02}/{:02}/{}", date.day, date.month, date.year),
            other => other.form_value(),
        }
    }

    /// The form of the answer a pass/fail question's `passing` list is written in.
    pub fn as_passing_value(&self) -> Option<&str> {
        match self {
            Answer::YesNo(true) => Some(YES),
            Answer::YesNo(false) => Some(NO),
            Answer::Choice(choice) => Some(choice),
            _ => None,
        }
    }

    /// Reads what a form posted for a question of this kind. `Ok(None)` is a blank answer,
    /// which `validate` judges, since only it knows whether the question is mandatory.
    pub fn from_form(kind: &QuestionKind, input: &str) -> Result<Option<Answer>, String> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(None);
        }
        let answer = match kind {
            QuestionKind::YesNo => match input {
                YES => Answer::YesNo(true),
                NO => Answer::YesNo(false),
                _ => return Err("Select yes or no".into()),
            },
            QuestionKind::Text { .. } => Answer::Text(input.to_owned()),
            QuestionKind::Number { .. } => {
                // People write thousands with commas; a council's form should not mind.
                let digits: String = input.chars().filter(|c| *c != ',').collect();
                Answer::Number(
                    digits
                        .parse()
                        .map_err(|_| "Answer must be a whole number, like 12")?,
                )
            }
            QuestionKind::Date => Answer::Date(AnswerDate::parse_iso(input)?),
            QuestionKind::ChooseOne { .. } => Answer::Choice(input.to_owned()),
            QuestionKind::Evidence { .. } => {
                Answer::Evidence(input.parse().map_err(|_| "Select the evidence to attach")?)
            }
        };
        Ok(Some(answer))
    }
}

pub const YES: &str = "yes";
pub const NO: &str = "no";

/// A calendar date, kept without the `time` crate so that the browser bundle can check
/// one too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AnswerDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl AnswerDate {
    /// From the three fields of the GOV.UK date input.
    pub fn from_parts(day: &str, month: &str, year: &str) -> Result<Self, String> {
        let (day, month, year) = (day.trim(), month.trim(), year.trim());
        if day.is_empty() || month.is_empty() || year.is_empty() {
            return Err("Date must include a day, month and year".into());
        }
        let not_real = || String::from("Date must be a real date");
        let day: u8 = day.parse().map_err(|_| not_real())?;
        let month: u8 = month.parse().map_err(|_| not_real())?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err("Year must include 4 numbers".into());
        }
        let year: i32 = year.parse().map_err(|_| not_real())?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(not_real());
        }
        Ok(AnswerDate { year, month, day })
    }

    /// From `YYYY-MM-DD`, the form an `<input type="date">` posts and the database keeps.
    pub fn parse_iso(input: &str) -> Result<Self, String> {
        let mut parts = input.trim().splitn(3, '-');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(year), Some(month), Some(day)) => AnswerDate::from_parts(day, month, year),
            _ => Err("Date must be a real date".into()),
        }
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Question {
    /// A question limited to some lots is asked only of applicants to one of them.
    pub fn applies_to_lot(&self, lot: i64) -> bool {
        self.lots.is_empty() || self.lots.contains(&lot)
    }

    pub fn applies_to_any(&self, lots: &[i64]) -> bool {
        self.lots.is_empty() || lots.iter().any(|lot| self.lots.contains(lot))
    }

    /// Checks a provider's answer, giving the message to show beside the question.
    pub fn validate(&self, answer: Option<&Answer>) -> Result<(), String> {
        let Some(answer) = answer else {
            return if self.mandatory {
                Err(self.blank_message().into())
            } else {
                Ok(())
            };
        };
        match (&self.kind, answer) {
            (QuestionKind::YesNo, Answer::YesNo(_))
            | (QuestionKind::Date, Answer::Date(_))
            | (QuestionKind::Evidence { .. }, Answer::Evidence(_)) => Ok(()),
            (QuestionKind::Text { .. }, Answer::Text(text)) if text.trim().is_empty() => {
                self.validate(None)
            }
            (QuestionKind::Text { max_chars }, Answer::Text(text)) => {
                if text.chars().count() > *max_chars as usize {
                    Err(format!("Answer must be {max_chars} characters or fewer"))
                } else {
                    Ok(())
                }
            }
            (QuestionKind::Number { min, max }, Answer::Number(n)) => match (min, max) {
                (Some(min), Some(max)) if !(*min..=*max).contains(n) => {
                    Err(format!("Answer must be between {min} and {max}"))
                }
                (Some(min), None) if n < min => Err(format!("Answer must be {min} or more")),
                (None, Some(max)) if n > max => Err(format!("Answer must be {max} or less")),
                _ => Ok(()),
            },
            (QuestionKind::ChooseOne { options }, Answer::Choice(choice)) => {
                if options.contains(choice) {
                    Ok(())
                } else {
                    Err("Select one of the options".into())
                }
            }
            // A stale form posted against a question whose kind has since changed.
            _ => Err(self.blank_message().into()),
        }
    }

    fn blank_message(&self) -> &'static str {
        match self.kind {
            QuestionKind::YesNo => "Select yes or no",
            QuestionKind::ChooseOne { .. } => "Select an answer",
            QuestionKind::Evidence { .. } => "Select the evidence to attach",
            QuestionKind::Date => "Enter a date",
            QuestionKind::Text { .. } | QuestionKind::Number { .. } => "Enter an answer",
        }
    }

    /// What is wrong with a question as a commissioner wrote it, for the questionnaire
    /// builder. Automatic marking needs a definite answer to compare, so pass/fail is
    /// offered only where the answers are a fixed list; anything else is discretionary.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.text.trim().is_empty() {
            problems.push("Enter the question".to_owned());
        }
        match &self.kind {
            QuestionKind::Text { max_chars: 0 } => {
                problems.push("Maximum length must be at least 1 character".to_owned())
            }
            QuestionKind::Number {
                min: Some(min),
                max: Some(max),
            } if min > max => problems.push("Minimum must not be more than the maximum".to_owned()),
            QuestionKind::ChooseOne { options } => {
                if options.len() < 2 {
                    problems.push("Enter at least 2 options".to_owned());
                }
                if options.iter().any(|o| o.trim().is_empty()) {
                    problems.push("Options must not be blank".to_owned());
                }
                let mut seen = Vec::new();
                if options.iter().any(|o| {
                    let duplicate = seen.contains(&o);
                    seen.push(o);
                    duplicate
                }) {
                    problems.push("Each option must be different".to_owned());
                }
            }
            _ => {}
        }
        if let Marking::PassFail { passing } = &self.marking {
            let allowed: Vec<&str> = match &self.kind {
                QuestionKind::YesNo => vec![YES, NO],
                QuestionKind::ChooseOne { options } => options.iter().map(String::as_str).collect(),
                _ => {
                    problems.push(
                        "Only yes or no and choose-one questions can be marked pass or fail"
                            .to_owned(),
                    );
                    return problems;
                }
            };
            if passing.is_empty() {
                problems.push("Select the answers that pass".to_owned());
            } else if passing.iter().any(|p| !allowed.contains(&p.as_str())) {
                problems.push("Passing answers must be among the question's answers".to_owned());
            } else if allowed.iter().all(|a| passing.iter().any(|p| p == a)) {
                problems.push(
                    "At least one answer must fail, or mark the question information only"
                        .to_owned(),
                );
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: QuestionKind, mandatory: bool) -> Question {
        Question {
            id: 1,
            text: "Question".into(),
            kind,
            marking: Marking::InformationOnly,
            mandatory,
            lots: vec![],
        }
    }

    fn choose(options: &[&str]) -> QuestionKind {
        QuestionKind::ChooseOne {
            options: options.iter().map(|o| o.to_string()).collect(),
        }
    }

    #[test]
    fn a_blank_mandatory_answer_is_refused() {
        let q = question(QuestionKind::YesNo, true);
        assert_eq!(q.validate(None).unwrap_err(), "Select yes or no");
        let q = question(QuestionKind::Text { max_chars: 500 }, true);
        assert_eq!(q.validate(None).unwrap_err(), "Enter an answer");
        assert_eq!(
            q.validate(Some(&Answer::Text("   ".into()))).unwrap_err(),
            "Enter an answer"
        );
        let q = question(
            QuestionKind::Evidence {
                evidence_type_id: 3,
            },
            true,
        );
        assert_eq!(
            q.validate(None).unwrap_err(),
            "Select the evidence to attach"
        );
    }

    #[test]
    fn a_blank_optional_answer_is_accepted() {
        let q = question(QuestionKind::Text { max_chars: 10 }, false);
        assert_eq!(q.validate(None), Ok(()));
        assert_eq!(q.validate(Some(&Answer::Text(" ".into()))), Ok(()));
    }

    #[test]
    fn a_text_answer_longer_than_the_limit_is_refused() {
        let q = question(QuestionKind::Text { max_chars: 5 }, true);
        assert_eq!(q.validate(Some(&Answer::Text("héllo".into()))), Ok(()));
        assert_eq!(
            q.validate(Some(&Answer::Text("hello!".into())))
                .unwrap_err(),
            "Answer must be 5 characters or fewer"
        );
    }

    #[test]
    fn a_number_out_of_range_is_refused() {
        let q = question(
            QuestionKind::Number {
                min: Some(1),
                max: Some(6),
            },
            true,
        );
        assert_eq!(q.validate(Some(&Answer::Number(6))), Ok(()));
        assert_eq!(
            q.validate(Some(&Answer::Number(7))).unwrap_err(),
            "Answer must be between 1 and 6"
        );
        assert!(q.validate(Some(&Answer::Number(0))).is_err());
        let at_least = question(
            QuestionKind::Number {
                min: Some(0),
                max: None,
            },
            true,
        );
        assert_eq!(
            at_least.validate(Some(&Answer::Number(-1))).unwrap_err(),
            "Answer must be 0 or more"
        );
        assert_eq!(at_least.validate(Some(&Answer::Number(i64::MAX))), Ok(()));
    }

    #[test]
    fn a_choice_not_among_the_options_is_refused() {
        let q = question(choose(&["Ofsted", "CQC"]), true);
        assert_eq!(q.validate(Some(&Answer::Choice("CQC".into()))), Ok(()));
        assert_eq!(
            q.validate(Some(&Answer::Choice("Care Inspectorate".into())))
                .unwrap_err(),
            "Select one of the options"
        );
    }

    #[test]
    fn an_answer_of_the_wrong_kind_is_refused() {
        let q = question(QuestionKind::YesNo, false);
        assert!(q.validate(Some(&Answer::Text("yes".into()))).is_err());
    }

    #[test]
    fn form_input_is_read_by_the_question_kind() {
        let number = QuestionKind::Number {
            min: None,
            max: None,
        };
        assert_eq!(
            Answer::from_form(&number, " 1,250 "),
            Ok(Some(Answer::Number(1250)))
        );
        assert_eq!(
            Answer::from_form(&number, "12.5").unwrap_err(),
            "Answer must be a whole number, like 12"
        );
        assert_eq!(Answer::from_form(&number, "  "), Ok(None));
        assert_eq!(
            Answer::from_form(&QuestionKind::YesNo, "no"),
            Ok(Some(Answer::YesNo(false)))
        );
        assert!(Answer::from_form(&QuestionKind::YesNo, "maybe").is_err());
        assert_eq!(
            Answer::from_form(&QuestionKind::Date, "2025-02-24"),
            Ok(Some(Answer::Date(AnswerDate {
                year: 2025,
                month: 2,
                day: 24
            })))
        );
    }

    #[test]
    fn only_real_dates_are_accepted() {
        assert_eq!(
            AnswerDate::from_parts("29", "2", "2028").unwrap().iso(),
            "2028-02-29"
        );
        assert_eq!(
            AnswerDate::from_parts("29", "2", "2027").unwrap_err(),
            "Date must be a real date"
        );
        assert!(AnswerDate::from_parts("29", "2", "1900").is_err());
        assert!(AnswerDate::from_parts("29", "2", "2000").is_ok());
        assert!(AnswerDate::from_parts("31", "4", "2026").is_err());
        assert!(AnswerDate::from_parts("1", "13", "2026").is_err());
        assert_eq!(
            AnswerDate::from_parts("1", "", "2026").unwrap_err(),
            "Date must include a day, month and year"
        );
        assert_eq!(
            AnswerDate::from_parts("1", "1", "26").unwrap_err(),
            "Year must include 4 numbers"
        );
    }

    #[test]
    fn a_lot_limited_question_applies_only_to_that_lot() {
        let mut q = question(QuestionKind::YesNo, true);
        assert!(q.applies_to_lot(7));
        q.lots = vec![1, 2];
        assert!(q.applies_to_lot(2));
        assert!(!q.applies_to_lot(3));
        assert!(q.applies_to_any(&[3, 1]));
        assert!(!q.applies_to_any(&[3]));
        assert!(!q.applies_to_any(&[]));
    }

    #[test]
    fn pass_fail_is_refused_where_no_answer_can_be_compared() {
        let mut q = question(QuestionKind::Text { max_chars: 100 }, true);
        q.marking = Marking::PassFail {
            passing: vec!["yes".into()],
        };
        assert_eq!(
            q.problems(),
            ["Only yes or no and choose-one questions can be marked pass or fail"]
        );
    }

    #[test]
    fn passing_answers_must_be_answers_of_the_question() {
        let mut q = question(choose(&["Good", "Outstanding", "Inadequate"]), true);
        q.marking = Marking::PassFail {
            passing: vec!["Good".into(), "Excellent".into()],
        };
        assert_eq!(
            q.problems(),
            ["Passing answers must be among the question's answers"]
        );
        q.marking = Marking::PassFail {
            passing: vec!["Good".into(), "Outstanding".into()],
        };
        assert!(q.problems().is_empty());
        q.marking = Marking::PassFail { passing: vec![] };
        assert_eq!(q.problems(), ["Select the answers that pass"]);
    }

    #[test]
    fn a_pass_fail_question_that_nobody_can_fail_is_refused() {
        let mut q = question(QuestionKind::YesNo, true);
        q.marking = Marking::PassFail {
            passing: vec![YES.into(), NO.into()],
        };
        assert_eq!(q.problems().len(), 1);
    }

    #[test]
    fn badly_built_questions_are_reported() {
        assert!(!question(choose(&["Only one"]), true).problems().is_empty());
        assert!(!question(choose(&["A", "A"]), true).problems().is_empty());
        assert!(!question(QuestionKind::Text { max_chars: 0 }, true)
            .problems()
            .is_empty());
        let inverted = QuestionKind::Number {
            min: Some(5),
            max: Some(1),
        };
        assert!(!question(inverted, true).problems().is_empty());
        assert!(question(choose(&["A", "B"]), true).problems().is_empty());
    }

    #[test]
    fn questions_survive_a_round_trip_through_json() {
        let mut q = question(choose(&["A", "B"]), true);
        q.marking = Marking::PassFail {
            passing: vec!["A".into()],
        };
        q.lots = vec![4];
        let json = serde_json::to_string(&q).unwrap();
        assert_eq!(serde_json::from_str::<Question>(&json).unwrap(), q);
        let answer = Answer::Date(AnswerDate {
            year: 2026,
            month: 1,
            day: 5,
        });
        let json = serde_json::to_string(&answer).unwrap();
        assert_eq!(serde_json::from_str::<Answer>(&json).unwrap(), answer);
    }
}
