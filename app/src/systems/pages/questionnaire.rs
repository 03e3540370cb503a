//! A system's selection questionnaire: sections of questions, each with how it is marked.
//! A commissioner of the lead council builds it while the conditions may change.

// A plain HTML form posts one field per argument, and the `#[server]` macro copies the
// arguments into code of its own, where an allow on the function does not reach.
#![allow(clippy::too_many_arguments)]

use super::system::{system_id_param, system_page};
use crate::applications::questions::{Marking, QuestionKind};
use crate::components::fields::{Checkbox, Checkboxes, Radios, Select, TextArea};
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::ids::{LotId, QuestionId, SectionId, SystemId};
use crate::systems::model::{QuestionDef, SystemView};
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::service::{as_user, redirect},
    crate::systems::conditions::{QuestionForm, SectionForm},
    crate::systems::service::conditions,
};

#[cfg(feature = "ssr")]
const MANAGE: Allowed = Allowed::Member(OrgKind::Council, Permission::ManageSystems);

#[server(prefix = "/api", endpoint = "add-section")]
pub async fn add_section(id: SystemId, section_title: String) -> Result<(), AppError> {
    let form = SectionForm { section_title };
    as_user(MANAGE, async |ctx, me| {
        conditions::add_section(ctx, me, id, &form).await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{id}/questionnaire?section_added=1"
    ))
}

#[server(prefix = "/api", endpoint = "remove-section")]
pub async fn remove_section(id: SystemId, section_id: SectionId) -> Result<(), AppError> {
    as_user(MANAGE, async |ctx, me| {
        conditions::remove_section(ctx, me, id, section_id).await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{id}/questionnaire?section_removed=1"
    ))
}

#[server(prefix = "/api", endpoint = "add-question")]
pub async fn add_question(
    id: SystemId,
    #[server(default)] section_id: String,
    text: String,
    #[server(default)] question_kind: String,
    #[server(default)] max_chars: String,
    #[server(default)] options: String,
    #[server(default)] evidence_type_id: String,
    #[server(default)] marking: String,
    #[server(default)] passing: String,
    #[server(default)] mandatory: Option<String>,
    #[server(default)] lots: Vec<LotId>,
) -> Result<(), AppError> {
    let form = QuestionForm {
        text,
        question_kind,
        max_chars,
        options,
        evidence_type_id,
        marking,
        passing,
        mandatory,
    };
    let section = section_id
        .parse::<SectionId>()
        .map_err(|_| AppError::invalid("section_id", "Select the section the question goes in"));
    as_user(MANAGE, async |ctx, me| {
        conditions::add_question(ctx, me, id, section?, &form, &lots).await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{id}/questionnaire?question_added=1"
    ))
}

#[server(prefix = "/api", endpoint = "remove-question")]
pub async fn remove_question(id: SystemId, question_id: QuestionId) -> Result<(), AppError> {
    as_user(MANAGE, async |ctx, me| {
        conditions::remove_question(ctx, me, id, question_id).await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{id}/questionnaire?question_removed=1"
    ))
}

const NOTICES: &[(&str, &str)] = &[
    ("section_added", "Section added."),
    ("section_removed", "Section removed, with its questions."),
    ("question_added", "Question added."),
    ("question_removed", "Question removed."),
];

/// How a question's answer is given and marked, in words.
pub fn describe(question: &QuestionDef, system: &SystemView) -> String {
    let kind = match &question.kind {
        QuestionKind::YesNo => "Yes or no".to_string(),
        QuestionKind::Text { max_chars } => format!("Text, up to {max_chars} characters"),
        QuestionKind::Number { .. } => "A number".to_string(),
        QuestionKind::Date => "A date".to_string(),
        QuestionKind::ChooseOne { options } => format!("One of: {}", options.join(", ")),
        QuestionKind::Evidence { evidence_type_id } => {
            let name = system
                .evidence_types
                .iter()
                .find(|e| e.id.0 == *evidence_type_id)
                .map(|e| e.name.clone())
                .unwrap_or_else(|| "evidence".into());
            format!("Evidence: {name}")
        }
    };
    let marking = match &question.marking {
        Marking::PassFail { passing } => format!("pass/fail, passing: {}", passing.join(", ")),
        Marking::Discretionary => "decided by an evaluator".to_string(),
        Marking::InformationOnly => "information only".to_string(),
    };
    let mandatory = if question.mandatory {
        "mandatory"
    } else {
        "optional"
    };
    format!(
        "{kind}; {marking}; {mandatory}; {}",
        system.lot_names(&question.lots)
    )
}

#[component]
pub fn QuestionnairePage() -> impl IntoView {
    let id = system_id_param();
    let data = Resource::new(id, system_page);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(page) => view! { <Questionnaire system=page.system editable=page.rights.edit_conditions /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Questionnaire(system: SystemView, editable: bool) -> impl IntoView {
    let add_section = ServerAction::<AddSection>::new();
    let section_errors = form_errors(add_section);
    let remove_section = ServerAction::<RemoveSection>::new();
    let remove_section_errors = form_errors(remove_section);
    let remove_question = ServerAction::<RemoveQuestion>::new();
    let remove_question_errors = form_errors(remove_question);
    let id = system.id;
    let back = format!("/council/systems/{id}");
    let title = format!("Questionnaire: {} - OpenDPS", system.title);
    let has_sections = !system.sections.is_empty();
    let sections = system.sections.clone();
    view! {
        <Title text=title />
        <a href=back class="back-link">"Back to the system"</a>
        <QueryNotice messages=NOTICES />
        <ErrorSummary errors=remove_section_errors />
        <ErrorSummary errors=remove_question_errors />
        <span class="caption-l">{system.reference.clone()}</span>
        <h1 class="heading-l">"Selection questionnaire"</h1>
        <p class="body">"A pass/fail question is marked automatically from the answers that pass; a discretionary one by an evaluator. Evidence is always checked by an evaluator."</p>
        {(!has_sections).then(|| view! { <p class="body">"No sections yet."</p> })}
        {sections.into_iter().map(|section| {
            let remove_label = format!("Remove section {}", section.title);
            let questions: Vec<_> = section.questions.iter().map(|q| (q.clone(), describe(q, &system))).collect();
            view! {
                <h2 class="heading-m">{section.title.clone()}</h2>
                {if questions.is_empty() {
                    view! { <p class="body">"No questions in this section yet."</p> }.into_any()
                } else {
                    view! {
                        <ol class="list list--number">
                            {questions.into_iter().map(|(q, description)| {
                                let label = format!("Remove question: {}", q.text);
                                view! {
                                    <li>
                                        <p class="body"><strong>{q.text.clone()}</strong></p>
                                        <p class="hint">{description}</p>
                                        {editable.then(|| view! {
                                            <ActionForm action=remove_question>
                                                <Hidden name="id" value=id.to_string() />
                                                <Hidden name="question_id" value=q.id.to_string() />
                                                <button type="submit" class="button button--secondary button--small" aria-label=label>"Remove"</button>
                                            </ActionForm>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }}
                {editable.then(|| view! {
                    <ActionForm action=remove_section>
                        <Hidden name="id" value=id.to_string() />
                        <Hidden name="section_id" value=section.id.to_string() />
                        <button type="submit" class="button button--warning button--small" aria-label=remove_label>"Remove section"</button>
                    </ActionForm>
                })}
            }
        }).collect_view()}
        {editable.then(|| view! {
            <h2 class="heading-m">"Add a section"</h2>
            <ErrorSummary errors=section_errors />
            <ActionForm action=add_section attr:novalidate="true">
                <Hidden name="id" value=id.to_string() />
                <TextField name="section_title" label="Section title" hint="Like Organisation details, Safeguarding, or Insurance" errors=section_errors />
                <button type="submit" class="button button--secondary">"Add section"</button>
            </ActionForm>
        })}
        {(editable && has_sections).then(|| view! { <AddQuestionForm system=system.clone() /> })}
    }
}

#[component]
fn AddQuestionForm(system: SystemView) -> impl IntoView {
    let add = ServerAction::<AddQuestion>::new();
    let errors = form_errors(add);
    let id = system.id;
    let sections: Vec<(String, String)> = system
        .sections
        .iter()
        .map(|s| (s.id.to_string(), s.title.clone()))
        .collect();
    let kinds = [
        ("yes_no", "Yes or no"),
        ("text", "Text"),
        ("number", "A number"),
        ("date", "A date"),
        ("choose_one", "Choose one of a list"),
        ("evidence", "Evidence from the provider's library"),
    ]
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .to_vec();
    let markings = [
        ("pass_fail", "Pass or fail, marked automatically"),
        ("discretionary", "Decided by an evaluator"),
        ("information_only", "Information only"),
    ]
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .to_vec();
    let evidence: Vec<(String, String)> =
        std::iter::once((String::new(), "Not an evidence question".to_string()))
            .chain(
                system
                    .evidence_types
                    .iter()
                    .map(|e| (e.id.to_string(), e.name.clone())),
            )
            .collect();
    let lot_options: Vec<(String, String)> = system
        .lots
        .iter()
        .map(|l| (l.id.to_string(), l.label()))
        .collect();
    let has_lots = !lot_options.is_empty();
    view! {
        <h2 class="heading-m" id="add-question">"Add a question"</h2>
        <ErrorSummary errors />
        <ActionForm action=add attr:novalidate="true" attr:aria-labelledby="add-question">
            <Hidden name="id" value=id.to_string() />
            <Select name="section_id" label="Section" errors options=sections />
            <TextArea name="text" label="Question" errors rows=3 />
            <Radios name="question_kind" legend="Kind of answer" errors options=kinds selected="yes_no" />
            <TextField name="max_chars" label="Maximum length of a text answer, in characters" hint="For text answers only. Leave blank for 2000" errors />
            <TextArea name="options" label="Options to choose from" hint="For choose-one answers only. One option per line" errors rows=4 />
            <Select name="evidence_type_id" label="Evidence asked for" hint="For evidence answers only" errors options=evidence />
            <Radios name="marking" legend="How the answer is marked" errors options=markings selected="discretionary" />
            <TextArea name="passing" label="Answers that pass" hint="For pass or fail questions only. For yes or no, enter yes or no; for choose-one, the passing options, one per line" errors rows=3 />
            <Checkbox name="mandatory" label="Mandatory" checked=true errors />
            {has_lots.then(|| view! {
                <Checkboxes name="lots" id="lots" legend="Lots it applies to" hint="Leave all unticked if it applies to every lot" errors options=lot_options.clone() />
            })}
            <button type="submit" class="button">"Add question"</button>
        </ActionForm>
    }
}
