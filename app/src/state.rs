//! What every request handler and job shares: the database, the clock, the settings,
//! the audit key and a way to wake the job runner. Built once by the server binary.

use crate::audit::anchor::AuditKey;
use crate::clock::Clock;
use crate::db::Db;
use crate::mail::templates::Sender;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Debug, Clone)]
pub struct Settings {
    pub service_name: String,
    /// Absolute URL of the portal, without a trailing slash, used in emails and as the
    /// origin that state-changing requests must come from.
    pub base_url: String,
    /// Mark cookies `Secure` and prefix the session cookie `__Host-` (behind TLS).
    pub secure_cookies: bool,
    /// Sessions end after this long without a request.
    pub session_idle_seconds: i64,
    /// And after this long whatever happens.
    pub session_absolute_seconds: i64,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Settings {
    pub fn sender(&self) -> Sender<'_> {
        Sender {
            service_name: &self.service_name,
            base_url: &self.base_url,
        }
    }
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    /// Uploaded evidence files.
    pub files: crate::storage::FileStore,
    pub clock: Clock,
    pub settings: Arc<Settings>,
    pub audit_key: AuditKey,
    pub leptos_options: LeptosOptions,
    /// Notified after a commit that queued a job, so a runner starts it at once.
    pub jobs_wakeup: Arc<Notify>,
    /// Systems' conditions by version, shared by this server's requests.
    pub systems: Arc<crate::systems::cache::SystemCache>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
