//! Placement requests and the offers that answer them: a commissioner sends an
//! anonymised request to every eligible provider of a lot, providers answer with
//! sealed offers or decline, and after the deadline the council scores, approves by
//! value and awards. The fixed lists and page models are shared with the browser;
//! the rules, data access and services are compiled into the server alone.

#[cfg(feature = "ssr")]
pub mod approval;
#[cfg(feature = "ssr")]
pub mod block_hours;
#[cfg(feature = "ssr")]
pub mod deadline;
#[cfg(feature = "ssr")]
pub mod lifecycle;
pub mod model;
#[cfg(feature = "ssr")]
pub mod offer_form;
#[cfg(feature = "ssr")]
pub mod offer_state;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod person_seal;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod request_form;
#[cfg(feature = "ssr")]
pub mod retention;
#[cfg(feature = "ssr")]
pub mod scoring;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod standstill;
#[cfg(feature = "ssr")]
pub mod transition;
pub mod types;
#[cfg(feature = "ssr")]
pub mod value;
