//! Without JavaScript, Leptos sends a failed form post back to the form with the error,
//! including the values typed (names, email addresses), encoded in the URL query. URLs
//! end up in browser history, proxy logs and access logs, so this middleware moves that
//! error into a short-lived HttpOnly cookie and, on the next page request, puts it back
//! into the request internally: the page renders the same, the address bar stays clean.
//!
//! Only errors this server produced for this browser are shown: error parameters that
//! arrive in a URL (a link someone crafted) are dropped before the page sees them.

use crate::security::request_cookie;
use app::state::AppState;
use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderMap, HeaderValue, Method, Request, Uri},
    middleware::Next,
    response::Response,
};

pub const COOKIE_NAME: &str = "opendps_form_error";
const ERROR_KEYS: [&str; 2] = ["__path", "__err"];
/// Long enough to follow a redirect, short enough not to linger.
const MAX_AGE_SECONDS: u32 = 120;

/// Splits the error parameters off a redirect location: the clean location and the
/// error parameters as a query string. `None` when the location carries no error.
pub fn split_error(location: &str) -> Option<(String, String)> {
    let base = url::Url::parse("http://portal.invalid").ok()?;
    let url = base.join(location).ok()?;
    let (error, kept): (Vec<_>, Vec<_>) = url
        .query_pairs()
        .into_owned()
        .partition(|(key, _)| ERROR_KEYS.contains(&key.as_str()));
    if error.len() != ERROR_KEYS.len() {
        return None;
    }
    let encode = |pairs: &[(String, String)]| {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    };
    let mut clean = url;
    clean.set_query(None);
    if !kept.is_empty() {
        clean.set_query(Some(&encode(&kept)));
    }
    let clean = if location.starts_with('/') {
        let mut path = clean.path().to_string();
        if let Some(query) = clean.query() {
            path.push('?');
            path.push_str(query);
        }
        path
    } else {
        clean.to_string()
    };
    Some((clean, encode(&error)))
}

/// The request path with the error parameters added to its query.
pub fn with_error(path_and_query: &str, error: &str) -> String {
    let separator = if path_and_query.contains('?') {
        '&'
    } else {
        '?'
    };
    format!("{path_and_query}{separator}{error}")
}

fn cookie_value(headers: &HeaderMap) -> Option<String> {
    request_cookie(headers, COOKIE_NAME)
        .filter(|value| split_error(&with_error("/", value)).is_some())
}

fn wants_page(req: &Request<Body>) -> bool {
    req.method() == Method::GET
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
}

fn set_cookie(response: &mut Response, value: &str, max_age: u32, secure: bool) {
    let cookie = cookie::Cookie::build((COOKIE_NAME, value))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(i64::from(max_age)))
        .build();
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// The request path without any error parameters in its query.
pub fn without_error(path_and_query: &str) -> String {
    match split_error_keys(path_and_query) {
        Some(clean) => clean,
        None => path_and_query.to_string(),
    }
}

/// The path with error parameters removed, if it had any.
fn split_error_keys(path_and_query: &str) -> Option<String> {
    let (path, query) = path_and_query.split_once('?')?;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    if !pairs
        .iter()
        .any(|(key, _)| ERROR_KEYS.contains(&key.as_str()))
    {
        return None;
    }
    let kept: Vec<_> = pairs
        .into_iter()
        .filter(|(key, _)| !ERROR_KEYS.contains(&key.as_str()))
        .collect();
    if kept.is_empty() {
        return Some(path.to_string());
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .finish();
    Some(format!("{path}?{query}"))
}

pub async fn carry_form_errors(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let secure = state.settings.secure_cookies;
    let is_post = req.method() == Method::POST;
    let carried = if wants_page(&req) {
        cookie_value(req.headers())
    } else {
        None
    };
    let target = without_error(
        req.uri()
            .path_and_query()
            .map(|pq| pq.as_str())
            .unwrap_or("/"),
    );
    let target = match &carried {
        Some(error) => with_error(&target, error),
        None => target,
    };
    if let Ok(uri) = target.parse::<Uri>() {
        *req.uri_mut() = uri;
    }
    let mut response = next.run(req).await;
    if is_post && response.status().is_redirection() {
        let moved = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(split_error);
        if let Some((clean, error)) = moved {
            if let Ok(location) = HeaderValue::from_str(&clean) {
                response.headers_mut().insert(header::LOCATION, location);
                set_cookie(&mut response, &error, MAX_AGE_SECONDS, secure);
            }
        }
    }
    if carried.is_some() {
        set_cookie(&mut response, "", 0, secure);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_is_split_off_an_absolute_location() {
        let (clean, error) =
            split_error("http://127.0.0.1:3000/sign-up?x=1&__path=%2Fapi%2Fsign-up&__err=abc")
                .unwrap();
        assert_eq!(clean, "http://127.0.0.1:3000/sign-up?x=1");
        assert_eq!(error, "__path=%2Fapi%2Fsign-up&__err=abc");
    }

    #[test]
    fn a_relative_location_stays_relative() {
        let (clean, error) = split_error("/sign-up?__path=%2Fapi&__err=abc").unwrap();
        assert_eq!(clean, "/sign-up");
        assert_eq!(
            with_error(&clean, &error),
            "/sign-up?__path=%2Fapi&__err=abc"
        );
    }

    #[test]
    fn locations_without_an_error_are_left_alone() {
        assert_eq!(split_error("/sign-in?verified=1"), None);
        assert_eq!(split_error("/sign-in?__err=only-half"), None);
    }

    #[test]
    fn errors_in_a_url_are_dropped_and_the_rest_kept() {
        assert_eq!(
            without_error("/sign-in?__err=aGk&__path=%2Fapi"),
            "/sign-in"
        );
        assert_eq!(
            without_error("/council/audit?page=2&__err=x"),
            "/council/audit?page=2"
        );
        assert_eq!(
            without_error("/council/audit?page=2"),
            "/council/audit?page=2"
        );
        assert_eq!(without_error("/"), "/");
    }

    #[test]
    fn the_error_joins_an_existing_query() {
        assert_eq!(
            with_error("/council?x=1", "__err=e"),
            "/council?x=1&__err=e"
        );
    }
}
