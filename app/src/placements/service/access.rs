//! Whose request it is. Another council's request, or one a provider was not sent,
//! is "not found": its existence is not confirmed to anyone outside it.

use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::ids::RequestId;
use crate::placements::repo::{recipients, requests, requests::RequestRow};
use sqlx::AnyConnection;

pub async fn councils_own(
    conn: &mut AnyConnection,
    me: &CurrentUser,
    id: RequestId,
) -> AppResult<RequestRow> {
    match requests::find(conn, id).await? {
        Some(request) if request.council_id == me.organisation_id => Ok(request),
        _ => Err(AppError::NotFound),
    }
}

pub async fn sent_to(
    conn: &mut AnyConnection,
    me: &CurrentUser,
    id: RequestId,
) -> AppResult<RequestRow> {
    if !recipients::is_recipient(&mut *conn, id, me.organisation_id).await? {
        return Err(AppError::NotFound);
    }
    requests::find(conn, id).await?.ok_or(AppError::NotFound)
}
