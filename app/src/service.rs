//! The context every business operation runs in, and the one wrapper every server
//! function goes through.
//!
//! A server function parses its input, names who may call it, and hands a service
//! function to [`as_user`] or [`as_anyone`]:
//!
//! ```ignore
//! #[server(prefix = "/api", endpoint = "remove-colleague")]
//! pub async fn remove_colleague(user_id: UserId) -> Result<(), AppError> {
//!     let permission = Permission::ManageProviderColleagues;
//!     as_user(Allowed::Member(OrgKind::Provider, permission), async |ctx, me| members::remove(ctx, me, permission, user_id).await).await?;
//!     redirect("/provider?removed=1")
//! }
//! ```
//!
//! The wrapper checks the session, gives the service a [`Ctx`] (the clock's reading,
//! the request's session, a unit of work), commits the work if the service succeeded and
//! rolls it back if not, wakes the job runner when jobs were queued, and gives errors
//! their HTTP status.

use crate::auth::request::{authorise, request_session, Allowed, RequestSession};
use crate::auth::user::CurrentUser;
use crate::db::{Db, Tx};
use crate::error::{AppError, AppResult};
use crate::jobs::{queue, Job};
use crate::state::AppState;
use http::header;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use sqlx::{pool::PoolConnection, Any};

pub struct Ctx {
    pub state: AppState,
    /// The clock's reading when the request arrived: one "now" for the whole operation.
    pub now: i64,
    pub session: RequestSession,
    pub work: Work,
}

impl Ctx {
    pub fn new(state: AppState, session: RequestSession) -> Self {
        Ctx {
            now: state.clock.now(),
            work: Work::new(state.db.clone()),
            state,
            session,
        }
    }

    /// Commits the work; wakes the job runner if jobs were queued.
    pub async fn commit(self) -> AppResult<()> {
        let wake = self.work.jobs_queued;
        if let Some(tx) = self.work.tx {
            tx.commit().await?;
        }
        if wake {
            self.state.jobs_wakeup.notify_one();
        }
        Ok(())
    }

    /// Queues a background job in this unit of work: it runs only if the work commits.
    pub async fn enqueue(&mut self, job: &Job) -> AppResult<()> {
        let now = self.now;
        queue::enqueue(self.work.tx().await?, job, now, now).await?;
        self.work.jobs_queued = true;
        Ok(())
    }

    /// Appends to the audit log in this unit of work.
    pub async fn audit(&mut self, event: crate::audit::AuditEvent) -> AppResult<()> {
        let now = self.now;
        let key = self.state.audit_key.clone();
        crate::audit::append(self.work.tx().await?, event, &key, now).await?;
        Ok(())
    }
}

/// One operation's database work: reads on the shared pool, writes in one transaction
/// begun at the first write.
pub struct Work {
    db: Db,
    tx: Option<Tx>,
    jobs_queued: bool,
}

impl Work {
    pub fn new(db: Db) -> Self {
        Work {
            db,
            tx: None,
            jobs_queued: false,
        }
    }

    /// The operation's transaction, begun on first use.
    pub async fn tx(&mut self) -> AppResult<&mut Tx> {
        match &mut self.tx {
            Some(tx) => Ok(tx),
            slot => Ok(slot.insert(self.db.begin().await?)),
        }
    }

    /// Commits what has been written so far; a later `tx()` begins a new transaction.
    /// For an operation whose first part must stand whatever happens next (a sign-in
    /// attempt is counted before the slow password check).
    pub async fn commit(&mut self) -> AppResult<()> {
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        Ok(())
    }

    /// A connection for reads that need not see this operation's own writes (those
    /// read through `tx()`), e.g. before slow work that must not hold the write lock.
    /// (The future holds a clone of the pool, not `self`: a `Work` holds a transaction,
    /// which must not be shared between threads.)
    pub fn read(
        &self,
    ) -> impl std::future::Future<Output = AppResult<PoolConnection<Any>>> + Send + 'static {
        let pool = self.db.pool.clone();
        async move { Ok(pool.acquire().await?) }
    }
}

fn context() -> AppResult<Ctx> {
    let state = use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })?;
    Ok(Ctx::new(state, request_session()))
}

/// Runs a server function's service for a signed-in user that `allowed` admits.
pub async fn as_user<T>(
    allowed: Allowed,
    service: impl AsyncFnOnce(&mut Ctx, &CurrentUser) -> AppResult<T>,
) -> AppResult<T> {
    finish(
        async {
            let mut ctx = context()?;
            let me = authorise(&ctx.session, allowed)?.ok_or(AppError::Unauthenticated)?;
            let value = service(&mut ctx, &me).await?;
            ctx.commit().await?;
            Ok(value)
        }
        .await,
    )
}

/// Runs a server function's service that anyone may call.
pub async fn as_anyone<T>(service: impl AsyncFnOnce(&mut Ctx) -> AppResult<T>) -> AppResult<T> {
    finish(
        async {
            let mut ctx = context()?;
            let value = service(&mut ctx).await?;
            ctx.commit().await?;
            Ok(value)
        }
        .await,
    )
}

/// Whether the request came from a plain HTML form (no JavaScript).
fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Errors get their HTTP status for JSON clients (a plain form post is redirected back
/// to its page by Leptos instead, with the error for the page to show).
fn finish<T>(result: AppResult<T>) -> AppResult<T> {
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
/// instruction for the hydrated client. Call it once the work has committed.
pub fn redirect(path: &str) -> AppResult<()> {
    leptos_axum::redirect(path);
    Ok(())
}

/// Sets (or, with `None`, clears) the session cookie on the response.
pub fn set_session_cookie(token: Option<&str>) {
    let secure = use_context::<AppState>().is_some_and(|s| s.settings.secure_cookies);
    let value = crate::auth::sessions::cookie(token, secure);
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(&value),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}
