//! A provider's placements: the list, and one placement with its contract's terms and,
//! for a block arrangement, the hours delivered with the form to record a week's.

use super::hours::HoursTable;
use super::records_api::{load_provider_placement, load_provider_placements, RecordHours};
use crate::components::fields::Select;
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::ids::PlacementId;
use crate::placements::model::ProviderPlacement;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProviderPlacementsPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| load_provider_placements());
    view! {
        <Title text="Your placements - OpenDPS" />
        <a href="/provider" class="back-link">"Back to your organisation"</a>
        <h1 class="heading-l">"Your placements"</h1>
        <p class="body">"Placements councils have awarded to you or recorded with you, those running first."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p class="body">"You have no placements yet."</p> }.into_any(),
                    Ok(rows) => view! {
                        <table class="table">
                            <caption class="visually-hidden">"Your placements"</caption>
                            <thead><tr>
                                <th scope="col">"Placement"</th><th scope="col">"Council"</th><th scope="col">"Weekly cost"</th>
                                <th scope="col">"Start"</th><th scope="col">"End"</th><th scope="col">"Status"</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| {
                                    let name = match (&r.reference, r.block) {
                                        (Some(reference), true) => format!("{reference} (block of hours)"),
                                        (Some(reference), false) => reference.clone(),
                                        (None, _) => format!("Placement {}", r.id),
                                    };
                                    view! {
                                        <tr>
                                            <td><a href=format!("/provider/placements/{}", r.id)>{name}</a></td>
                                            <td>{r.council.clone()}</td>
                                            <td>{r.weekly_price.clone()}</td>
                                            <td>{r.start_date.clone()}</td>
                                            <td>{r.end_date.clone()}</td>
                                            <td>{r.status.clone()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ProviderPlacementPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<PlacementId>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_provider_placement(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Title text="Placement - OpenDPS" />
        <a href="/provider/placements" class="back-link">"Back to your placements"</a>
        <QueryNotice messages=&[("recorded", "Hours recorded.")] />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(placement) => view! { <Placement placement /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Placement(placement: ProviderPlacement) -> impl IntoView {
    let action = ServerAction::<RecordHours>::new();
    let errors = form_errors(action);
    let title = match &placement.reference {
        Some(reference) => format!("Placement for request {reference}"),
        None => format!("Placement {}", placement.id),
    };
    let weekly = if placement.price_from.is_empty() {
        placement.weekly_price.clone()
    } else {
        format!("{} from {}", placement.weekly_price, placement.price_from)
    };
    let rows = [
        ("Council", placement.council.clone()),
        ("Weekly cost", weekly),
        ("Start", placement.start_date.clone()),
        ("End", placement.end_date.clone()),
        ("Whole-life value", placement.value.clone()),
        ("Status", placement.status.clone()),
        (
            "Contract can be entered from",
            placement.contract_from.clone(),
        ),
    ];
    let id = placement.id;
    view! {
        <span class="caption-l">{placement.council.clone()}</span>
        <h1 class="heading-l">{title}</h1>
        <dl class="summary-list">
            {rows.into_iter().map(|(k, v)| view! {
                <div class="summary-list__row"><dt class="summary-list__key">{k}</dt><dd class="summary-list__value">{v}</dd></div>
            }).collect_view()}
        </dl>
        {placement.request_id.map(|r| view! {
            <p class="body"><a href=format!("/provider/requests/{r}")>"The request, your offer and the person's details"</a></p>
        })}
        {placement.hours.clone().map(|hours| {
            let recordable = hours.recordable.clone();
            let can_record = hours.can_record && !recordable.is_empty();
            view! {
                <HoursTable hours />
                {can_record.then(|| view! {
                    <h2 class="heading-m" id="record">"Record a week's hours"</h2>
                    <p class="body">"Record the hours delivered once the week (Monday to Sunday) is over. Recording a week again replaces what was recorded; the council's audit log keeps both."</p>
                    <ErrorSummary errors />
                    <ActionForm action attr:novalidate="true" attr:aria-labelledby="record">
                        <Hidden name="id" value=id.to_string() />
                        <Select name="week" label="Week" errors options=recordable.clone() />
                        <TextField name="hours" label="Hours delivered" errors hint="In quarter hours, like 18 or 17.75" />
                        <button type="submit" class="button">"Record the hours"</button>
                    </ActionForm>
                })}
            }
        })}
    }
}
