//! Lists of systems: a council's own (the ones it leads or takes part in) and the public
//! list of systems open to applicants, for anyone, signed in or not.

use crate::components::problem::Problem;
use crate::error::AppError;
use crate::systems::model::SystemSummary;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::service::{as_anyone, as_user},
    crate::systems::service::queries,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilSystemList {
    pub council: String,
    pub systems: Vec<SystemSummary>,
    pub can_create: bool,
}

#[server(prefix = "/api", endpoint = "council-systems")]
pub async fn council_systems() -> Result<CouncilSystemList, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ViewSystems);
    as_user(allowed, async |ctx, me| {
        Ok(CouncilSystemList {
            systems: queries::list(ctx, me).await?,
            can_create: me.can(Permission::ManageSystems),
            council: me.organisation_name.clone(),
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "open-systems")]
pub async fn open_systems() -> Result<Vec<SystemSummary>, AppError> {
    as_anyone(async |ctx| queries::open_systems(ctx).await).await
}

#[component]
fn SystemsTable(
    systems: Vec<SystemSummary>,
    caption: &'static str,
    link_base: &'static str,
) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="visually-hidden">{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"System"</th>
                    <th scope="col">"Lead council"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Lots"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {systems
                    .into_iter()
                    .map(|s| {
                        let href = format!("{link_base}/{}", s.id);
                        let status = if s.accepting {
                            "Open to applications".to_string()
                        } else {
                            s.status.label().to_string()
                        };
                        view! {
                            <tr>
                                <td>
                                    <a href=href>{s.title.clone()}</a>
                                    <br />
                                    <span class="hint">{s.reference.clone()}</span>
                                </td>
                                <td>{s.lead_council.clone()}</td>
                                <td>{s.system_type.label()}</td>
                                <td>
                                    <ul class="list">
                                        {s.lots.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                                    </ul>
                                </td>
                                <td><strong class="tag">{status}</strong></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn CouncilSystemsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| council_systems());
    view! {
        <Title text="Purchasing systems - OpenDPS" />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(page) => {
                        let empty = page.systems.is_empty();
                        view! {
                            <a href="/council" class="back-link">"Back to your council"</a>
                            <span class="caption-l">{page.council.clone()}</span>
                            <h1 class="heading-l">"Purchasing systems"</h1>
                            <p class="body">"The systems your council leads or takes part in."</p>
                            {page.can_create.then(|| view! {
                                <p class="body"><a href="/council/systems/new" class="button">"Create a purchasing system"</a></p>
                            })}
                            {if empty {
                                view! { <p class="body">"Your council has no purchasing systems yet."</p> }.into_any()
                            } else {
                                view! { <SystemsTable systems=page.systems caption="Your council's purchasing systems" link_base="/council/systems" /> }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn OpenSystemsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| open_systems());
    view! {
        <Title text="Purchasing systems open to care providers - OpenDPS" />
        <h1 class="heading-l">"Purchasing systems open to care providers"</h1>
        <p class="body">"Councils buy care through these systems. To apply to join one, "<a href="/sign-up">"create an account for your organisation"</a>" or "<a href="/sign-in">"sign in"</a>"."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(systems) if systems.is_empty() => view! { <p class="body">"No system is open at the moment."</p> }.into_any(),
                    Ok(systems) => view! { <SystemsTable systems caption="Purchasing systems open to care providers" link_base="/systems" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
