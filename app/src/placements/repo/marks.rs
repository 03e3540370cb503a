//! Evaluators' marks for the quality answers of opened offers.

use crate::ids::{OrganisationId, RequestId, UserId};
use sqlx::{AnyConnection, Row};

/// One mark as an evaluator gave it.
pub struct GivenMark<'a> {
    pub request: RequestId,
    pub provider: OrganisationId,
    pub question: usize,
    pub mark: u8,
    pub comment: &'a str,
    pub by: UserId,
    pub at: i64,
}

pub async fn save(conn: &mut AnyConnection, given: GivenMark<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO offer_marks (request_id, organisation_id, question, mark, comment, marked_by, marked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (request_id, organisation_id, question) DO UPDATE
             SET mark = $4, comment = $5, marked_by = $6, marked_at = $7",
    )
    .bind(given.request)
    .bind(given.provider)
    .bind(given.question as i64)
    .bind(i64::from(given.mark))
    .bind(given.comment)
    .bind(given.by)
    .bind(given.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// (provider, question, mark) for every mark of the request: what ranking needs.
pub async fn all(
    conn: &mut AnyConnection,
    request: RequestId,
) -> sqlx::Result<Vec<(OrganisationId, usize, u8)>> {
    sqlx::query("SELECT organisation_id, question, mark FROM offer_marks WHERE request_id = $1")
        .bind(request)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("organisation_id")?,
                question(r)?,
                u8::try_from(r.try_get::<i64, _>("mark")?).unwrap_or(u8::MAX),
            ))
        })
        .collect()
}

/// (question, mark, comment) for one offer, as its page shows them.
pub async fn of_offer(
    conn: &mut AnyConnection,
    request: RequestId,
    provider: OrganisationId,
) -> sqlx::Result<Vec<(usize, u8, String)>> {
    sqlx::query(
        "SELECT question, mark, comment FROM offer_marks
         WHERE request_id = $1 AND organisation_id = $2",
    )
    .bind(request)
    .bind(provider)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            question(r)?,
            u8::try_from(r.try_get::<i64, _>("mark")?).unwrap_or(u8::MAX),
            r.try_get("comment")?,
        ))
    })
    .collect()
}

fn question(r: &sqlx::any::AnyRow) -> sqlx::Result<usize> {
    Ok(usize::try_from(r.try_get::<i64, _>("question")?).unwrap_or(usize::MAX))
}
