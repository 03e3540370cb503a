//! The provider's applications, each with its status and decision date.

use crate::applications::model::ApplicationSummary;
use crate::components::problem::Problem;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {super::APPLY, crate::applications::service::queries, crate::service::as_user};

#[server(prefix = "/api", endpoint = "my-applications")]
pub async fn my_applications() -> Result<Vec<ApplicationSummary>, AppError> {
    as_user(APPLY, async |ctx, me| queries::list(ctx, me).await).await
}

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_applications());
    view! {
        <Title text="Your applications - OpenDPS" />
        <a href="/provider" class="back-link">"Back to your dashboard"</a>
        <h1 class="heading-l">"Your applications"</h1>
        <p class="body">"Apply to a purchasing system from its page in "<a href="/systems">"open purchasing systems"</a>". Your evidence and organisation details are kept in "<a href="/provider/evidence">"your evidence library"</a>" and reused by every application."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="body">"You have not applied to any purchasing system yet."</p> }.into_any(),
                    Ok(list) => view! { <ApplicationTable list /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ApplicationTable(list: Vec<ApplicationSummary>) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="table__caption visually-hidden">"Your applications"</caption>
            <thead>
                <tr><th scope="col">"Purchasing system"</th><th scope="col">"Council"</th><th scope="col">"Status"</th><th scope="col">"Submitted"</th><th scope="col">"Decision due by"</th></tr>
            </thead>
            <tbody>
                {list.into_iter().map(|a| {
                    let href = format!("/provider/applications/{}", a.id);
                    view! {
                        <tr>
                            <td><a href=href>{format!("{} {}", a.system_reference, a.system_title)}</a></td>
                            <td>{a.lead_council}</td>
                            <td><strong class="tag">{a.status.label()}</strong></td>
                            <td>{a.submitted_label.unwrap_or_else(|| "Not yet".into())}</td>
                            <td>{a.decision_due_label.unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
