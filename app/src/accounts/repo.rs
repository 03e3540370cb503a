//! Data access for accounts: organisations, users, roles, sessions, one-time tokens and
//! sign-in attempts. Every query binds its parameters; callers pass a connection or a
//! transaction (`&mut *tx`), so one server function is one transaction.

use super::roles::{OrgKind, Role};
use super::token::TokenPurpose;
use super::types::{CurrentUser, Member};
use crate::db::get_bool;
use sqlx::{any::AnyRow, AnyConnection, Row};

pub async fn organisation_id_by_name(
    conn: &mut AnyConnection,
    kind: OrgKind,
    name_key: &str,
) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT id FROM organisations WHERE kind = $1 AND name_key = $2")
        .bind(kind.as_str())
        .bind(name_key)
        .fetch_optional(conn)
        .await?
        .map(|r| r.try_get("id"))
        .transpose()
}

pub async fn create_organisation(
    conn: &mut AnyConnection,
    kind: OrgKind,
    name: &str,
    name_key: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO organisations (kind, name, name_key, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(kind.as_str())
    .bind(name)
    .bind(name_key)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

pub struct NewUser<'a> {
    pub organisation_id: i64,
    pub email: &'a str,
    pub full_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub email_verified: bool,
}

pub async fn create_user(
    conn: &mut AnyConnection,
    user: NewUser<'_>,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO users (organisation_id, email, full_name, password_hash, email_verified, active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(user.organisation_id)
    .bind(user.email)
    .bind(user.full_name)
    .bind(user.password_hash.map(str::to_string))
    .bind(user.email_verified)
    .bind(true)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

pub async fn set_roles(conn: &mut AnyConnection, user_id: i64, roles: &[Role]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(role.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn roles_of(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<Vec<Role>> {
    let rows = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
        .bind(user_id)
        .fetch_all(conn)
        .await?;
    let mut roles = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(role) = Role::parse(&row.try_get::<String, _>("role")?) {
            roles.push(role);
        }
    }
    roles.sort();
    Ok(roles)
}

/// A user row as the account code needs it.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub email: String,
    pub full_name: String,
    pub password_hash: Option<String>,
    pub email_verified: bool,
    pub active: bool,
}

const USER_COLUMNS: &str =
    "id, organisation_id, email, full_name, password_hash, email_verified, active";

fn user_from_row(row: &AnyRow) -> sqlx::Result<UserRecord> {
    Ok(UserRecord {
        id: row.try_get("id")?,
        organisation_id: row.try_get("organisation_id")?,
        email: row.try_get("email")?,
        full_name: row.try_get("full_name")?,
        password_hash: row.try_get("password_hash")?,
        email_verified: get_bool(row, "email_verified")?,
        active: get_bool(row, "active")?,
    })
}

pub async fn user_by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> sqlx::Result<Option<UserRecord>> {
    sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
    ))
    .bind(email)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(user_from_row)
    .transpose()
}

pub async fn user_by_id(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<UserRecord>> {
    sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(user_from_row)
        .transpose()
}

pub async fn set_password(
    conn: &mut AnyConnection,
    user_id: i64,
    password_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn mark_verified(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET email_verified = $1 WHERE id = $2")
        .bind(true)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_full_name(
    conn: &mut AnyConnection,
    user_id: i64,
    full_name: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET full_name = $1 WHERE id = $2")
        .bind(full_name)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removal keeps the row (the audit log points at it) but ends every way in.
pub async fn deactivate_user(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
        .bind(false)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    delete_sessions_of(conn, user_id).await
}

/// Active members of an organisation, invited ones included.
pub async fn members(conn: &mut AnyConnection, organisation_id: i64) -> sqlx::Result<Vec<Member>> {
    let rows = sqlx::query(
        "SELECT u.id, u.full_name, u.email, u.password_hash, r.role
         FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
         WHERE u.organisation_id = $1 AND u.active = $2
         ORDER BY u.full_name, u.id, r.role",
    )
    .bind(organisation_id)
    .bind(true)
    .fetch_all(conn)
    .await?;
    let mut members: Vec<Member> = Vec::new();
    for row in rows {
        let id: i64 = row.try_get("id")?;
        if members.last().map(|m| m.user_id) != Some(id) {
            members.push(Member {
                user_id: id,
                full_name: row.try_get("full_name")?,
                email: row.try_get("email")?,
                roles: Vec::new(),
                joined: row.try_get::<Option<String>, _>("password_hash")?.is_some(),
            });
        }
        if let Some(role) = row
            .try_get::<Option<String>, _>("role")?
            .as_deref()
            .and_then(Role::parse)
        {
            if let Some(member) = members.last_mut() {
                member.roles.push(role);
            }
        }
    }
    Ok(members)
}

// --- Sessions -------------------------------------------------------------------

pub async fn create_session(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: i64,
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

pub async fn delete_sessions_of(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of the user except the one given (after a password change).
pub async fn delete_other_sessions(
    conn: &mut AnyConnection,
    user_id: i64,
    keep_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep_hash)
        .execute(conn)
        .await?;
    Ok(())
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
                o.name AS organisation_name, o.kind, r.role
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         JOIN organisations o ON o.id = u.organisation_id
         LEFT JOIN user_roles r ON r.user_id = u.id
         WHERE s.token_hash = $1 AND u.active = $2
         ORDER BY r.role",
    )
    .bind(token_hash)
    .bind(true)
    .fetch_all(conn)
    .await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let kind: String = row.try_get("kind")?;
    let Some(org_kind) = OrgKind::parse(&kind) else {
        return Ok(None);
    };
    let mut roles = Vec::with_capacity(rows.len());
    for r in &rows {
        if let Some(role) = r
            .try_get::<Option<String>, _>("role")?
            .as_deref()
            .and_then(Role::parse)
        {
            roles.push(role);
        }
    }
    roles.sort();
    Ok(Some(SessionRecord {
        created_at: row.try_get("created_at")?,
        last_seen_at: row.try_get("last_seen_at")?,
        user: CurrentUser {
            user_id: row.try_get("id")?,
            email: row.try_get("email")?,
            full_name: row.try_get("full_name")?,
            organisation_id: row.try_get("organisation_id")?,
            organisation_name: row.try_get("organisation_name")?,
            org_kind,
            roles,
        },
    }))
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

// --- One-time tokens --------------------------------------------------------------

pub async fn create_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: i64,
    purpose: TokenPurpose,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(now)
    .bind(now + purpose.lifetime_seconds())
    .execute(conn)
    .await?;
    Ok(())
}

pub struct TokenRecord {
    pub user_id: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn find_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    purpose: TokenPurpose,
) -> sqlx::Result<Option<TokenRecord>> {
    let row = sqlx::query(
        "SELECT user_id, expires_at, used_at FROM account_tokens WHERE token_hash = $1 AND purpose = $2",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(TokenRecord {
            user_id: r.try_get("user_id")?,
            expires_at: r.try_get("expires_at")?,
            used_at: r.try_get("used_at")?,
        })
    })
    .transpose()
}

/// Marks the token used; false if it was used already (a race between two clicks).
pub async fn use_token(conn: &mut AnyConnection, token_hash: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(token_hash)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

// --- Sign-in attempts -----------------------------------------------------------------

pub async fn record_attempt(
    conn: &mut AnyConnection,
    email: &str,
    ip: &str,
    succeeded: bool,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO sign_in_attempts (email, ip, at, succeeded) VALUES ($1, $2, $3, $4)")
        .bind(email)
        .bind(ip)
        .bind(now)
        .bind(succeeded)
        .execute(conn)
        .await?;
    Ok(())
}

/// Times of failed attempts since `since`, for the account and for the address.
pub async fn failures_since(
    conn: &mut AnyConnection,
    email: &str,
    ip: &str,
    since: i64,
) -> sqlx::Result<(Vec<i64>, Vec<i64>)> {
    let mut by_email = Vec::new();
    let mut by_ip = Vec::new();
    let rows = sqlx::query(
        "SELECT email, ip, at FROM sign_in_attempts
         WHERE (email = $1 OR ip = $2) AND at >= $3 AND succeeded = $4",
    )
    .bind(email)
    .bind(ip)
    .bind(since)
    .bind(false)
    .fetch_all(conn)
    .await?;
    for row in rows {
        let at: i64 = row.try_get("at")?;
        if row.try_get::<String, _>("email")? == email {
            by_email.push(at);
        }
        if row.try_get::<String, _>("ip")? == ip {
            by_ip.push(at);
        }
    }
    Ok((by_email, by_ip))
}
