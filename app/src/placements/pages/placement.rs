//! One placement, and extending it or varying its weekly cost: the new whole-life value
//! routes the decision to the same level of authority as an award.

use super::api::{load_placement, ExtendPlacement, VaryPlacementPrice};
use super::hours::HoursTable;
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::ids::PlacementId;
use crate::placements::model::PlacementDetail;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PlacementPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<PlacementId>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_placement(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Title text="Placement - OpenDPS" />
        <a href="/council/placements" class="back-link">"Back to placements"</a>
        <QueryNotice messages=&[("recorded", "Placement recorded."), ("extended", "Placement extended."), ("varied", "Weekly cost varied.")] />
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

/// The weekly cost, and from when if it was varied after award.
fn weekly_cost(placement: &PlacementDetail) -> String {
    if placement.price_from.is_empty() {
        placement.weekly_price.clone()
    } else {
        format!("{} from {}", placement.weekly_price, placement.price_from)
    }
}

#[component]
fn Placement(placement: PlacementDetail) -> impl IntoView {
    let action = ServerAction::<ExtendPlacement>::new();
    let errors = form_errors(action);
    let vary = ServerAction::<VaryPlacementPrice>::new();
    let vary_errors = form_errors(vary);
    let mut rows = vec![
        ("Provider", placement.provider.clone()),
        ("How it was made", placement.route.clone()),
        ("Weekly cost", weekly_cost(&placement)),
        ("Start", placement.start_date.clone()),
        ("End", placement.end_date.clone()),
        ("Whole-life value", placement.value.clone()),
        ("Status", placement.status.clone()),
        (
            "Contract can be entered from",
            placement.contract_from.clone(),
        ),
    ];
    if !placement.justification.is_empty() {
        rows.push(("Justification", placement.justification.clone()));
    }
    if !placement.cabinet_reference.is_empty() {
        rows.push((
            "Cabinet decision reference",
            placement.cabinet_reference.clone(),
        ));
    }
    view! {
        <h1 class="heading-l">{format!("Placement with {}", placement.provider)}</h1>
        <dl class="summary-list">
            {rows.into_iter().map(|(k, v)| view! {
                <div class="summary-list__row"><dt class="summary-list__key">{k}</dt><dd class="summary-list__value">{v}</dd></div>
            }).collect_view()}
        </dl>
        {placement.hours.clone().map(|hours| view! { <HoursTable hours /> })}
        {placement.can_change.then(|| view! {
            <h2 class="heading-m" id="extend">"Extend the placement"</h2>
            <p class="body">"The new whole-life value decides who may agree the extension, as for an award."</p>
            <ErrorSummary errors />
            <ActionForm action attr:novalidate="true" attr:aria-labelledby="extend">
                <Hidden name="id" value=placement.id.to_string() />
                <TextField name="new_end_date" label="New end date" kind="date" errors />
                <TextField name="cabinet_reference" label="Cabinet decision reference (if needed)" errors />
                <button type="submit" class="button">"Extend"</button>
            </ActionForm>
            <h2 class="heading-m" id="vary">"Vary the weekly cost"</h2>
            <p class="body">"The new cost applies from the date you give to the end of the placement; the days before keep the cost agreed. The new whole-life value decides who may agree it."</p>
            <ErrorSummary errors=vary_errors />
            <ActionForm action=vary attr:novalidate="true" attr:aria-labelledby="vary">
                <Hidden name="id" value=placement.id.to_string() />
                <TextField name="new_weekly_price" label="New weekly cost, in pounds" errors=vary_errors hint="Like 4,250.00" />
                <TextField name="varied_from" label="New cost starts on" kind="date" errors=vary_errors />
                <TextField name="variation_cabinet_reference" label="Cabinet decision reference for the variation (if needed)" errors=vary_errors />
                <button type="submit" class="button">"Vary the weekly cost"</button>
            </ActionForm>
        })}
    }
}
