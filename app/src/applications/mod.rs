//! Applications: a provider answering a purchasing system's selection questionnaire, and
//! the council deciding whether to admit it. The rules live here as plain functions of
//! plain data, so the same marking and the same admission rule apply whichever page,
//! server function or background job asks, and each can be tested without a database.

pub mod admission;
pub mod attachments;
#[cfg(feature = "ssr")]
pub mod decision_period;
pub mod marking;
pub mod model;
pub mod pages;
pub mod progress;
pub mod questions;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod status;
pub mod submission;

pub use status::ApplicationStatus;
