//! One opened offer of a council's request: its content, the answers to the quality
//! questions with a mark 0–5 and a comment each, and excluding it as non-compliant
//! (or taking it back). Previous and next links walk the request's offers.

use super::api::{load_council_offer, ExcludeOffer, MarkOffer};
use super::offer_summary::OfferSummary;
use super::profile::RuntimeField;
use crate::components::form::{form_errors, ErrorSummary, Hidden};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::error::{AppError, FormErrors};
use crate::ids::{OrganisationId, RequestId};
use crate::placements::model::{comment_field, mark_field, CouncilOffer, OfferRow};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const NOTICES: &[(&str, &str)] = &[
    ("marked", "Marks saved."),
    ("excluded", "Offer's compliance recorded."),
];

#[component]
pub fn CouncilOfferPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            let id = p.get("id").and_then(|v| v.parse::<RequestId>().ok());
            let provider = p
                .get("provider")
                .and_then(|v| v.parse::<OrganisationId>().ok());
            id.zip(provider)
        })
    };
    let data = Resource::new(ids, |ids| async move {
        match ids {
            Some((id, provider)) => load_council_offer(id, provider).await,
            None => Err(AppError::NotFound),
        }
    });
    let back = move || match ids() {
        Some((id, _)) => format!("/council/requests/{id}"),
        None => "/council/requests".to_string(),
    };
    view! {
        <Title text="Offer - OpenDPS" />
        <a href=back class="back-link">"Back to the request"</a>
        <QueryNotice messages=NOTICES />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(offer) => view! { <Offer offer /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Offer(offer: CouncilOffer) -> impl IntoView {
    let id = offer.request_id;
    let link = move |provider: OrganisationId| format!("/council/requests/{id}/offers/{provider}");
    view! {
        <span class="caption-l">{format!("Placement request {} · {}", offer.reference, offer.lot)}</span>
        <h1 class="heading-l">{format!("Offer from {}", offer.offer.provider)}</h1>
        <p class="body">{format!("Offer {} of {}, in the order of the request's table of offers.", offer.position, offer.of)}</p>
        {(offer.previous.is_some() || offer.next.is_some()).then(|| view! {
            <nav class="pagination" aria-label="Other offers">
                {offer.previous.map(|p| view! { <a href=link(p) rel="prev" class="pagination__link">"Previous offer"</a> })}
                " "
                {offer.next.map(|n| view! { <a href=link(n) rel="next" class="pagination__link">"Next offer"</a> })}
            </nav>
        })}
        <OfferPanel id offer=offer.offer.clone() questions=offer.questions.clone() can_evaluate=offer.can_evaluate />
    }
}

#[component]
fn OfferPanel(
    id: RequestId,
    offer: OfferRow,
    questions: Vec<String>,
    can_evaluate: bool,
) -> impl IntoView {
    let provider = offer.organisation_id;
    let mark = ServerAction::<MarkOffer>::new();
    let mark_errors = form_errors(mark);
    let exclude = ServerAction::<ExcludeOffer>::new();
    let exclude_errors = form_errors(exclude);
    let excluded = offer.excluded_reason.clone();
    let marks = offer.marks.clone();
    let answers = offer.content.answers.clone();
    let exclude_field = format!("excluded_reason-{provider}");
    let save_label = format!("Save marks for {}", offer.provider);
    let include_label = format!("Take {} back into the evaluation", offer.provider);
    let exclude_label = format!("Why {} does not comply (to exclude it)", offer.provider);
    view! {
        <section aria-labelledby="offer-content">
            {excluded.clone().map(|reason| view! {
                <p class="body"><strong class="tag tag--red">"Excluded"</strong>{format!(" {reason}")}</p>
            })}
            {offer.total.clone().map(|total| view! {
                <p class="body">{format!(
                    "Ranked {} with {total} out of 100 (quality {}, price {}){}.",
                    offer.rank.unwrap_or_default(),
                    offer.quality.clone().unwrap_or_default(),
                    offer.price.clone().unwrap_or_default(),
                    if offer.tied { ", tied" } else { "" },
                )}</p>
            })}
            <h2 class="heading-m" id="offer-content">"The offer"</h2>
            <OfferSummary content=offer.content.clone() />
            {(!questions.is_empty()).then(|| view! { <h2 class="heading-m" id="answers">"Answers to the quality questions"</h2> })}
            {if can_evaluate && excluded.is_none() && !questions.is_empty() {
                view! {
                    <ErrorSummary errors=mark_errors />
                    <ActionForm action=mark attr:novalidate="true" attr:aria-labelledby="answers">
                        <Hidden name="id" value=id.to_string() />
                        <Hidden name="provider" value=provider.to_string() />
                        {questions.iter().enumerate().map(|(q, text)| {
                            let given = marks.get(q).cloned().flatten();
                            view! {
                                <h3 class="heading-s">{format!("Question {}: {text}", q + 1)}</h3>
                                <p class="body">{answers.get(q).cloned().unwrap_or_default()}</p>
                                <MarkSelect provider q errors=mark_errors selected=given.as_ref().map(|g| g.0.to_string()).unwrap_or_default() />
                                <RuntimeField name="comments[]" id=comment_field(provider, q) label=format!("Comment on the answer to question {}", q + 1) errors=mark_errors multiline=true value=given.map(|g| g.1).unwrap_or_default() />
                            }
                        }).collect_view()}
                        <button type="submit" class="button">{save_label.clone()}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    {questions.iter().enumerate().map(|(q, text)| {
                        let given = marks.get(q).cloned().flatten();
                        view! {
                            <h3 class="heading-s">{format!("Question {}: {text}", q + 1)}</h3>
                            <p class="body">{answers.get(q).cloned().unwrap_or_default()}</p>
                            <p class="hint">{match given { Some((m, c)) => format!("Marked {m} of 5: {c}"), None => "Not marked yet".into() }}</p>
                        }
                    }).collect_view()}
                }.into_any()
            }}
            {can_evaluate.then(|| view! {
                <h2 class="heading-m" id="compliance">"Compliance"</h2>
                <ErrorSummary errors=exclude_errors />
                <ActionForm action=exclude attr:novalidate="true" attr:aria-labelledby="compliance">
                    <Hidden name="id" value=id.to_string() />
                    <Hidden name="provider" value=provider.to_string() />
                    {if excluded.is_some() {
                        view! {
                            <Hidden name="include" value="yes" />
                            <button type="submit" class="button button--secondary">{include_label.clone()}</button>
                        }.into_any()
                    } else {
                        view! {
                            <RuntimeField name="excluded_reason" id=exclude_field.clone() label=exclude_label.clone() errors=exclude_errors />
                            <button type="submit" class="button button--warning">"Exclude as non-compliant"</button>
                        }.into_any()
                    }}
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn MarkSelect(
    provider: crate::ids::OrganisationId,
    q: usize,
    errors: Signal<Option<FormErrors>>,
    selected: String,
) -> impl IntoView {
    let field = mark_field(provider, q);
    let message = {
        let field = field.clone();
        move || {
            errors
                .get()
                .and_then(|e| e.message_for(&field).map(str::to_string))
        }
    };
    let chosen = {
        let field = field.clone();
        move || {
            errors
                .get()
                .and_then(|e| e.value_for(&field).map(str::to_string))
                .unwrap_or_else(|| selected.clone())
        }
    };
    let error_id = format!("{field}-error");
    let has_error = {
        let message = message.clone();
        move || message().is_some()
    };
    view! {
        <div class="form-group" class:form-group--error=has_error>
            <label class="label" for=field.clone()>{format!("Mark for question {}, from 0 to 5", q + 1)}</label>
            {move || message().map(|m| view! { <p class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p> })}
            <select class="select" id=field.clone() name="marks[]">
                <option value="">"Choose a mark"</option>
                {(0..=5).map(|m| {
                    let value = m.to_string();
                    let chosen = chosen.clone();
                    let is = {
                        let value = value.clone();
                        move || chosen() == value
                    };
                    view! { <option value=value.clone() selected=is>{value.clone()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
