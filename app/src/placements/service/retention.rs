//! Erasing the person's identifying details: by the daily sweep once the council's
//! retention period after the placement (or the closed request) is over, or at once
//! by a commissioner with a reason (a request made in error, an erasure request
//! upheld). The anonymised request, its offers and the placement stay for the record;
//! the log of who viewed the details stays too, since it names no one placed.

use super::access::councils_own;
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::Permission;
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::{OrganisationId, RequestId};
use crate::placements::model::RetentionPage;
use crate::placements::repo::retention as repo;
use crate::placements::retention::{erase_from, parse_months, DEFAULT_RETENTION_MONTHS};
use crate::service::Ctx;
use crate::state::AppState;
use crate::systems::details::{iso_date, long_date};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::HashMap;
use time::{Date, Duration};

/// The longest reason the erase form takes.
const MAX_REASON: usize = 500;

pub async fn months_of(conn: &mut AnyConnection, council: OrganisationId) -> AppResult<u32> {
    Ok(repo::months(conn, council)
        .await?
        .and_then(|m| u32::try_from(m).ok())
        .unwrap_or(DEFAULT_RETENTION_MONTHS))
}

/// When and why the details went, as the pages say it.
pub fn erased_text(at: i64, reason: &str) -> String {
    format!(
        "The person's identifying details were erased on {}. Reason: {reason}",
        long_date(uk_date(at))
    )
}

pub async fn page(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<RetentionPage> {
    let mut conn = ctx.work.read().await?;
    let stored = repo::months(&mut conn, me.organisation_id).await?;
    let (held, erased) = repo::counts(&mut conn, me.organisation_id).await?;
    Ok(RetentionPage {
        months: stored
            .and_then(|m| u32::try_from(m).ok())
            .unwrap_or(DEFAULT_RETENTION_MONTHS)
            .to_string(),
        is_default: stored.is_none(),
        held,
        erased,
        can_edit: me.can(Permission::ManageCouncilSettings),
    })
}

pub async fn save(ctx: &mut Ctx, me: &CurrentUser, months: &str) -> AppResult<()> {
    let months = parse_months(months).map_err(|message| {
        AppError::Invalid(
            FormErrors::new()
                .keep("months", months)
                .with("months", message),
        )
    })?;
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    let before = months_of(&mut *conn, me.organisation_id).await?;
    repo::save(&mut *conn, me.organisation_id, months, now).await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::RetentionChanged,
            Subject::Organisation(me.organisation_id),
        )
        .before(json!({ "months": before }))
        .after(json!({ "months": months })),
    )
    .await
}

/// A commissioner erases the details now, with the reason kept in their place.
pub async fn erase_now(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
    reason: &str,
) -> AppResult<()> {
    let reason = reason.trim();
    let problem = if reason.is_empty() {
        Some("Enter why the details are being erased".to_string())
    } else if reason.chars().count() > MAX_REASON {
        Some(format!(
            "The reason must be {MAX_REASON} characters or fewer"
        ))
    } else {
        None
    };
    if let Some(message) = problem {
        return Err(AppError::Invalid(
            FormErrors::new()
                .keep("erase_reason", reason)
                .with("erase_reason", message),
        ));
    }
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    councils_own(&mut *conn, me, id).await?;
    if !repo::erase(&mut *conn, id, reason, now).await? {
        return Err(AppError::invalid(
            "erase_reason",
            "The person's details have been erased already",
        ));
    }
    ctx.audit(
        AuditEvent::by(Actor::user(me), Action::PersonErased, Subject::Request(id))
            .after(json!({ "reason": reason })),
    )
    .await
}

/// Erases every person's details whose council's retention period is over on
/// `today`; how many. Each erasure is its own transaction with its audit row.
pub async fn sweep(state: &AppState, today: Date) -> AppResult<usize> {
    // Any month has at least 28 days, so this finds every candidate of the shortest
    // period a council may set; each is then checked against its own council's.
    let now = state.clock.now();
    let cutoff = today - Duration::days(28);
    let held = repo::held_after_close(
        &mut *state.db.pool.acquire().await?,
        &cutoff.to_string(),
        now - 27 * 24 * 60 * 60,
    )
    .await?;
    let mut months: HashMap<OrganisationId, u32> = HashMap::new();
    let mut erased = 0;
    for h in held {
        let period = match months.get(&h.council_id) {
            Some(m) => *m,
            None => {
                let m = months_of(&mut *state.db.pool.acquire().await?, h.council_id).await?;
                months.insert(h.council_id, m);
                m
            }
        };
        let (closed_on, after) = match h.placement_end.as_deref().map(iso_date) {
            Some(Ok(end)) => (end, "the placement ended"),
            Some(Err(_)) => continue,
            None => (
                uk_date(h.deadline),
                "the request closed without a placement",
            ),
        };
        if erase_from(closed_on, period) > today {
            continue;
        }
        let reason = format!("the retention period of {period} months after {after} is over");
        let mut ctx = Ctx::new(state.clone(), Default::default());
        let now = ctx.now;
        if !repo::erase(ctx.work.tx().await?, h.request, &reason, now).await? {
            continue;
        }
        ctx.audit(
            AuditEvent::by(
                Actor::system(),
                Action::PersonErased,
                Subject::Request(h.request),
            )
            .in_organisation(h.council_id)
            .after(json!({ "reason": reason, "closed_on": closed_on.to_string() })),
        )
        .await?;
        ctx.commit().await?;
        erased += 1;
    }
    Ok(erased)
}
