//! The person's identifying details, for the council that made the request. Opening
//! this page is logged, with who and when.

use super::api::load_request_person;
use crate::components::problem::Problem;
use crate::ids::RequestId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RequestPersonPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<RequestId>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_request_person(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Title text="The person's details - OpenDPS" />
        {move || id().map(|id| view! { <a href=format!("/council/requests/{id}") class="back-link">"Back to the request"</a> })}
        <h1 class="heading-l">"The person's details"</h1>
        <p class="body">"Special category personal data. This view has been logged with your name and the time."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(person) => view! { <PersonSummary person /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn PersonSummary(person: crate::placements::model::Person) -> impl IntoView {
    view! {
        <dl class="summary-list">
            <div class="summary-list__row"><dt class="summary-list__key">"Full name"</dt><dd class="summary-list__value">{person.full_name}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Date of birth"</dt><dd class="summary-list__value">{crate::placements::model::long_date_text(&person.date_of_birth)}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Address"</dt><dd class="summary-list__value">{person.address}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Council reference"</dt><dd class="summary-list__value">{person.local_reference}</dd></div>
        </dl>
    }
}
