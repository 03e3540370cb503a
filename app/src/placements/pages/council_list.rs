//! The council's placement requests, newest first, and where to send a new one.

use super::api::{load_council_requests, load_requestable_systems};
use crate::components::pager::{page_from, Pager};
use crate::components::problem::Problem;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CouncilRequestsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || query.with(|q| page_from(q.get("page")));
    let rows = Resource::new(page, load_council_requests);
    let systems = Resource::new(|| (), |_| load_requestable_systems());
    view! {
        <Title text="Placement requests - OpenDPS" />
        <a href="/council" class="back-link">"Back to the dashboard"</a>
        <h1 class="heading-l">"Placement requests"</h1>
        <p class="body"><a href="/council/placements">"Placements awarded"</a>" · "<a href="/council/approval-limits">"Approval limits"</a>" · "<a href="/council/person-retention">"Keeping the person's details"</a></p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let systems = systems.await;
                match rows.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(rows) => view! {
                        {match systems {
                            Ok(systems) if !systems.is_empty() => view! {
                                <h2 class="heading-m">"Send a new request"</h2>
                                <p class="body">"Choose the purchasing system. The request goes to every admitted provider of the lot you choose who is not suspended."</p>
                                <ul class="list list--bullet">
                                    {systems.into_iter().map(|s| view! {
                                        <li>
                                            <a href=format!("/council/systems/{}/new-request", s.id)>{s.title.clone()}</a>
                                            {format!(" ({}, led by {})", s.kind, s.lead)}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Ok(_) => view! { <p class="body">"No open purchasing system of your council takes requests yet."</p> }.into_any(),
                            // Only commissioners send requests; everyone else sees the list.
                            Err(AppError::Forbidden) => ().into_any(),
                            Err(error) => view! { <Problem error /> }.into_any(),
                        }}
                        <h2 class="heading-m">"Requests sent"</h2>
                        {if rows.rows.is_empty() {
                            view! { <p class="body">"Your council has not sent any placement requests yet."</p> }.into_any()
                        } else {
                            view! {
                                <table class="table">
                                    <caption class="visually-hidden">"Placement requests your council has sent, newest first"</caption>
                                    <thead><tr>
                                        <th scope="col">"Request"</th>
                                        <th scope="col">"System and lot"</th>
                                        <th scope="col">"Urgency"</th>
                                        <th scope="col">"Deadline"</th>
                                        <th scope="col">"Status"</th>
                                        <th scope="col">"Answered"</th>
                                    </tr></thead>
                                    <tbody>
                                        {rows.rows.into_iter().map(|r| view! {
                                            <tr>
                                                <td><a href=format!("/council/requests/{}", r.id)>{r.reference.clone()}</a></td>
                                                <td>{r.lot.clone()}</td>
                                                <td>{r.urgency.clone()}</td>
                                                <td>{r.deadline_text.clone()}</td>
                                                <td>{r.status.clone()}</td>
                                                <td>{format!("{} of {}", r.answered, r.invited)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <Pager base="/council/requests" page=rows.page more=rows.more label="Pages of requests" />
                            }.into_any()
                        }}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
