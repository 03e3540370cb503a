//! Creating a system and editing its details: one form for both, its fields named after
//! `systems::fields` so the error summary's links land on them.

// A plain HTML form posts one field per argument, and the `#[server]` macro copies the
// arguments into code of its own, where an allow on the function does not reach.
#![allow(clippy::too_many_arguments)]

use crate::components::fields::{Radios, Select, TextArea};
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::components::layout::FormPage;
use crate::components::problem::Problem;
use crate::error::{AppError, FormErrors};
use crate::ids::SystemId;
use crate::systems::model::SystemView;
use crate::systems::types::{Regime, SystemType};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::service::{as_user, redirect},
    crate::systems::details::SystemForm,
    crate::systems::service::details,
};

#[cfg(feature = "ssr")]
const MANAGE: Allowed = Allowed::Member(OrgKind::Council, Permission::ManageSystems);

#[server(prefix = "/api", endpoint = "create-system")]
pub async fn create_system(
    reference: String,
    title: String,
    description: String,
    #[server(default)] regime: String,
    #[server(default)] system_type: String,
    start_date: String,
    term: String,
    estimated_value: String,
    quality_weight: String,
    price_weight: String,
) -> Result<(), AppError> {
    let form = SystemForm {
        reference,
        title,
        description,
        regime,
        system_type,
        start_date,
        term,
        estimated_value,
        quality_weight,
        price_weight,
    };
    let id = as_user(MANAGE, async |ctx, me| {
        details::create(ctx, me, &form).await
    })
    .await?;
    redirect(&format!("/council/systems/{id}?created=1"))
}

#[server(prefix = "/api", endpoint = "update-system")]
pub async fn update_system(
    id: SystemId,
    version: i64,
    reference: String,
    title: String,
    description: String,
    #[server(default)] regime: String,
    #[server(default)] system_type: String,
    start_date: String,
    term: String,
    estimated_value: String,
    quality_weight: String,
    price_weight: String,
) -> Result<(), AppError> {
    let form = SystemForm {
        reference,
        title,
        description,
        regime,
        system_type,
        start_date,
        term,
        estimated_value,
        quality_weight,
        price_weight,
    };
    as_user(MANAGE, async |ctx, me| {
        details::update(ctx, me, id, version, &form).await
    })
    .await?;
    redirect(&format!("/council/systems/{id}?updated=1"))
}

/// The fields of the system form, filled from `system` when editing.
#[component]
fn DetailFields(errors: Signal<Option<FormErrors>>, system: Option<SystemView>) -> impl IntoView {
    let value = |f: fn(&SystemView) -> String| system.as_ref().map(f).unwrap_or_default();
    let regimes: Vec<(String, String)> = Regime::ALL
        .into_iter()
        .map(|r| (r.as_str().to_string(), r.label().to_string()))
        .collect();
    let types: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose a type".to_string()))
            .chain(
                SystemType::ALL
                    .into_iter()
                    .map(|t| (t.as_str().to_string(), t.label().to_string())),
            )
            .collect();
    view! {
        <TextField name="reference" label="Reference" hint="Your council's reference for the system, like HAR-DPS-2024-01" errors value=value(|s| s.reference.clone()) />
        <TextField name="title" label="Title" errors value=value(|s| s.title.clone()) />
        <TextArea name="description" label="Description" hint="What the system buys and for whom. Providers read this before they apply" errors value=value(|s| s.description.clone()) />
        <Radios
            name="regime"
            legend="Law the system is procured under"
            hint="A system established before 24 February 2025 is under the Public Contracts Regulations 2015; a newer one under the Procurement Act 2023"
            errors
            options=regimes
            selected=value(|s| s.regime.as_str().to_string())
        />
        <Select
            name="system_type"
            label="Type of system"
            hint="A Regulation 34 DPS or a light-touch flexible framework under the 2015 Regulations; a dynamic market or an open framework under the Act; a closed framework under either"
            errors
            options=types
            selected=value(|s| s.system_type.as_str().to_string())
        />
        <TextField name="start_date" label="Start date" hint="When the system was or will be established" kind="date" errors value=value(|s| s.start_date.clone()) />
        <TextField name="term" label="Term in years" hint="The initial term, then each optional extension, like 2+1+1" errors value=value(|s| s.term.clone()) />
        <TextField name="estimated_value" label="Estimated value in pounds (optional)" hint="Over the whole term, like 7,200,000" errors value=value(|s| s.estimated_value.map(|m| m.for_input()).unwrap_or_default()) />
        <fieldset class="fieldset">
            <legend class="fieldset__legend">"Award criteria"</legend>
            <div class="hint">"How call-off offers are scored: the weights add up to 100"</div>
            <TextField name="quality_weight" label="Quality weight" errors value=value(|s| s.quality_weight.to_string()) />
            <TextField name="price_weight" label="Price weight" errors value=value(|s| s.price_weight.to_string()) />
        </fieldset>
    }
}

#[component]
pub fn NewSystemPage() -> impl IntoView {
    let action = ServerAction::<CreateSystem>::new();
    let errors = form_errors(action);
    view! {
        <FormPage title="Create a purchasing system">
            <a href="/council/systems" class="back-link">"Back to purchasing systems"</a>
            <ErrorSummary errors />
            <h1 class="heading-l">"Create a purchasing system"</h1>
            <p class="body">"The system starts as a draft. Add its lots, evidence and questionnaire, then open it to applications."</p>
            <ActionForm action attr:novalidate="true">
                <DetailFields errors system=None />
                <button type="submit" class="button">"Create draft system"</button>
            </ActionForm>
        </FormPage>
    }
}

#[component]
pub fn EditSystemPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<SystemId>().ok())
                .unwrap_or(SystemId(0))
        })
    };
    let data = Resource::new(id, super::system::system_page);
    let action = ServerAction::<UpdateSystem>::new();
    let errors = form_errors(action);
    view! {
        <FormPage title="Change a system's details">
            <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(error) => view! { <Problem error /> }.into_any(),
                        Ok(page) => {
                            let system = page.system;
                            let back = format!("/council/systems/{}", system.id);
                            view! {
                                <a href=back class="back-link">"Back to the system"</a>
                                <ErrorSummary errors />
                                <span class="caption-l">{system.reference.clone()}</span>
                                <h1 class="heading-l">"Change the system's details"</h1>
                                <ActionForm action attr:novalidate="true">
                                    <Hidden name="id" value=system.id.to_string() />
                                    <Hidden name="version" value=system.version.to_string() />
                                    <DetailFields errors system=Some(system) />
                                    <button type="submit" class="button">"Save details"</button>
                                </ActionForm>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </FormPage>
    }
}
