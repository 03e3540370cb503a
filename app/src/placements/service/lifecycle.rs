//! The daily step that moves placements on: a standstill that is over lets the
//! contract be entered (the provider is told), a placement past its last day ends,
//! and one extended since it ended runs again. Each change is made only if the row
//! still holds the status read, in the transaction that audits it and queues the
//! email, so a second sweep or a second server changes and sends nothing.

use super::notify::{self, Message};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::error::AppResult;
use crate::placements::lifecycle::{status_on, PlacementStatus};
use crate::placements::repo::placements::{self, StatusDue};
use crate::service::Ctx;
use crate::state::AppState;
use crate::systems::details::{iso_date, long_date};
use serde_json::json;
use time::Date;

/// Moves every placement whose status no longer holds on `today`; how many moved.
pub async fn sweep(state: &AppState, today: Date) -> AppResult<usize> {
    let due =
        placements::status_due(&mut *state.db.pool.acquire().await?, &today.to_string()).await?;
    let mut moved = 0;
    for placement in due {
        let (Some(stored), Ok(from), Ok(end)) = (
            PlacementStatus::parse(&placement.status),
            iso_date(&placement.contract_from),
            iso_date(&placement.end_date),
        ) else {
            tracing::error!(placement = %placement.id, "placement with an unreadable status or date");
            continue;
        };
        let next = status_on(stored, from, end, today);
        if next == stored {
            continue;
        }
        let mut ctx = Ctx::new(state.clone(), Default::default());
        if move_one(&mut ctx, &placement, stored, next, from).await? {
            ctx.commit().await?;
            moved += 1;
        }
    }
    Ok(moved)
}

async fn move_one(
    ctx: &mut Ctx,
    placement: &StatusDue,
    stored: PlacementStatus,
    next: PlacementStatus,
    contract_from: Date,
) -> AppResult<bool> {
    let conn = ctx.work.tx().await?;
    if !placements::move_status(conn, placement.id, stored.as_str(), next.as_str()).await? {
        return Ok(false);
    }
    ctx.audit(
        AuditEvent::by(
            Actor::system(),
            Action::PlacementStatusChanged,
            Subject::Placement(placement.id),
        )
        .in_organisation(placement.council_id)
        .before(json!({ "status": stored.as_str() }))
        .after(json!({ "status": next.as_str() })),
    )
    .await?;
    if stored == PlacementStatus::Standstill && next == PlacementStatus::Active {
        let reference = placement
            .reference
            .as_deref()
            .unwrap_or("without a request");
        let message = Message {
            subject: format!("Contract entered: placement request {reference}"),
            paragraphs: vec![format!(
                "The standstill for placement request {reference} is over. The contract is entered and runs from {}.",
                long_date(contract_from)
            )],
            link: Some((
                "See the placement".into(),
                format!("/provider/placements/{}", placement.id),
            )),
        };
        notify::provider(ctx, placement.organisation_id, &message).await?;
    }
    Ok(true)
}
