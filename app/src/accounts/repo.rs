//! Data access for accounts: organisations, users, roles, one-time tokens, sign-in
//! attempts, throttling keys and email requests. Every query binds its parameters;
//! callers pass a connection or a transaction (`&mut *tx`).

use super::token::TokenPurpose;
use super::types::Member;
use crate::auth::roles::{OrgKind, Role};
use crate::db::get_bool;
use crate::ids::{OrganisationId, UserId};
use sqlx::{any::AnyRow, AnyConnection, Row};

pub async fn organisation_id_by_name(
    conn: &mut AnyConnection,
    kind: OrgKind,
    name_key: &str,
) -> sqlx::Result<Option<OrganisationId>> {
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
) -> sqlx::Result<OrganisationId> {
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

/// Takes the organisation's row lock until the transaction ends (SQLite's write lock
/// is already held), so that changes to who administers it happen one at a time.
pub async fn lock_organisation(conn: &mut AnyConnection, id: OrganisationId) -> sqlx::Result<()> {
    sqlx::query("UPDATE organisations SET name = name WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub struct NewUser<'a> {
    pub organisation_id: OrganisationId,
    pub email: &'a str,
    pub full_name: &'a str,
    pub password_hash: Option<&'a str>,
    pub email_verified: bool,
}

pub async fn create_user(
    conn: &mut AnyConnection,
    user: NewUser<'_>,
    now: i64,
) -> sqlx::Result<UserId> {
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

/// The active members of an organisation who hold `role` and can sign in: whom a
/// notice for that role goes to.
pub async fn members_with_role(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    role: Role,
) -> sqlx::Result<Vec<UserId>> {
    sqlx::query(
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE u.organisation_id = $1 AND r.role = $2 AND u.active = $3
           AND u.password_hash IS NOT NULL
         ORDER BY u.id",
    )
    .bind(organisation)
    .bind(role.as_str())
    .bind(true)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|row| row.try_get("id"))
    .collect()
}

pub async fn set_roles(
    conn: &mut AnyConnection,
    user_id: UserId,
    roles: &[Role],
) -> sqlx::Result<()> {
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

pub async fn roles_of(conn: &mut AnyConnection, user_id: UserId) -> sqlx::Result<Vec<Role>> {
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

/// Active users of the organisation holding `role`, other than `except`.
pub async fn count_role_holders(
    conn: &mut AnyConnection,
    organisation_id: OrganisationId,
    role: Role,
    except: UserId,
) -> sqlx::Result<i64> {
    sqlx::query(
        "SELECT COUNT(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE u.organisation_id = $1 AND u.active = $2 AND r.role = $3 AND u.id <> $4",
    )
    .bind(organisation_id)
    .bind(true)
    .bind(role.as_str())
    .bind(except)
    .fetch_one(conn)
    .await?
    .try_get("n")
}

/// A user row as the account code needs it.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: UserId,
    pub organisation_id: OrganisationId,
    pub email: String,
    pub full_name: String,
    pub password_hash: Option<String>,
    pub email_verified: bool,
    pub active: bool,
}

impl UserRecord {
    pub fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor::account(self.id, &self.email, self.organisation_id)
    }
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

/// The account that signs in with this address: active, with a password. Pending
/// invitations and removed people are not accounts.
pub async fn account_by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> sqlx::Result<Option<UserRecord>> {
    sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE email = $1 AND active = $2 AND password_hash IS NOT NULL"
    ))
    .bind(email)
    .bind(true)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(user_from_row)
    .transpose()
}

/// The active member (joined or invited) of the organisation with this address.
pub async fn member_by_email(
    conn: &mut AnyConnection,
    organisation_id: OrganisationId,
    email: &str,
) -> sqlx::Result<Option<UserRecord>> {
    sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE organisation_id = $1 AND email = $2 AND active = $3"
    ))
    .bind(organisation_id)
    .bind(email)
    .bind(true)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(user_from_row)
    .transpose()
}

pub async fn user_by_id(conn: &mut AnyConnection, id: UserId) -> sqlx::Result<Option<UserRecord>> {
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
    user_id: UserId,
    password_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn mark_verified(conn: &mut AnyConnection, user_id: UserId) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET email_verified = $1 WHERE id = $2")
        .bind(true)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_full_name(
    conn: &mut AnyConnection,
    user_id: UserId,
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
pub async fn deactivate_user(conn: &mut AnyConnection, user_id: UserId) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
        .bind(false)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    crate::auth::repo::delete_sessions_of(conn, user_id).await
}

/// Active members of an organisation, invited ones included.
pub async fn members(
    conn: &mut AnyConnection,
    organisation_id: OrganisationId,
) -> sqlx::Result<Vec<Member>> {
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
        let id: UserId = row.try_get("id")?;
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

// --- One-time tokens --------------------------------------------------------------

pub async fn create_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: UserId,
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
    pub user_id: UserId,
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

/// Spends every unused token of the user for `purpose` (e.g. every outstanding reset
/// link once the password has been reset or changed).
pub async fn revoke_tokens(
    conn: &mut AnyConnection,
    user_id: UserId,
    purpose: TokenPurpose,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE account_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(purpose.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Tokens used or expired more than a day ago (kept a day so that a second click says
/// "already used" rather than "not valid"); returns how many went.
pub async fn delete_spent_tokens(conn: &mut AnyConnection, now: i64) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM account_tokens WHERE expires_at < $1 OR used_at < $1")
            .bind(now - 86_400)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

// --- Sign-in attempts and throttling ------------------------------------------------

/// Takes the row lock of each key (creating rows as needed), in a fixed order so that
/// two requests never wait on each other in a circle. Requests that lock the same key
/// run one at a time until their transactions end.
pub async fn lock_keys(conn: &mut AnyConnection, keys: &[String], now: i64) -> sqlx::Result<()> {
    let mut keys: Vec<&String> = keys.iter().collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        sqlx::query(
            "INSERT INTO throttle_keys (key, touched_at) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET touched_at = excluded.touched_at",
        )
        .bind(key)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Records an attempt as failed before the password is checked, so concurrent attempts
/// count against the limit at once; a correct password then marks it succeeded.
pub async fn record_attempt(
    conn: &mut AnyConnection,
    email: &str,
    ip: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query("INSERT INTO sign_in_attempts (email, ip, at, succeeded) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(email)
        .bind(ip)
        .bind(now)
        .bind(false)
        .fetch_one(conn)
        .await?
        .try_get("id")
}

pub async fn mark_attempt_succeeded(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE sign_in_attempts SET succeeded = $1 WHERE id = $2")
        .bind(true)
        .bind(id)
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

pub async fn delete_attempts_before(conn: &mut AnyConnection, before: i64) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM throttle_keys WHERE touched_at < $1")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(sqlx::query("DELETE FROM sign_in_attempts WHERE at < $1")
        .bind(before)
        .execute(conn)
        .await?
        .rows_affected())
}

// --- Emails sent on request -----------------------------------------------------------

pub async fn email_requests_since(
    conn: &mut AnyConnection,
    key: &str,
    since: i64,
) -> sqlx::Result<usize> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM email_requests WHERE key = $1 AND at > $2")
        .bind(key)
        .bind(since)
        .fetch_one(conn)
        .await?
        .try_get("n")?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

pub async fn record_email_request(
    conn: &mut AnyConnection,
    key: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO email_requests (key, at) VALUES ($1, $2)")
        .bind(key)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_email_requests_before(
    conn: &mut AnyConnection,
    before: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM email_requests WHERE at < $1")
        .bind(before)
        .execute(conn)
        .await?
        .rows_affected())
}
