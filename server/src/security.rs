//! Request-level protections: the session lookup, sign-in walls on private pages, the
//! CSRF origin check on every state-changing request, and the security headers.

use crate::client_address::client_address;
use app::auth::{request::RequestSession, sessions};
use app::state::AppState;
use axum::{
    body::Body,
    extract::{ConnectInfo, State},
    http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use std::net::SocketAddr;

/// The value of the request cookie `name`, if sent.
pub fn request_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

fn session_token(headers: &HeaderMap, secure: bool) -> Option<String> {
    request_cookie(headers, sessions::cookie_name(secure))
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Every `X-Forwarded-For` line, in order, as one list: a proxy may add a line of its
/// own rather than append to the last.
fn forwarded_for(headers: &HeaderMap) -> Option<String> {
    let lines: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!lines.is_empty()).then(|| lines.join(","))
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
            let forwarded = forwarded_for(req.headers());
            client_address(
                c.0.ip(),
                forwarded.as_deref(),
                &state.settings.trusted_proxies,
            )
            .to_string()
        })
        .unwrap_or_else(|| "unknown".into());
    let mut session = RequestSession {
        client_ip,
        ..Default::default()
    };
    if let Some(token) = session_token(req.headers(), state.settings.secure_cookies) {
        let hash = app::secret::hash_token(&token);
        match sessions::resolve(&state.db, &hash, state.clock.now(), &state.settings).await {
            Ok(Some(user)) => {
                tracing::Span::current().record("user_id", user.user_id.get());
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

/// Headers for every response, as tower layers: pages set their own nonce-based
/// Content-Security-Policy, everything else gets one that allows nothing; pages show
/// personal data, so no cache keeps them unless a route said otherwise (the hashed
/// assets under /pkg/ do); behind TLS, browsers are told to use nothing else.
pub fn security_headers<S>(router: axum::Router<S>, https: bool) -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    use tower_http::set_header::SetResponseHeaderLayer as Set;
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ),
    ];
    let mut router = router
        .layer(Set::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
        ))
        .layer(Set::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    for (name, value) in fixed {
        router = router.layer(Set::overriding(name, HeaderValue::from_static(value)));
    }
    if https {
        router = router.layer(Set::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    router
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
            HeaderValue::from_str(&format!("x=1; opendps_session={token}")).unwrap(),
        );
        assert_eq!(session_token(&headers, false), Some(token.clone()));
        // Behind TLS only the __Host- cookie counts: a plain one may have been planted.
        assert_eq!(session_token(&headers, true), None);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("__Host-opendps_session={token}")).unwrap(),
        );
        assert_eq!(session_token(&headers, true), Some(token));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("opendps_session=' OR 1=1"),
        );
        assert_eq!(session_token(&headers, false), None);
    }

    #[test]
    fn every_forwarded_for_line_is_read_in_order() {
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_static("10.0.0.2, 10.0.0.3"),
        );
        assert_eq!(
            forwarded_for(&headers).as_deref(),
            Some("203.0.113.9,10.0.0.2, 10.0.0.3")
        );
        assert_eq!(forwarded_for(&HeaderMap::new()), None);
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
