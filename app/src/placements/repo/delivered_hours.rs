//! The hours a provider delivered in each week of a block arrangement.

use crate::ids::{PlacementId, UserId};
use sqlx::{AnyConnection, Row};

/// Every recorded week: (the Monday, ISO; minutes), newest first.
pub async fn for_placement(
    conn: &mut AnyConnection,
    placement: PlacementId,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query(
        "SELECT week_start, minutes FROM delivered_hours WHERE placement_id = $1
         ORDER BY week_start DESC",
    )
    .bind(placement)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("week_start")?, r.try_get("minutes")?)))
    .collect()
}

/// Records a week's minutes, replacing what was recorded for it; what was there before.
pub async fn record(
    conn: &mut AnyConnection,
    placement: PlacementId,
    week: &str,
    minutes: i64,
    by: UserId,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    let before: Option<i64> = sqlx::query(
        "SELECT minutes FROM delivered_hours WHERE placement_id = $1 AND week_start = $2",
    )
    .bind(placement)
    .bind(week)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get("minutes"))
    .transpose()?;
    sqlx::query(
        "INSERT INTO delivered_hours (placement_id, week_start, minutes, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (placement_id, week_start) DO UPDATE
             SET minutes = $3, recorded_by = $4, recorded_at = $5",
    )
    .bind(placement)
    .bind(week)
    .bind(minutes)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(before)
}
