//! The daily sweep, run by the job runner just after midnight in the UK and whenever a
//! server starts on a day that has not been swept: expiry reminders, then every
//! system's automatic suspensions, then the end-of-DPS notices and closures, then the
//! placements' day (contracts entered after standstill, placements ended, the person's
//! details erased after the retention period). Each step is recorded before it is
//! told, in one transaction, so a second run or a second server finds it done and
//! sends nothing.

use super::notices::{send, Notice};
use super::reassess::{apply, due_changes, read_date};
use crate::auth::roles::Role;
use crate::calendar::{next_uk_midnight, uk_date};
use crate::compliance::reminders::{days_left, due, overtaken, Expiring, Reminder};
use crate::compliance::repo::{self, ExpiringItem};
use crate::error::AppResult;
use crate::jobs::{queue, Job};
use crate::service::Ctx;
use crate::state::AppState;
use crate::systems::details::iso_date;
use crate::systems::service::queries::conditions;
use time::{Date, Duration};

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub reminders: usize,
    pub suspension_changes: usize,
    /// End-of-DPS notices given, closures included.
    pub closure_notices: usize,
    /// Placements whose status moved on (standstill over, ended, running again).
    pub placements_moved: usize,
    /// Requests whose person's details were erased after the retention period.
    pub people_erased: usize,
}

/// Queues today's sweep unless it has been queued (and so run, or about to) already.
pub async fn schedule_today(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let mut conn = state.db.write_connection().await?;
    let key = format!("compliance:{}", uk_date(now));
    queue::enqueue_once(&mut conn, &Job::ComplianceSweep, &key, now, now).await?;
    Ok(())
}

/// Queues the next day's sweep for its first minute.
async fn schedule_next(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let at = next_uk_midnight(now);
    let mut conn = state.db.write_connection().await?;
    let key = format!("compliance:{}", uk_date(at));
    queue::enqueue_once(&mut conn, &Job::ComplianceSweep, &key, at, now).await?;
    Ok(())
}

/// The sweep for the clock's day, whatever day the job was queued for: after a server
/// was down for a week, the reminders and suspensions due now are the ones applied.
pub async fn sweep(state: &AppState) -> AppResult<Swept> {
    let now = state.clock.now();
    let today = uk_date(now);
    let mut swept = Swept::default();
    let until = (today + Duration::days(Reminder::ThirtyDays.days_before())).to_string();
    let items = repo::expiring_items(&mut *state.db.pool.acquire().await?, &until).await?;
    for item in items {
        if remind(state, &item, today).await? {
            swept.reminders += 1;
        }
    }
    let systems = repo::systems_with_members(&mut *state.db.pool.acquire().await?).await?;
    for id in systems {
        let mut conn = state.db.pool.acquire().await?;
        let Some(system) = crate::systems::repo::find(&mut conn, id).await? else {
            continue;
        };
        let conditions = conditions(&mut conn, &state.systems, &system).await?;
        let changes = due_changes(&mut conn, &system, &conditions, None, today).await?;
        drop(conn);
        if changes.is_empty() {
            continue;
        }
        let mut ctx = Ctx::new(state.clone(), Default::default());
        swept.suspension_changes += apply(&mut ctx, &system, &conditions, changes).await?;
        ctx.commit().await?;
    }
    swept.closure_notices = super::closure::run(state, today).await?;
    swept.placements_moved = crate::placements::service::lifecycle::sweep(state, today).await?;
    swept.people_erased = crate::placements::service::retention::sweep(state, today).await?;
    schedule_next(state).await?;
    tracing::info!(
        reminders = swept.reminders,
        suspension_changes = swept.suspension_changes,
        closure_notices = swept.closure_notices,
        placements_moved = swept.placements_moved,
        people_erased = swept.people_erased,
        "daily sweep"
    );
    Ok(swept)
}

/// Sends the item's reminder due today, if any; false if none was due or another run
/// recorded it first.
async fn remind(state: &AppState, item: &ExpiringItem, today: Date) -> AppResult<bool> {
    let Ok(expires_on) = iso_date(&item.expires_on) else {
        return Ok(false);
    };
    let expiring = Expiring {
        expires_on,
        sent: &item.sent,
        replaced: item.replaced,
    };
    let Some(reminder) = due(expiring, today) else {
        return Ok(false);
    };
    let mut ctx = Ctx::new(state.clone(), Default::default());
    let on = today.to_string();
    let tx = ctx.work.tx().await?;
    if !repo::record_reminder(tx, item.item, item.organisation, reminder, &on, false).await? {
        return Ok(false);
    }
    for earlier in overtaken(reminder, &item.sent) {
        repo::record_reminder(tx, item.item, item.organisation, earlier, &on, true).await?;
    }
    send(
        &mut ctx,
        reminder_notice(item, reminder, expires_on, today)?,
    )
    .await?;
    ctx.commit().await?;
    Ok(true)
}

fn reminder_notice(
    item: &ExpiringItem,
    reminder: Reminder,
    expires_on: Date,
    today: Date,
) -> AppResult<Notice<'static>> {
    let date = read_date(&item.expires_on)?;
    let left = days_left(expires_on, today);
    let (subject, first) = match reminder {
        Reminder::OnExpiry if left < 0 => (
            format!("Expired: {}", item.title),
            format!("Your {} expired on {date}.", item.title),
        ),
        Reminder::OnExpiry => (
            format!("Expires today: {}", item.title),
            format!("Your {} expires today, {date}.", item.title),
        ),
        _ => (
            format!("Expires in {left} days: {}", item.title),
            format!("Your {} expires on {date}, in {left} days.", item.title),
        ),
    };
    Ok(Notice {
        organisation: item.organisation,
        role: Role::ProviderAdmin,
        subject,
        paragraphs: vec![
            first,
            if left < 0 {
                "Add a current one to your evidence library and send it to each council that accepted this one. If it is mandatory, you are suspended from the lots that need it until that council accepts the new one.".into()
            } else {
                "Add a current one to your evidence library and send it to each council that accepted this one. If it is mandatory, you are suspended from the lots that need it from the day after it expires until a council accepts the new one.".into()
            },
        ],
        link: Some(("See your compliance", "/provider/compliance".into())),
    })
}
