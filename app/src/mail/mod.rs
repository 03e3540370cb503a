//! Emails the portal sends. A service queues a `Mail` (what to send, never a secret) as
//! a job in the same transaction as the change that causes it; the job runner renders
//! it, makes any link's token at that moment, and delivers it.

#[cfg(feature = "ssr")]
pub mod deliver;
#[cfg(feature = "ssr")]
pub mod message;
#[cfg(feature = "ssr")]
pub mod templates;
#[cfg(feature = "ssr")]
pub mod transport;
