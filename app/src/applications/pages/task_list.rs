//! An application's own page: the task list of a draft, or, once submitted, what was
//! declared with the status and the date the council must decide by.

use super::WithApplication;
use crate::applications::model::{ApplicationPage, Snapshot};
use crate::applications::progress::TaskStatus;
use crate::components::form::{form_errors, ErrorSummary, Hidden};
use crate::components::notice::QueryNotice;
use crate::error::AppError;
use crate::ids::{ApplicationId, SystemId};
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    super::APPLY,
    crate::applications::service::drafts,
    crate::reviews::service::act,
    crate::service::{as_user, redirect},
};

/// Starts (or reopens) the organisation's application to a system.
#[server(prefix = "/api", endpoint = "start-application")]
pub async fn start_application(system_id: SystemId) -> Result<(), AppError> {
    let id = as_user(APPLY, async |ctx, me| {
        drafts::start(ctx, me, system_id).await
    })
    .await?;
    redirect(&format!("/provider/applications/{id}"))
}

/// The provider answers a council's clarification question.
#[server(prefix = "/api", endpoint = "answer-clarification")]
pub async fn answer_clarification(
    id: ApplicationId,
    clarification: i64,
    #[server(default)] answer: String,
) -> Result<(), AppError> {
    as_user(APPLY, async |ctx, me| {
        act::answer(ctx, me, id, clarification, &answer).await
    })
    .await?;
    redirect(&format!("/provider/applications/{id}?answered=1"))
}

const NOTICES: &[(&str, &str)] = &[
    ("answered", "Your answer has been sent to the council."),
    ("saved", "Your answers have been saved."),
    (
        "submitted",
        "Application submitted. The council has been told and will decide by the date below.",
    ),
];

#[component]
pub fn ApplicationTaskListPage() -> impl IntoView {
    view! { <WithApplication body=|page| view! { <TaskList page /> } /> }
}

#[component]
fn TaskList(page: ApplicationPage) -> impl IntoView {
    let title = format!("Application: {} - OpenDPS", page.system.title);
    let heading = page.system.title.clone();
    let caption = format!(
        "{} · {}",
        page.system.reference, page.system.lead_council.name
    );
    let body = if page.status.editable() {
        view! { <DraftTasks page=page.clone() /> }.into_any()
    } else {
        view! { <Submitted page=page.clone() /> }.into_any()
    };
    view! {
        <Title text=title />
        <a href="/provider/applications" class="back-link">"Back to your applications"</a>
        <QueryNotice messages=NOTICES />
        <span class="caption-l">{caption}</span>
        <h1 class="heading-l">{heading}</h1>
        {body}
    }
}

#[component]
fn DraftTasks(page: ApplicationPage) -> impl IntoView {
    let done = page
        .tasks
        .iter()
        .filter(|t| matches!(t.status, TaskStatus::Completed | TaskStatus::NotNeeded))
        .count();
    let total = page.tasks.len();
    let check = format!("{}/check", page.base());
    view! {
        <p class="body"><strong class="tag">"Draft"</strong></p>
        {(!page.accepting).then(|| view! {
            <p class="body">"This system is not taking applications at the moment. Your draft is kept; you can submit it when the council opens it again."</p>
        })}
        <p class="body">{format!("You have completed {done} of {total} sections. Your answers are saved as you go: you can leave and come back.")}</p>
        <ol class="task-list">
            {page.tasks.into_iter().map(|task| {
                let status_class = match task.status {
                    TaskStatus::Completed => "tag",
                    TaskStatus::NotNeeded => "tag tag--grey",
                    TaskStatus::InProgress => "tag tag--blue",
                    TaskStatus::NotStarted => "tag tag--grey",
                };
                view! {
                    <li class="task-list__item">
                        <a class="task-list__name" href=task.href>{task.title}</a>
                        <strong class=status_class>{task.status.label()}</strong>
                    </li>
                }
            }).collect_view()}
        </ol>
        <h2 class="heading-m">"Check and submit"</h2>
        <p class="body"><a href=check class="button">"Check your answers"</a></p>
    }
}

#[component]
fn Submitted(page: ApplicationPage) -> impl IntoView {
    let answer = ServerAction::<AnswerClarification>::new();
    let errors = form_errors(answer);
    let open = page.status == crate::applications::ApplicationStatus::Submitted;
    let outcome = page.outcome.clone();
    let clarifications = page.clarifications.clone();
    let id = page.id;
    view! {
        <p class="body"><strong class="tag">{page.status.label()}</strong></p>
        {outcome.map(|o| view! {
            <h2 class="heading-m">"The council's decision"</h2>
            <dl class="summary-list">
                <div class="summary-list__row"><dt class="summary-list__key">"Decided"</dt><dd class="summary-list__value">{o.decided_label}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Admitted to"</dt><dd class="summary-list__value">{if o.admitted.is_empty() { "None".to_string() } else { o.admitted.join("; ") }}</dd></div>
                {(!o.refused.is_empty()).then(|| view! { <div class="summary-list__row"><dt class="summary-list__key">"Not admitted to"</dt><dd class="summary-list__value">{o.refused.join("; ")}</dd></div> })}
                {o.reasons.into_iter().map(|(t, r)| view! { <div class="summary-list__row"><dt class="summary-list__key">{format!("Not met: {t}")}</dt><dd class="summary-list__value">{r}</dd></div> }).collect_view()}
            </dl>
            {(!o.refused.is_empty()).then(|| view! { <p class="body">"You may apply again from the system's page once you can meet the criteria."</p> })}
        })}
        {(!clarifications.is_empty()).then(|| view! {
            <h2 class="heading-m" id="clarifications">"Questions from the council"</h2>
            <ErrorSummary errors />
            {clarifications.into_iter().map(|c| {
                let field = format!("answer-{}", c.id);
                let message = {
                    let field = field.clone();
                    move || errors.get().and_then(|e| e.message_for(&field).map(str::to_string))
                };
                let has_error = {
                    let message = message.clone();
                    move || message().is_some()
                };
                let label = format!("Asked {}: {}", c.asked_label, c.question);
                view! {
                    {match (c.answer, c.answered_label) {
                        (Some(a), Some(when)) => view! {
                            <dl class="summary-list"><div class="summary-list__row"><dt class="summary-list__key">{label.clone()}</dt><dd class="summary-list__value">{format!("Answered {when}: {a}")}</dd></div></dl>
                        }.into_any(),
                        _ if open => view! {
                            <ActionForm action=answer attr:novalidate="true">
                                <Hidden name="id" value=id.to_string() />
                                <Hidden name="clarification" value=c.id.to_string() />
                                <div class="form-group" class:form-group--error=has_error>
                                    <label class="label" for=field.clone()>{label.clone()}</label>
                                    {move || message().map(|m| view! { <p class="error-message"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                                    <textarea class="textarea" id=field.clone() name="answer" rows="4"></textarea>
                                </div>
                                <button type="submit" class="button">"Send answer"</button>
                            </ActionForm>
                        }.into_any(),
                        _ => view! { <p class="body">{label.clone()}" (not answered)"</p> }.into_any(),
                    }}
                }
            }).collect_view()}
        })}
        <dl class="summary-list">
            <div class="summary-list__row"><dt class="summary-list__key">"Submitted"</dt><dd class="summary-list__value">{page.submitted_label.clone().unwrap_or_default()}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Decision due by"</dt><dd class="summary-list__value">{page.decision_due_label.clone().unwrap_or_default()}</dd></div>
        </dl>
        <p class="body">"The council will tell you its decision by email and here. Your answers are shown as you submitted them."</p>
        <SnapshotView snapshot=page.snapshot.clone() base=None />
    }
}

/// The application in words. With `base`, each part links to the page that changes it.
#[component]
pub fn SnapshotView(snapshot: Snapshot, base: Option<String>) -> impl IntoView {
    let change = move |path: String, what: String| {
        base.clone().map(|b| {
            view! { <dd class="summary-list__actions"><a href=format!("{b}/{path}")>"Change"<span class="visually-hidden">{format!(" {what}")}</span></a></dd> }
        })
    };
    let mut sections: Vec<(String, Vec<_>)> = Vec::new();
    for row in snapshot.answers {
        match sections.last_mut() {
            Some((title, rows)) if *title == row.section => rows.push(row),
            _ => sections.push((row.section.clone(), vec![row])),
        }
    }
    let org = snapshot.organisation;
    view! {
        <h2 class="heading-m">"Lots applied for"</h2>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">"Lots"</dt>
                <dd class="summary-list__value">{if snapshot.lots.is_empty() { "None chosen".to_string() } else { snapshot.lots.join("; ") }}</dd>
                {change("lots".into(), "lots".into())}
            </div>
        </dl>
        <h2 class="heading-m">"Organisation details"</h2>
        <dl class="summary-list">
            <div class="summary-list__row"><dt class="summary-list__key">"Company number"</dt><dd class="summary-list__value">{org.company_number}</dd>{change("organisation".into(), "company number".into())}</div>
            <div class="summary-list__row"><dt class="summary-list__key">"PPON"</dt><dd class="summary-list__value">{if org.ppon.is_empty() { "Not given".to_string() } else { org.ppon }}</dd>{change("organisation".into(), "PPON".into())}</div>
            <div class="summary-list__row"><dt class="summary-list__key">"Registered address"</dt><dd class="summary-list__value">{org.registered_address}</dd>{change("organisation".into(), "registered address".into())}</div>
        </dl>
        {sections.into_iter().map(|(title, rows)| view! {
            <h2 class="heading-m">{title}</h2>
            <dl class="summary-list">
                {rows.into_iter().map(|row| {
                    let link = change(format!("sections/{}#q{}", row.section_id, row.question_id), row.question.clone());
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{row.question}</dt>
                            <dd class="summary-list__value">{if row.answer.is_empty() { "Not answered".to_string() } else { row.answer }}</dd>
                            {link}
                        </div>
                    }
                }).collect_view()}
            </dl>
        }).collect_view()}
        <h2 class="heading-m">"Evidence"</h2>
        {if snapshot.evidence.is_empty() {
            view! { <p class="body">"No evidence is asked for the lots chosen."</p> }.into_any()
        } else {
            view! {
                <dl class="summary-list">
                    {snapshot.evidence.into_iter().map(|row| {
                        let link = change("evidence".into(), row.evidence_type.clone());
                        let shown = match (row.item.is_empty(), row.item_id) {
                            (false, Some(item)) => view! { <a href=format!("/files/evidence/{item}")>{row.item}</a> }.into_any(),
                            _ => view! { <span>{if row.mandatory { "Not attached" } else { "Not attached (optional)" }}</span> }.into_any(),
                        };
                        view! {
                            <div class="summary-list__row">
                                <dt class="summary-list__key">{row.evidence_type}</dt>
                                <dd class="summary-list__value">{shown}</dd>
                                {link}
                            </div>
                        }
                    }).collect_view()}
                </dl>
            }.into_any()
        }}
    }
}
