//! Compliance data access: accepted evidence, expiry reminders, suspensions, removals
//! and the members who may receive placement requests, one file for each.

mod accepted;
pub mod closure;
pub mod declarations;
mod members;
mod reminders;
mod replacements;
mod suspensions;

pub use accepted::*;
pub use members::*;
pub use reminders::*;
pub use replacements::*;
pub use suspensions::*;
