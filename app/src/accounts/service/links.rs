//! Emailed links: the token in a link is checked against its stored hash.

use crate::accounts::repo::{self, TokenRecord};
use crate::accounts::token::{hash_token, usable, TokenProblem, TokenPurpose};
use crate::error::AppError;
use sqlx::AnyConnection;

/// The hash and stored record of an emailed link's token, if it may be used now;
/// otherwise the message to show.
pub async fn usable_link(
    conn: &mut AnyConnection,
    token: &str,
    purpose: TokenPurpose,
    now: i64,
) -> Result<(String, TokenRecord), AppError> {
    let hash = hash_token(token.trim());
    let record = repo::find_token(conn, &hash, purpose)
        .await?
        .ok_or_else(|| AppError::invalid("", TokenProblem::Unknown.message()))?;
    usable(record.expires_at, record.used_at, now)
        .map_err(|p| AppError::invalid("", p.message()))?;
    Ok((hash, record))
}

/// Spends the token; a second click racing the first is told it was used.
pub async fn spend(conn: &mut AnyConnection, hash: &str, now: i64) -> Result<(), AppError> {
    if !repo::use_token(conn, hash, now).await? {
        return Err(AppError::invalid("", TokenProblem::Used.message()));
    }
    Ok(())
}
