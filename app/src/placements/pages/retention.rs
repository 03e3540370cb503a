//! How long the council keeps the person's identifying details after a placement
//! ends (or a request closes without one). Every council user reads it; the council
//! admin changes it.

use super::records_api::{load_retention, SaveRetention};
use crate::components::form::{form_errors, ErrorSummary, TextField};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::placements::model::RetentionPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PersonRetentionPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_retention());
    view! {
        <Title text="Keeping the person's details - OpenDPS" />
        <a href="/council/requests" class="back-link">"Back to placement requests"</a>
        <QueryNotice messages=&[("saved", "Retention period saved. Details are erased by it from tonight.")] />
        <h1 class="heading-l">"Keeping the person's details"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(page) => view! { <Retention page /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Retention(page: RetentionPage) -> impl IntoView {
    let action = ServerAction::<SaveRetention>::new();
    let errors = form_errors(action);
    view! {
        <p class="body">{format!(
            "The portal holds a person's name, date of birth, address and council reference only to match and hand over a placement. They are erased {} months after the placement ends, or after the request's deadline when no placement was made; the anonymised request, its offers and the placement stay for the record.{}",
            page.months,
            if page.is_default { " This is the portal's default." } else { "" }
        )}</p>
        <dl class="summary-list">
            <div class="summary-list__row"><dt class="summary-list__key">"Requests holding the person's details"</dt><dd class="summary-list__value">{page.held}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">"Requests whose details have been erased"</dt><dd class="summary-list__value">{page.erased}</dd></div>
        </dl>
        {page.can_edit.then(|| view! {
            <h2 class="heading-m" id="edit">"Change the retention period"</h2>
            <ErrorSummary errors />
            <ActionForm action attr:novalidate="true" attr:aria-labelledby="edit">
                <TextField name="months" label="Months to keep the details after a placement ends" errors value=page.months.clone() hint="A whole number from 1 to 120" />
                <button type="submit" class="button">"Save the period"</button>
            </ActionForm>
        })}
    }
}
