//! Replacement evidence a member sends and the council accepts or refuses.

use crate::ids::{EvidenceItemId, EvidenceTypeId, OrganisationId, ReplacementId, SystemId, UserId};
use sqlx::{AnyConnection, Row};

/// Sends a replacement for a council to check; a replacement already waiting for the
/// same evidence type is withdrawn in its favour. Returns the new one's id.
#[allow(clippy::too_many_arguments)]
pub async fn submit_replacement(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
    evidence_type: EvidenceTypeId,
    item: EvidenceItemId,
    by: UserId,
    now: i64,
) -> sqlx::Result<ReplacementId> {
    sqlx::query(
        "UPDATE evidence_replacements SET status = 'refused', decided_at = $4, reason = 'Withdrawn: replaced by a newer one'
         WHERE system_id = $1 AND organisation_id = $2 AND evidence_type_id = $3 AND status = 'pending'",
    )
    .bind(system)
    .bind(organisation)
    .bind(evidence_type)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO evidence_replacements
             (system_id, organisation_id, evidence_type_id, evidence_item_id, submitted_by, submitted_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending') RETURNING id",
    )
    .bind(system)
    .bind(organisation)
    .bind(evidence_type)
    .bind(item)
    .bind(by)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

#[derive(Debug, Clone)]
pub struct ReplacementRow {
    pub id: ReplacementId,
    pub system: SystemId,
    pub organisation: OrganisationId,
    pub evidence_type: EvidenceTypeId,
    pub item: EvidenceItemId,
    pub status: String,
}

/// The replacement, locked for a decision (PostgreSQL: `FOR UPDATE`; SQLite's write
/// transaction already holds the only lock).
pub async fn lock_replacement(
    conn: &mut AnyConnection,
    id: ReplacementId,
    postgres: bool,
) -> sqlx::Result<Option<ReplacementRow>> {
    let lock = if postgres { " FOR UPDATE" } else { "" };
    sqlx::query(&format!(
        "SELECT id, system_id, organisation_id, evidence_type_id, evidence_item_id, status
         FROM evidence_replacements WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .map(|r| {
        Ok(ReplacementRow {
            id: r.try_get("id")?,
            system: r.try_get("system_id")?,
            organisation: r.try_get("organisation_id")?,
            evidence_type: r.try_get("evidence_type_id")?,
            item: r.try_get("evidence_item_id")?,
            status: r.try_get("status")?,
        })
    })
    .transpose()
}

pub async fn decide_replacement(
    conn: &mut AnyConnection,
    id: ReplacementId,
    accepted: bool,
    reason: &str,
    by: UserId,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE evidence_replacements SET status = $1, reason = $2, decided_by = $3, decided_at = $4
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(if accepted { "accepted" } else { "refused" })
    .bind(reason)
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The latest replacement per evidence type of a member: (type, item title, status,
/// reason).
pub async fn latest_replacements(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
) -> sqlx::Result<Vec<(EvidenceTypeId, String, String, Option<String>)>> {
    sqlx::query(
        "SELECT r.evidence_type_id, ei.title, r.status, r.reason FROM evidence_replacements r
         JOIN evidence_items ei ON ei.id = r.evidence_item_id
         WHERE r.system_id = $1 AND r.organisation_id = $2
           AND r.id = (SELECT MAX(r2.id) FROM evidence_replacements r2
                       WHERE r2.system_id = r.system_id AND r2.organisation_id = r.organisation_id
                         AND r2.evidence_type_id = r.evidence_type_id)",
    )
    .bind(system)
    .bind(organisation)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("evidence_type_id")?,
            r.try_get("title")?,
            r.try_get("status")?,
            r.try_get("reason")?,
        ))
    })
    .collect()
}

/// Replacements waiting for the council: (id, organisation, type, item, title, expiry).
pub async fn pending_replacements(
    conn: &mut AnyConnection,
    system: SystemId,
) -> sqlx::Result<
    Vec<(
        ReplacementId,
        OrganisationId,
        EvidenceTypeId,
        EvidenceItemId,
        String,
        Option<String>,
    )>,
> {
    sqlx::query(
        "SELECT r.id, r.organisation_id, r.evidence_type_id, r.evidence_item_id, ei.title, ei.expires_on
         FROM evidence_replacements r JOIN evidence_items ei ON ei.id = r.evidence_item_id
         WHERE r.system_id = $1 AND r.status = 'pending' ORDER BY r.submitted_at, r.id",
    )
    .bind(system)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("id")?,
            r.try_get("organisation_id")?,
            r.try_get("evidence_type_id")?,
            r.try_get("evidence_item_id")?,
            r.try_get("title")?,
            r.try_get("expires_on")?,
        ))
    })
    .collect()
}
