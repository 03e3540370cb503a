//! Ongoing compliance after admission: reminders before evidence expires, automatic
//! suspension in the lots that need expired or failing evidence, renewed declarations,
//! and the end of systems under the 2015 Regulations. The rules are compiled into the
//! server alone; the browser gets only the pages and what they show.

#[cfg(feature = "ssr")]
pub mod attention;
#[cfg(feature = "ssr")]
pub mod closure;
#[cfg(feature = "ssr")]
pub mod declaration;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod renewal;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod suspension;
