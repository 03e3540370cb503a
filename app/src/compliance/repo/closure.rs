//! The end of Regulation 34 DPSs: which systems it reaches, which notices about it have
//! gone, and whom they go to.

use crate::compliance::closure::ClosureNotice;
use crate::ids::{OrganisationId, SystemId};
use crate::systems::types::{Status, SystemType};
use sqlx::{AnyConnection, Row};

/// Regulation 34 DPSs not yet closed, drafts included: none may run past the last day.
pub async fn ending_systems(conn: &mut AnyConnection) -> sqlx::Result<Vec<SystemId>> {
    sqlx::query("SELECT id FROM systems WHERE system_type = $1 AND status <> $2 ORDER BY id")
        .bind(SystemType::Reg34Dps.as_str())
        .bind(Status::Closed.as_str())
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect()
}

/// Records that the notice is going; false if it went already (another sweep, or
/// another server, recorded it first), and then nothing is sent.
pub async fn record_notice(
    conn: &mut AnyConnection,
    system: SystemId,
    notice: ClosureNotice,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "INSERT INTO system_notices (system_id, notice, sent_at) VALUES ($1, $2, $3)
         ON CONFLICT (system_id, notice) DO NOTHING",
    )
    .bind(system)
    .bind(notice.as_str())
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// The organisations admitted to any lot of the system and not removed.
pub async fn member_organisations(
    conn: &mut AnyConnection,
    system: SystemId,
) -> sqlx::Result<Vec<OrganisationId>> {
    sqlx::query(
        "SELECT DISTINCT organisation_id FROM memberships
         WHERE system_id = $1 AND removed_at IS NULL ORDER BY organisation_id",
    )
    .bind(system)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| r.try_get("organisation_id"))
    .collect()
}
