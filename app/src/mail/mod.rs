//! Emails the portal sends. They are queued in the `outbox` table inside the same
//! transaction as the change that causes them; the server's worker delivers them.

#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod templates;
