//! Evidence: what a provider proves about itself, kept once in its library and reused by
//! every application to every council. The rules here decide what may be kept at all, so
//! that a council reviewing evidence only ever opens a real document or a reference it
//! can look up, and the server never stores or serves a file it could not vouch for.

#[cfg(feature = "ssr")]
pub mod file_type;
pub mod forms;
pub mod kinds;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod values;

pub use kinds::EvidenceKind;
