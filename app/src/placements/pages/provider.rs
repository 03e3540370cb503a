//! A provider's placement requests: the list of those it was sent, and one request
//! with the time left, its own answer, the offer form (revise sends a new version),
//! withdrawing and declining; after award the outcome, and for the winner the
//! person's details.

use super::api::{
    load_provider_request, load_provider_requests, DeclineRequest, SendOffer, WithdrawOffer,
};
use super::offer_summary::OfferSummary;
use super::person::PersonSummary;
use super::profile::{ProfileSummary, RuntimeField};
use crate::components::fields::{Radios, TextArea};
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::components::notice::QueryNotice;
use crate::components::pager::{page_from, Pager};
use crate::components::problem::Problem;
use crate::ids::RequestId;
use crate::placements::model::{MyAnswer, OfferContent, ProviderRequest};
use crate::placements::types::DeclineReason;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ProviderRequestsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || query.with(|q| page_from(q.get("page")));
    let rows = Resource::new(page, load_provider_requests);
    view! {
        <Title text="Placement requests - OpenDPS" />
        <a href="/provider" class="back-link">"Back to your organisation"</a>
        <h1 class="heading-l">"Placement requests"</h1>
        <p class="body">"Requests councils have sent you as an admitted provider, open requests first with the soonest deadline at the top, then closed ones. Offers are sealed: the council sees none of them until the deadline."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(rows) if rows.rows.is_empty() && rows.page == 1 => view! { <p class="body">"No council has sent you a placement request yet."</p> }.into_any(),
                    Ok(rows) => view! {
                        <table class="table">
                            <caption class="visually-hidden">"Placement requests sent to you"</caption>
                            <thead><tr>
                                <th scope="col">"Request"</th><th scope="col">"Council"</th><th scope="col">"Lot"</th>
                                <th scope="col">"Urgency"</th><th scope="col">"Deadline"</th><th scope="col">"Time left"</th><th scope="col">"Your answer"</th>
                            </tr></thead>
                            <tbody>
                                {rows.rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td><a href=format!("/provider/requests/{}", r.id)>{r.reference.clone()}</a></td>
                                        <td>{r.council.clone()}</td>
                                        <td>{r.lot.clone()}</td>
                                        <td>{r.urgency.clone()}</td>
                                        <td>{r.deadline_text.clone()}</td>
                                        <td>{r.time_left.clone()}</td>
                                        <td>{r.answer.clone()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Pager base="/provider/requests" page=rows.page more=rows.more label="Pages of requests" />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

const NOTICES: &[(&str, &str)] = &[
    ("sent", "Offer sent. You can revise or withdraw it until the deadline."),
    ("withdrawn", "Offer withdrawn. You can send a new one until the deadline."),
    ("declined", "Declined. The council has been told how many providers declined, and why after the deadline."),
];

#[component]
pub fn ProviderRequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<RequestId>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_provider_request(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Title text="Placement request - OpenDPS" />
        <a href="/provider/requests" class="back-link">"Back to placement requests"</a>
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
fn Request(request: ProviderRequest) -> impl IntoView {
    let profile = request.profile.clone();
    let open = profile.open;
    let latest: Option<OfferContent> = match &request.answer {
        MyAnswer::Offered(offer) => Some((**offer).clone()),
        _ => None,
    };
    let answer_text = match &request.answer {
        MyAnswer::None => "You have not answered yet.".to_string(),
        MyAnswer::Offered(offer) => format!("You have sent an offer (version {}).", offer.version),
        MyAnswer::Withdrawn { .. } => "You withdrew your offer.".to_string(),
        MyAnswer::Declined { reason } => format!("You declined: {reason}."),
    };
    view! {
        <span class="caption-l">{profile.council.clone()}</span>
        <h1 class="heading-l">{format!("Placement request {}", profile.reference)}</h1>
        <p class="body"><strong class=if open { "tag tag--blue" } else { "tag tag--grey" }>{profile.status.clone()}</strong>
            {open.then(|| format!(" Offers must arrive by {}.", profile.deadline_text))}</p>
        {request.outcome.clone().map(|o| view! {
            <div class="notification notification--success" role="status">
                <h2 class="heading-m">{if o.won { "Your offer was chosen" } else { "Your offer was not chosen" }}</h2>
                <p class="body">{match (o.own_score.clone(), o.winning_score.clone()) {
                    (Some(own), Some(win)) if !o.won => format!("Your offer scored {own} out of 100. The winning offer scored {win}."),
                    (Some(own), _) => format!("Your offer scored {own} out of 100."),
                    (None, Some(win)) => format!("Your offer was excluded as non-compliant. The winning offer scored {win}."),
                    (None, None) => String::new(),
                }}</p>
            </div>
        })}
        {request.person.clone().map(|person| view! {
            <h2 class="heading-m">"The person placed with you"</h2>
            <p class="body">"Special category personal data: this view has been logged."</p>
            <PersonSummary person />
        })}
        {request.person_erased.clone().map(|text| view! {
            <h2 class="heading-m">"The person placed with you"</h2>
            <p class="body">{text}</p>
        })}
        <ProfileSummary profile=profile.clone() />
        <h2 class="heading-m" id="answer" tabindex="-1">"Your answer"</h2>
        <p class="body">{answer_text}</p>
        {latest.clone().map(|offer| view! { <OfferSummary content=offer /> })}
        {open.then(|| view! { <Answer request=request.clone() latest /> })}
    }
}

#[component]
fn Answer(request: ProviderRequest, latest: Option<OfferContent>) -> impl IntoView {
    let id = request.profile.id;
    let send = ServerAction::<SendOffer>::new();
    let errors = form_errors(send);
    let withdraw = ServerAction::<WithdrawOffer>::new();
    let withdraw_errors = form_errors(withdraw);
    let decline = ServerAction::<DeclineRequest>::new();
    let decline_errors = form_errors(decline);
    let block = request.profile.kind == "block";
    let value = |f: fn(&OfferContent) -> String| latest.as_ref().map(f).unwrap_or_default();
    let includes = value(|o| o.includes.clone());
    let start_date = value(|o| o.start_date.clone());
    let area = value(|o| o.area.clone());
    let staffing = value(|o| o.staffing_ratio.clone());
    let offered = latest.is_some();
    let plain = |amount: &str| amount.trim_start_matches('£').replace(',', "");
    let weekly = value(|o| o.weekly_price.clone().unwrap_or_default());
    let hourly = value(|o| o.hourly_rate.clone().unwrap_or_default());
    let discount = value(|o| o.discount_percent.trim_end_matches('%').to_string());
    let extras = latest
        .as_ref()
        .map(|o| o.extras.clone())
        .unwrap_or_default();
    let answers = latest
        .as_ref()
        .map(|o| o.answers.clone())
        .unwrap_or_default();
    view! {
        <h2 class="heading-m" id="offer">{if offered { "Revise your offer" } else { "Send an offer" }}</h2>
        <p class="body">"Until the deadline you can send a new version as often as you need; the latest one counts and earlier ones are kept. Give the area of your home or service, not its address: the address is shared only after award."</p>
        <ErrorSummary errors />
        <ActionForm action=send attr:novalidate="true" attr:aria-labelledby="offer">
            <Hidden name="id" value=id.to_string() />
            {if block {
                view! {
                    <TextField name="hourly_rate" label="Hourly rate, in pounds" errors value=plain(&hourly) />
                    <TextField name="discount" label="Discount on the hourly rate for guaranteed hours, in per cent (optional)" errors hint="Up to 5%" value=discount.clone() />
                }.into_any()
            } else {
                view! { <TextField name="weekly_price" label="Weekly price, in pounds" errors value=plain(&weekly) /> }.into_any()
            }}
            <TextArea name="includes" label="What the price includes" errors value=includes rows=3 />
            <fieldset class="fieldset">
                <legend class="fieldset__legend">"Extras, with their reasons (optional)"</legend>
                {(0..3).map(|i| {
                    let extra = extras.get(i).cloned();
                    let kind = extra.as_ref().map(|e| e.kind.clone()).unwrap_or_else(|| "one_off".into());
                    let kind_id = format!("extra_kind[{i}]");
                    view! {
                        <div class="form-group">
                            <label class="label" for=kind_id.clone()>{format!("Extra {}: how often", i + 1)}</label>
                            <select class="select" id=kind_id name="extra_kind[]">
                                <option value="one_off" selected=kind == "one_off">"Once"</option>
                                <option value="weekly" selected=kind == "weekly">"Every week"</option>
                            </select>
                        </div>
                        <RuntimeField name="extra_amount[]" id=format!("extra_amount[{i}]") label=format!("Extra {}: amount in pounds", i + 1) errors value=extra.as_ref().map(|e| plain(&e.amount)).unwrap_or_default() />
                        <RuntimeField name="extra_reason[]" id=format!("extra_reason[{i}]") label=format!("Extra {}: reason", i + 1) errors value=extra.map(|e| e.reason).unwrap_or_default() />
                    }
                }).collect_view()}
            </fieldset>
            <TextField name="start_date" label="Date you could start" kind="date" errors value=start_date />
            <TextField name="area" label="Area of the home or service" errors hint="A town or postcode district, such as Enfield or EN3" value=area />
            {request.profile.questions.iter().enumerate().map(|(i, q)| view! {
                <RuntimeField name="answers[]" id=format!("answers[{i}]") label=format!("Question {}: {q}", i + 1) errors multiline=true value=answers.get(i).cloned().unwrap_or_default() />
            }).collect_view()}
            <TextField name="staffing_ratio" label="Staffing ratio" errors hint="Such as 1:1, or 2:1 at night" value=staffing />
            <button type="submit" class="button">{if offered { "Send the revised offer" } else { "Send the offer" }}</button>
        </ActionForm>
        {offered.then(|| view! {
            <h2 class="heading-m" id="withdraw">"Withdraw your offer"</h2>
            <ErrorSummary errors=withdraw_errors />
            <ActionForm action=withdraw attr:aria-labelledby="withdraw">
                <Hidden name="id" value=id.to_string() />
                <button type="submit" class="button button--warning">"Withdraw the offer"</button>
            </ActionForm>
        })}
        {(!offered && !matches!(request.answer, MyAnswer::Declined { .. })).then(|| view! {
            <h2 class="heading-m" id="decline">"Decline the request"</h2>
            <ErrorSummary errors=decline_errors />
            <ActionForm action=decline attr:novalidate="true" attr:aria-labelledby="decline">
                <Hidden name="id" value=id.to_string() />
                <Radios name="decline_reason" legend="Why are you declining" errors=decline_errors
                    options=DeclineReason::ALL.iter().map(|r| (r.as_str().to_string(), r.label().to_string())).collect() />
                <TextArea name="decline_detail" label="More about the reason (needed for other reasons)" errors=decline_errors rows=3 />
                <button type="submit" class="button button--secondary">"Decline"</button>
            </ActionForm>
        })}
    }
}
