//! An open system's public page: what it buys, its lots and what it asks of applicants,
//! for any care provider deciding whether to apply.

use super::questionnaire::describe;
use super::system::{system_id_param, SystemFacts};
use crate::applications::pages::task_list::StartApplication;
use crate::components::form::{form_errors, ErrorSummary, Hidden};
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::ids::SystemId;
use crate::systems::model::SystemView;
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {crate::service::as_anyone, crate::systems::service::queries};

#[server(prefix = "/api", endpoint = "public-system")]
pub async fn public_system(id: SystemId) -> Result<SystemView, AppError> {
    as_anyone(async |ctx| queries::public_view(ctx, id).await).await
}

#[component]
pub fn PublicSystemPage() -> impl IntoView {
    let id = system_id_param();
    let data = Resource::new(id, public_system);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(system) => view! { <PublicSystemDetail system /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PublicSystemDetail(system: SystemView) -> impl IntoView {
    let title = format!("{} - OpenDPS", system.title);
    let councils: Vec<String> = std::iter::once(format!("{} (lead)", system.lead_council.name))
        .chain(system.participants.iter().map(|c| c.name.clone()))
        .collect();
    let evidence: Vec<_> = system
        .evidence_types
        .iter()
        .map(|e| (e.clone(), system.lot_names(&e.lots)))
        .collect();
    let questions: Vec<_> = system
        .sections
        .iter()
        .map(|s| {
            (
                s.title.clone(),
                s.questions
                    .iter()
                    .map(|q| (q.text.clone(), describe(q, &system)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    view! {
        <Title text=title />
        <a href="/systems" class="back-link">"Back to open systems"</a>
        <span class="caption-l">{format!("{} · {}", system.reference, system.lead_council.name)}</span>
        <h1 class="heading-l">{system.title.clone()}</h1>
        <p class="body"><strong class="tag">{if system.accepting { "Open to applications" } else { "Not accepting applications now" }}</strong></p>
        <p class="body">{system.description.clone()}</p>
        <SystemFacts system=system.clone() />
        <h2 class="heading-m">"Councils buying through it"</h2>
        <ul class="list">{councils.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
        <h2 class="heading-m">"Lots"</h2>
        <ul class="list">
            {system.lots.iter().map(|l| view! { <li><strong>{l.label()}</strong>" — "{l.service_type.label()}". "{l.description.clone()}</li> }).collect_view()}
        </ul>
        <h2 class="heading-m">"Evidence you will need"</h2>
        <ul class="list">
            {evidence.into_iter().map(|(e, lots)| view! {
                <li>{format!("{} ({}; {}{}; {})", e.name, e.kind.label(), if e.mandatory { "mandatory" } else { "optional" }, if e.expires { ", with its expiry date" } else { "" }, lots)}</li>
            }).collect_view()}
        </ul>
        <h2 class="heading-m">"Selection questions"</h2>
        {questions.into_iter().map(|(section, qs)| view! {
            <h3 class="heading-s">{section}</h3>
            <ol class="list list--number">
                {qs.into_iter().map(|(text, description)| view! { <li>{text}<br /><span class="hint">{description}</span></li> }).collect_view()}
            </ol>
        }).collect_view()}
        {system.accepting.then(|| view! { <ApplyForm system=system.id /> })}
    }
}

/// Starts an application for a signed-in provider; anyone else is told to sign in.
#[component]
fn ApplyForm(system: SystemId) -> impl IntoView {
    let action = ServerAction::<StartApplication>::new();
    let errors = form_errors(action);
    view! {
        <h2 class="heading-m">"Apply to join"</h2>
        <ErrorSummary errors />
        <p class="body">"You need a provider account. Your organisation's details and evidence are filled in from your evidence library and your last application."</p>
        <ActionForm action>
            <Hidden name="system_id" value=system.to_string() />
            <button type="submit" class="button button--start">"Start your application"</button>
        </ActionForm>
        <p class="body"><a href="/sign-in">"Sign in"</a>" or "<a href="/sign-up">"create a provider account"</a>" first if you have not."</p>
    }
}
