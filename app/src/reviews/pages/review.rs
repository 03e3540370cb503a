//! One application under review: what the provider declared, each criterion's mark,
//! the evaluator's judgements, clarifications, the decision clock and the decision.

use crate::applications::marking::Mark;
use crate::components::fields::Checkboxes;
use crate::components::form::{form_errors, ErrorSummary, Hidden};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::error::{AppError, FormErrors};
use crate::ids::{ApplicationId, LotId};
use crate::reviews::model::{CriterionView, ReviewPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::reviews::service::{act, queries},
    crate::service::{as_user, redirect},
};

#[cfg(feature = "ssr")]
const EVALUATE: Allowed = Allowed::Member(OrgKind::Council, Permission::EvaluateApplications);

#[server(prefix = "/api", endpoint = "load-review")]
pub async fn load_review(id: ApplicationId) -> Result<ReviewPage, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ViewSystems);
    as_user(allowed, async |ctx, me| queries::page(ctx, me, id).await).await
}

#[server(prefix = "/api", endpoint = "evaluate-criterion")]
pub async fn evaluate_criterion(
    id: ApplicationId,
    criterion: String,
    #[server(default)] verdict: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    as_user(EVALUATE, async |ctx, me| {
        act::evaluate(ctx, me, id, &criterion, &verdict, &reason).await
    })
    .await?;
    redirect(&format!("/council/reviews/{id}?evaluated=1#criteria"))
}

#[server(prefix = "/api", endpoint = "extend-decision")]
pub async fn extend_decision(
    id: ApplicationId,
    #[server(default)] extend_to: String,
    #[server(default)] extension_reason: String,
) -> Result<(), AppError> {
    as_user(EVALUATE, async |ctx, me| {
        act::extend(ctx, me, id, &extend_to, &extension_reason).await
    })
    .await?;
    redirect(&format!("/council/reviews/{id}?extended=1"))
}

#[server(prefix = "/api", endpoint = "ask-clarification")]
pub async fn ask_clarification(
    id: ApplicationId,
    #[server(default)] question: String,
) -> Result<(), AppError> {
    as_user(EVALUATE, async |ctx, me| {
        act::ask(ctx, me, id, &question).await
    })
    .await?;
    redirect(&format!("/council/reviews/{id}?asked=1#clarifications"))
}

#[server(prefix = "/api", endpoint = "record-decision")]
pub async fn record_decision(
    id: ApplicationId,
    #[server(default)] decision: String,
    #[server(default)] lots: Vec<LotId>,
    #[server(default)] reasons: BTreeMap<String, String>,
) -> Result<(), AppError> {
    as_user(EVALUATE, async |ctx, me| {
        act::decide(ctx, me, id, &decision, &lots, &reasons).await
    })
    .await?;
    redirect(&format!("/council/reviews/{id}?decided=1"))
}

const NOTICES: &[(&str, &str)] = &[
    ("evaluated", "Evaluation recorded."),
    ("extended", "Decision period extended."),
    (
        "asked",
        "Question sent to the provider by email and in the portal. The clock keeps running.",
    ),
    (
        "decided",
        "Decision recorded. The provider has been told by email and in the portal.",
    ),
];

#[component]
pub fn ReviewPageView() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params.with(|p| {
            p.get("id")
                .and_then(|v| v.parse().ok())
                .unwrap_or(ApplicationId(0))
        })
    };
    let data = Resource::new(id, load_review);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(page) => view! { <Review page /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn message(errors: Signal<Option<FormErrors>>, field: &str) -> Option<String> {
    errors
        .get()
        .and_then(|e| e.message_for(field).map(str::to_string))
}

fn kept(errors: Signal<Option<FormErrors>>, field: &str) -> Option<String> {
    errors
        .get()
        .and_then(|e| e.value_for(field).map(str::to_string))
}

#[component]
fn FieldError(errors: Signal<Option<FormErrors>>, field: String) -> impl IntoView {
    let id = format!("{field}-error");
    move || {
        message(errors, &field).map(|m| view! { <p class="error-message" id=id.clone()><span class="visually-hidden">"Error: "</span>{m}</p> })
    }
}

#[component]
fn Review(page: ReviewPage) -> impl IntoView {
    let title = format!("Review: {} - OpenDPS", page.provider);
    let evaluate = ServerAction::<EvaluateCriterion>::new();
    let evaluate_errors = form_errors(evaluate);
    let id = page.id;
    let outcome = page.outcome.clone();
    view! {
        <Title text=title />
        <a href="/council/reviews" class="back-link">"Back to applications to review"</a>
        <QueryNotice messages=NOTICES />
        <span class="caption-l">{format!("{} {}", page.system_reference, page.system_title)}</span>
        <h1 class="heading-l">{page.provider.clone()}</h1>
        <dl class="summary-list">
            <div class="summary-list__row"><dt class="summary-list__key">"Status"</dt><dd class="summary-list__value">{page.status.label()}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Submitted"</dt><dd class="summary-list__value">{page.submitted_label.clone()}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Decide by"</dt><dd class="summary-list__value">{page.clock.due_label.clone()}" "<strong class=page.clock.state.tag_class()>{page.clock.label.clone()}</strong></dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Period"</dt><dd class="summary-list__value">{match &page.extension {
                Some((days, reason)) => format!("{days} working days, extended: {reason}"),
                None => format!("{} working days", page.clock.limit),
            }}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Lots applied for"</dt><dd class="summary-list__value">{page.snapshot.lots.join("; ")}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Company number"</dt><dd class="summary-list__value">{page.snapshot.organisation.company_number.clone()}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"PPON"</dt><dd class="summary-list__value">{if page.snapshot.organisation.ppon.is_empty() { "Not given".to_string() } else { page.snapshot.organisation.ppon.clone() }}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Registered address"</dt><dd class="summary-list__value">{page.snapshot.organisation.registered_address.clone()}</dd></div>
        </dl>
        {outcome.map(|o| view! {
            <h2 class="heading-m">"Decision"</h2>
            <dl class="summary-list">
                <div class="summary-list__row"><dt class="summary-list__key">"Decided"</dt><dd class="summary-list__value">{o.decided_label}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Admitted to"</dt><dd class="summary-list__value">{if o.admitted.is_empty() { "None".to_string() } else { o.admitted.join("; ") }}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Not admitted to"</dt><dd class="summary-list__value">{if o.refused.is_empty() { "None".to_string() } else { o.refused.join("; ") }}</dd></div>
                {o.reasons.into_iter().map(|(t, r)| view! { <div class="summary-list__row"><dt class="summary-list__key">{t}</dt><dd class="summary-list__value">{r}</dd></div> }).collect_view()}
            </dl>
        })}
        <h2 class="heading-m" id="criteria">"Selection criteria"</h2>
        <p class="hint">"Pass/fail answers are marked automatically against the published passing answers. Discretionary answers and every evidence item wait for an evaluator."</p>
        <ErrorSummary errors=evaluate_errors />
        {page.criteria.iter().cloned().map(|c| view! { <Criterion c id can_act=page.can_act action=evaluate errors=evaluate_errors /> }).collect_view()}
        <Clarifications page=page.clone() />
        {page.can_extend.then(|| view! { <ExtendForm id /> })}
        {page.can_act.then(|| view! { <DecisionForm page=page.clone() /> })}
    }
}

#[component]
fn Criterion(
    c: CriterionView,
    id: ApplicationId,
    can_act: bool,
    action: ServerAction<EvaluateCriterion>,
    errors: Signal<Option<FormErrors>>,
) -> impl IntoView {
    let mark = match c.mark {
        Mark::Pass => "Passed automatically",
        Mark::Fail => "Failed automatically",
        Mark::NeedsEvaluator => "For an evaluator",
        Mark::NotMarked => "Not marked",
    };
    let answer = match (c.item_id, c.answer.is_empty()) {
        (Some(item), false) => {
            view! { <a href=format!("/files/evidence/{item}")>{c.answer.clone()}</a> }.into_any()
        }
        (_, true) => view! { <span>"Not answered"</span> }.into_any(),
        (None, false) => view! { <span>{c.answer.clone()}</span> }.into_any(),
    };
    let evaluable = can_act && c.mark == Mark::NeedsEvaluator;
    let verdict_id = format!("verdict-{}", c.key);
    let reject_id = format!("verdict-{}-reject", c.key);
    let reason_id = format!("reason-{}", c.key);
    let legend = format!("Does “{}” meet the criterion?", c.title);
    let reason_field = reason_id.clone();
    let reason_value = move || kept(errors, &reason_field).unwrap_or_default();
    let reason_error = reason_id.clone();
    let has_error = move || message(errors, &reason_error).is_some();
    view! {
        <div class="criterion">
            <h3 class="heading-s">{c.title.clone()}</h3>
            <dl class="summary-list">
                <div class="summary-list__row"><dt class="summary-list__key">"Answer"</dt><dd class="summary-list__value">{answer}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Applies to"</dt><dd class="summary-list__value">{c.lots_label.clone()}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Marking"</dt><dd class="summary-list__value">{mark}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Standing"</dt><dd class="summary-list__value"><strong class=if c.failed { "tag tag--red" } else { "tag" }>{c.standing_label.clone()}</strong></dd></div>
            </dl>
            {evaluable.then(|| view! {
                <ActionForm action attr:novalidate="true">
                    <Hidden name="id" value=id.to_string() />
                    <Hidden name="criterion" value=c.key.clone() />
                    <div class="form-group" class:form-group--error=has_error.clone()>
                        <fieldset class="fieldset">
                            <legend class="fieldset__legend">{legend}</legend>
                            <div class="radios">
                                <div class="radios__item">
                                    <input class="radios__input" type="radio" id=verdict_id.clone() name="verdict" value="accept" />
                                    <label class="label radios__label" for=verdict_id.clone()>"Accept"</label>
                                </div>
                                <div class="radios__item">
                                    <input class="radios__input" type="radio" id=reject_id.clone() name="verdict" value="reject" />
                                    <label class="label radios__label" for=reject_id.clone()>"Reject"</label>
                                </div>
                            </div>
                        </fieldset>
                        <label class="label" for=reason_id.clone()>"Reason for rejecting (told to the provider)"</label>
                        <FieldError errors field=reason_id.clone() />
                        <textarea class="textarea" id=reason_id.clone() name="reason" rows="2">{reason_value}</textarea>
                    </div>
                    <button type="submit" class="button button--secondary">"Record evaluation"</button>
                </ActionForm>
            })}
        </div>
    }
}

#[component]
fn Clarifications(page: ReviewPage) -> impl IntoView {
    let action = ServerAction::<AskClarification>::new();
    let errors = form_errors(action);
    let question_value = move || kept(errors, "question").unwrap_or_default();
    view! {
        <h2 class="heading-m" id="clarifications">"Clarifications"</h2>
        {if page.clarifications.is_empty() {
            view! { <p class="body">"No questions asked."</p> }.into_any()
        } else {
            view! {
                <dl class="summary-list">
                    {page.clarifications.into_iter().map(|c| view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{format!("Asked {}: {}", c.asked_label, c.question)}</dt>
                            <dd class="summary-list__value">{match (c.answer, c.answered_label) {
                                (Some(answer), Some(when)) => format!("Answered {when}: {answer}"),
                                _ => "Not answered yet".to_string(),
                            }}</dd>
                        </div>
                    }).collect_view()}
                </dl>
            }.into_any()
        }}
        {page.can_act.then(|| view! {
            <ErrorSummary errors />
            <ActionForm action attr:novalidate="true">
                <Hidden name="id" value=page.id.to_string() />
                <div class="form-group" class:form-group--error=move || message(errors, "question").is_some()>
                    <label class="label" for="question">"Ask the provider a question"</label>
                    <div class="hint" id="question-hint">"They are emailed and answer in the portal. The decision period keeps running"</div>
                    <FieldError errors field="question".to_string() />
                    <textarea class="textarea" id="question" name="question" rows="3" aria-describedby="question-hint">{question_value}</textarea>
                </div>
                <button type="submit" class="button button--secondary">"Send question"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn ExtendForm(id: ApplicationId) -> impl IntoView {
    let action = ServerAction::<ExtendDecision>::new();
    let errors = form_errors(action);
    view! {
        <h2 class="heading-m" id="extend">"Extend the decision period"</h2>
        <p class="body">"Regulation 34 allows one extension in an individual case, to at most 15 working days, where the extension is justified."</p>
        <ErrorSummary errors />
        <ActionForm action attr:novalidate="true" attr:aria-labelledby="extend">
            <Hidden name="id" value=id.to_string() />
            <div class="form-group" class:form-group--error=move || message(errors, "extend_to").is_some()>
                <label class="label" for="extend_to">"Working days in all"</label>
                <FieldError errors field="extend_to".to_string() />
                <input class="input input--width-20" id="extend_to" name="extend_to" type="text" inputmode="numeric" value=move || kept(errors, "extend_to").unwrap_or_else(|| "15".into()) />
            </div>
            <div class="form-group" class:form-group--error=move || message(errors, "extension_reason").is_some()>
                <label class="label" for="extension_reason">"Justification"</label>
                <FieldError errors field="extension_reason".to_string() />
                <textarea class="textarea" id="extension_reason" name="extension_reason" rows="3">{move || kept(errors, "extension_reason").unwrap_or_default()}</textarea>
            </div>
            <button type="submit" class="button button--secondary">"Extend"</button>
        </ActionForm>
    }
}

#[component]
fn DecisionForm(page: ReviewPage) -> impl IntoView {
    let action = ServerAction::<RecordDecision>::new();
    let errors = form_errors(action);
    let lots: Vec<(String, String)> = page
        .lots
        .iter()
        .map(|l| {
            let state = if l.meets {
                "meets every criterion"
            } else if l.fails {
                "a criterion not met"
            } else {
                "still being evaluated"
            };
            (l.id.to_string(), format!("{} ({state})", l.label))
        })
        .collect();
    let ticked: Vec<String> = page
        .lots
        .iter()
        .filter(|l| l.meets)
        .map(|l| l.id.to_string())
        .collect();
    let failed: Vec<CriterionView> = page.criteria.iter().filter(|c| c.failed).cloned().collect();
    let none_failed = failed.is_empty();
    view! {
        <h2 class="heading-m" id="decision-heading">"Decision"</h2>
        <p class="body">"Every applicant that meets the published criteria must be admitted, to each lot whose criteria it meets. A rejection must give the reason for each criterion not met."</p>
        {if none_failed {
            view! { <p class="body"><strong>"No criterion has failed: the application cannot be rejected."</strong></p> }.into_any()
        } else {
            view! {
                <p class="body">"Criteria not met:"</p>
                <ul class="list">{failed.iter().map(|c| view! { <li>{format!("{} ({})", c.title, c.lots_label)}</li> }).collect_view()}</ul>
            }.into_any()
        }}
        <ErrorSummary errors />
        <ActionForm action attr:novalidate="true" attr:aria-labelledby="decision-heading">
            <Hidden name="id" value=page.id.to_string() />
            <div class="form-group" class:form-group--error=move || message(errors, "decision").is_some()>
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">"Decision"</legend>
                    <FieldError errors field="decision".to_string() />
                    <div class="radios">
                        <div class="radios__item">
                            <input class="radios__input" type="radio" id="decision" name="decision" value="admit" checked=move || kept(errors, "decision").is_none_or(|d| d == "admit") />
                            <label class="label radios__label" for="decision">"Admit to the lots ticked below"</label>
                        </div>
                        <div class="radios__item">
                            <input class="radios__input" type="radio" id="decision-reject" name="decision" value="reject" checked=move || kept(errors, "decision").as_deref() == Some("reject") />
                            <label class="label radios__label" for="decision-reject">"Reject the application"</label>
                        </div>
                    </div>
                </fieldset>
            </div>
            <Checkboxes name="lots" id="lots" legend="Lots to admit to" errors options=lots ticked />
            {failed.into_iter().map(|c| {
                let field = format!("decision-reason-{}", c.key);
                let name = format!("reasons[{}]", c.key);
                let prefill = match &c.evaluation {
                    Some(crate::applications::admission::Evaluation::Rejected { reason }) => reason.clone(),
                    _ => String::new(),
                };
                let value = {
                    let field = field.clone();
                    move || kept(errors, &field).unwrap_or_else(|| prefill.clone())
                };
                let has_error = {
                    let field = field.clone();
                    move || message(errors, &field).is_some()
                };
                view! {
                    <div class="form-group" class:form-group--error=has_error>
                        <label class="label" for=field.clone()>{format!("Reason told to the provider: {}", c.title)}</label>
                        <FieldError errors field=field.clone() />
                        <textarea class="textarea" id=field.clone() name=name rows="2">{value}</textarea>
                    </div>
                }
            }).collect_view()}
            <button type="submit" class="button">"Record decision"</button>
        </ActionForm>
    }
}
