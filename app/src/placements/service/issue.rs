//! Issuing a request to every eligible provider of a lot, and cancelling it or
//! extending its deadline before it closes. The recipient list is the lot's eligible
//! providers when it is issued, stored with the request: never a chosen subset.

use super::access::councils_own;
use super::notify::{self, Message};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::user::CurrentUser;
use crate::calendar::uk_instant;
use crate::compliance::repo::eligible_providers;
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::{RequestId, SystemId};
use crate::placements::deadline::{check_deadline, deadline_text, is_open, DeadlinePlan};
use crate::placements::repo::{people, recipients, requests};
use crate::placements::request_form::{parse_time, RequestForm};
use crate::service::Ctx;
use crate::systems::access::can_view;
use crate::systems::details::iso_date;
use crate::systems::repo as systems;
use crate::systems::types::Status;
use serde_json::json;

pub async fn issue(
    ctx: &mut Ctx,
    me: &CurrentUser,
    system_id: SystemId,
    form: &RequestForm,
) -> AppResult<RequestId> {
    let conn = ctx.work.tx().await?;
    let system = systems::find(&mut *conn, system_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let participants: Vec<_> = systems::participants(&mut *conn, system_id)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    if !can_view(me.organisation_id, system.lead_council_id, &participants) {
        return Err(AppError::NotFound);
    }
    let mut draft = form.parse();
    if let Ok(d) = &draft {
        let lots = systems::lots(&mut *conn, system_id).await?;
        if !lots.iter().any(|l| l.id == d.lot_id) {
            draft = Err(form.kept().with("lot_id", "Choose a lot of this system"));
        }
    }
    let draft = draft.map_err(AppError::Invalid)?;
    if system.status != Status::Open {
        return Err(AppError::invalid(
            "lot_id",
            "Requests can be sent only while the system is open",
        ));
    }
    let plan = DeadlinePlan {
        issued_at: ctx.now,
        deadline: draft.deadline,
        all_agreed_shorter: draft.all_agreed_shorter,
    };
    if let Err(message) = check_deadline(system.system_type, plan) {
        return Err(AppError::Invalid(
            form.kept().with("deadline_date", message),
        ));
    }
    let invited = eligible_providers(&mut *conn, system_id, draft.lot_id).await?;
    if invited.is_empty() {
        return Err(AppError::Invalid(form.kept().with(
            "lot_id",
            "No provider can be sent requests in this lot: none is admitted and not suspended",
        )));
    }
    let now = ctx.now;
    let id = requests::insert(
        &mut *conn,
        requests::NewRequest {
            council: me.organisation_id,
            system: system_id,
            draft: &draft,
            issued_by: me.user_id,
            issued_at: now,
        },
    )
    .await?;
    people::insert(&mut *conn, &ctx.state.audit_key, id, &draft.person).await?;
    recipients::insert_all(&mut *conn, id, &invited).await?;
    let request = requests::find(&mut *conn, id)
        .await?
        .ok_or(AppError::Internal)?;
    ctx.audit(
        AuditEvent::by(Actor::user(me), Action::RequestIssued, Subject::Request(id)).after(json!({
            "reference": request.reference,
            "system": system_id,
            "lot": draft.lot_id,
            "deadline": draft.deadline,
            "all_agreed_shorter": draft.all_agreed_shorter,
            "invited": invited,
            "transition": draft.transition,
        })),
    )
    .await?;
    let message = Message {
        subject: format!(
            "New placement request {} from {}",
            request.reference, request.council
        ),
        paragraphs: vec![
            format!(
                "{} has sent a placement request in {} of {}.",
                request.council, request.lot, request.system
            ),
            format!("Offers must arrive by {}.", deadline_text(draft.deadline)),
        ],
        link: Some(("See the request".into(), format!("/provider/requests/{id}"))),
    };
    for provider in invited {
        notify::provider(ctx, provider, &message).await?;
    }
    Ok(id)
}

/// Cancels an open request with a reason; everyone invited is told.
pub async fn cancel(ctx: &mut Ctx, me: &CurrentUser, id: RequestId, reason: &str) -> AppResult<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid(
            "cancel_reason",
            "Enter why the request is cancelled",
        ));
    }
    let conn = ctx.work.tx().await?;
    let request = councils_own(&mut *conn, me, id).await?;
    if request.status != "open" || !is_open(ctx.now, request.deadline) {
        return Err(AppError::invalid(
            "cancel_reason",
            "Only a request still taking offers can be cancelled",
        ));
    }
    requests::cancel(&mut *conn, id, reason).await?;
    let invited = recipients::all(&mut *conn, id).await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::RequestCancelled,
            Subject::Request(id),
        )
        .after(json!({ "reason": reason })),
    )
    .await?;
    let message = Message {
        subject: format!("Placement request {} cancelled", request.reference),
        paragraphs: vec![
            format!(
                "{} has cancelled placement request {}.",
                request.council, request.reference
            ),
            format!("The reason given: {reason}"),
        ],
        link: Some(("See the request".into(), format!("/provider/requests/{id}"))),
    };
    for (provider, _) in invited {
        notify::provider(ctx, provider, &message).await?;
    }
    Ok(())
}

/// Moves the deadline later, under the same rule as when it was issued.
pub async fn extend(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
    date: &str,
    time: &str,
) -> AppResult<()> {
    let mut errors = FormErrors::new()
        .keep("deadline_date", date)
        .keep("deadline_time", time);
    let day = iso_date(date)
        .map_err(|m| errors.add("deadline_date", m))
        .ok();
    let at = parse_time(time)
        .map_err(|m| errors.add("deadline_time", m))
        .ok();
    let (Some(day), Some(at)) = (day, at) else {
        return Err(AppError::Invalid(errors));
    };
    let deadline = uk_instant(day, at);
    let conn = ctx.work.tx().await?;
    let request = councils_own(&mut *conn, me, id).await?;
    if request.status != "open" || !is_open(ctx.now, request.deadline) {
        return Err(AppError::Invalid(errors.with(
            "deadline_date",
            "Only a request still taking offers can have its deadline extended",
        )));
    }
    if deadline <= request.deadline {
        return Err(AppError::Invalid(errors.with(
            "deadline_date",
            "The new deadline must be later than the current one",
        )));
    }
    let plan = DeadlinePlan {
        issued_at: request.issued_at,
        deadline,
        all_agreed_shorter: true,
    };
    if let Err(message) = check_deadline(request.system_type, plan) {
        return Err(AppError::Invalid(errors.with("deadline_date", message)));
    }
    requests::extend(&mut *conn, id, deadline).await?;
    let invited = recipients::all(&mut *conn, id).await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::RequestDeadlineExtended,
            Subject::Request(id),
        )
        .before(json!({ "deadline": request.deadline }))
        .after(json!({ "deadline": deadline })),
    )
    .await?;
    let message = Message {
        subject: format!("More time for placement request {}", request.reference),
        paragraphs: vec![format!(
            "{} has extended the deadline for placement request {} to {}.",
            request.council,
            request.reference,
            deadline_text(deadline)
        )],
        link: Some(("See the request".into(), format!("/provider/requests/{id}"))),
    };
    for (provider, _) in invited {
        notify::provider(ctx, provider, &message).await?;
    }
    Ok(())
}
