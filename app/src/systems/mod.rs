//! Purchasing systems: the DPSs, frameworks and dynamic markets a council buys care
//! through. Councils run systems under two laws at once, so every rule here is asked
//! of a system's regime and type rather than assumed; the rules are pure so that the
//! server functions that enforce them and the views that explain them cannot disagree.
//!
//! Date rules (`regime`, `reopening`, `Term::end_date`) need the calendar and are
//! decided on the server only; the names and the lifecycle also reach the browser.

pub mod access;
#[cfg(feature = "ssr")]
pub mod cache;
pub mod conditions;
#[cfg(feature = "ssr")]
pub mod details;
pub mod fields;
pub mod lifecycle;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod regime;
#[cfg(feature = "ssr")]
pub mod reopening;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod successor;
pub mod term;
pub mod types;
pub mod weights;

pub use lifecycle::{
    accepts_applications, admits_new_members, conditions_may_change, window_may_open, Intake,
};
pub use term::Term;
pub use types::{Regime, ServiceType, Status, SystemType};
pub use weights::AwardWeights;
