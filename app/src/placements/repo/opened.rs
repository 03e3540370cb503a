//! Every provider's offer for a request, opened: the only reads of offer content
//! that are not a provider reading its own. Each query joins the request and keeps
//! only rows whose deadline has passed by `now`, so before the deadline they return
//! nothing, whoever calls them and however the caller was reached.

use super::responses::{content, CONTENT};
use crate::ids::{OrganisationId, RequestId};
use crate::placements::model::OfferContent;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone)]
pub struct OpenedOffer {
    pub organisation_id: OrganisationId,
    pub provider: String,
    pub content: OfferContent,
    pub excluded_reason: Option<String>,
}

/// What ranking and the request's table of offers need of a standing offer: not its
/// content, which a page reads one offer at a time.
#[derive(Debug, Clone)]
pub struct Standing {
    pub organisation_id: OrganisationId,
    pub provider: String,
    pub value_pence: i64,
    pub excluded_reason: Option<String>,
}

/// Each standing offer's latest version, in provider-name order.
pub async fn standings(
    conn: &mut AnyConnection,
    request: RequestId,
    now: i64,
) -> sqlx::Result<Vec<Standing>> {
    sqlx::query(
        "SELECT p.organisation_id, o.name AS provider, p.excluded_reason, v.value_pence
         FROM placement_requests r
         JOIN responses p ON p.request_id = r.id AND p.state = 'offered'
         JOIN offer_versions v ON v.request_id = p.request_id
             AND v.organisation_id = p.organisation_id AND v.version = p.version
         JOIN organisations o ON o.id = p.organisation_id
         WHERE r.id = $1 AND r.deadline <= $2
         ORDER BY o.name, p.organisation_id",
    )
    .bind(request)
    .bind(now)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Standing {
            organisation_id: r.try_get("organisation_id")?,
            provider: r.try_get("provider")?,
            value_pence: r.try_get("value_pence")?,
            excluded_reason: r.try_get("excluded_reason")?,
        })
    })
    .collect()
}

/// One provider's standing offer with its content.
pub async fn offer(
    conn: &mut AnyConnection,
    request: RequestId,
    provider: OrganisationId,
    now: i64,
) -> sqlx::Result<Option<OpenedOffer>> {
    sqlx::query(&format!(
        "SELECT p.organisation_id, o.name AS provider, p.excluded_reason, {CONTENT}
         FROM placement_requests r
         JOIN responses p ON p.request_id = r.id AND p.state = 'offered'
         JOIN offer_versions v ON v.request_id = p.request_id
             AND v.organisation_id = p.organisation_id AND v.version = p.version
         JOIN organisations o ON o.id = p.organisation_id
         WHERE r.id = $1 AND p.organisation_id = $2 AND r.deadline <= $3"
    ))
    .bind(request)
    .bind(provider)
    .bind(now)
    .fetch_optional(conn)
    .await?
    .map(|r| {
        Ok(OpenedOffer {
            organisation_id: r.try_get("organisation_id")?,
            provider: r.try_get("provider")?,
            excluded_reason: r.try_get("excluded_reason")?,
            content: content(&r)?,
        })
    })
    .transpose()
}

/// Declines with their reasons: (provider, reason, detail).
pub async fn declines(
    conn: &mut AnyConnection,
    request: RequestId,
    now: i64,
) -> sqlx::Result<Vec<(String, String, String)>> {
    sqlx::query(
        "SELECT o.name, p.decline_reason, p.decline_detail
         FROM placement_requests r
         JOIN responses p ON p.request_id = r.id AND p.state = 'declined'
         JOIN organisations o ON o.id = p.organisation_id
         WHERE r.id = $1 AND r.deadline <= $2
         ORDER BY o.name",
    )
    .bind(request)
    .bind(now)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("name")?,
            r.try_get::<Option<String>, _>("decline_reason")?
                .unwrap_or_default(),
            r.try_get::<Option<String>, _>("decline_detail")?
                .unwrap_or_default(),
        ))
    })
    .collect()
}

/// Marks an opened offer non-compliant, or (with `None`) compliant again. Only after
/// the deadline: before it the update matches no row.
pub async fn set_excluded(
    conn: &mut AnyConnection,
    request: RequestId,
    provider: OrganisationId,
    reason: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE responses SET excluded_reason = $1
         WHERE request_id = $2 AND organisation_id = $3 AND state = 'offered'
           AND EXISTS (SELECT 1 FROM placement_requests r WHERE r.id = $2 AND r.deadline <= $4)",
    )
    .bind(reason)
    .bind(request)
    .bind(provider)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
