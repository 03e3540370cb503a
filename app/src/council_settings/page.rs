//! The council's bank holidays and decision period: every council user reads them; the
//! council admin edits them.

use super::model::CouncilCalendar;
use crate::components::fields::TextArea;
use crate::components::form::{form_errors, ErrorSummary, TextField};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    super::service,
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::service::{as_user, redirect},
};

#[server(prefix = "/api", endpoint = "council-calendar")]
pub async fn load_council_calendar() -> Result<CouncilCalendar, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ViewSystems);
    as_user(allowed, async |ctx, me| service::calendar(ctx, me).await).await
}

#[server(prefix = "/api", endpoint = "save-council-calendar")]
pub async fn save_council_calendar(
    #[server(default)] holidays: String,
    #[server(default)] decision_days: String,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ManageCouncilSettings);
    as_user(allowed, async |ctx, me| {
        service::save(ctx, me, &holidays, &decision_days).await
    })
    .await?;
    redirect("/council/calendar?saved=1")
}

#[component]
pub fn CouncilCalendarPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_council_calendar());
    view! {
        <Title text="Bank holidays and decision period - OpenDPS" />
        <a href="/council" class="back-link">"Back to the dashboard"</a>
        <QueryNotice messages=&[("saved", "Calendar saved. Deadlines from now on are counted with it.")] />
        <h1 class="heading-l">"Bank holidays and decision period"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(calendar) => view! { <Calendar calendar /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Calendar(calendar: CouncilCalendar) -> impl IntoView {
    let action = ServerAction::<SaveCouncilCalendar>::new();
    let errors = form_errors(action);
    view! {
        <p class="body">{format!(
            "Applications to systems other than a Regulation 34 DPS are decided within {} working days. Working days skip weekends and the days below{}.",
            calendar.decision_days,
            if calendar.is_default { " (the bank holidays of England and Wales, 2025 to 2029)" } else { "" }
        )}</p>
        <table class="table table--small">
            <caption class="table__caption">"Days off"</caption>
            <thead><tr><th scope="col">"Date"</th><th scope="col">"Holiday"</th></tr></thead>
            <tbody>{calendar.days.into_iter().map(|(d, t)| view! { <tr><td>{d}</td><td>{t}</td></tr> }).collect_view()}</tbody>
        </table>
        {calendar.can_edit.then(|| view! {
            <h2 class="heading-m" id="edit">"Change the calendar"</h2>
            <ErrorSummary errors />
            <ActionForm action attr:novalidate="true" attr:aria-labelledby="edit">
                <TextField name="decision_days" label="Decision period, in working days" hint="For dynamic markets and frameworks: the council's reasonable period. A Regulation 34 DPS always has 10" errors value=calendar.decision_days.to_string() />
                <TextArea name="holidays" label="Days off, one per line as date,title" hint="Keep the first line date,title. Dates as YYYY-MM-DD, like 2027-12-27,Christmas Day (substitute day)" errors value=calendar.csv rows=20 />
                <button type="submit" class="button">"Save calendar"</button>
            </ActionForm>
        })}
    }
}
