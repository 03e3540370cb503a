//! A council's approval limits: read by every award, changed by its council admin.

use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::OrganisationId;
use crate::money::Money;
use crate::placements::approval::{ApprovalLimits, DEFAULT_LIMITS};
use crate::placements::model::LimitsPage;
use crate::placements::repo::limits as repo;
use crate::service::Ctx;
use serde_json::json;
use sqlx::AnyConnection;

pub async fn of(conn: &mut AnyConnection, council: OrganisationId) -> AppResult<ApprovalLimits> {
    Ok(repo::find(conn, council).await?.unwrap_or(DEFAULT_LIMITS))
}

pub async fn page(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<LimitsPage> {
    let mut conn = ctx.work.read().await?;
    let stored = repo::find(&mut conn, me.organisation_id).await?;
    let limits = stored.unwrap_or(DEFAULT_LIMITS);
    Ok(LimitsPage {
        commissioner: limits.commissioner.for_input(),
        approver: limits.approver.for_input(),
        cabinet: limits.cabinet.for_input(),
        is_default: stored.is_none(),
        can_edit: me.can(crate::auth::roles::Permission::ManageCouncilSettings),
    })
}

pub async fn save(
    ctx: &mut Ctx,
    me: &CurrentUser,
    commissioner: &str,
    approver: &str,
    cabinet: &str,
) -> AppResult<()> {
    let mut errors = FormErrors::new()
        .keep("commissioner_limit", commissioner)
        .keep("approver_limit", approver)
        .keep("cabinet_threshold", cabinet);
    let mut read =
        |field: &str, value: &str| Money::parse(value).map_err(|m| errors.add(field, m)).ok();
    let (c, a, t) = (
        read("commissioner_limit", commissioner),
        read("approver_limit", approver),
        read("cabinet_threshold", cabinet),
    );
    let (Some(commissioner), Some(approver), Some(cabinet)) = (c, a, t) else {
        return Err(AppError::Invalid(errors));
    };
    let limits = ApprovalLimits {
        commissioner,
        approver,
        cabinet,
    };
    if let Err(problems) = limits.check() {
        for (field, message) in problems {
            errors.add(field, message);
        }
        return Err(AppError::Invalid(errors));
    }
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    let before = of(&mut *conn, me.organisation_id).await?;
    repo::save(&mut *conn, me.organisation_id, &limits, now).await?;
    let show = |l: &ApprovalLimits| json!({ "commissioner": l.commissioner.pence(), "approver": l.approver.pence(), "cabinet": l.cabinet.pence() });
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::ApprovalLimitsChanged,
            Subject::Organisation(me.organisation_id),
        )
        .before(show(&before))
        .after(show(&limits)),
    )
    .await
}
