//! How long each council keeps the person's details, and whose are held past it.

use crate::ids::{OrganisationId, RequestId};
use sqlx::{AnyConnection, Row};

pub async fn months(
    conn: &mut AnyConnection,
    council: OrganisationId,
) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT months FROM person_retention WHERE council_id = $1")
        .bind(council)
        .fetch_optional(conn)
        .await?
        .map(|r| r.try_get("months"))
        .transpose()
}

pub async fn save(
    conn: &mut AnyConnection,
    council: OrganisationId,
    months: u32,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO person_retention (council_id, months, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (council_id) DO UPDATE SET months = $2, updated_at = $3",
    )
    .bind(council)
    .bind(i64::from(months))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Details still held for a request that closed: the placement's last day (ISO), or
/// when none was made the request's deadline (Unix seconds).
#[derive(Debug, Clone)]
pub struct Held {
    pub request: RequestId,
    pub council_id: OrganisationId,
    pub deadline: i64,
    pub placement_end: Option<String>,
}

/// Every request whose details are still held though its placement ended before
/// `ended_before` (ISO) or, with no placement, its deadline passed before
/// `deadline_before`: the candidates for the shortest retention any council may set.
pub async fn held_after_close(
    conn: &mut AnyConnection,
    ended_before: &str,
    deadline_before: i64,
) -> sqlx::Result<Vec<Held>> {
    sqlx::query(
        "SELECT r.id, r.council_id, r.deadline, p.end_date
         FROM placement_people pp
         JOIN placement_requests r ON r.id = pp.request_id
         LEFT JOIN placements p ON p.request_id = r.id
         WHERE (p.id IS NOT NULL AND p.end_date < $1)
            OR (p.id IS NULL AND r.deadline < $2)
         ORDER BY r.id",
    )
    .bind(ended_before)
    .bind(deadline_before)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Held {
            request: r.try_get("id")?,
            council_id: r.try_get("council_id")?,
            deadline: r.try_get("deadline")?,
            placement_end: r.try_get("end_date")?,
        })
    })
    .collect()
}

/// How many requests of the council hold the person's details, and how many have had
/// them erased.
pub async fn counts(conn: &mut AnyConnection, council: OrganisationId) -> sqlx::Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT COUNT(pp.request_id) AS held,
                COUNT(r.person_erased_at) AS erased
         FROM placement_requests r LEFT JOIN placement_people pp ON pp.request_id = r.id
         WHERE r.council_id = $1",
    )
    .bind(council)
    .fetch_one(conn)
    .await?;
    Ok((row.try_get("held")?, row.try_get("erased")?))
}

/// Deletes the details and records when and why, in one transaction with the audit
/// row; false when they were gone already (erased by someone else meanwhile).
pub async fn erase(
    conn: &mut AnyConnection,
    request: RequestId,
    reason: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let gone = sqlx::query("DELETE FROM placement_people WHERE request_id = $1")
        .bind(request)
        .execute(&mut *conn)
        .await?;
    if gone.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE placement_requests SET person_erased_at = $1, person_erased_reason = $2
         WHERE id = $3",
    )
    .bind(now)
    .bind(reason)
    .bind(request)
    .execute(conn)
    .await?;
    Ok(true)
}
