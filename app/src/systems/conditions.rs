//! The forms that set a system's conditions of membership: its lots, the evidence it asks
//! for and its selection questionnaire. Each reads once into the typed rule it defines,
//! with every problem named beside its field.

use super::fields;
use super::types::ServiceType;
use crate::applications::questions::{Marking, Question, QuestionKind};
use crate::error::FormErrors;
use crate::evidence::EvidenceKind;
use crate::ids::{EvidenceTypeId, LotId};
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 200;
pub const LOT_DESCRIPTION_MAX: usize = 2000;
pub const QUESTION_MAX: usize = 1000;
/// A text answer may be as long as this; a question can ask for less.
pub const ANSWER_MAX: u32 = 10_000;

fn required(input: &str, missing: &str, label: &str, max: usize) -> Result<String, String> {
    let value = input.trim();
    if value.is_empty() {
        return Err(missing.to_string());
    }
    if value.chars().count() > max {
        return Err(format!("{label} must be {max} characters or fewer"));
    }
    Ok(value.to_string())
}

/// A box ticked on a plain HTML form sends its value; an unticked one sends nothing.
pub fn ticked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.is_empty())
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotForm {
    pub service_type: String,
    pub lot_title: String,
    pub lot_description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLot {
    pub service_type: ServiceType,
    pub title: String,
    pub description: String,
}

impl LotForm {
    pub fn parse(&self) -> Result<NewLot, FormErrors> {
        let mut errors = FormErrors::new()
            .keep(fields::SERVICE_TYPE, &self.service_type)
            .keep(fields::LOT_TITLE, &self.lot_title)
            .keep(fields::LOT_DESCRIPTION, &self.lot_description);
        let service_type = ServiceType::parse(&self.service_type)
            .ok_or_else(|| errors.add(fields::SERVICE_TYPE, "Select the service the lot buys"));
        let title = required(&self.lot_title, "Enter the lot's title", "Title", NAME_MAX)
            .map_err(|m| errors.add(fields::LOT_TITLE, m));
        let description = match self.lot_description.trim() {
            d if d.chars().count() > LOT_DESCRIPTION_MAX => {
                errors.add(
                    fields::LOT_DESCRIPTION,
                    format!("Description must be {LOT_DESCRIPTION_MAX} characters or fewer"),
                );
                Err(())
            }
            d => Ok(d.to_string()),
        };
        match (service_type, title, description) {
            (Ok(service_type), Ok(title), Ok(description)) => Ok(NewLot {
                service_type,
                title,
                description,
            }),
            _ => Err(errors),
        }
    }
}

/// Lot ids ticked on a form, checked against the system's own lots.
pub fn chosen_lots(chosen: &[LotId], lots: &[LotId]) -> Result<Vec<LotId>, String> {
    if chosen.iter().any(|l| !lots.contains(l)) {
        return Err("Select lots of this system".into());
    }
    let mut chosen = chosen.to_vec();
    chosen.sort();
    chosen.dedup();
    // Every lot ticked is the same as none: it applies to all, including lots added later.
    if chosen.len() == lots.len() {
        chosen.clear();
    }
    Ok(chosen)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceTypeForm {
    pub name: String,
    pub kind: String,
    pub mandatory: Option<String>,
    pub expires: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidenceType {
    pub name: String,
    pub kind: EvidenceKind,
    pub mandatory: bool,
    pub expires: bool,
    pub lots: Vec<LotId>,
}

impl EvidenceTypeForm {
    pub fn parse(&self, chosen: &[LotId], lots: &[LotId]) -> Result<NewEvidenceType, FormErrors> {
        let mut errors = FormErrors::new()
            .keep(fields::NAME, &self.name)
            .keep(fields::EVIDENCE_KIND, &self.kind)
            .keep_tick(fields::MANDATORY, ticked(&self.mandatory))
            .keep_tick(fields::EXPIRES, ticked(&self.expires))
            .keep_ticked(fields::LOTS, chosen.iter().map(|l| l.get()));
        let name = required(&self.name, "Enter the evidence's name", "Name", NAME_MAX)
            .map_err(|m| errors.add(fields::NAME, m));
        let kind = EvidenceKind::parse(&self.kind)
            .ok_or_else(|| errors.add(fields::EVIDENCE_KIND, "Select what the provider gives"));
        let lots = chosen_lots(chosen, lots).map_err(|m| errors.add(fields::LOTS, m));
        match (name, kind, lots) {
            (Ok(name), Ok(kind), Ok(lots)) => Ok(NewEvidenceType {
                name,
                kind,
                mandatory: ticked(&self.mandatory),
                expires: ticked(&self.expires),
                lots,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionForm {
    pub text: String,
    pub question_kind: String,
    pub max_chars: String,
    pub options: String,
    pub evidence_type_id: String,
    pub marking: String,
    pub passing: String,
    pub mandatory: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewQuestion {
    pub text: String,
    pub kind: QuestionKind,
    pub marking: Marking,
    pub mandatory: bool,
    pub lots: Vec<LotId>,
}

fn lines(input: &str) -> Vec<String> {
    input
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl QuestionForm {
    pub fn parse(
        &self,
        chosen: &[LotId],
        lots: &[LotId],
        evidence_types: &[EvidenceTypeId],
    ) -> Result<NewQuestion, FormErrors> {
        let mut errors = [
            (fields::QUESTION_TEXT, &self.text),
            (fields::QUESTION_KIND, &self.question_kind),
            (fields::MAX_CHARS, &self.max_chars),
            (fields::OPTIONS, &self.options),
            (fields::EVIDENCE_TYPE, &self.evidence_type_id),
            (fields::MARKING, &self.marking),
            (fields::PASSING, &self.passing),
        ]
        .into_iter()
        .fold(FormErrors::new(), |e, (f, v)| e.keep(f, v))
        .keep_tick(fields::MANDATORY, ticked(&self.mandatory))
        .keep_ticked(fields::LOTS, chosen.iter().map(|l| l.get()));
        let text = required(&self.text, "Enter the question", "Question", QUESTION_MAX)
            .map_err(|m| errors.add(fields::QUESTION_TEXT, m));
        let kind = match self.question_kind.as_str() {
            "yes_no" => Ok(QuestionKind::YesNo),
            "text" => match self.max_chars.trim() {
                "" => Ok(QuestionKind::Text { max_chars: 2000 }),
                typed => match typed.parse::<u32>() {
                    Ok(n) if (1..=ANSWER_MAX).contains(&n) => {
                        Ok(QuestionKind::Text { max_chars: n })
                    }
                    _ => {
                        errors.add(
                            fields::MAX_CHARS,
                            format!("Maximum length must be a whole number from 1 to {ANSWER_MAX}"),
                        );
                        Err(())
                    }
                },
            },
            "number" => Ok(QuestionKind::Number {
                min: None,
                max: None,
            }),
            "date" => Ok(QuestionKind::Date),
            "choose_one" => Ok(QuestionKind::ChooseOne {
                options: lines(&self.options),
            }),
            "evidence" => match self.evidence_type_id.parse::<i64>() {
                Ok(id) if evidence_types.contains(&EvidenceTypeId(id)) => {
                    Ok(QuestionKind::Evidence {
                        evidence_type_id: id,
                    })
                }
                _ => {
                    errors.add(
                        fields::EVIDENCE_TYPE,
                        "Select the evidence type the question asks for",
                    );
                    Err(())
                }
            },
            _ => {
                errors.add(fields::QUESTION_KIND, "Select the kind of answer");
                Err(())
            }
        };
        let marking = match self.marking.as_str() {
            "pass_fail" => Ok(Marking::PassFail {
                passing: lines(&passing_answers(&self.question_kind, &self.passing)),
            }),
            "discretionary" => Ok(Marking::Discretionary),
            "information_only" => Ok(Marking::InformationOnly),
            _ => {
                errors.add(fields::MARKING, "Select how the answer is marked");
                Err(())
            }
        };
        let lots = chosen_lots(chosen, lots).map_err(|m| errors.add(fields::LOTS, m));
        let (Ok(text), Ok(kind), Ok(marking), Ok(lots)) = (text, kind, marking, lots) else {
            return Err(errors);
        };
        let question = Question {
            id: 0,
            text,
            kind,
            marking,
            mandatory: ticked(&self.mandatory),
            lots: vec![],
        };
        let problems = question.problems();
        if !problems.is_empty() {
            for problem in problems {
                let lower = problem.to_lowercase();
                let field = if lower.contains("pass") || lower.contains("fail") {
                    fields::PASSING
                } else if lower.contains("option") {
                    fields::OPTIONS
                } else {
                    fields::QUESTION_TEXT
                };
                errors.add(field, problem);
            }
            return Err(errors);
        }
        Ok(NewQuestion {
            text: question.text,
            kind: question.kind,
            marking: question.marking,
            mandatory: question.mandatory,
            lots,
        })
    }
}

/// Yes and no are matched whatever their case; a choose-one option exactly as written.
fn passing_answers(kind: &str, typed: &str) -> String {
    if kind == "yes_no" {
        typed.to_lowercase()
    } else {
        typed.to_string()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionForm {
    pub section_title: String,
}

impl SectionForm {
    pub fn parse(&self) -> Result<String, FormErrors> {
        required(
            &self.section_title,
            "Enter the section's title",
            "Title",
            NAME_MAX,
        )
        .map_err(|m| {
            FormErrors::one(fields::SECTION_TITLE, m)
                .keep(fields::SECTION_TITLE, &self.section_title)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOTS: [LotId; 2] = [LotId(10), LotId(11)];

    fn question(kind: &str, marking: &str) -> QuestionForm {
        QuestionForm {
            text: "Do you hold employers' liability insurance of at least £5m?".into(),
            question_kind: kind.into(),
            marking: marking.into(),
            mandatory: Some("yes".into()),
            ..QuestionForm::default()
        }
    }

    #[test]
    fn a_lot_needs_a_service_type_and_a_title() {
        let errors = LotForm::default().parse().expect_err("blank");
        assert!(errors.message_for(fields::SERVICE_TYPE).is_some());
        assert!(errors.message_for(fields::LOT_TITLE).is_some());
        let lot = LotForm {
            service_type: "home_care".into(),
            lot_title: " Home care ".into(),
            lot_description: String::new(),
        }
        .parse()
        .expect("valid");
        assert_eq!(lot.service_type, ServiceType::HomeCare);
        assert_eq!(lot.title, "Home care");
    }

    #[test]
    fn lots_chosen_must_belong_to_the_system_and_all_means_every_lot() {
        assert_eq!(chosen_lots(&[LotId(11)], &LOTS), Ok(vec![LotId(11)]));
        assert_eq!(chosen_lots(&[LotId(11), LotId(10)], &LOTS), Ok(vec![]));
        assert_eq!(chosen_lots(&[], &LOTS), Ok(vec![]));
        assert!(chosen_lots(&[LotId(99)], &LOTS).is_err());
    }

    #[test]
    fn an_evidence_type_reads_its_ticked_boxes() {
        let form = EvidenceTypeForm {
            name: "Ofsted registration".into(),
            kind: "ofsted".into(),
            mandatory: Some("yes".into()),
            expires: None,
        };
        let parsed = form.parse(&[LotId(10)], &LOTS).expect("valid");
        assert!(parsed.mandatory);
        assert!(!parsed.expires);
        assert_eq!(parsed.kind, EvidenceKind::Ofsted);
        assert_eq!(parsed.lots, vec![LotId(10)]);
        let bad = EvidenceTypeForm::default().parse(&[LotId(1)], &LOTS);
        let errors = bad.expect_err("blank");
        assert!(errors.message_for(fields::NAME).is_some());
        assert!(errors.message_for(fields::EVIDENCE_KIND).is_some());
        assert!(errors.message_for(fields::LOTS).is_some());
    }

    #[test]
    fn a_yes_no_pass_fail_question_reads_its_passing_answer() {
        let form = QuestionForm {
            passing: "Yes".into(),
            ..question("yes_no", "pass_fail")
        };
        let parsed = form.parse(&[], &LOTS, &[]).expect("valid");
        assert_eq!(parsed.kind, QuestionKind::YesNo);
        assert_eq!(
            parsed.marking,
            Marking::PassFail {
                passing: vec!["yes".into()]
            }
        );
        assert!(parsed.mandatory);
    }

    #[test]
    fn a_pass_fail_question_must_say_what_passes() {
        let errors = question("yes_no", "pass_fail")
            .parse(&[], &LOTS, &[])
            .expect_err("nothing passes");
        assert_eq!(
            errors.message_for(fields::PASSING),
            Some("Select the answers that pass")
        );
        let errors = QuestionForm {
            options: "Good\nRequires improvement\nInadequate".into(),
            passing: "Outstanding".into(),
            ..question("choose_one", "pass_fail")
        }
        .parse(&[], &LOTS, &[])
        .expect_err("passing answer not an option");
        assert!(errors.message_for(fields::PASSING).is_some());
    }

    #[test]
    fn a_text_question_cannot_be_marked_automatically() {
        let errors = question("text", "pass_fail")
            .parse(&[], &LOTS, &[])
            .expect_err("text cannot pass or fail");
        assert!(errors
            .message_for(fields::PASSING)
            .is_some_and(|m| m.contains("Only yes or no")));
    }

    #[test]
    fn a_choose_one_question_needs_two_different_options() {
        let errors = QuestionForm {
            options: "Only one".into(),
            ..question("choose_one", "discretionary")
        }
        .parse(&[], &LOTS, &[])
        .expect_err("one option");
        assert_eq!(
            errors.message_for(fields::OPTIONS),
            Some("Enter at least 2 options")
        );
    }

    #[test]
    fn an_evidence_question_names_one_of_the_systems_evidence_types() {
        let form = QuestionForm {
            evidence_type_id: "7".into(),
            ..question("evidence", "discretionary")
        };
        assert!(form.parse(&[], &LOTS, &[EvidenceTypeId(8)]).is_err());
        let parsed = form.parse(&[], &LOTS, &[EvidenceTypeId(7)]).expect("valid");
        assert_eq!(
            parsed.kind,
            QuestionKind::Evidence {
                evidence_type_id: 7
            }
        );
    }

    #[test]
    fn a_text_question_has_a_sensible_length_limit() {
        let form = QuestionForm {
            max_chars: "0".into(),
            ..question("text", "discretionary")
        };
        assert!(form
            .parse(&[], &LOTS, &[])
            .expect_err("zero")
            .message_for(fields::MAX_CHARS)
            .is_some());
        let form = QuestionForm {
            max_chars: "500".into(),
            ..question("text", "discretionary")
        };
        assert_eq!(
            form.parse(&[], &LOTS, &[]).expect("valid").kind,
            QuestionKind::Text { max_chars: 500 }
        );
    }
}
