//! One placement request as its council sees it. Until the deadline: the profile,
//! how many offers and declines have arrived, and cancelling or extending. After it:
//! the table of opened offers (each read, marked or excluded on its own page, see
//! `council_offer`), the ranked table with ties, the transition sign-off, and the
//! award at the level its value routes to.

use super::api::{
    load_council_request, AwardRequest, CancelRequest, ExtendRequest, RecordTieBreak,
    SignOffTransition,
};
use super::profile::ProfileSummary;
use crate::components::fields::{Radios, TextArea};
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::ids::RequestId;
use crate::placements::model::{CouncilRequest, OfferLine};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const NOTICES: &[(&str, &str)] = &[
    (
        "issued",
        "Request sent to every eligible provider of the lot.",
    ),
    (
        "extended",
        "Deadline extended. Everyone invited has been told.",
    ),
    (
        "cancelled",
        "Request cancelled. Everyone invited has been told.",
    ),
    ("tie_break", "Tie-break recorded."),
    ("signed_off", "Transition signed off by adult social care."),
    (
        "awarded",
        "Awarded. Every bidder has been told the outcome.",
    ),
];

#[component]
pub fn CouncilRequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<RequestId>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_council_request(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Title text="Placement request - OpenDPS" />
        <a href="/council/requests" class="back-link">"Back to placement requests"</a>
        <QueryNotice messages=NOTICES />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(request) => view! { <Request request /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Request(request: CouncilRequest) -> impl IntoView {
    let id = request.profile.id;
    let status_class = match request.profile.status.as_str() {
        "Open" => "tag tag--blue",
        "Awarded" => "tag",
        "Cancelled" => "tag tag--grey",
        _ => "tag tag--yellow",
    };
    let questions = request.profile.questions.clone();
    view! {
        <span class="caption-l">{request.profile.lot.clone()}</span>
        <h1 class="heading-l">{format!("Placement request {}", request.profile.reference)}</h1>
        <p class="body"><strong class=status_class>{request.profile.status.clone()}</strong></p>
        {request.transition.then(|| view! {
            <div class="notification notification--warning" role="note">
                <p class="body">{if request.transition_signed_off {
                    "Transition: the young person turns 18 during this placement. Adult social care has signed it off."
                } else {
                    "Transition: the young person turns 18 during this placement. Adult social care must sign it off before award."
                }}</p>
            </div>
        })}
        <p class="body"><a href=format!("/council/requests/{id}/person")>"Show the person's details"</a>" (every view is logged)"</p>
        <ProfileSummary profile=request.profile.clone() />
        {(!questions.is_empty()).then(|| view! {
            <h2 class="heading-m">"Quality questions"</h2>
            <ol class="list list--number">{questions.iter().map(|q| view! { <li>{q.clone()}</li> }).collect_view()}</ol>
        })}
        {if request.sealed {
            view! { <Sealed request=request.clone() /> }.into_any()
        } else {
            view! { <Opened request=request.clone() /> }.into_any()
        }}
    }
}

#[component]
fn Sealed(request: CouncilRequest) -> impl IntoView {
    let id = request.profile.id;
    let extend = ServerAction::<ExtendRequest>::new();
    let extend_errors = form_errors(extend);
    let cancel = ServerAction::<CancelRequest>::new();
    let cancel_errors = form_errors(cancel);
    let open = request.profile.open;
    view! {
        <h2 class="heading-m">"Offers"</h2>
        <p class="body">{format!(
            "Offers are sealed until {}: nobody at the council can see what they say before then. So far {} {} and {} {} of the {} providers invited.",
            request.profile.deadline_text,
            request.offers_count,
            if request.offers_count == 1 { "offer has arrived" } else { "offers have arrived" },
            request.declines_count,
            if request.declines_count == 1 { "decline" } else { "declines" },
            request.invited
        )}</p>
        {(open && request.can_manage).then(|| view! {
            <h2 class="heading-m" id="extend">"Extend the deadline"</h2>
            <ErrorSummary errors=extend_errors />
            <ActionForm action=extend attr:novalidate="true" attr:aria-labelledby="extend">
                <Hidden name="id" value=id.to_string() />
                <TextField name="deadline_date" label="New date offers must arrive by" kind="date" errors=extend_errors />
                <TextField name="deadline_time" label="New time offers must arrive by" kind="time" errors=extend_errors hint="Like 17:00, UK time" />
                <button type="submit" class="button button--secondary">"Extend the deadline"</button>
            </ActionForm>
            <h2 class="heading-m" id="cancel">"Cancel the request"</h2>
            <ErrorSummary errors=cancel_errors />
            <ActionForm action=cancel attr:novalidate="true" attr:aria-labelledby="cancel">
                <Hidden name="id" value=id.to_string() />
                <TextArea name="cancel_reason" label="Why is it cancelled" errors=cancel_errors hint="Everyone invited is told, with this reason" rows=3 />
                <button type="submit" class="button button--warning">"Cancel the request"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn Opened(request: CouncilRequest) -> impl IntoView {
    let id = request.profile.id;
    let mut ranked: Vec<OfferLine> = request
        .offers
        .iter()
        .filter(|o| o.rank.is_some())
        .cloned()
        .collect();
    ranked.sort_by_key(|o| o.rank);
    let any_tied = ranked.iter().any(|o| o.tied);
    let tie_break = ServerAction::<RecordTieBreak>::new();
    let tie_errors = form_errors(tie_break);
    let sign_off = ServerAction::<SignOffTransition>::new();
    let sign_off_errors = form_errors(sign_off);
    let can_evaluate = request.can_evaluate;
    let tie_text = request.tie_break.clone();
    view! {
        <h2 class="heading-m">"Offers"</h2>
        <p class="body">{format!(
            "{} {} and {} {} from the {} providers invited.",
            request.offers_count,
            if request.offers_count == 1 { "offer" } else { "offers" },
            request.declines_count,
            if request.declines_count == 1 { "decline" } else { "declines" },
            request.invited
        )}</p>
        {(!request.offers.is_empty()).then(|| view! {
            <table class="table">
                <caption class="table__caption">{if can_evaluate { "Offers to read and mark" } else { "Offers" }}</caption>
                <thead><tr>
                    <th scope="col">"Provider"</th><th scope="col">"Whole-life value"</th><th scope="col">"Marking"</th>
                </tr></thead>
                <tbody>
                    {request.offers.iter().map(|o| view! {
                        <tr>
                            <td><a href=format!("/council/requests/{id}/offers/{}", o.organisation_id)>{o.provider.clone()}</a></td>
                            <td>{o.value.clone()}</td>
                            <td><strong class=if o.excluded { "tag tag--red" } else if o.marking == "Marked" { "tag" } else { "tag tag--grey" }>{o.marking.clone()}</strong></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {if ranked.is_empty() {
            view! { <p class="body">{if request.offers.is_empty() {
                "No offers arrived."
            } else {
                "The ranking appears when every answer of every compliant offer has been marked."
            }}</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="table__caption">"Ranking (out of 100)"</caption>
                    <thead><tr>
                        <th scope="col">"Rank"</th><th scope="col">"Provider"</th><th scope="col">"Whole-life value"</th>
                        <th scope="col">"Quality"</th><th scope="col">"Price"</th><th scope="col">"Total"</th>
                    </tr></thead>
                    <tbody>
                        {ranked.iter().map(|o| view! {
                            <tr>
                                <td>{o.rank.map(|r| r.to_string()).unwrap_or_default()}{o.tied.then(|| view! { " " <strong class="tag tag--yellow">"Tied"</strong> })}</td>
                                <td><a href=format!("/council/requests/{id}/offers/{}", o.organisation_id)>{o.provider.clone()}</a></td>
                                <td>{o.value.clone()}</td>
                                <td>{o.quality.clone()}</td>
                                <td>{o.price.clone()}</td>
                                <td>{o.total.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {(!request.tie_break.is_empty()).then(|| view! {
            <p class="body">{format!("Tie-break: {}", request.tie_break)}</p>
        })}
        {(any_tied && can_evaluate).then(|| view! {
            <h2 class="heading-m" id="tie">"Break the tie"</h2>
            <ErrorSummary errors=tie_errors />
            <ActionForm action=tie_break attr:novalidate="true" attr:aria-labelledby="tie">
                <Hidden name="id" value=id.to_string() />
                <TextArea name="tie_break" label="How the tie was broken" errors=tie_errors hint="Such as the higher quality score, as the published criteria say" rows=3 value=tie_text.clone() />
                <button type="submit" class="button button--secondary">"Record the tie-break"</button>
            </ActionForm>
        })}
        {(!request.declines.is_empty()).then(|| view! {
            <h3 class="heading-s">"Declined"</h3>
            <ul class="list list--bullet">
                {request.declines.iter().map(|(name, reason)| view! { <li>{format!("{name}: {reason}")}</li> }).collect_view()}
            </ul>
        })}
        {request.can_sign_off.then(|| view! {
            <h2 class="heading-m" id="sign-off">"Adult social care sign-off"</h2>
            <ErrorSummary errors=sign_off_errors />
            <ActionForm action=sign_off attr:aria-labelledby="sign-off">
                <Hidden name="id" value=id.to_string() />
                <p class="body">"The young person turns 18 during this placement. Signing off confirms adult social care has agreed the transition plan."</p>
                <button type="submit" class="button">"Sign off the transition"</button>
            </ActionForm>
        })}
        {match request.award.clone() {
            Some(award) => view! {
                <h2 class="heading-m">"Award"</h2>
                <dl class="summary-list">
                    <div class="summary-list__row"><dt class="summary-list__key">"Awarded to"</dt><dd class="summary-list__value">{award.provider}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">"Whole-life value"</dt><dd class="summary-list__value">{award.value}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">"Standstill"</dt><dd class="summary-list__value">{award.standstill}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">"Contract can be entered from"</dt><dd class="summary-list__value">{award.contract_from}</dd></div>
                </dl>
            }.into_any(),
            None if request.can_award && !ranked.is_empty() => view! { <AwardForm request=request.clone() ranked /> }.into_any(),
            None => ().into_any(),
        }}
    }
}

#[component]
fn AwardForm(request: CouncilRequest, ranked: Vec<OfferLine>) -> impl IntoView {
    let award = ServerAction::<AwardRequest>::new();
    let errors = form_errors(award);
    let top: Vec<(String, String)> = ranked
        .iter()
        .filter(|o| o.rank == Some(1))
        .map(|o| {
            (
                o.organisation_id.to_string(),
                format!(
                    "{} – {} out of 100, {}",
                    o.provider,
                    o.total.clone().unwrap_or_default(),
                    o.value
                ),
            )
        })
        .collect();
    let selected = if top.len() == 1 {
        top[0].0.clone()
    } else {
        String::new()
    };
    view! {
        <h2 class="heading-m" id="award">"Award"</h2>
        {request.award_route.clone().map(|text| view! { <p class="body">{text}</p> })}
        <p class="body">{request.standstill_rule.clone()}</p>
        <ErrorSummary errors />
        <ActionForm action=award attr:novalidate="true" attr:aria-labelledby="award">
            <Hidden name="id" value=request.profile.id.to_string() />
            <Radios name="provider" legend="Offer to award" errors options=top selected=selected hint="Only the highest-ranked offer can be awarded; if offers are tied, record the tie-break first" />
            <TextField name="cabinet_reference" label=if request.cabinet_needed { "Cabinet decision reference" } else { "Cabinet decision reference (if any)" } errors hint="Needed at or above the council's cabinet threshold" />
            {request.voluntary_standstill.then(|| view! {
                <TextField name="standstill_days" label="Voluntary standstill, in working days (optional)" errors hint="Leave empty or 0 for none" />
            })}
            <button type="submit" class="button">"Award and tell every bidder"</button>
        </ActionForm>
    }
}
