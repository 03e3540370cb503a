//! The evidence library's operations: add a document or a registration, list the
//! library, and open a file, which only its organisation and the councils it was
//! submitted to may do, and each opening is audited.

use super::file_type::{self, FileKind};
use super::forms::{ItemDetails, Registration};
use super::model::{size_label, EvidenceItem, FileFacts};
use super::repo::{self, ItemRow, NewFile, NewItem};
use super::EvidenceKind;
use crate::applications::questions::AnswerDate;
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::{OrgKind, Permission};
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::EvidenceItemId;
use crate::service::Ctx;
use crate::storage::StoredName;
use crate::systems::details::{iso_date, long_date};
use serde_json::json;

/// Today in the UK, as the date fields and the expiry rules take it.
pub fn today(now: i64) -> AnswerDate {
    let date = uk_date(now);
    AnswerDate {
        year: date.year(),
        month: u8::from(date.month()),
        day: date.day(),
    }
}

fn label(iso: &str) -> String {
    iso_date(iso)
        .map(long_date)
        .unwrap_or_else(|_| iso.to_string())
}

pub fn view(row: ItemRow, today: &str) -> EvidenceItem {
    let file = match (&row.file_name, &row.file_kind, row.file_size) {
        (Some(name), Some(kind), Some(size)) => Some(FileFacts {
            name: name.clone(),
            kind_label: FileKind::ALL
                .into_iter()
                .find(|k| k.extension() == kind)
                .map(|k| k.label().to_string())
                .unwrap_or_else(|| kind.clone()),
            size_label: size_label(u64::try_from(size).unwrap_or(0)),
        }),
        _ => None,
    };
    let added = time::OffsetDateTime::from_unix_timestamp(row.created_at)
        .map(|t| long_date(t.date()))
        .unwrap_or_default();
    EvidenceItem {
        id: row.id,
        kind: row.kind,
        expired: row.expires_on.as_deref().is_some_and(|d| d < today),
        expires_label: row.expires_on.as_deref().map(label),
        expires_on: row.expires_on,
        title: row.title,
        reference: row.reference,
        rating: row.rating,
        file,
        added_label: added,
    }
}

/// The organisation's library, newest first.
pub async fn library(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<Vec<EvidenceItem>> {
    let today = today(ctx.now).iso();
    let mut conn = ctx.work.read().await?;
    Ok(repo::items(&mut conn, me.organisation_id)
        .await?
        .into_iter()
        .map(|row| view(row, &today))
        .collect())
}

async fn audit_added(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: EvidenceItemId,
    after: serde_json::Value,
) -> AppResult<()> {
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::EvidenceAdded,
            Subject::Evidence(id),
        )
        .after(after),
    )
    .await
}

pub async fn add_registration(
    ctx: &mut Ctx,
    me: &CurrentUser,
    registration: &Registration,
) -> AppResult<EvidenceItemId> {
    let now = ctx.now;
    let item = NewItem {
        organisation: me.organisation_id,
        kind: registration.kind,
        title: &registration.details.title,
        reference: &registration.reference,
        rating: &registration.rating,
        file: None,
        expires_on: registration.details.expires_on.map(|d| d.iso()),
        added_by: me.user_id,
    };
    let id = repo::insert_item(ctx.work.tx().await?, &item, now).await?;
    audit_added(
        ctx,
        me,
        id,
        json!({ "kind": registration.kind.as_str(), "title": registration.details.title,
                "reference": registration.reference, "rating": registration.rating }),
    )
    .await?;
    Ok(id)
}

/// Why an upload was refused, beside the file field.
fn file_refused(problem: file_type::FileProblem, details: &ItemDetails) -> AppError {
    let mut errors = FormErrors::one("file", problem.to_string());
    errors = errors.keep("title", &details.title);
    if let Some(date) = details.expires_on {
        errors = errors.keep("expires_on", &date.iso());
    }
    AppError::Invalid(errors)
}

/// Stores an uploaded document. The kind is decided from the bytes, and the file goes
/// under a generated name; the name it was uploaded with is kept only to show.
pub async fn add_document(
    ctx: &mut Ctx,
    me: &CurrentUser,
    details: &ItemDetails,
    file_name: &str,
    bytes: Vec<u8>,
) -> AppResult<EvidenceItemId> {
    file_type::check_size(bytes.len() as u64).map_err(|p| file_refused(p, details))?;
    let sniffed = &bytes[..bytes.len().min(file_type::SNIFF_BYTES)];
    let kind = file_type::sniff(sniffed).map_err(|p| file_refused(p, details))?;
    let stored = StoredName::generate();
    let size = i64::try_from(bytes.len()).map_err(|_| AppError::Internal)?;
    ctx.state.files.put(&stored, bytes).await.map_err(|error| {
        tracing::error!(%error, "storing an upload failed");
        AppError::Internal
    })?;
    let shown_name = display_name(file_name, kind);
    let now = ctx.now;
    let item = NewItem {
        organisation: me.organisation_id,
        kind: EvidenceKind::Document,
        title: &details.title,
        reference: "",
        rating: "",
        file: Some(NewFile {
            name: &shown_name,
            stored_name: stored.as_str(),
            kind: kind.extension(),
            size,
        }),
        expires_on: details.expires_on.map(|d| d.iso()),
        added_by: me.user_id,
    };
    let id = repo::insert_item(ctx.work.tx().await?, &item, now).await?;
    audit_added(
        ctx,
        me,
        id,
        json!({ "kind": "document", "title": details.title, "file": shown_name, "type": kind.extension(), "bytes": size }),
    )
    .await?;
    Ok(id)
}

/// The uploaded name without any folder part or control characters, ending in the
/// extension of what the file really is.
fn display_name(uploaded: &str, kind: FileKind) -> String {
    let base = uploaded.rsplit(['/', '\\']).next().unwrap_or("");
    let stem: String = base
        .rsplit_once('.')
        .map(|(stem, _)| stem)
        .unwrap_or(base)
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>'))
        .take(100)
        .collect();
    let stem = if stem.trim().is_empty() {
        "evidence".to_string()
    } else {
        stem.trim().to_string()
    };
    format!("{stem}.{}", kind.extension())
}

/// A file to send: its name, content type and bytes.
pub struct Download {
    pub file_name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// Opens a stored document for `me`: its own organisation's, or one submitted to a
/// system `me`'s council leads or takes part in. Anyone else is told it does not exist.
pub async fn download(ctx: &mut Ctx, me: &CurrentUser, id: EvidenceItemId) -> AppResult<Download> {
    let mut conn = ctx.work.read().await?;
    let row = repo::find_item(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let allowed = if me.org_kind == OrgKind::Provider {
        row.organisation_id == me.organisation_id && me.can(Permission::ApplyToSystems)
    } else {
        me.can(Permission::ViewSystems)
            && repo::submitted_to_council(&mut conn, id, me.organisation_id).await?
    };
    drop(conn);
    if !allowed {
        return Err(AppError::NotFound);
    }
    let (Some(stored), Some(kind), Some(name)) = (
        row.stored_name.as_deref().and_then(StoredName::parse),
        row.file_kind
            .as_deref()
            .and_then(|k| FileKind::ALL.into_iter().find(|f| f.extension() == k)),
        row.file_name.clone(),
    ) else {
        return Err(AppError::NotFound);
    };
    let bytes = ctx.state.files.get(&stored).await.map_err(|error| {
        tracing::error!(%error, item = %id, "reading a stored file failed");
        AppError::Internal
    })?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::EvidenceDownloaded,
            Subject::Evidence(id),
        )
        .after(json!({ "file": name, "owner": row.organisation_id.get() })),
    )
    .await?;
    Ok(Download {
        file_name: name,
        mime: kind.mime(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_name_drops_folders_and_takes_the_real_extension() {
        assert_eq!(
            display_name("C:\\Users\\me\\Insurance 2026.exe", FileKind::Pdf),
            "Insurance 2026.pdf"
        );
        assert_eq!(
            display_name("../../etc/passwd", FileKind::Png),
            "passwd.png"
        );
        assert_eq!(display_name("", FileKind::Docx), "evidence.docx");
    }
}
