//! Sending a new placement request in one system: the anonymised profile, the
//! quality questions, the deadline, and apart from them the person's details, which
//! no provider sees before award.

use super::api::{load_new_request_options, IssueRequest};
use crate::components::fields::{Checkbox, Checkboxes, Radios, Select, TextArea};
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::components::problem::Problem;
use crate::ids::SystemId;
use crate::placements::model::NewRequestOptions;
use crate::placements::types::{Gender, RiskFlag, Urgency};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<SystemId>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_new_request_options(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Title text="Send a placement request - OpenDPS" />
        <a href="/council/requests" class="back-link">"Back to placement requests"</a>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(options) => view! { <RequestForm options /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn list<T: Copy>(
    all: &[T],
    stored: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (stored(*v).to_string(), label(*v).to_string()))
        .collect()
}

#[component]
fn RequestForm(options: NewRequestOptions) -> impl IntoView {
    let action = ServerAction::<IssueRequest>::new();
    let errors = form_errors(action);
    let lots: Vec<(String, String)> = std::iter::once((String::new(), "Choose a lot".to_string()))
        .chain(options.lots.iter().map(|(id, label, n)| {
            (
                id.to_string(),
                format!(
                    "{label} ({n} {} can be sent it)",
                    if *n == 1 { "provider" } else { "providers" }
                ),
            )
        }))
        .collect();
    let mut genders = vec![(
        "not_relevant".to_string(),
        "Not relevant to this placement".to_string(),
    )];
    genders.extend(list(Gender::ALL, Gender::as_str, Gender::label));
    let deadline_hint = format!(
        "Offers must arrive before this time, UK time. Under this system the deadline can be {}.",
        options.deadline_rule
    );
    view! {
        <span class="caption-l">{options.system.clone()}</span>
        <h1 class="heading-l" id="new-request">"Send a placement request"</h1>
        <p class="body">"The request goes to every admitted provider of the lot who is not suspended, by email and in the portal. They see the profile below, never the person's name, date of birth or address: those go only to the provider you award, after award."</p>
        <ErrorSummary errors />
        <ActionForm action attr:novalidate="true" attr:aria-labelledby="new-request">
            <Hidden name="system_id" value=options.system_id.to_string() />
            <Select name="lot_id" label="Lot" errors options=lots />
            <Radios name="kind" legend="What is needed" errors selected="spot"
                options=vec![("spot".into(), "A placement, priced by the week".into()), ("block".into(), "A block of hours each week, priced by the hour (home care, family support)".into())] />
            <Radios name="urgency" legend="How soon is it needed" errors options=list(Urgency::ALL, Urgency::as_str, Urgency::label) />
            <h2 class="heading-m">"The anonymised profile"</h2>
            <p class="hint">"Write nothing here that identifies the person: no names, dates of birth, addresses, schools or case numbers."</p>
            <Select name="gender" label="Gender" errors options=genders hint="Only where it matters, such as a single-sex home" />
            <TextArea name="needs_summary" label="Needs" errors hint="What the person needs from the placement and the support around them" />
            <Checkbox name="send_ehcp" label="Has special educational needs or an education, health and care plan" errors />
            <Checkboxes name="risk_flags" id="risk_flags" legend="Risks the provider must know of" errors
                options=list(RiskFlag::ALL, RiskFlag::as_str, RiskFlag::label) hint="Select all that apply" />
            <TextField name="siblings" label="Siblings to be placed together" errors hint="A number, 0 if none" value="0".to_string() />
            <TextField name="pets" label="Pets coming with them (optional)" errors />
            <TextField name="preferred_area" label="Preferred area" errors hint="A borough, town or postcode district, such as N17" />
            <TextField name="max_distance" label="Greatest distance from the preferred area, in miles (optional)" errors />
            <TextField name="placement_type" label="Type of placement" errors hint="Such as residential children's home, or solo placement with 2:1 staffing" />
            <TextField name="start_date" label="Start date" kind="date" errors />
            <TextField name="end_date" label="End date, or the expected end" kind="date" errors />
            <TextField name="hours_per_week" label="Hours each week (block requests only)" errors hint="In quarter hours, like 12 or 7.25" />
            <TextField name="guaranteed_hours" label="Hours each week the council guarantees (block requests only)" errors hint="Providers may price guaranteed hours up to 5% lower" />
            <TextArea name="bespoke" label="Bespoke requirements (optional)" errors />
            <TextArea name="questions" label="Quality questions for providers (optional)" errors hint="One question on each line, at most 10. Each answer is marked 0 to 5 after the deadline" />
            <h2 class="heading-m">"Deadline"</h2>
            <TextField name="deadline_date" label="Date offers must arrive by" kind="date" errors />
            <TextField name="deadline_time" label="Time offers must arrive by" kind="time" errors hint="Like 17:00" />
            <p class="hint">{deadline_hint}</p>
            {options.may_shorten.then(|| view! {
                <Checkbox name="all_agreed_shorter" label="Every provider to be invited has agreed a deadline shorter than 10 days" errors />
            })}
            <h2 class="heading-m">"The person"</h2>
            <p class="body">"Kept apart from the request. Shown to your council and, after award, to the awarded provider only; every view is logged."</p>
            <TextField name="full_name" label="Full name" errors />
            <TextField name="date_of_birth" label="Date of birth" kind="date" errors hint="Used to work out their age and whether they turn 18 during the placement" />
            <TextArea name="address" label="Current address" errors rows=3 />
            <TextField name="local_reference" label="Council reference" errors hint="Such as their case number" />
            <button type="submit" class="button">"Send the request"</button>
        </ActionForm>
    }
}
