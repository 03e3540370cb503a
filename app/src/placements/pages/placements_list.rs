//! The council's placements (call-off contracts), filtered by system, lot, provider,
//! status, end date and how each was made. The filter is a plain GET form, so it works
//! without JavaScript and a filtered list can be bookmarked; the same filter downloads
//! the list as CSV for the council's reports.

use super::api::{load_placements, RecordPlacement};
use crate::components::fields::{Radios, TextArea};
use crate::components::form::{form_errors, ErrorSummary, TextField};
use crate::components::problem::Problem;
use crate::placements::model::DIRECT_ROUTES;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PlacementsListPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            (
                get("system"),
                get("lot"),
                get("provider"),
                get("status"),
                get("ends_by"),
                get("route"),
            )
        })
    };
    let data = Resource::new(filter, |(system, lot, provider, status, ends_by, route)| {
        load_placements(system, lot, provider, status, ends_by, route)
    });
    view! {
        <Title text="Placements - OpenDPS" />
        <a href="/council/requests" class="back-link">"Back to placement requests"</a>
        <h1 class="heading-l">"Placements"</h1>
        <p class="body">"Call-off contracts your council has awarded, soonest ending first."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (system, lot, provider, status, ends_by, route) = filter();
                let report = {
                    let query: String = form_urlencoded::Serializer::new(String::new())
                        .extend_pairs([
                            ("system", &system), ("lot", &lot), ("provider", &provider),
                            ("status", &status), ("ends_by", &ends_by), ("route", &route),
                        ].into_iter().filter(|(_, v)| !v.is_empty()))
                        .finish();
                    format!("/council/placements.csv?{query}")
                };
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(page) => {
                        // Ids apart from the form below, whose fields share these names.
                        let select = |name: &'static str, label: &'static str, chosen: String, options: Vec<(String, String)>| view! {
                            <div class="form-group">
                                <label class="label" for=format!("filter-{name}")>{label}</label>
                                <select class="select" id=format!("filter-{name}") name=name>
                                    <option value="">"Any"</option>
                                    {options.into_iter().map(|(v, l)| {
                                        let is = v == chosen;
                                        view! { <option value=v selected=is>{l}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                        };
                        view! {
                            <form method="get" action="/council/placements" class="filters" aria-label="Filter placements">
                                {select("system", "System", system, page.systems.iter().map(|(id, t)| (id.to_string(), t.clone())).collect())}
                                {select("lot", "Lot", lot, page.lots.iter().map(|(id, t)| (id.to_string(), t.clone())).collect())}
                                {select("provider", "Provider", provider, page.providers.iter().map(|(id, t)| (id.to_string(), t.clone())).collect())}
                                {select("status", "Status", status, vec![
                                    ("standstill".into(), "In standstill".into()),
                                    ("active".into(), "Active".into()),
                                    ("ended".into(), "Ended".into()),
                                ])}
                                {select("route", "How it was made", route, std::iter::once(("competition".to_string(), "Competition".to_string()))
                                    .chain(DIRECT_ROUTES.iter().map(|(v, l)| (v.to_string(), l.to_string())))
                                    .collect())}
                                <div class="form-group">
                                    <label class="label" for="filter-ends_by">"Ending on or before"</label>
                                    <input class="input" type="date" id="filter-ends_by" name="ends_by" value=ends_by />
                                </div>
                                <button type="submit" class="button button--secondary">"Filter"</button>
                            </form>
                            <p class="body"><a href=report download="">"Download these placements (CSV)"</a>", with each one's justification"</p>
                            {if page.rows.is_empty() {
                                view! { <p class="body">"No placements match."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="table table--small">
                                        <caption class="visually-hidden">"Placements"</caption>
                                        <thead><tr>
                                            <th scope="col">"Request"</th><th scope="col">"System and lot"</th><th scope="col">"Provider"</th>
                                            <th scope="col">"How awarded"</th><th scope="col">"Weekly cost"</th><th scope="col">"Start"</th>
                                            <th scope="col">"End"</th><th scope="col">"Value"</th><th scope="col">"Status"</th>
                                        </tr></thead>
                                        <tbody>
                                            {page.rows.into_iter().map(|p| view! {
                                                <tr>
                                                    <td><a href=format!("/council/placements/{}", p.id)>{p.request.clone().unwrap_or_else(|| "Off-system".into())}</a></td>
                                                    <td>{if p.lot.is_empty() { p.system.clone() } else { format!("{} – {}", p.system, p.lot) }}</td>
                                                    <td>{p.provider.clone()}</td>
                                                    <td>{p.route.clone()}</td>
                                                    <td>{p.weekly_price.clone()}</td>
                                                    <td>{p.start_date.clone()}</td>
                                                    <td>{p.end_date.clone()}</td>
                                                    <td>{p.value.clone()}</td>
                                                    <td>{p.status.clone()}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                            {page.can_record.then(|| view! { <RecordForm /> })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A placement made outside a competition, with its justification.
#[component]
fn RecordForm() -> impl IntoView {
    let action = ServerAction::<RecordPlacement>::new();
    let errors = form_errors(action);
    view! {
        <h2 class="heading-m" id="record">"Record a placement made outside a competition"</h2>
        <p class="body">"A direct award, a contingency spot purchase or an award reflecting the person's own choice. Its value needs the same approval as an award, and reports show it with the justification."</p>
        <ErrorSummary errors />
        <ActionForm action attr:novalidate="true" attr:aria-labelledby="record">
            <Radios name="route" legend="How was it made" errors options=DIRECT_ROUTES.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect() />
            <TextField name="provider_name" label="Provider's registered name" errors hint="As it appears in the portal" />
            <TextArea name="justification" label="Justification" errors rows=3 />
            <TextField name="weekly_price" label="Weekly cost, in pounds" errors />
            <TextField name="start_date" label="Start date" kind="date" errors />
            <TextField name="end_date" label="End date" kind="date" errors />
            <TextField name="cabinet_reference" label="Cabinet decision reference (if needed)" errors />
            <button type="submit" class="button button--secondary">"Record the placement"</button>
        </ActionForm>
    }
}
