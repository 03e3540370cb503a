//! Data access for sessions. Every query binds its parameters.

use super::roles::{OrgKind, Role};
use super::user::CurrentUser;
use crate::db::get_bool;
use crate::ids::UserId;
use sqlx::{any::AnyRow, AnyConnection, Row};

pub async fn create_session(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: UserId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_session(conn: &mut AnyConnection, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_sessions_of(conn: &mut AnyConnection, user_id: UserId) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of the user except the one given (after a password change).
pub async fn delete_other_sessions(
    conn: &mut AnyConnection,
    user_id: UserId,
    keep_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sessions that are over either limit at `now`; returns how many went.
pub async fn delete_expired_sessions(
    conn: &mut AnyConnection,
    idle_before: i64,
    created_before: i64,
) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(idle_before)
            .bind(created_before)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// A live session: the user it belongs to and when it was last used.
pub struct SessionRecord {
    pub user: CurrentUser,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// The session and its user, organisation and roles, in one query: it runs on every
/// request.
pub async fn session(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> sqlx::Result<Option<SessionRecord>> {
    let rows = sqlx::query(
        "SELECT s.created_at, s.last_seen_at, u.id, u.email, u.full_name, u.organisation_id,
                o.name AS organisation_name, o.kind, u.active, r.role
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         JOIN organisations o ON o.id = u.organisation_id
         LEFT JOIN user_roles r ON r.user_id = u.id
         WHERE s.token_hash = $1
         ORDER BY r.role",
    )
    .bind(token_hash)
    .fetch_all(conn)
    .await?;
    let Some(user) = user_from_rows(&rows)? else {
        return Ok(None);
    };
    let row = &rows[0];
    Ok(Some(SessionRecord {
        created_at: row.try_get("created_at")?,
        last_seen_at: row.try_get("last_seen_at")?,
        user,
    }))
}

/// The user of rows joining a user, their organisation and each of their roles; `None`
/// when there are no rows or the user is not active.
fn user_from_rows(rows: &[AnyRow]) -> sqlx::Result<Option<CurrentUser>> {
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let Some(org_kind) = OrgKind::parse(&row.try_get::<String, _>("kind")?) else {
        return Ok(None);
    };
    if !get_bool(row, "active")? {
        return Ok(None);
    }
    let mut roles = Vec::with_capacity(rows.len());
    for r in rows {
        if let Some(role) = r
            .try_get::<Option<String>, _>("role")?
            .as_deref()
            .and_then(Role::parse)
        {
            roles.push(role);
        }
    }
    roles.sort();
    Ok(Some(CurrentUser {
        user_id: row.try_get("id")?,
        email: row.try_get("email")?,
        full_name: row.try_get("full_name")?,
        organisation_id: row.try_get("organisation_id")?,
        organisation_name: row.try_get("organisation_name")?,
        org_kind,
        roles,
    }))
}

/// An active user with their organisation and roles, as a session would give them: for
/// work done on a user's behalf away from a request (the demo data).
pub async fn active_user(
    conn: &mut AnyConnection,
    user_id: UserId,
) -> sqlx::Result<Option<CurrentUser>> {
    let rows = sqlx::query(
        "SELECT u.id, u.email, u.full_name, u.organisation_id, o.name AS organisation_name, o.kind,
                u.active, r.role
         FROM users u
         JOIN organisations o ON o.id = u.organisation_id
         LEFT JOIN user_roles r ON r.user_id = u.id
         WHERE u.id = $1
         ORDER BY r.role",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    user_from_rows(&rows)
}

pub async fn touch_session(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}
