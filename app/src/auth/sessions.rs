//! Sessions: a random id in an HttpOnly cookie, stored only hashed, new at every
//! sign-in, ending after 30 idle minutes or 12 hours whatever happens.

use super::repo;
use super::user::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use crate::ids::UserId;
use crate::state::Settings;
use sqlx::AnyConnection;

/// Only touch `last_seen_at` this often, so reads do not all become writes.
pub const TOUCH_EVERY_SECONDS: i64 = 60;

/// Whether a session created at `created_at` and last used at `last_seen_at` has ended
/// by `now`. Pure.
pub fn expired(created_at: i64, last_seen_at: i64, now: i64, settings: &Settings) -> bool {
    now - last_seen_at > settings.session_idle_seconds
        || now - created_at > settings.session_absolute_seconds
}

/// The session cookie's name. Behind TLS it carries the `__Host-` prefix: browsers then
/// accept it only from this exact host, over HTTPS, for the whole site, so no sibling
/// subdomain can plant or overwrite it.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-opendps_session"
    } else {
        "opendps_session"
    }
}

/// The Set-Cookie value for a session token (`None` clears the cookie).
pub fn cookie(token: Option<&str>, secure: bool) -> String {
    let mut cookie = cookie::Cookie::build((cookie_name(secure), token.unwrap_or_default()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure);
    if token.is_none() {
        cookie = cookie.max_age(cookie::time::Duration::ZERO);
    }
    cookie.build().to_string()
}

/// Starts a session for the user, ending `previous` (the one this browser had): a new
/// id at every sign-in, so a session id planted beforehand is worthless. Returns the
/// cookie value (set it after commit) and who is now signed in.
pub async fn start(
    conn: &mut AnyConnection,
    user_id: UserId,
    previous: Option<&str>,
    now: i64,
) -> Result<(String, CurrentUser), AppError> {
    use crate::secret::{hash_token, new_token};
    if let Some(old) = previous {
        repo::delete_session(conn, old).await?;
    }
    let secret = new_token();
    let hash = hash_token(&secret);
    repo::create_session(conn, &hash, user_id, now).await?;
    let record = repo::session(conn, &hash)
        .await?
        .ok_or(AppError::Internal)?;
    Ok((secret, record.user))
}

/// Signs out: the session row goes, so the cookie is worthless even if kept.
pub async fn end(ctx: &mut crate::service::Ctx) -> Result<(), AppError> {
    use crate::audit::{Action, Actor, AuditEvent, Subject};
    let session = ctx.session.clone();
    if let (Some(hash), Some(user)) = (&session.token_hash, &session.user) {
        repo::delete_session(ctx.work.tx().await?, hash).await?;
        ctx.audit(AuditEvent::by(
            Actor::user(user),
            Action::SignOut,
            Subject::User(user.user_id),
        ))
        .await?;
    }
    Ok(())
}

/// The user of a live session, for the middleware. An ended session is deleted.
pub async fn resolve(
    db: &Db,
    token_hash: &str,
    now: i64,
    settings: &Settings,
) -> sqlx::Result<Option<CurrentUser>> {
    let mut conn = db.pool.acquire().await?;
    let Some(record) = repo::session(&mut conn, token_hash).await? else {
        return Ok(None);
    };
    drop(conn);
    if expired(record.created_at, record.last_seen_at, now, settings) {
        repo::delete_session(&mut *db.write_connection().await?, token_hash).await?;
        return Ok(None);
    }
    if now - record.last_seen_at > TOUCH_EVERY_SECONDS {
        repo::touch_session(&mut *db.write_connection().await?, token_hash, now).await?;
    }
    Ok(Some(record.user))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            service_name: "OpenDPS".into(),
            base_url: "http://x".into(),
            secure_cookies: false,
            session_idle_seconds: 1_800,
            session_absolute_seconds: 43_200,
            trusted_proxies: Vec::new(),
        }
    }

    #[test]
    fn a_session_ends_after_thirty_idle_minutes() {
        assert!(!expired(0, 0, 1_800, &settings()));
        assert!(expired(0, 0, 1_801, &settings()));
    }

    #[test]
    fn a_busy_session_still_ends_after_twelve_hours() {
        assert!(!expired(0, 43_000, 43_200, &settings()));
        assert!(expired(0, 43_100, 43_201, &settings()));
    }

    #[test]
    fn the_cookie_is_http_only_same_site_and_host_prefixed_behind_tls() {
        let plain = cookie(Some("abc"), false);
        assert!(plain.starts_with("opendps_session=abc"));
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax"));
        assert!(!plain.contains("Secure"));
        let tls = cookie(Some("abc"), true);
        assert!(tls.starts_with("__Host-opendps_session=abc"));
        assert!(tls.contains("Secure") && tls.contains("Path=/"));
        assert!(cookie(None, false).contains("Max-Age=0"));
    }
}
