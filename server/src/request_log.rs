//! One log line per request: method, route, status, latency and, once the session is
//! resolved, the user's id. Errors are logged where they happen, inside this span, so
//! they carry the same context.

use axum::extract::MatchedPath;
use axum::http::Request;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

type MakeSpan = fn(&Request<axum::body::Body>) -> tracing::Span;

pub fn layer() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, MakeSpan> {
    TraceLayer::new_for_http()
        .make_span_with(request_span as MakeSpan)
        .on_response(DefaultOnResponse::new().level(Level::INFO))
}

fn request_span(request: &Request<axum::body::Body>) -> tracing::Span {
    // The route, not the path: `/council/users/{id}`, so logs hold no ids typed in URLs.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| request.uri().path().to_string());
    tracing::info_span!(
        "request",
        method = %request.method(),
        route = %route,
        user_id = tracing::field::Empty,
    )
}
