//! An invited provider's answer: offer, revise, withdraw or decline, before the
//! deadline by the server's clock. The answer's row is locked first, so concurrent
//! revisions queue and each gets the next version; the clock is read again once the
//! lock is held, so an answer that waited past the deadline is refused. Audit rows
//! carry the version and a SHA-256 of the content, never the content: the log is
//! read by council users, and an offer stays sealed there too.

use super::access::sent_to;
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::ids::RequestId;
use crate::placements::offer_form::{OfferForm, Terms};
use crate::placements::offer_state::{apply, Action as Step, Answer, Outcome, RequestWindow};
use crate::placements::repo::requests::RequestRow;
use crate::placements::repo::responses;
use crate::placements::types::DeclineReason;
use crate::service::Ctx;
use crate::systems::details::iso_date;
use serde_json::json;
use sha2::{Digest, Sha256};

/// The field a refusal is shown next to.
const TOP: &str = "answer";

async fn step(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
    action: Step,
) -> AppResult<(RequestRow, Answer, Outcome)> {
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    let request = sent_to(&mut *conn, me, id).await?;
    let answer = responses::lock(&mut *conn, id, me.organisation_id, now).await?;
    // Waiting for the lock can take us past the deadline: the clock decides again.
    let now = ctx.state.clock.now().max(now);
    ctx.now = now;
    let window = RequestWindow {
        deadline: request.deadline,
        cancelled: request.status != "open",
    };
    let outcome = apply(window, now, answer, action).map_err(|m| AppError::invalid(TOP, m))?;
    Ok((request, answer, outcome))
}

fn sealed_hash(value: &serde_json::Value) -> String {
    hex::encode(Sha256::digest(value.to_string().as_bytes()))
}

pub async fn offer(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
    form: &OfferForm,
) -> AppResult<u32> {
    let (request, _, outcome) = step(ctx, me, id, Step::Offer).await?;
    let (Ok(start), Ok(end)) = (iso_date(&request.start_date), iso_date(&request.end_date)) else {
        return Err(AppError::Internal);
    };
    let terms = Terms {
        start,
        end,
        questions: request.questions.len(),
        block: match (request.minutes_per_week, request.guaranteed_minutes) {
            (Some(w), g) if request.block => Some((
                u32::try_from(w).unwrap_or(0),
                u32::try_from(g.unwrap_or(0)).unwrap_or(0),
            )),
            _ => None,
        },
    };
    let draft = form.parse(terms).map_err(AppError::Invalid)?;
    let (version, action) = match outcome {
        Outcome::Submitted { version } => (version, Action::OfferSubmitted),
        Outcome::Revised { version } => (version, Action::OfferRevised),
        _ => return Err(AppError::Internal),
    };
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    responses::insert_version(
        &mut *conn,
        id,
        me.organisation_id,
        version,
        &draft,
        me.user_id,
        now,
    )
    .await?;
    responses::set_state(
        &mut *conn,
        id,
        me.organisation_id,
        "offered",
        version,
        None,
        now,
    )
    .await?;
    let content = json!({
        "weekly_price": draft.weekly_price, "hourly_rate": draft.hourly_rate,
        "discount_bp": draft.discount_bp, "includes": draft.includes, "extras": draft.extras,
        "start_date": draft.start_date.to_string(), "area": draft.area, "answers": draft.answers,
        "staffing_ratio": draft.staffing_ratio, "value": draft.value,
    });
    ctx.audit(
        AuditEvent::by(Actor::user(me), action, Subject::Request(id))
            .in_organisation(request.council_id)
            .after(json!({
                "provider": me.organisation_id,
                "version": version,
                "content_sha256": sealed_hash(&content),
            })),
    )
    .await?;
    Ok(version)
}

pub async fn withdraw(ctx: &mut Ctx, me: &CurrentUser, id: RequestId) -> AppResult<()> {
    let (request, _, outcome) = step(ctx, me, id, Step::Withdraw).await?;
    let Outcome::Withdrawn { version } = outcome else {
        return Err(AppError::Internal);
    };
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    responses::set_state(
        &mut *conn,
        id,
        me.organisation_id,
        "withdrawn",
        version,
        None,
        now,
    )
    .await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::OfferWithdrawn,
            Subject::Request(id),
        )
        .in_organisation(request.council_id)
        .after(json!({ "provider": me.organisation_id, "version": version })),
    )
    .await
}

pub async fn decline(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
    reason: &str,
    detail: &str,
) -> AppResult<()> {
    let Some(reason) = DeclineReason::parse(reason) else {
        return Err(AppError::invalid(
            "decline_reason",
            "Choose why you are declining",
        ));
    };
    let detail = detail.trim();
    if reason == DeclineReason::Other && detail.is_empty() {
        return Err(AppError::invalid(
            "decline_detail",
            "Say what the reason is",
        ));
    }
    let (request, answer, _) = step(ctx, me, id, Step::Decline).await?;
    let version = match answer {
        Answer::Withdrawn { version } => version,
        _ => 0,
    };
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    responses::set_state(
        &mut *conn,
        id,
        me.organisation_id,
        "declined",
        version,
        Some((reason.as_str(), detail)),
        now,
    )
    .await?;
    ctx.audit(
        AuditEvent::by(Actor::user(me), Action::OfferDeclined, Subject::Request(id))
            .in_organisation(request.council_id)
            .after(json!({ "provider": me.organisation_id })),
    )
    .await
}
