//! The people of one's own organisation: listing them, changing a council user's
//! roles and removing someone. Every change re-checks, under the organisation's lock,
//! that the actor still may make it and that the organisation keeps an administrator,
//! so two admins demoting each other at once cannot leave it with none.

use crate::accounts::repo::{self, UserRecord};
use crate::accounts::types::Member;
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::{allows, OrgKind, Permission, Role};
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::ids::UserId;
use crate::service::Ctx;
use serde_json::json;

pub async fn list(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<Vec<Member>> {
    Ok(repo::members(&mut *ctx.work.read().await?, me.organisation_id).await?)
}

/// One active member of the actor's own organisation.
pub async fn member(ctx: &mut Ctx, me: &CurrentUser, user_id: UserId) -> AppResult<Member> {
    let mut conn = ctx.work.read().await?;
    colleague(&mut conn, me, user_id).await?;
    repo::members(&mut conn, me.organisation_id)
        .await?
        .into_iter()
        .find(|m| m.user_id == user_id)
        .ok_or(AppError::NotFound)
}

/// The active user, if they belong to the actor's organisation.
async fn colleague(
    conn: &mut sqlx::AnyConnection,
    me: &CurrentUser,
    user_id: UserId,
) -> AppResult<UserRecord> {
    let target = repo::user_by_id(conn, user_id)
        .await?
        .filter(|u| u.active)
        .ok_or(AppError::NotFound)?;
    if target.organisation_id != me.organisation_id {
        return Err(AppError::Forbidden);
    }
    Ok(target)
}

/// The role that administers an organisation of this kind.
fn admin_role(kind: OrgKind) -> Role {
    match kind {
        OrgKind::Council => Role::CouncilAdmin,
        OrgKind::Provider => Role::ProviderAdmin,
    }
}

/// Locks the organisation and checks the actor still holds `permission` now (another
/// admin may have just taken it away); returns the target.
async fn locked_change(
    ctx: &mut Ctx,
    me: &CurrentUser,
    permission: Permission,
    user_id: UserId,
) -> AppResult<UserRecord> {
    let tx = ctx.work.tx().await?;
    repo::lock_organisation(tx, me.organisation_id).await?;
    if !allows(&repo::roles_of(tx, me.user_id).await?, permission) {
        return Err(AppError::Forbidden);
    }
    colleague(tx, me, user_id).await
}

async fn keeps_an_admin(ctx: &mut Ctx, me: &CurrentUser, losing: UserId) -> AppResult<()> {
    let role = admin_role(me.org_kind);
    let others =
        repo::count_role_holders(ctx.work.tx().await?, me.organisation_id, role, losing).await?;
    if others == 0 {
        return Err(AppError::invalid(
            "",
            format!(
                "Your organisation must keep at least one {}. Give the role to someone else first",
                role.label().to_lowercase()
            ),
        ));
    }
    Ok(())
}

pub async fn set_roles(
    ctx: &mut Ctx,
    me: &CurrentUser,
    user_id: UserId,
    roles: &[Role],
) -> AppResult<()> {
    if user_id == me.user_id && !roles.contains(&Role::CouncilAdmin) {
        return Err(AppError::invalid(
            "council_admin",
            "You cannot remove your own council admin role. Ask another council admin",
        ));
    }
    let target = locked_change(ctx, me, Permission::ManageCouncilUsers, user_id).await?;
    let before = repo::roles_of(ctx.work.tx().await?, target.id).await?;
    if before.contains(&Role::CouncilAdmin) && !roles.contains(&Role::CouncilAdmin) {
        keeps_an_admin(ctx, me, target.id).await?;
    }
    repo::set_roles(ctx.work.tx().await?, target.id, roles).await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::RolesChanged,
            Subject::User(target.id),
        )
        .before(json!({ "roles": before.iter().map(|r| r.as_str()).collect::<Vec<_>>() }))
        .after(json!({ "roles": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>() })),
    )
    .await
}

/// Removes a member of the actor's own organisation (never the actor): their sessions
/// end at once and their row stays for the audit trail.
pub async fn remove(
    ctx: &mut Ctx,
    me: &CurrentUser,
    permission: Permission,
    user_id: UserId,
) -> AppResult<()> {
    if user_id == me.user_id {
        return Err(AppError::invalid(
            "",
            "You cannot remove yourself. Ask another administrator",
        ));
    }
    let target = locked_change(ctx, me, permission, user_id).await?;
    let roles = repo::roles_of(ctx.work.tx().await?, target.id).await?;
    if roles.contains(&admin_role(me.org_kind)) {
        keeps_an_admin(ctx, me, target.id).await?;
    }
    repo::deactivate_user(ctx.work.tx().await?, target.id).await?;
    ctx.audit(
        AuditEvent::by(Actor::user(me), Action::UserRemoved, Subject::User(target.id))
            .before(json!({ "email": target.email, "roles": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>() }))
            .after(json!({ "active": false })),
    )
    .await
}
