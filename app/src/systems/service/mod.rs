//! The purchasing-system operations, each taking the request's context. Every change
//! first takes the system's row lock and re-reads it, then asks `access::rights` of the
//! state it locked, so two commissioners (or a commissioner and the opening of the
//! system) never act on a state the other has just changed.

pub mod conditions;
pub mod details;
pub mod lifecycle;
pub mod queries;
pub mod successor;

use super::access;
use super::model::SystemRights;
use super::repo::{self, SystemRow};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::ids::SystemId;
use crate::service::Ctx;
use serde_json::Value;

/// The system, locked for this operation, when `me` may make a change that `allowed`
/// picks from their rights; `refusal` says why not when the system's state forbids it.
pub(crate) async fn locked(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
    allowed: fn(&SystemRights) -> bool,
    refusal: &str,
) -> AppResult<SystemRow> {
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    let row = repo::lock(tx, id, now).await?.ok_or(AppError::NotFound)?;
    let participants: Vec<_> = repo::participants(tx, id)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    if !access::can_view(me.organisation_id, row.lead_council_id, &participants) {
        return Err(AppError::Forbidden);
    }
    let rights = access::rights(
        me,
        row.lead_council_id,
        row.system_type,
        row.status,
        row.window_open,
        row.awarded,
    );
    if !rights.manage {
        return Err(AppError::Forbidden);
    }
    if !allowed(&rights) {
        return Err(AppError::invalid("", refusal));
    }
    Ok(row)
}

/// Records a change to a system in the lead council's audit log.
pub(crate) async fn audit(
    ctx: &mut Ctx,
    me: &CurrentUser,
    action: Action,
    id: SystemId,
    after: Value,
) -> AppResult<()> {
    ctx.audit(AuditEvent::by(Actor::user(me), action, Subject::System(id)).after(after))
        .await
}
