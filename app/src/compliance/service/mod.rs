//! Compliance operations: the daily sweep (expiry reminders and automatic suspension),
//! and what follows from a replacement being accepted.

pub mod act;
pub mod closure;
pub mod declarations;
pub mod notices;
pub mod queries;
pub mod reassess;
pub mod sweep;
