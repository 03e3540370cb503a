//! The job queue's data access. Claims are atomic on both databases: the claim's second
//! test of the lease in the outer WHERE means that of two servers racing for one job,
//! one updates the row and the other updates nothing.

use super::job::Job;
use super::types::FailedJob;
use crate::ids::{JobId, OrganisationId};
use sqlx::{AnyConnection, Row};

pub async fn enqueue(
    conn: &mut AnyConnection,
    job: &Job,
    run_at: i64,
    now: i64,
) -> sqlx::Result<JobId> {
    let payload = serde_json::to_string(job).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO jobs (kind, payload, summary, organisation_id, run_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(job.kind())
    .bind(payload)
    .bind(job.summary())
    .bind(job.organisation_id())
    .bind(run_at)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// Queues `job` under `unique_key` unless a job with that key exists (done or not).
pub async fn enqueue_once(
    conn: &mut AnyConnection,
    job: &Job,
    unique_key: &str,
    run_at: i64,
    now: i64,
) -> sqlx::Result<bool> {
    let payload = serde_json::to_string(job).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let done = sqlx::query(
        "INSERT INTO jobs (kind, payload, summary, organisation_id, run_at, created_at, unique_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (unique_key) DO NOTHING",
    )
    .bind(job.kind())
    .bind(payload)
    .bind(job.summary())
    .bind(job.organisation_id())
    .bind(run_at)
    .bind(now)
    .bind(unique_key)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A job one runner holds until `lease_until`.
#[derive(Debug)]
pub struct Claimed {
    pub id: JobId,
    /// This attempt's number, from 1.
    pub attempt: i64,
    /// The stored job, or why it cannot be read.
    pub job: Result<Job, String>,
}

/// Claims the next due job for `runner`, if any.
pub async fn claim(
    conn: &mut AnyConnection,
    runner: &str,
    now: i64,
    lease_until: i64,
) -> sqlx::Result<Option<Claimed>> {
    let row = sqlx::query(
        "UPDATE jobs SET locked_by = $1, locked_until = $2, attempts = attempts + 1
         WHERE id = (SELECT id FROM jobs
                     WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $3
                       AND (locked_until IS NULL OR locked_until <= $3)
                     ORDER BY run_at, id LIMIT 1)
           AND done_at IS NULL AND failed_at IS NULL
           AND (locked_until IS NULL OR locked_until <= $3)
         RETURNING id, attempts, payload",
    )
    .bind(runner)
    .bind(lease_until)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        let payload: String = r.try_get("payload")?;
        Ok(Claimed {
            id: r.try_get("id")?,
            attempt: r.try_get("attempts")?,
            job: serde_json::from_str(&payload).map_err(|e| format!("unreadable job: {e}")),
        })
    })
    .transpose()
}

/// Marks the job done; its payload (which may hold a password hash or an address) is
/// not kept. False if this runner's lease had already gone to another.
pub async fn succeed(
    conn: &mut AnyConnection,
    id: JobId,
    runner: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE jobs SET done_at = $1, locked_by = NULL, locked_until = NULL, payload = '{}'
         WHERE id = $2 AND locked_by = $3 AND done_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(runner)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn retry_at(
    conn: &mut AnyConnection,
    id: JobId,
    runner: &str,
    run_at: i64,
    error: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE jobs SET run_at = $1, last_error = $2, locked_by = NULL, locked_until = NULL
         WHERE id = $3 AND locked_by = $4",
    )
    .bind(run_at)
    .bind(error)
    .bind(id)
    .bind(runner)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn fail(
    conn: &mut AnyConnection,
    id: JobId,
    runner: &str,
    error: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE jobs SET failed_at = $1, last_error = $2, locked_by = NULL, locked_until = NULL, payload = '{}'
         WHERE id = $3 AND locked_by = $4",
    )
    .bind(now)
    .bind(error)
    .bind(id)
    .bind(runner)
    .execute(conn)
    .await?;
    Ok(())
}

/// Permanent failures a council's admins see: their own organisation's and the
/// portal's own (no organisation), newest first.
pub async fn failures_for(
    conn: &mut AnyConnection,
    organisation_id: OrganisationId,
) -> sqlx::Result<Vec<FailedJob>> {
    let rows = sqlx::query(
        "SELECT id, summary, attempts, last_error, failed_at FROM jobs
         WHERE failed_at IS NOT NULL AND (organisation_id = $1 OR organisation_id IS NULL)
         ORDER BY failed_at DESC, id DESC LIMIT 100",
    )
    .bind(organisation_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(FailedJob {
                id: r.try_get("id")?,
                summary: r.try_get("summary")?,
                attempts: r.try_get("attempts")?,
                last_error: r
                    .try_get::<Option<String>, _>("last_error")?
                    .unwrap_or_default(),
                failed_at: r.try_get("failed_at")?,
            })
        })
        .collect()
}

/// Finished jobs older than `before`; returns how many went.
pub async fn delete_done_before(conn: &mut AnyConnection, before: i64) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM jobs WHERE done_at IS NOT NULL AND done_at < $1")
            .bind(before)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}
