//! The evidence a council accepted from each member, per evidence type.

use super::replacements::ReplacementRow;
use crate::ids::{ApplicationId, EvidenceItemId, EvidenceTypeId, OrganisationId, SystemId, UserId};
use sqlx::{AnyConnection, Row};

/// At admission: the items the application gave become the accepted ones.
pub async fn accept_from_application(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
    application: ApplicationId,
    by: UserId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO accepted_evidence
             (system_id, organisation_id, evidence_type_id, evidence_item_id, accepted_by, accepted_at)
         SELECT $1, $2, evidence_type_id, evidence_item_id, $3, $4
         FROM application_evidence WHERE application_id = $5
         ON CONFLICT (system_id, organisation_id, evidence_type_id)
         DO UPDATE SET evidence_item_id = excluded.evidence_item_id,
                       accepted_by = excluded.accepted_by, accepted_at = excluded.accepted_at",
    )
    .bind(system)
    .bind(organisation)
    .bind(by)
    .bind(now)
    .bind(application)
    .execute(conn)
    .await?;
    Ok(())
}

/// An accepted item as the suspension rule and the pages need it.
#[derive(Debug, Clone)]
pub struct AcceptedItem {
    pub organisation: OrganisationId,
    pub evidence_type: EvidenceTypeId,
    pub item: EvidenceItemId,
    pub title: String,
    /// `ofsted`, `cqc` or `document`.
    pub kind: String,
    /// The regulator's rating code (`inadequate`, ...), empty for documents.
    pub rating: String,
    pub expires_on: Option<String>,
}

pub async fn accepted_items(
    conn: &mut AnyConnection,
    system: SystemId,
    only: Option<OrganisationId>,
) -> sqlx::Result<Vec<AcceptedItem>> {
    sqlx::query(
        "SELECT ae.organisation_id, ae.evidence_type_id, ei.id, ei.title, ei.kind, ei.rating, ei.expires_on
         FROM accepted_evidence ae JOIN evidence_items ei ON ei.id = ae.evidence_item_id
         WHERE ae.system_id = $1 AND ($2 = 0 OR ae.organisation_id = $2)",
    )
    .bind(system)
    .bind(only.map_or(0, |o| o.get()))
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(AcceptedItem {
            organisation: r.try_get("organisation_id")?,
            evidence_type: r.try_get("evidence_type_id")?,
            item: r.try_get("id")?,
            title: r.try_get("title")?,
            kind: r.try_get("kind")?,
            rating: r.try_get("rating")?,
            expires_on: r.try_get("expires_on")?,
        })
    })
    .collect()
}

/// Makes `item` the accepted one for its type.
pub async fn accept_item(
    conn: &mut AnyConnection,
    replacement: &ReplacementRow,
    by: UserId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO accepted_evidence
             (system_id, organisation_id, evidence_type_id, evidence_item_id, accepted_by, accepted_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (system_id, organisation_id, evidence_type_id)
         DO UPDATE SET evidence_item_id = excluded.evidence_item_id,
                       accepted_by = excluded.accepted_by, accepted_at = excluded.accepted_at",
    )
    .bind(replacement.system)
    .bind(replacement.organisation)
    .bind(replacement.evidence_type)
    .bind(replacement.item)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
