//! What people do about compliance: a provider sends a replacement for an accepted
//! item; an evaluator of the lead council accepts or refuses it (accepting lifts the
//! automatic suspensions it cures, in the same transaction); a commissioner suspends a
//! member, lifts that suspension, or removes the member from the system.

use super::notices::{send, Notice};
use super::reassess::{apply, due_changes};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::{Permission, Role};
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::compliance::model::RemovalGround;
use crate::compliance::repo;
use crate::db::Backend;
use crate::error::{AppError, AppResult, FormErrors};
use crate::evidence::repo as evidence_repo;
use crate::ids::{
    EvidenceItemId, EvidenceTypeId, LotId, OrganisationId, ReplacementId, SuspensionId, SystemId,
};
use crate::service::Ctx;
use crate::systems::repo::SystemRow;
use crate::systems::service::queries::conditions;
use serde_json::json;

/// The system, when `me` is a user of the council leading it; anyone else is told it
/// does not exist.
pub(super) async fn led_by_me(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SystemId,
) -> AppResult<SystemRow> {
    let system = crate::systems::repo::find(ctx.work.tx().await?, id)
        .await?
        .filter(|s| s.lead_council_id == me.organisation_id)
        .ok_or(AppError::NotFound)?;
    Ok(system)
}

pub(super) fn required(field: &str, value: &str, message: &str) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::Invalid(
            FormErrors::one(field, message).keep(field, value),
        ));
    }
    if value.chars().count() > 2_000 {
        return Err(AppError::Invalid(
            FormErrors::one(field, "Keep it to 2,000 characters").keep(field, value),
        ));
    }
    Ok(value.to_string())
}

/// A provider sends an item of its library to replace the one a council accepted.
pub async fn send_replacement(
    ctx: &mut Ctx,
    me: &CurrentUser,
    system_id: SystemId,
    evidence_type: EvidenceTypeId,
    item: EvidenceItemId,
) -> AppResult<ReplacementId> {
    let now = ctx.now;
    let today = uk_date(now).to_string();
    let tx = ctx.work.tx().await?;
    if !repo::is_member(tx, system_id, me.organisation_id).await? {
        return Err(AppError::NotFound);
    }
    let system = crate::systems::repo::find(tx, system_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let types = crate::systems::repo::evidence_types(tx, system_id).await?;
    let Some(kind) = types.iter().find(|t| t.id == evidence_type) else {
        return Err(AppError::NotFound);
    };
    let field = format!("replacement-{evidence_type}");
    let row = evidence_repo::find_item(tx, item)
        .await?
        .filter(|i| i.organisation_id == me.organisation_id)
        .ok_or_else(|| AppError::invalid(&field, "Choose an item from your evidence library"))?;
    if row.kind != kind.kind {
        return Err(AppError::invalid(
            &field,
            format!("Choose a {} item", kind.kind.label()),
        ));
    }
    if row
        .expires_on
        .as_deref()
        .is_some_and(|d| d < today.as_str())
    {
        return Err(AppError::invalid(
            &field,
            "That item has expired: choose a current one",
        ));
    }
    let id = repo::submit_replacement(
        tx,
        system_id,
        me.organisation_id,
        evidence_type,
        item,
        me.user_id,
        now,
    )
    .await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::EvidenceReplacementSubmitted,
            Subject::System(system_id),
        )
        .after(json!({ "replacement": id, "evidence_type": evidence_type, "item": item })),
    )
    .await?;
    send(
        ctx,
        Notice {
            organisation: system.lead_council_id,
            role: Role::Evaluator,
            subject: format!("Evidence to check: {}", system.title),
            paragraphs: vec![format!(
                "{} has sent a new {} for {}. Check it on the system's compliance page.",
                me.organisation_name, kind.name, system.title
            )],
            link: Some((
                "Check the evidence",
                format!("/council/systems/{system_id}/compliance"),
            )),
        },
    )
    .await?;
    Ok(id)
}

/// An evaluator of the lead council accepts a replacement (it becomes the accepted item,
/// and the suspensions it cures lift now) or refuses it with a reason.
pub async fn decide_replacement(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ReplacementId,
    decision: &str,
    reason: &str,
) -> AppResult<()> {
    let now = ctx.now;
    let postgres = ctx.state.db.backend == Backend::Postgres;
    let tx = ctx.work.tx().await?;
    let replacement = repo::lock_replacement(tx, id, postgres)
        .await?
        .ok_or(AppError::NotFound)?;
    let system = led_by_me(ctx, me, replacement.system).await?;
    if !me.can(Permission::EvaluateApplications) {
        return Err(AppError::Forbidden);
    }
    let field = format!("replacement-decision-{id}");
    let accepted = match decision {
        "accept" => true,
        "refuse" => false,
        _ => return Err(AppError::invalid(&field, "Select accept or refuse")),
    };
    let reason = if accepted {
        reason.trim().to_string()
    } else {
        required(
            &format!("replacement-reason-{id}"),
            reason,
            "Give the reason for refusing it",
        )?
    };
    let tx = ctx.work.tx().await?;
    if replacement.status != "pending"
        || !repo::decide_replacement(tx, id, accepted, &reason, me.user_id, now).await?
    {
        return Err(AppError::invalid(
            &field,
            "This evidence has already been decided",
        ));
    }
    let mut lifted = 0;
    if accepted {
        repo::accept_item(tx, &replacement, me.user_id, now).await?;
        let conditions =
            conditions(&mut *ctx.work.read().await?, &ctx.state.systems, &system).await?;
        let tx = ctx.work.tx().await?;
        let changes = due_changes(
            tx,
            &system,
            &conditions,
            Some(replacement.organisation),
            uk_date(now),
        )
        .await?;
        lifted = apply(ctx, &system, &conditions, changes).await?;
    }
    ctx.audit(
        AuditEvent::by(Actor::user(me), Action::EvidenceReplacementDecided, Subject::System(system.id))
            .in_organisation(replacement.organisation)
            .after(json!({ "replacement": id, "accepted": accepted, "reason": reason, "suspension_changes": lifted })),
    )
    .await?;
    let item = evidence_repo::find_item(ctx.work.tx().await?, replacement.item)
        .await?
        .map(|i| i.title)
        .unwrap_or_default();
    let paragraphs = if accepted {
        vec![format!(
            "{} has accepted your {item} for {}.",
            system.lead_council, system.title
        )]
    } else {
        vec![
            format!(
                "{} has not accepted your {item} for {}.",
                system.lead_council, system.title
            ),
            format!("Reason: {reason}"),
            "Send another item from your compliance page.".into(),
        ]
    };
    send(
        ctx,
        Notice {
            organisation: replacement.organisation,
            role: Role::ProviderAdmin,
            subject: format!(
                "Evidence {}: {}",
                if accepted { "accepted" } else { "not accepted" },
                system.title
            ),
            paragraphs,
            link: Some(("See your compliance", "/provider/compliance".into())),
        },
    )
    .await
}

/// A commissioner of the lead council suspends a member from some or all of its lots.
pub async fn suspend(
    ctx: &mut Ctx,
    me: &CurrentUser,
    system_id: SystemId,
    organisation: OrganisationId,
    lots: &[LotId],
    reason: &str,
) -> AppResult<usize> {
    let now = ctx.now;
    let system = led_by_me(ctx, me, system_id).await?;
    if !me.can(Permission::ManageMembers) {
        return Err(AppError::Forbidden);
    }
    let tx = ctx.work.tx().await?;
    let held = repo::member_lots(tx, system_id, Some(organisation)).await?;
    if held.is_empty() {
        return Err(AppError::NotFound);
    }
    let kept = |errors: FormErrors| {
        AppError::Invalid(
            errors
                .keep("suspend_reason", reason)
                .keep_ticked("lots", lots.iter().map(|l| l.get())),
        )
    };
    if lots.is_empty() {
        return Err(kept(FormErrors::one(
            "suspend-lots",
            "Select the lots to suspend it from",
        )));
    }
    if let Some(lot) = lots.iter().find(|l| !held.iter().any(|(_, h)| h == *l)) {
        return Err(kept(FormErrors::one(
            "suspend-lots",
            format!("It is not a member of lot {lot}"),
        )));
    }
    let reason = required(
        "suspend_reason",
        reason,
        "Give the reason for the suspension",
    )
    .map_err(|_| {
        kept(FormErrors::one(
            "suspend_reason",
            "Give the reason for the suspension",
        ))
    })?;
    let mut started = Vec::new();
    for lot in lots {
        let tx = ctx.work.tx().await?;
        if let Some(id) = repo::start_suspension(
            tx,
            system_id,
            *lot,
            organisation,
            "council",
            &reason,
            Some(me.user_id),
            now,
        )
        .await?
        {
            started.push(*lot);
            ctx.audit(
                AuditEvent::by(Actor::user(me), Action::ProviderSuspended, Subject::Organisation(organisation))
                    .in_organisation(organisation)
                    .after(json!({ "suspension": id, "system": system_id, "lot": lot, "automatic": false, "reason": reason })),
            )
            .await?;
        }
    }
    let labels = lot_labels(ctx, &system, &started).await?;
    if !started.is_empty() {
        send(
            ctx,
            Notice {
                organisation,
                role: Role::ProviderAdmin,
                subject: format!("Suspended from {}", system.title),
                paragraphs: vec![
                    format!("{} has suspended you from {labels} of {}. While suspended you receive no new placement requests in these lots; placements already made continue.", system.lead_council, system.title),
                    format!("Reason: {reason}"),
                ],
                link: Some(("See your compliance", "/provider/compliance".into())),
            },
        )
        .await?;
    }
    Ok(started.len())
}

async fn lot_labels(ctx: &mut Ctx, system: &SystemRow, lots: &[LotId]) -> AppResult<String> {
    let all = crate::systems::repo::lots(ctx.work.tx().await?, system.id).await?;
    Ok(lots
        .iter()
        .map(|lot| {
            all.iter()
                .find(|l| l.id == *lot)
                .map(|l| l.label())
                .unwrap_or_else(|| format!("lot {lot}"))
        })
        .collect::<Vec<_>>()
        .join("; "))
}

/// A commissioner of the lead council lifts a council's suspension. Automatic ones lift
/// only when current evidence is accepted.
pub async fn lift(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: SuspensionId,
    reason: &str,
) -> AppResult<()> {
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    let (system_id, lot, organisation) = repo::live_council_suspension(tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let system = led_by_me(ctx, me, system_id).await?;
    if !me.can(Permission::ManageMembers) {
        return Err(AppError::Forbidden);
    }
    let reason = required(
        &format!("lift-reason-{id}"),
        reason,
        "Give the reason for lifting it",
    )?;
    if !repo::lift(ctx.work.tx().await?, id, Some(me.user_id), &reason, now).await? {
        return Err(AppError::NotFound);
    }
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::SuspensionLifted,
            Subject::Organisation(organisation),
        )
        .in_organisation(organisation)
        .after(json!({ "suspension": id, "system": system_id, "lot": lot, "reason": reason })),
    )
    .await?;
    let labels = lot_labels(ctx, &system, &[lot]).await?;
    send(
        ctx,
        Notice {
            organisation,
            role: Role::ProviderAdmin,
            subject: format!("Suspension lifted: {}", system.title),
            paragraphs: vec![format!(
                "{} has lifted your suspension from {labels} of {}: {reason}",
                system.lead_council, system.title
            )],
            link: Some(("See your compliance", "/provider/compliance".into())),
        },
    )
    .await
}

/// A commissioner of the lead council removes a member from the system, with the
/// ground that applies and the reason.
pub async fn remove(
    ctx: &mut Ctx,
    me: &CurrentUser,
    system_id: SystemId,
    organisation: OrganisationId,
    ground: &str,
    reason: &str,
) -> AppResult<()> {
    let now = ctx.now;
    let system = led_by_me(ctx, me, system_id).await?;
    if !me.can(Permission::ManageMembers) {
        return Err(AppError::Forbidden);
    }
    let kept = |errors: FormErrors| {
        AppError::Invalid(
            errors
                .keep("removal_ground", ground)
                .keep("removal_reason", reason),
        )
    };
    let Some(ground) = RemovalGround::parse(ground) else {
        return Err(kept(FormErrors::one(
            "removal_ground",
            "Select the ground for removal",
        )));
    };
    let reason =
        required("removal_reason", reason, "Give the reason for the removal").map_err(|_| {
            kept(FormErrors::one(
                "removal_reason",
                "Give the reason for the removal",
            ))
        })?;
    let lots = repo::remove_member(
        ctx.work.tx().await?,
        system_id,
        organisation,
        ground.code(),
        &reason,
        me.user_id,
        now,
    )
    .await?;
    if lots == 0 {
        return Err(AppError::NotFound);
    }
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::ProviderRemoved,
            Subject::Organisation(organisation),
        )
        .in_organisation(organisation)
        .after(
            json!({ "system": system_id, "ground": ground.code(), "reason": reason, "lots": lots }),
        ),
    )
    .await?;
    send(
        ctx,
        Notice {
            organisation,
            role: Role::ProviderAdmin,
            subject: format!("Removed from {}", system.title),
            paragraphs: vec![
                format!("{} has removed you from {}. You will receive no more placement requests under it; placements already made continue under their own terms.", system.lead_council, system.title),
                format!("Ground: {}.", ground.label()),
                format!("Reason: {reason}"),
            ],
            link: Some(("See your compliance", "/provider/compliance".into())),
        },
    )
    .await
}
