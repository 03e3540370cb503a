//! The append-only, hash-chained audit log and the page that shows it.

#[cfg(feature = "ssr")]
pub mod chain;
pub mod log_page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;

#[cfg(feature = "ssr")]
pub use repo::{append, AuditEvent};
