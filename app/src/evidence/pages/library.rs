//! The evidence library page: the items, a document upload (a plain multipart form
//! post, which works without JavaScript) and a regulator's registration.

use crate::components::fields::{Radios, Select};
use crate::components::form::{form_errors, plain_form_errors, ErrorSummary, TextField};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::evidence::model::EvidenceItem;
use crate::evidence::values::CqcRating;
use crate::evidence::EvidenceKind;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::codec::{MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use {
    crate::applications::pages::APPLY,
    crate::error::FormErrors,
    crate::evidence::file_type::MAX_BYTES,
    crate::evidence::forms::{ItemForm, RegistrationForm},
    crate::evidence::service::{self, today},
    crate::service::{as_user, redirect},
};

#[server(prefix = "/api", endpoint = "evidence-library")]
pub async fn evidence_library() -> Result<Vec<EvidenceItem>, AppError> {
    as_user(APPLY, async |ctx, me| service::library(ctx, me).await).await
}

#[server(prefix = "/api", endpoint = "add-registration")]
pub async fn add_registration(
    #[server(default)] registration_title: String,
    #[server(default)] kind: String,
    #[server(default)] reference: String,
    #[server(default)] rating: String,
    #[server(default)] check_by: String,
) -> Result<(), AppError> {
    let form = RegistrationForm {
        item: ItemForm {
            title: registration_title,
            expires_on: check_by,
        },
        kind,
        reference,
        rating,
    };
    as_user(APPLY, async |ctx, me| {
        let registration = form.parse(today(ctx.now)).map_err(|errors| {
            AppError::Invalid(
                errors
                    .renamed("title", "registration_title")
                    .renamed("expires_on", "check_by"),
            )
        })?;
        service::add_registration(ctx, me, &registration).await
    })
    .await?;
    redirect("/provider/evidence?added=1")
}

/// A document upload. The file is read in chunks and refused the moment it passes the
/// limit, so an oversized upload is never held whole, and nothing of it is stored.
#[server(prefix = "/api", endpoint = "upload-evidence", input = MultipartFormData)]
pub async fn upload_evidence(data: MultipartData) -> Result<(), AppError> {
    let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
    let mut form = ItemForm::default();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut too_large = false;
    let unreadable =
        |_| AppError::invalid("file", "The selected file could not be read. Try again");
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or_default() {
            "title" => form.title = field.text().await.map_err(unreadable)?,
            "expires_on" => form.expires_on = field.text().await.map_err(unreadable)?,
            "file" => {
                let name = field.file_name().unwrap_or_default().to_string();
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                    if (bytes.len() + chunk.len()) as u64 > MAX_BYTES {
                        too_large = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if too_large {
                    break;
                }
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    as_user(APPLY, async |ctx, me| {
        let details = form.parse(today(ctx.now)).map_err(|mut errors| {
            if too_large {
                errors.add(
                    "file",
                    crate::evidence::file_type::FileProblem::TooLarge.to_string(),
                );
            }
            AppError::Invalid(errors)
        })?;
        let kept = |message: String| {
            let mut errors = FormErrors::one("file", message)
                .keep("title", &form.title)
                .keep("expires_on", &form.expires_on);
            errors.values.dedup();
            AppError::Invalid(errors)
        };
        if too_large {
            return Err(kept(
                crate::evidence::file_type::FileProblem::TooLarge.to_string(),
            ));
        }
        let Some((name, bytes)) = file else {
            return Err(kept("Select a file".into()));
        };
        service::add_document(ctx, me, &details, &name, bytes).await
    })
    .await?;
    redirect("/provider/evidence?added=1")
}

const NOTICES: &[(&str, &str)] = &[("added", "Added to your evidence library.")];

#[component]
pub fn EvidenceLibraryPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| evidence_library());
    view! {
        <Title text="Evidence library - OpenDPS" />
        <a href="/provider" class="back-link">"Back to your dashboard"</a>
        <QueryNotice messages=NOTICES />
        <h1 class="heading-l">"Evidence library"</h1>
        <p class="body">"Keep each certificate, policy and registration here once. Every application, to any council, attaches it from here while it is valid."</p>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(items) => view! { <Library items /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Library(items: Vec<EvidenceItem>) -> impl IntoView {
    view! {
        {if items.is_empty() {
            view! { <p class="body">"Your library is empty."</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="table__caption">"Your evidence"</caption>
                    <thead><tr><th scope="col">"Item"</th><th scope="col">"Details"</th><th scope="col">"Expires"</th><th scope="col">"Added"</th></tr></thead>
                    <tbody>
                        {items.into_iter().map(|item| {
                            let details = match (&item.file, item.kind) {
                                (Some(file), _) => view! { <a href=format!("/files/evidence/{}", item.id)>{format!("{} ({}, {})", file.name, file.kind_label, file.size_label)}</a> }.into_any(),
                                (None, EvidenceKind::Ofsted) => view! { <span>{format!("Ofsted URN {}, {}", item.reference, item.rating)}</span> }.into_any(),
                                (None, _) => view! { <span>{format!("CQC location {}, {}", item.reference, item.rating)}</span> }.into_any(),
                            };
                            let expiry = match (&item.expires_label, item.expired) {
                                (Some(date), true) => view! { <strong class="tag tag--red">{format!("Expired {date}")}</strong> }.into_any(),
                                (Some(date), false) => view! { <span>{date.clone()}</span> }.into_any(),
                                (None, _) => view! { <span>"Does not expire"</span> }.into_any(),
                            };
                            view! { <tr><td>{item.title.clone()}</td><td>{details}</td><td>{expiry}</td><td>{item.added_label.clone()}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <UploadForm />
        <RegistrationFormView />
    }
}

#[component]
fn UploadForm() -> impl IntoView {
    let errors = plain_form_errors::<UploadEvidence>();
    let file_error = move || {
        errors
            .get()
            .and_then(|e| e.message_for("file").map(str::to_string))
    };
    view! {
        <h2 class="heading-m" id="upload">"Upload a document"</h2>
        <ErrorSummary errors />
        <form method="post" action="/api/upload-evidence" enctype="multipart/form-data" novalidate aria-labelledby="upload">
            <TextField name="title" label="What is it?" hint="Like Public liability insurance, Safeguarding policy or Latest accounts. Name it as councils ask for it, and it is attached for you" errors />
            <TextField name="expires_on" label="Expiry date (optional)" hint="For certificates and insurance that run out" kind="date" errors />
            <div class="form-group" class:form-group--error=move || file_error().is_some()>
                <label class="label" for="file">"Upload a file"</label>
                <div class="hint" id="file-hint">"PDF, Word (DOCX), Excel (XLSX), PNG or JPEG, smaller than 20 MB"</div>
                {move || file_error().map(|m| view! { <p class="error-message" id="file-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                <input class="file-upload" id="file" name="file" type="file" aria-describedby=move || if file_error().is_some() { "file-hint file-error" } else { "file-hint" } accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg" />
            </div>
            <button type="submit" class="button">"Upload"</button>
        </form>
    }
}

#[component]
fn RegistrationFormView() -> impl IntoView {
    let action = ServerAction::<AddRegistration>::new();
    let errors = form_errors(action);
    let kinds = vec![
        (
            EvidenceKind::Ofsted.as_str().to_string(),
            "Ofsted (children's homes, fostering, supported accommodation)".to_string(),
        ),
        (
            EvidenceKind::Cqc.as_str().to_string(),
            "CQC (home care, supported living, care homes)".to_string(),
        ),
    ];
    // Ofsted and CQC share the four grades (Ofsted words the third "requires improvement
    // to be good"); the stored label is the regulator's own.
    let ratings: Vec<(String, String)> = std::iter::once((
        String::new(),
        "Select the latest overall rating".to_string(),
    ))
    .chain(
        CqcRating::ALL
            .iter()
            .map(|r| (r.code().to_string(), r.label().to_string())),
    )
    .collect();
    view! {
        <h2 class="heading-m" id="registration">"Add an Ofsted or CQC registration"</h2>
        <ErrorSummary errors />
        <ActionForm action attr:novalidate="true" attr:aria-labelledby="registration">
            <TextField name="registration_title" label="Name of the home or service" hint="Like Ofsted registration, Rosewood House" errors />
            <Radios name="kind" legend="Regulator" errors options=kinds />
            <TextField name="reference" label="Ofsted URN or CQC location ID" hint="An Ofsted URN is like SC123456; a CQC location ID like 1-123456789" errors spellcheck_off=true />
            <Select name="rating" label="Latest overall rating" errors options=ratings />
            <TextField name="check_by" label="Date to check it again by (optional)" kind="date" errors />
            <button type="submit" class="button">"Add registration"</button>
        </ActionForm>
    }
}
