//! The person's identifying details, for the council that made the request. Opening
//! this page is logged, with who and when. A commissioner can erase them here with a
//! reason; once erased (here or after the retention period) the page says when and why.

use super::records_api::{load_request_person, ErasePerson};
use crate::components::fields::TextArea;
use crate::components::form::{form_errors, ErrorSummary, Hidden};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::ids::RequestId;
use crate::placements::model::PersonPage;
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
        <QueryNotice messages=&[("erased", "The person's details have been erased.")] />
        <h1 class="heading-l">"The person's details"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(page) => view! { <Person page id=id() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Person(page: PersonPage, id: Option<RequestId>) -> impl IntoView {
    let erase = ServerAction::<ErasePerson>::new();
    let errors = form_errors(erase);
    view! {
        <p class="body">{format!("For placement request {}.", page.reference)}</p>
        {page.erased.clone().map(|text| view! { <p class="body">{text}</p> })}
        {page.person.clone().map(|person| view! {
            <p class="body">"Special category personal data. This view has been logged with your name and the time."</p>
            <PersonSummary person />
        })}
        {(page.can_erase && id.is_some()).then(|| view! {
            <h2 class="heading-m" id="erase">"Erase the person's details now"</h2>
            <p class="body">"They are erased anyway when the council's retention period after the placement is over. Erase them now only when the portal should no longer hold them, for example a request made for the wrong person. The request, its offers and any placement stay, without the person's details; this cannot be undone."</p>
            <ErrorSummary errors />
            <ActionForm action=erase attr:novalidate="true" attr:aria-labelledby="erase">
                <Hidden name="id" value=id.map(|i| i.to_string()).unwrap_or_default() />
                <TextArea name="erase_reason" label="Why are you erasing them?" errors rows=3 />
                <button type="submit" class="button button--warning">"Erase the details"</button>
            </ActionForm>
        })}
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
