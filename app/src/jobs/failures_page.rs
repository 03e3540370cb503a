//! Background work that failed for good (an email to a mailbox that does not exist, a
//! job that kept failing for three days), for a council admin to act on.

use super::types::FailedJob;
use crate::audit::log_page::format_time;
use crate::components::problem::Problem;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::service::as_user,
};

#[server(prefix = "/api", endpoint = "failed-jobs")]
pub async fn failed_jobs() -> Result<Vec<FailedJob>, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::SeeFailedJobs);
    as_user(allowed, async |ctx, me| {
        Ok(super::queue::failures_for(&mut *ctx.work.read().await?, me.organisation_id).await?)
    })
    .await
}

#[component]
pub fn FailedJobsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| failed_jobs());
    view! {
        <Title text="Failed background work - OpenDPS" />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(jobs) => view! { <FailedJobsTable jobs /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FailedJobsTable(jobs: Vec<FailedJob>) -> impl IntoView {
    let empty = jobs.is_empty();
    view! {
        <a href="/council" class="back-link">"Back to your council"</a>
        <h1 class="heading-l">"Failed background work"</h1>
        <p class="body">"Emails and other background work that could not be completed, for your council's people and for the service as a whole. Each was tried until it could not succeed; check the address or the mail server's message, then invite or ask again."</p>
        {if empty {
            view! { <p class="body">"Nothing has failed."</p> }.into_any()
        } else {
            view! {
                <table class="table table--small">
                    <caption class="visually-hidden">"Failed background work, newest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"What"</th>
                            <th scope="col">"Attempts"</th>
                            <th scope="col">"Last error"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {jobs.into_iter().map(|job| view! {
                            <tr>
                                <td>{format_time(job.failed_at)}</td>
                                <td>{job.summary}</td>
                                <td>{job.attempts}</td>
                                <td><code>{job.last_error}</code></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
