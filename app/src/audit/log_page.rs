//! The council's audit log for council admins and auditors, newest first, filtered by
//! action and actor, 50 rows a page. Filters are a GET form, so they work without
//! JavaScript and every view has a URL.

use super::types::{AuditFilter, AuditPage};
use crate::components::problem::Problem;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::service::as_user,
};

#[server(prefix = "/api", endpoint = "audit-log")]
pub async fn audit_log(#[server(default)] filter: AuditFilter) -> Result<AuditPage, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ReadAuditLog);
    as_user(allowed, async |ctx, me| {
        let mut conn = ctx.work.read().await?;
        Ok(super::repo::page(&mut conn, me.organisation_id, &filter).await?)
    })
    .await
}

/// Unix seconds as "2026-11-23 14:05:09 UTC".
pub fn format_time(at: i64) -> String {
    let days = at.div_euclid(86_400);
    let secs = at.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm): no date crate in the browser bundle.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| AuditFilter {
            action: q.get("action").unwrap_or_default(),
            actor: q.get("actor").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        })
    };
    let data = Resource::new(filter, audit_log);
    view! {
        <Title text="Audit log - OpenDPS" />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let current = filter();
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(page) => view! { <AuditTable page current /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(page: AuditPage, current: AuditFilter) -> impl IntoView {
    let last = page.last_page();
    let link = {
        let current = current.clone();
        move |n: i64| {
            format!(
                "/council/audit?action={}&actor={}&page={n}",
                urlencode(&current.action),
                urlencode(&current.actor)
            )
        }
    };
    let previous = (page.page > 1).then(|| link(page.page - 1));
    let next = (page.page < last).then(|| link(page.page + 1));
    let selected = current.action.clone();
    view! {
        <a href="/council" class="back-link">"Back to your council"</a>
        <h1 class="heading-l">"Audit log"</h1>
        <p class="body">"Every change in your council's part of the service, newest first. The log cannot be edited: each row carries the hash of the one before it."</p>
        <form method="get" action="/council/audit" class="filters">
            <div class="form-group form-group--inline">
                <label class="label" for="action">"Action"</label>
                <select class="select" id="action" name="action">
                    <option value="" selected=selected.is_empty()>"All actions"</option>
                    {page.actions.iter().map(|a| {
                        let is_selected = *a == selected;
                        view! { <option value=a.clone() selected=is_selected>{a.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="form-group form-group--inline">
                <label class="label" for="actor">"Actor email contains"</label>
                <input class="input input--width-20" id="actor" name="actor" type="text" value=current.actor.clone() />
            </div>
            <button type="submit" class="button button--secondary">"Filter"</button>
        </form>
        <p class="body" role="status">{format!("{} entries. Page {} of {}.", page.total, page.page, last)}</p>
        <table class="table table--small">
            <caption class="visually-hidden">"Audit log entries"</caption>
            <thead>
                <tr>
                    <th scope="col">"#"</th>
                    <th scope="col">"When"</th>
                    <th scope="col">"Who"</th>
                    <th scope="col">"Action"</th>
                    <th scope="col">"Subject"</th>
                    <th scope="col">"Before"</th>
                    <th scope="col">"After"</th>
                </tr>
            </thead>
            <tbody>
                {page.entries.into_iter().map(|e| view! {
                    <tr>
                        <td>{e.id}</td>
                        <td>{format_time(e.at)}</td>
                        <td>{e.actor}</td>
                        <td>{e.action}</td>
                        <td>{e.subject}</td>
                        <td><code>{e.before_json}</code></td>
                        <td><code>{e.after_json}</code></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <nav class="pagination" aria-label="Pages">
            {previous.map(|href| view! { <a href=href rel="prev" class="pagination__link">"Previous page"</a> })}
            {next.map(|href| view! { <a href=href rel="next" class="pagination__link">"Next page"</a> })}
        </nav>
    }
}

fn urlencode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_utc() {
        assert_eq!(format_time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_time(1_795_442_709), "2026-11-23 14:05:09 UTC");
        assert_eq!(format_time(951_782_400), "2000-02-29 00:00:00 UTC");
    }

    #[test]
    fn filter_values_are_escaped_in_links() {
        assert_eq!(urlencode("a b&c@d"), "a+b%26c%40d");
    }
}
