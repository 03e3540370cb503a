//! The account operations, each taking the request's context. Server functions and
//! background jobs call these; the pages only parse and show.

pub mod invitations;
pub mod links;
pub mod members;
pub mod passwords;
pub mod sign_in;
pub mod sign_up;

use super::email_limits::{EmailRequest, WINDOW_SECONDS};
use super::repo;
use crate::error::AppResult;
use crate::service::Ctx;

/// Counts one more email of `kind` to `address` from this client; false when over the
/// hourly limits, and then nothing is to be sent. Concurrent requests for one address
/// are counted one at a time.
pub async fn within_email_limits(
    ctx: &mut Ctx,
    kind: EmailRequest,
    address: &str,
) -> AppResult<bool> {
    let keys = [
        kind.address_key(address),
        kind.client_key(&ctx.session.client_ip),
    ];
    let now = ctx.now;
    let since = now - WINDOW_SECONDS;
    let tx = ctx.work.tx().await?;
    repo::lock_keys(tx, &keys, now).await?;
    let to_address = repo::email_requests_since(tx, &keys[0], since).await?;
    let from_client = repo::email_requests_since(tx, &keys[1], since).await?;
    if !kind.allows(to_address, from_client) {
        tracing::warn!(?kind, "email request over the hourly limit; nothing sent");
        return Ok(false);
    }
    for key in &keys {
        repo::record_email_request(tx, key, now).await?;
    }
    Ok(true)
}
