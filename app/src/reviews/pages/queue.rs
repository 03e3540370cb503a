//! The review queue: every submitted application to the council's systems, the most
//! urgent first, with how long is left to decide.

use crate::components::problem::Problem;
use crate::error::AppError;
use crate::reviews::model::ReviewQueue;
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::reviews::service::queries,
    crate::service::as_user,
};

#[server(prefix = "/api", endpoint = "reviews-awaiting")]
pub async fn reviews_awaiting(
    #[server(default)] page: Option<u32>,
) -> Result<ReviewQueue, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ViewSystems);
    as_user(allowed, async |ctx, me| {
        queries::queue(ctx, me, page.unwrap_or(1)).await
    })
    .await
}

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()));
    let data = Resource::new(page, reviews_awaiting);
    view! {
        <Title text="Applications to review - OpenDPS" />
        <a href="/council" class="back-link">"Back to the dashboard"</a>
        <h1 class="heading-l">"Applications to review"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(queue) => view! { <Queue queue /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Queue(queue: ReviewQueue) -> impl IntoView {
    let summary = format!(
        "{} awaiting a decision: {} overdue, {} due within 2 working days.",
        queue.total, queue.overdue, queue.due_soon
    );
    let (page, pages) = (queue.page, queue.pages);
    view! {
        <p class="body">{summary}</p>
        <p class="hint">"A Regulation 34 DPS must decide within 10 working days of submission (15 if extended once, with a recorded reason); other systems within the council's period, 10 working days. Weekends and bank holidays do not count."</p>
        {if queue.reviews.is_empty() {
            view! { <p class="body">"Nothing to review."</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="table__caption visually-hidden">"Applications awaiting a decision"</caption>
                    <thead><tr><th scope="col">"Provider"</th><th scope="col">"System"</th><th scope="col">"Submitted"</th><th scope="col">"Decide by"</th><th scope="col">"Time left"</th></tr></thead>
                    <tbody>
                        {queue.reviews.into_iter().map(|r| view! {
                            <tr>
                                <td><a href=format!("/council/reviews/{}", r.id)>{r.provider}</a></td>
                                <td>{format!("{} {}", r.system_reference, r.system_title)}</td>
                                <td>{r.submitted_label}</td>
                                <td>{r.clock.due_label.clone()}</td>
                                <td><strong class=r.clock.state.tag_class()>{r.clock.label.clone()}</strong></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label="Pages of the queue">
                {(page > 1).then(|| view! { <a href=format!("/council/reviews?page={}", page - 1)>"Previous page"</a> })}
                " "<span>{format!("Page {page} of {pages}")}</span>" "
                {(page < pages).then(|| view! { <a href=format!("/council/reviews?page={}", page + 1)>"Next page"</a> })}
            </nav>
        })}
    }
}
