//! Request-level protections: the session lookup, sign-in walls on private pages, the
//! CSRF origin check on every state-changing request, and the security headers.

use crate::client_address::client_address;
use app::accounts::{repo, session::RequestSession, session::COOKIE_NAME, token};
use app::state::AppState;
use axum::{
    body::Body,
    extract::{ConnectInfo, State},
    http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use std::net::SocketAddr;

/// Only touch `last_seen_at` this often, so reads do not all become writes.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// The value of the request cookie `name`, if sent.
pub fn request_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    request_cookie(headers, COOKIE_NAME)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Resolves the session cookie to a user and puts a `RequestSession` into the request.
/// Sessions idle for too long, or older than the absolute limit, are deleted.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let client_ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| {
            let forwarded_for = req
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok());
            client_address(c.0.ip(), forwarded_for, &state.settings.trusted_proxies).to_string()
        })
        .unwrap_or_else(|| "unknown".into());
    let mut session = RequestSession {
        client_ip,
        ..Default::default()
    };
    if let Some(token) = session_token(req.headers()) {
        let hash = token::hash_token(&token);
        match lookup(&state, &hash).await {
            Ok(Some(user)) => {
                session.user = Some(user);
                session.token_hash = Some(hash);
            }
            Ok(None) => {}
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The service is unavailable. Try again later.",
                )
                    .into_response();
            }
        }
    }
    req.extensions_mut().insert(session);
    next.run(req).await
}

async fn lookup(
    state: &AppState,
    hash: &str,
) -> sqlx::Result<Option<app::accounts::types::CurrentUser>> {
    let now = app::db::now();
    let mut conn = state.db.pool.acquire().await?;
    let Some(record) = repo::session(&mut conn, hash).await? else {
        return Ok(None);
    };
    let settings = &state.settings;
    drop(conn);
    if now - record.last_seen_at > settings.session_idle_seconds
        || now - record.created_at > settings.session_absolute_seconds
    {
        repo::delete_session(&mut *state.db.write_connection().await?, hash).await?;
        return Ok(None);
    }
    if now - record.last_seen_at > TOUCH_EVERY_SECONDS {
        repo::touch_session(&mut *state.db.write_connection().await?, hash, now).await?;
    }
    Ok(Some(record.user))
}

/// Pages under these paths need a signed-in user; others are redirected to sign in.
/// (Each page's server function still checks the user's organisation and roles.)
const PRIVATE_PREFIXES: [&str; 3] = ["/provider", "/council", "/account"];

pub async fn require_sign_in(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path();
    let private = PRIVATE_PREFIXES.iter().any(|p| {
        path == *p
            || path
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('/'))
    });
    let signed_in = req
        .extensions()
        .get::<RequestSession>()
        .is_some_and(|s| s.user.is_some());
    if private && !signed_in && req.method() == Method::GET {
        return Redirect::to("/sign-in").into_response();
    }
    next.run(req).await
}

/// The origins state-changing requests may come from.
#[derive(Clone, Debug)]
pub struct AllowedOrigin(pub String);

fn origin_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    Some(parsed.origin().ascii_serialization())
}

/// CSRF defence (OWASP: verifying origin with standard headers): a POST, PUT, PATCH or
/// DELETE must name this portal as its `Origin`, or failing that its `Referer`. The
/// portal's origin is `OPENDPS_BASE_URL`'s, or the origin the request was addressed to.
pub async fn check_origin(
    State(allowed): State<AllowedOrigin>,
    req: Request<Body>,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|v| *v != "null")
        .and_then(origin_of)
        .or_else(|| {
            headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(origin_of)
        });
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let ok = match claimed {
        Some(origin) => {
            origin == allowed.0
                || host.is_some_and(|h| {
                    origin == format!("http://{h}") || origin == format!("https://{h}")
                })
        }
        None => false,
    };
    if !ok {
        tracing::warn!(path = %req.uri().path(), "refused a cross-site or origin-less state-changing request");
        return (
            StatusCode::FORBIDDEN,
            "This request did not come from this service's own pages, so it was refused.",
        )
            .into_response();
    }
    next.run(req).await
}

/// Headers for every response. Pages set their own nonce-based Content-Security-Policy;
/// everything else gets one that allows nothing.
pub async fn security_headers(req: Request<Body>, next: Next) -> Response {
    let static_asset = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
        );
    }
    if !static_asset {
        // Pages show personal data: never keep them in shared or back-button caches.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_well_formed_session_cookie_is_read() {
        let mut headers = HeaderMap::new();
        let token = "a".repeat(64);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("x=1; {COOKIE_NAME}={token}")).unwrap(),
        );
        assert_eq!(session_token(&headers), Some(token));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("opendps_session=' OR 1=1"),
        );
        assert_eq!(session_token(&headers), None);
    }

    #[test]
    fn origin_ignores_path_and_query() {
        assert_eq!(
            origin_of("https://dps.example.gov.uk/sign-in?x=1").as_deref(),
            Some("https://dps.example.gov.uk")
        );
        assert_eq!(origin_of("not a url"), None);
    }
}
