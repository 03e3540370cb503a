//! The nightly clean-up: what has expired goes, so the database holds no more personal
//! data and no more usable secrets than it must.

use super::job::Job;
use super::queue;
use super::retry::JobError;
use crate::accounts::{repo as accounts, throttle};
use crate::auth::repo as sessions;
use crate::state::AppState;

/// Prunes run at 03:00 UTC.
pub const HOUR: i64 = 3;
/// Finished jobs are kept this long for diagnosis.
pub const KEEP_DONE_JOBS_SECONDS: i64 = 30 * 86_400;

/// The first 03:00 UTC strictly after `now`. Pure.
pub fn next_run(now: i64) -> i64 {
    let today = now.div_euclid(86_400) * 86_400 + HOUR * 3_600;
    if today > now {
        today
    } else {
        today + 86_400
    }
}

/// Makes sure the next night's prune is queued, once however many servers ask.
pub async fn schedule_next(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let at = next_run(now);
    let mut conn = state.db.write_connection().await?;
    queue::enqueue_once(&mut conn, &Job::Prune, &format!("prune:{at}"), at, now).await?;
    Ok(())
}

pub async fn prune(state: &AppState) -> Result<(), JobError> {
    let now = state.clock.now();
    let settings = &state.settings;
    let mut tx = state.db.begin().await?;
    let sessions = sessions::delete_expired_sessions(
        &mut tx,
        now - settings.session_idle_seconds,
        now - settings.session_absolute_seconds,
    )
    .await?;
    let tokens = accounts::delete_spent_tokens(&mut tx, now).await?;
    let attempts =
        accounts::delete_attempts_before(&mut tx, now - throttle::LOOKBACK_SECONDS).await?;
    let requests = accounts::delete_email_requests_before(
        &mut tx,
        now - crate::accounts::email_limits::WINDOW_SECONDS,
    )
    .await?;
    let jobs = queue::delete_done_before(&mut tx, now - KEEP_DONE_JOBS_SECONDS).await?;
    tx.commit().await?;
    tracing::info!(
        sessions,
        tokens,
        attempts,
        requests,
        jobs,
        "pruned expired records"
    );
    schedule_next(state).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prune_runs_at_three_in_the_morning_utc() {
        let midnight = 1_796_169_600; // 2026-12-02 00:00 UTC
        assert_eq!(next_run(midnight), midnight + 3 * 3_600);
        assert_eq!(
            next_run(midnight + 3 * 3_600),
            midnight + 86_400 + 3 * 3_600
        );
        assert_eq!(
            next_run(midnight + 5 * 3_600),
            midnight + 86_400 + 3 * 3_600
        );
    }
}
