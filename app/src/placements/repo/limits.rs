//! A council's approval limits.

use crate::ids::OrganisationId;
use crate::money::Money;
use crate::placements::approval::ApprovalLimits;
use sqlx::{AnyConnection, Row};

pub async fn find(
    conn: &mut AnyConnection,
    council: OrganisationId,
) -> sqlx::Result<Option<ApprovalLimits>> {
    sqlx::query(
        "SELECT commissioner_pence, approver_pence, cabinet_pence FROM approval_limits
         WHERE council_id = $1",
    )
    .bind(council)
    .fetch_optional(conn)
    .await?
    .map(|r| {
        Ok(ApprovalLimits {
            commissioner: Money(r.try_get("commissioner_pence")?),
            approver: Money(r.try_get("approver_pence")?),
            cabinet: Money(r.try_get("cabinet_pence")?),
        })
    })
    .transpose()
}

pub async fn save(
    conn: &mut AnyConnection,
    council: OrganisationId,
    limits: &ApprovalLimits,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO approval_limits (council_id, commissioner_pence, approver_pence, cabinet_pence, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (council_id) DO UPDATE SET commissioner_pence = $2, approver_pence = $3,
             cabinet_pence = $4, updated_at = $5",
    )
    .bind(council)
    .bind(limits.commissioner.pence())
    .bind(limits.approver.pence())
    .bind(limits.cabinet.pence())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
