//! Who is asking: the request's session as the server's middleware resolved it, and the
//! checks every server function makes of it. Never from data the browser sends.

use super::roles::{OrgKind, Permission};
use super::user::CurrentUser;
use crate::error::AppError;
use http::request::Parts;
use leptos::prelude::*;

/// Put into every request's extensions by the server's session middleware.
#[derive(Debug, Clone, Default)]
pub struct RequestSession {
    pub user: Option<CurrentUser>,
    /// Hash of the presented session token, when it named a live session.
    pub token_hash: Option<String>,
    /// The client's address, for throttling and the audit log.
    pub client_ip: String,
}

pub fn request_session() -> RequestSession {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<RequestSession>().cloned())
        .unwrap_or_default()
}

pub fn current_user() -> Option<CurrentUser> {
    request_session().user
}

/// Who may call a server function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// Anyone, signed in or not (sign-up, sign-in, emailed links).
    Anyone,
    /// Any signed-in user (their own password).
    SignedIn,
    /// A signed-in member of an organisation of this kind holding this permission.
    Member(OrgKind, Permission),
}

/// Checks `allowed` against the session: the user, when there is one.
pub fn authorise(
    session: &RequestSession,
    allowed: Allowed,
) -> Result<Option<CurrentUser>, AppError> {
    let user = session.user.clone();
    match allowed {
        Allowed::Anyone => Ok(user),
        Allowed::SignedIn => user.map(Some).ok_or(AppError::Unauthenticated),
        Allowed::Member(kind, permission) => {
            let user = user.ok_or(AppError::Unauthenticated)?;
            if user.org_kind != kind || !user.can(permission) {
                return Err(AppError::Forbidden);
            }
            Ok(Some(user))
        }
    }
}
