//! Background jobs: one database-backed queue that every server instance works, with
//! leased claims (two servers never run one job at once), retries with backoff, and a
//! permanent failure recorded for a council admin to see instead of retried forever.
//! Emails, the nightly prune and the coming reminder, suspension and deadline jobs all
//! run here.

pub mod failures_page;
#[cfg(feature = "ssr")]
pub mod job;
#[cfg(feature = "ssr")]
pub mod prune;
#[cfg(feature = "ssr")]
pub mod queue;
#[cfg(feature = "ssr")]
pub mod retry;
#[cfg(feature = "ssr")]
pub mod runner;
pub mod types;

#[cfg(feature = "ssr")]
pub use job::Job;
