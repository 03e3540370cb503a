//! The request's session, as resolved by the server's session middleware, and the
//! helpers every server function uses to check who is asking.

use super::roles::{OrgKind, Permission};
use super::types::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use http::{header, request::Parts, HeaderValue};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

pub const COOKIE_NAME: &str = "opendps_session";

/// Put into every request's extensions by the server's middleware.
#[derive(Debug, Clone, Default)]
pub struct RequestSession {
    pub user: Option<CurrentUser>,
    /// Hash of the presented session token, when it named a live session.
    pub token_hash: Option<String>,
    /// The client's address, for sign-in throttling.
    pub client_ip: String,
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}

pub fn request_session() -> RequestSession {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<RequestSession>().cloned())
        .unwrap_or_default()
}

pub fn current_user() -> Option<CurrentUser> {
    request_session().user
}

pub fn require_user() -> Result<CurrentUser, AppError> {
    current_user().ok_or(AppError::Unauthenticated)
}

/// The signed-in user, if they belong to an organisation of `kind` and hold `permission`.
pub fn require(kind: OrgKind, permission: Permission) -> Result<CurrentUser, AppError> {
    let user = require_user()?;
    if user.org_kind != kind || !user.can(permission) {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

fn cookie(value: &str, max_age: Option<i64>, secure: bool) -> String {
    let mut cookie = format!("{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

pub fn set_session_cookie(token: &str, settings: &crate::state::Settings) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie(token, None, settings.secure_cookies)),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}

pub fn clear_session_cookie(settings: &crate::state::Settings) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie("", Some(0), settings.secure_cookies)),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// Whether the request came from a plain HTML form (no JavaScript).
fn is_plain_form_post() -> bool {
    use_context::<Parts>()
        .and_then(|p| {
            p.headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Every server function ends here: errors get their HTTP status for JSON clients
/// (a plain form post is redirected back to its page by leptos instead, with the error
/// in the URL for the page to show), and unexpected ones are already logged.
pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if !is_plain_form_post() {
            if let (Some(response), Ok(code)) = (
                use_context::<ResponseOptions>(),
                http::StatusCode::from_u16(error.status()),
            ) {
                response.set_status(code);
            }
        }
    }
    result
}

/// Sends the browser on after success: a 302 for a plain form post, a redirect
/// instruction for the hydrated client.
pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}

/// The hash and stored record of an emailed link's token, if it may be used now;
/// otherwise the message to show.
pub async fn usable_link(
    conn: &mut sqlx::AnyConnection,
    token: &str,
    purpose: super::token::TokenPurpose,
    now: i64,
) -> Result<(String, super::repo::TokenRecord), AppError> {
    use super::token::{hash_token, usable, TokenProblem};
    let hash = hash_token(token.trim());
    let record = super::repo::find_token(conn, &hash, purpose)
        .await?
        .ok_or_else(|| AppError::invalid("", TokenProblem::Unknown.message()))?;
    usable(record.expires_at, record.used_at, now)
        .map_err(|p| AppError::invalid("", p.message()))?;
    Ok((hash, record))
}

/// Starts a session for the user, ending the one this browser had: a new id at every
/// sign-in, so a session id planted beforehand is worthless. Returns the cookie value
/// (set it after commit) and who is now signed in.
pub async fn start_session(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    now: i64,
) -> Result<(String, CurrentUser), AppError> {
    use super::token::{hash_token, new_token};
    if let Some(old) = &request_session().token_hash {
        super::repo::delete_session(conn, old).await?;
    }
    let secret = new_token();
    let hash = hash_token(&secret);
    super::repo::create_session(conn, &hash, user_id, now).await?;
    let record = super::repo::session(conn, &hash)
        .await?
        .ok_or(AppError::Internal)?;
    Ok((secret, record.user))
}

#[cfg(test)]
mod tests {
    use super::cookie;

    #[test]
    fn session_cookie_is_secure_only_when_configured() {
        let plain = cookie("abc", None, false);
        assert_eq!(plain, "opendps_session=abc; Path=/; HttpOnly; SameSite=Lax");
        assert!(cookie("abc", None, true).ends_with("; Secure"));
        assert!(cookie("", Some(0), false).contains("Max-Age=0"));
    }
}
