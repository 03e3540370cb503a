//! The append-only, hash-chained audit log and the page that shows it.

#[cfg(feature = "ssr")]
pub mod anchor;
#[cfg(feature = "ssr")]
pub mod chain;
#[cfg(feature = "ssr")]
pub mod event;
pub mod log_page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod types;

#[cfg(feature = "ssr")]
pub use event::{Action, Actor, AuditEvent, Subject};
#[cfg(feature = "ssr")]
pub use repo::append;
