//! Serving stored evidence files. Not a server function: a download is a plain link
//! that the browser saves, so it answers with the file itself. Who may open it is the
//! evidence service's decision, and each opening is written to the audit log there.

use app::auth::request::RequestSession;
use app::error::AppError;
use app::ids::EvidenceItemId;
use app::service::Ctx;
use app::state::AppState;
use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};

pub async fn evidence_file(
    State(state): State<AppState>,
    Extension(session): Extension<RequestSession>,
    Path(id): Path<String>,
) -> Response {
    let Some(me) = session.user.clone() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Ok(id) = id.parse::<EvidenceItemId>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut ctx = Ctx::new(state, session);
    let download = match app::evidence::service::download(&mut ctx, &me, id).await {
        Ok(download) => download,
        Err(error) => return status(&error).into_response(),
    };
    if let Err(error) = ctx.commit().await {
        return status(&error).into_response();
    }
    // The name is the uploader's: quote-free by construction, and sent in both forms
    // so that non-ASCII names survive.
    let ascii: String = download
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String =
        url::form_urlencoded::byte_serialize(download.file_name.as_bytes()).collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        encoded.replace('+', "%20")
    );
    let mut response = Response::new(Body::from(download.bytes));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(download.mime),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn status(error: &AppError) -> StatusCode {
    StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The council's placements as CSV, filtered as its list is, for its own users.
pub async fn placements_csv(
    State(state): State<AppState>,
    Extension(session): Extension<RequestSession>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let Some(me) = session.user.clone() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let get = |k: &str| query.get(k).map(String::as_str).unwrap_or("");
    let filter = app::placements::repo::placements::Filter::parse(
        get("system"),
        get("lot"),
        get("provider"),
        get("status"),
        get("ends_by"),
        get("route"),
    );
    let mut ctx = Ctx::new(state, session);
    match app::placements::service::report::placements_csv(&mut ctx, &me, &filter).await {
        Ok(text) => csv_response(text, "placements.csv"),
        Err(error) => status(&error).into_response(),
    }
}

fn csv_response(text: String, file_name: &str) -> Response {
    let mut response = Response::new(Body::from(text));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// A system's compliance lists as CSV, for users of the council leading it.
pub async fn compliance_csv(
    State(state): State<AppState>,
    Extension(session): Extension<RequestSession>,
    Path(id): Path<String>,
) -> Response {
    let Some(me) = session.user.clone() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Ok(id) = id.parse::<app::ids::SystemId>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut ctx = Ctx::new(state, session);
    match app::compliance::service::queries::system_csv(&mut ctx, &me, id).await {
        Ok(text) => csv_response(text, &format!("compliance-{id}.csv")),
        Err(error) => status(&error).into_response(),
    }
}
