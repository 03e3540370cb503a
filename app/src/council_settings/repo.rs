//! Data access for a council's clock settings.

use crate::ids::OrganisationId;
use sqlx::{AnyConnection, Row};

/// The council's stored calendar CSV and decision period, if it has set them.
pub async fn find(
    conn: &mut AnyConnection,
    council: OrganisationId,
) -> sqlx::Result<Option<(String, i64)>> {
    sqlx::query("SELECT holidays_csv, decision_days FROM council_settings WHERE council_id = $1")
        .bind(council)
        .fetch_optional(conn)
        .await?
        .map(|row| Ok((row.try_get("holidays_csv")?, row.try_get("decision_days")?)))
        .transpose()
}

pub async fn save(
    conn: &mut AnyConnection,
    council: OrganisationId,
    csv: &str,
    days: u32,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO council_settings (council_id, holidays_csv, decision_days, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (council_id) DO UPDATE SET holidays_csv = $2, decision_days = $3, updated_at = $4",
    )
    .bind(council)
    .bind(csv)
    .bind(i64::from(days))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
