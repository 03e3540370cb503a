//! Putting a draft together: the task list, the snapshot shown on check-your-answers and
//! frozen at submission, and what still stops it being submitted. One function of plain
//! data, so the task list, the check page and the submission itself agree.

use super::admission::{CriterionId, CriterionOutcome};
use super::attachments::attachable;
use super::marking::Mark;
use super::model::{AnswerRow, Blocker, EvidenceRow, OrganisationAnswers, Snapshot, Task};
use super::progress::{items_status, section_status, TaskStatus};
use super::questions::{Answer, Question, QuestionKind};
use crate::error::FormErrors;
use crate::evidence::model::EvidenceItem;
use crate::evidence::values::{CompanyNumber, Ppon};
use crate::ids::{ApplicationId, EvidenceItemId, EvidenceTypeId, LotId};
use crate::systems::model::SystemView;
use std::collections::HashMap;

/// A draft's parts, as saved.
pub struct Draft<'a> {
    pub id: ApplicationId,
    pub system: &'a SystemView,
    pub lots: &'a [LotId],
    pub organisation: &'a OrganisationAnswers,
    pub answers: &'a HashMap<i64, Answer>,
    pub attachments: &'a HashMap<EvidenceTypeId, EvidenceItemId>,
    pub library: &'a [EvidenceItem],
    /// ISO date.
    pub today: &'a str,
}

/// Checks the standing answers: company number and registered address are needed, a
/// PPON only if the provider has one.
pub fn check_organisation(
    answers: &OrganisationAnswers,
) -> Result<OrganisationAnswers, FormErrors> {
    let mut errors = FormErrors::new();
    let company_number = CompanyNumber::parse(&answers.company_number)
        .map(|c| c.as_str().to_string())
        .unwrap_or_else(|message| {
            errors.add("company_number", message);
            String::new()
        });
    let ppon = match answers.ppon.trim() {
        "" => String::new(),
        text => Ppon::parse(text)
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|message| {
                errors.add("ppon", message);
                String::new()
            }),
    };
    let registered_address = answers.registered_address.trim().to_string();
    if registered_address.is_empty() {
        errors.add("registered_address", "Enter your registered address");
    } else if registered_address.chars().count() > 500 {
        errors.add(
            "registered_address",
            "Address must be 500 characters or fewer",
        );
    }
    if !errors.is_empty() {
        return Err(errors
            .keep("company_number", &answers.company_number)
            .keep("ppon", &answers.ppon)
            .keep("registered_address", &answers.registered_address));
    }
    Ok(OrganisationAnswers {
        company_number,
        ppon,
        registered_address,
    })
}

impl Draft<'_> {
    fn lot_ids(&self) -> Vec<i64> {
        self.lots.iter().map(|l| l.0).collect()
    }

    /// The questions of a section that apply to the chosen lots (all of them before any
    /// lot is chosen, so the provider can see what is asked).
    pub fn questions(&self, section: usize) -> Vec<Question> {
        let lots = self.lot_ids();
        self.system.sections[section]
            .questions
            .iter()
            .map(|q| q.rule())
            .filter(|q| lots.is_empty() || q.applies_to_any(&lots))
            .collect()
    }

    fn evidence_types(&self) -> Vec<&crate::systems::model::EvidenceType> {
        self.system
            .evidence_types
            .iter()
            .filter(|t| self.lots.is_empty() || t.applies_to_any(self.lots))
            .collect()
    }

    fn item(&self, id: EvidenceItemId) -> Option<&EvidenceItem> {
        self.library.iter().find(|i| i.id == id)
    }

    fn base(&self) -> String {
        format!("/provider/applications/{}", self.id)
    }

    fn evidence_ok(&self, wanted: &crate::systems::model::EvidenceType) -> Result<(), String> {
        match self
            .attachments
            .get(&wanted.id)
            .and_then(|id| self.item(*id))
        {
            Some(item) => attachable(wanted, item, self.today),
            None if wanted.mandatory => Err(format!("Attach {}", wanted.name)),
            None => Ok(()),
        }
    }

    pub fn tasks(&self) -> Vec<Task> {
        let base = self.base();
        let mut tasks = vec![
            Task {
                title: "Lots applied for".into(),
                href: format!("{base}/lots"),
                status: if self.lots.is_empty() {
                    TaskStatus::NotStarted
                } else {
                    TaskStatus::Completed
                },
            },
            Task {
                title: "Organisation details".into(),
                href: format!("{base}/organisation"),
                status: match check_organisation(self.organisation) {
                    Ok(_) => TaskStatus::Completed,
                    Err(_) if *self.organisation == OrganisationAnswers::default() => {
                        TaskStatus::NotStarted
                    }
                    Err(_) => TaskStatus::InProgress,
                },
            },
        ];
        for (index, section) in self.system.sections.iter().enumerate() {
            let questions = self.questions(index);
            let refs: Vec<&Question> = questions.iter().collect();
            tasks.push(Task {
                title: section.title.clone(),
                href: format!("{base}/sections/{}", section.id),
                status: section_status(&refs, self.answers),
            });
        }
        let types = self.evidence_types();
        let required = types.iter().filter(|t| t.mandatory).count();
        let done = types
            .iter()
            .filter(|t| {
                t.mandatory && self.attachments.contains_key(&t.id) && self.evidence_ok(t).is_ok()
            })
            .count();
        tasks.push(Task {
            title: "Evidence".into(),
            href: format!("{base}/evidence"),
            status: match items_status(required, done) {
                TaskStatus::NotNeeded if !types.is_empty() => TaskStatus::Completed,
                status => status,
            },
        });
        tasks
    }

    /// What stops submission, each with the page that fixes it.
    pub fn blockers(&self) -> Vec<Blocker> {
        let base = self.base();
        let mut blockers = Vec::new();
        if self.lots.is_empty() {
            blockers.push(Blocker {
                message: "Choose at least one lot to apply for".into(),
                href: format!("{base}/lots"),
            });
        }
        if check_organisation(self.organisation).is_err() {
            blockers.push(Blocker {
                message: "Complete your organisation details".into(),
                href: format!("{base}/organisation"),
            });
        }
        for (index, section) in self.system.sections.iter().enumerate() {
            for question in self.questions(index) {
                if let Err(message) = question.validate(self.answers.get(&question.id)) {
                    blockers.push(Blocker {
                        message: format!("{}: {message}", question.text),
                        href: format!("{base}/sections/{}#q{}", section.id, question.id),
                    });
                }
                if let (QuestionKind::Evidence { .. }, Some(Answer::Evidence(item))) =
                    (&question.kind, self.answers.get(&question.id))
                {
                    if self.item(EvidenceItemId(*item)).is_none() {
                        blockers.push(Blocker {
                            message: format!(
                                "{}: choose evidence from your library",
                                question.text
                            ),
                            href: format!("{base}/sections/{}#q{}", section.id, question.id),
                        });
                    }
                }
            }
        }
        for wanted in self.evidence_types() {
            if let Err(message) = self.evidence_ok(wanted) {
                blockers.push(Blocker {
                    message,
                    href: format!("{base}/evidence#evidence-{}", wanted.id),
                });
            }
        }
        blockers
    }

    /// The application in words, as the provider declares it.
    pub fn snapshot(&self) -> Snapshot {
        let lots = self
            .system
            .lots
            .iter()
            .filter(|l| self.lots.contains(&l.id))
            .map(|l| l.label())
            .collect();
        let mut answers = Vec::new();
        for (index, section) in self.system.sections.iter().enumerate() {
            for question in self.questions(index) {
                let given = self.answers.get(&question.id);
                let item = match given {
                    Some(Answer::Evidence(id)) => self.item(EvidenceItemId(*id)),
                    _ => None,
                };
                let answer = match (given, item) {
                    (Some(Answer::Evidence(_)), Some(item)) => item.describe(),
                    (Some(Answer::Evidence(_)), None) | (None, _) => String::new(),
                    (Some(answer), _) => answer.display(),
                };
                answers.push(AnswerRow {
                    question_id: crate::ids::QuestionId(question.id),
                    section_id: section.id,
                    section: section.title.clone(),
                    question: question.text.clone(),
                    answer,
                    item_id: item.map(|i| i.id),
                });
            }
        }
        let evidence = self
            .evidence_types()
            .into_iter()
            .map(|wanted| {
                let item = self
                    .attachments
                    .get(&wanted.id)
                    .and_then(|id| self.item(*id));
                EvidenceRow {
                    evidence_type_id: wanted.id,
                    evidence_type: wanted.name.clone(),
                    mandatory: wanted.mandatory,
                    item_id: item.map(|i| i.id),
                    item: item.map(|i| i.describe()).unwrap_or_default(),
                }
            })
            .collect();
        Snapshot {
            lots,
            organisation: self.organisation.clone(),
            answers,
            evidence,
            criteria: self.criteria(),
        }
    }

    /// Every criterion the application is judged on: each question for the chosen lots,
    /// marked, and each evidence type, which always waits for an evaluator.
    pub fn criteria(&self) -> Vec<CriterionOutcome> {
        let mut criteria: Vec<CriterionOutcome> = (0..self.system.sections.len())
            .flat_map(|index| self.questions(index))
            .map(|q| CriterionOutcome::for_question(&q, self.answers.get(&q.id), None))
            .collect();
        for wanted in self.evidence_types() {
            let attached = self.attachments.contains_key(&wanted.id);
            criteria.push(CriterionOutcome {
                criterion: CriterionId::EvidenceType(wanted.id.get()),
                title: wanted.name.clone(),
                lots: wanted.lots.iter().map(|l| l.get()).collect(),
                mark: match (attached, wanted.mandatory) {
                    (true, _) => Mark::NeedsEvaluator,
                    (false, true) => Mark::Fail,
                    (false, false) => Mark::NotMarked,
                },
                evaluation: None,
            });
        }
        criteria
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applications::questions::Marking;
    use crate::evidence::EvidenceKind;
    use crate::ids::{OrganisationId, QuestionId, SectionId, SystemId};
    use crate::systems::model::{Council, EvidenceType, Lot, QuestionDef, Section};
    use crate::systems::{Regime, ServiceType, Status, SystemType};

    fn system() -> SystemView {
        let lot = |id, number, title: &str| Lot {
            id: LotId(id),
            number,
            service_type: ServiceType::HomeCare,
            title: title.into(),
            description: String::new(),
        };
        SystemView {
            id: SystemId(1),
            version: 1,
            lead_council: Council {
                id: OrganisationId(1),
                name: "Haringey Council".into(),
            },
            participants: vec![],
            reference: "HAR-DPS".into(),
            title: "Home care DPS".into(),
            description: String::new(),
            regime: Regime::Pcr2015,
            system_type: SystemType::Reg34Dps,
            start_date: "2024-04-01".into(),
            start_label: String::new(),
            term: "4".into(),
            end_label: String::new(),
            estimated_value: None,
            quality_weight: 60,
            price_weight: 40,
            status: Status::Open,
            window_open: false,
            awarded: false,
            accepting: true,
            lots: vec![lot(10, 1, "Home care"), lot(20, 2, "Family support")],
            evidence_types: vec![EvidenceType {
                id: EvidenceTypeId(5),
                name: "Insurance".into(),
                kind: EvidenceKind::Document,
                mandatory: true,
                expires: true,
                lots: vec![LotId(20)],
            }],
            sections: vec![Section {
                id: SectionId(3),
                title: "Safeguarding".into(),
                questions: vec![
                    QuestionDef {
                        id: QuestionId(7),
                        text: "Policy?".into(),
                        kind: QuestionKind::YesNo,
                        marking: Marking::PassFail {
                            passing: vec!["yes".into()],
                        },
                        mandatory: true,
                        lots: vec![],
                    },
                    QuestionDef {
                        id: QuestionId(8),
                        text: "Families?".into(),
                        kind: QuestionKind::Text { max_chars: 50 },
                        marking: Marking::Discretionary,
                        mandatory: true,
                        lots: vec![LotId(20)],
                    },
                ],
            }],
        }
    }

    fn organisation() -> OrganisationAnswers {
        OrganisationAnswers {
            company_number: "01234567".into(),
            ppon: String::new(),
            registered_address: "1 High Street".into(),
        }
    }

    fn draft<'a>(
        system: &'a SystemView,
        lots: &'a [LotId],
        organisation: &'a OrganisationAnswers,
        answers: &'a HashMap<i64, Answer>,
        attachments: &'a HashMap<EvidenceTypeId, EvidenceItemId>,
    ) -> Draft<'a> {
        Draft {
            id: ApplicationId(1),
            system,
            lots,
            organisation,
            answers,
            attachments,
            library: &[],
            today: "2026-12-02",
        }
    }

    #[test]
    fn a_new_draft_is_blocked_by_every_part_and_starts_not_started() {
        let system = system();
        let blank = OrganisationAnswers::default();
        let (answers, attachments) = (HashMap::new(), HashMap::new());
        let d = draft(&system, &[], &blank, &answers, &attachments);
        let messages: Vec<String> = d.blockers().into_iter().map(|b| b.message).collect();
        assert!(messages[0].contains("lot"), "{messages:?}");
        assert!(messages[1].contains("organisation"), "{messages:?}");
        assert!(messages.iter().any(|m| m.starts_with("Policy?")));
        assert!(messages.iter().any(|m| m == "Attach Insurance"));
        assert!(d.tasks().iter().all(|t| t.status == TaskStatus::NotStarted));
    }

    #[test]
    fn only_what_the_chosen_lots_need_is_asked() {
        let system = system();
        let org = organisation();
        let answers = HashMap::from([(7, Answer::YesNo(true))]);
        let attachments = HashMap::new();
        let lot_one = [LotId(10)];
        let d = draft(&system, &lot_one, &org, &answers, &attachments);
        assert!(d.blockers().is_empty(), "{:?}", d.blockers());
        let snapshot = d.snapshot();
        assert_eq!(snapshot.answers.len(), 1);
        assert_eq!(snapshot.criteria.len(), 1);
        assert_eq!(snapshot.criteria[0].mark, Mark::Pass);
        assert!(snapshot.evidence.is_empty());
        assert_eq!(snapshot.lots, ["Lot 1: Home care"]);

        let lot_two = [LotId(20)];
        let d = draft(&system, &lot_two, &org, &answers, &attachments);
        let messages: Vec<String> = d.blockers().into_iter().map(|b| b.message).collect();
        assert_eq!(messages, ["Families?: Enter an answer", "Attach Insurance"]);
    }

    #[test]
    fn standing_answers_need_a_company_number_and_address_and_a_ppon_only_if_given() {
        assert!(check_organisation(&organisation()).is_ok());
        let bad = OrganisationAnswers {
            ppon: "PPON-1".into(),
            ..organisation()
        };
        let errors = check_organisation(&bad).unwrap_err();
        assert!(errors.message_for("ppon").is_some());
        assert_eq!(errors.value_for("ppon"), Some("PPON-1"));
        let errors = check_organisation(&OrganisationAnswers::default()).unwrap_err();
        assert!(errors.message_for("company_number").is_some());
        assert!(errors.message_for("registered_address").is_some());
    }
}
