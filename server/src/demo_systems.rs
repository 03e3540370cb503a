//! The demo purchasing systems, modelled on the council decisions in the brief's seeds:
//! Sefton's children's pseudo-DPS, Haringey's Regulation 34 DPS, the North West leaving
//! care 16+ framework, Staffordshire's flexible framework and Sefton's supported-living
//! dynamic market. Each is read through the same forms a commissioner fills in, so demo
//! data can never break a rule the portal enforces.

use crate::admin::AdminError;
use app::audit::{Action, Actor, AuditEvent, Subject};
use app::ids::{LotId, OrganisationId, SystemId};
use app::state::AppState;
use app::systems::conditions::{EvidenceTypeForm, LotForm, QuestionForm, SectionForm};
use app::systems::details::SystemForm;
use app::systems::lifecycle::Intake;
use app::systems::repo::{self, NewEvidenceRow, NewQuestionRow};
use app::systems::types::Status;

pub struct DemoSystem {
    pub lead: &'static str,
    pub participants: &'static [&'static str],
    pub form: [&'static str; 10],
    pub lots: &'static [(&'static str, &'static str, &'static str)],
    /// Name, kind, mandatory, expires, the lot numbers that need it (none: every lot).
    pub evidence: &'static [(&'static str, &'static str, bool, bool, &'static [i64])],
    /// Sections, each with questions: text, kind, options, marking, passing.
    pub sections: &'static [(&'static str, &'static [DemoQuestion])],
    pub status: Status,
    /// For a framework: whether an application window is open now.
    pub window_open: bool,
}

pub struct DemoQuestion {
    pub text: &'static str,
    pub kind: &'static str,
    pub options: &'static str,
    pub marking: &'static str,
    pub passing: &'static str,
}

const fn q(
    text: &'static str,
    kind: &'static str,
    marking: &'static str,
    passing: &'static str,
) -> DemoQuestion {
    DemoQuestion {
        text,
        kind,
        options: "",
        marking,
        passing,
    }
}

const STANDARD: &[(&str, &[DemoQuestion])] = &[
    (
        "Organisation and eligibility",
        &[
            q("Has your organisation, or any of its directors, been convicted of an offence that is a mandatory exclusion ground?", "yes_no", "pass_fail", "no"),
            q("Describe your organisation's experience of delivering this kind of care", "text", "discretionary", ""),
        ],
    ),
    (
        "Safeguarding",
        &[
            q("Do all staff who work with the people you support hold an enhanced DBS check, renewed at least every 3 years?", "yes_no", "pass_fail", "yes"),
            q("How do you make sure safeguarding concerns are raised and acted on the same day?", "text", "discretionary", ""),
        ],
    ),
];

const INSURANCE: (&str, &str, bool, bool, &[i64]) = (
    "Employers' and public liability insurance (at least £5 million each)",
    "document",
    true,
    true,
    &[],
);
const SAFEGUARDING: (&str, &str, bool, bool, &[i64]) =
    ("Safeguarding policy", "document", true, false, &[]);
const CONTINUITY: (&str, &str, bool, bool, &[i64]) =
    ("Business continuity plan", "document", true, false, &[]);
const ACCOUNTS: (&str, &str, bool, bool, &[i64]) =
    ("Latest accounts", "document", false, false, &[]);

pub const DEMO_SYSTEMS: [DemoSystem; 5] = [
    DemoSystem {
        lead: "Sefton Council",
        participants: &[],
        form: ["SEF-CYP-PDPS", "Children and Young People's pseudo-DPS", "Residential care, independent fostering and SEND placements for Sefton's children and young people, with a local provider market Sefton can work with closely.", "pcr_2015", "light_touch_framework", "2022-04-01", "4+2", "60,000,000", "60", "40"],
        lots: &[
            ("residential_childrens_home", "Residential children's homes", "Placements in registered children's homes, in or near Sefton"),
            ("independent_fostering", "Independent fostering", "Placements with independent fostering agencies"),
            ("one_to_one_intensive_support", "SEND and 1-1 intensive support", "Placements and support for children with special educational needs and disabilities"),
        ],
        evidence: &[("Ofsted registration and rating", "ofsted", true, false, &[1, 2]), INSURANCE, SAFEGUARDING, ("DBS policy", "document", true, false, &[]), CONTINUITY, ACCOUNTS],
        sections: STANDARD,
        status: Status::Open,
        window_open: true,
    },
    DemoSystem {
        lead: "Haringey Council",
        participants: &[],
        form: ["HAR-DPS-2024", "Home care, family support and family therapeutic support DPS", "Care for children and young people with complex health needs in the family home, support for their families and therapeutic family support. Run as a Regulation 34 DPS; call-offs are priced per hour.", "pcr_2015", "reg34_dps", "2024-04-01", "2+1+1", "7,200,000", "60", "40"],
        lots: &[
            ("home_care", "Home care", "Personal care for children and young people with complex health needs at home"),
            ("family_support", "Family support", "Practical support for families in their own home"),
            ("family_therapeutic_support", "Family therapeutic support", "Therapeutic work with the whole family"),
        ],
        evidence: &[("CQC registration and rating", "cqc", true, false, &[1]), INSURANCE, SAFEGUARDING, CONTINUITY],
        sections: STANDARD,
        status: Status::Open,
        window_open: false,
    },
    DemoSystem {
        lead: "Knowsley Council",
        participants: &["Sefton Council", "Liverpool City Council", "Wirral Council", "St Helens Council", "Halton Council"],
        form: ["NW-LC16-2025", "North West Leaving Care 16+ framework", "Supported accommodation and support for care leavers and young people aged 16 and over, commissioned together by councils of the North West.", "procurement_act_2023", "open_framework", "2025-04-01", "4+4", "90,000,000", "70", "30"],
        lots: &[("leaving_care_16_plus", "Supported accommodation 16+", "Ofsted-registered supported accommodation for young people aged 16 and 17, and support for care leavers")],
        evidence: &[("Ofsted registration (supported accommodation)", "ofsted", true, false, &[]), INSURANCE, SAFEGUARDING],
        sections: STANDARD,
        status: Status::Open,
        window_open: true,
    },
    DemoSystem {
        lead: "Staffordshire County Council",
        participants: &[],
        form: ["STAFFS-CWD-FF", "Children with disabilities support and short breaks flexible framework", "Support at home for disabled children eligible under the Children Act 1989, and short breaks for their parents and carers, bought through one framework.", "pcr_2015", "light_touch_framework", "2023-10-01", "2+1+1", "12,000,000", "60", "40"],
        lots: &[
            ("one_to_one_intensive_support", "Support at home for disabled children", "1-1 support in the child's home and community"),
            ("short_breaks", "Short breaks", "Short breaks for parents and carers"),
        ],
        evidence: &[("CQC registration and rating", "cqc", false, false, &[1]), INSURANCE, SAFEGUARDING],
        sections: STANDARD,
        status: Status::Open,
        window_open: false,
    },
    DemoSystem {
        lead: "Sefton Council",
        participants: &[],
        form: ["SEF-SL-DM-2025", "Supported living dynamic market", "Supported living for adults with a learning disability, autism, mental health needs or a physical disability, at about £33.3 million a year across Sefton.", "procurement_act_2023", "dynamic_market", "2025-10-01", "5", "166,500,000", "60", "40"],
        lots: &[
            ("supported_living_learning_disability", "Learning disability", ""),
            ("supported_living_autism", "Autism", ""),
            ("supported_living_mental_health", "Mental health", ""),
            ("supported_living_physical_disability", "Physical disability", ""),
        ],
        evidence: &[("CQC registration and rating", "cqc", true, false, &[]), INSURANCE, SAFEGUARDING, CONTINUITY, ACCOUNTS],
        sections: STANDARD,
        status: Status::Open,
        window_open: false,
    },
];

fn invalid(what: &str, errors: app::error::FormErrors) -> AdminError {
    AdminError::Invalid(format!("demo {what}: {:?}", errors.errors))
}

/// Loads one demo system unless its council already has it. Returns whether it was new.
pub async fn ensure(
    state: &AppState,
    demo: &DemoSystem,
    council: impl Fn(&str) -> Option<OrganisationId>,
) -> Result<bool, AdminError> {
    let [reference, title, description, regime, system_type, start_date, term, estimated_value, quality_weight, price_weight] =
        demo.form.map(str::to_string);
    let form = SystemForm {
        reference,
        title,
        description,
        regime,
        system_type,
        start_date,
        term,
        estimated_value,
        quality_weight,
        price_weight,
    };
    let details = form.parse().map_err(|e| invalid("system", e))?;
    let lead = council(demo.lead)
        .ok_or_else(|| AdminError::Invalid(format!("no council {}", demo.lead)))?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if repo::reference_taken(&mut tx, lead, &details.reference, None).await? {
        return Ok(false);
    }
    let id: SystemId = repo::insert_system(&mut tx, lead, &details, now).await?;
    for name in demo.participants {
        let other =
            council(name).ok_or_else(|| AdminError::Invalid(format!("no council {name}")))?;
        repo::add_participant(&mut tx, id, other).await?;
    }
    let mut lot_ids: Vec<LotId> = Vec::new();
    for (service_type, lot_title, lot_description) in demo.lots {
        let lot = LotForm {
            service_type: service_type.to_string(),
            lot_title: lot_title.to_string(),
            lot_description: lot_description.to_string(),
        }
        .parse()
        .map_err(|e| invalid("lot", e))?;
        lot_ids.push(
            repo::insert_lot(&mut tx, id, lot.service_type, &lot.title, &lot.description).await?,
        );
    }
    let mut evidence_ids = Vec::new();
    for (name, kind, mandatory, expires, lot_numbers) in demo.evidence {
        let chosen: Vec<LotId> = lot_numbers
            .iter()
            .filter_map(|n| lot_ids.get(usize::try_from(*n - 1).ok()?).copied())
            .collect();
        let yes = |b: bool| b.then(|| "yes".to_string());
        let evidence = EvidenceTypeForm {
            name: name.to_string(),
            kind: kind.to_string(),
            mandatory: yes(*mandatory),
            expires: yes(*expires),
        }
        .parse(&chosen, &lot_ids)
        .map_err(|e| invalid("evidence type", e))?;
        evidence_ids.push(
            repo::insert_evidence_type(
                &mut tx,
                id,
                NewEvidenceRow {
                    name: &evidence.name,
                    kind: evidence.kind,
                    mandatory: evidence.mandatory,
                    expires: evidence.expires,
                    lots: &evidence.lots,
                },
            )
            .await?,
        );
    }
    for (section_title, questions) in demo.sections {
        let title = SectionForm {
            section_title: section_title.to_string(),
        }
        .parse()
        .map_err(|e| invalid("section", e))?;
        let section = repo::insert_section(&mut tx, id, &title).await?;
        for question in questions.iter() {
            let parsed = QuestionForm {
                text: question.text.into(),
                question_kind: question.kind.into(),
                options: question.options.into(),
                marking: question.marking.into(),
                passing: question.passing.into(),
                mandatory: Some("yes".into()),
                ..QuestionForm::default()
            }
            .parse(&[], &lot_ids, &evidence_ids)
            .map_err(|e| invalid("question", e))?;
            repo::insert_question(
                &mut tx,
                id,
                NewQuestionRow {
                    section,
                    text: &parsed.text,
                    kind: &parsed.kind,
                    marking: &parsed.marking,
                    mandatory: parsed.mandatory,
                    lots: &parsed.lots,
                },
            )
            .await?;
        }
    }
    if demo.status != Status::Draft {
        repo::set_status(&mut tx, id, Status::Open, now).await?;
        if details.plan.system_type.intake() != Intake::Continuous {
            repo::open_window(&mut tx, id, now).await?;
            if !demo.window_open {
                repo::close_window(&mut tx, id, now).await?;
            }
        }
    }
    if demo.status == Status::Closed {
        repo::set_status(&mut tx, id, Status::Closed, now).await?;
    }
    let event = AuditEvent::by(Actor::system(), Action::SystemCreated, Subject::System(id))
        .in_organisation(lead)
        .after(serde_json::json!({ "reference": details.reference, "demo": true }));
    app::audit::append(&mut tx, event, &state.audit_key, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Every council a demo system names, for `seed_demo` to create first.
pub fn councils() -> Vec<&'static str> {
    let mut names: Vec<&str> = DEMO_SYSTEMS
        .iter()
        .flat_map(|s| std::iter::once(s.lead).chain(s.participants.iter().copied()))
        .collect();
    names.sort();
    names.dedup();
    names
}
