//! Ongoing compliance after admission: reminders before evidence expires, automatic
//! suspension in the lots that need expired or failing evidence, renewed declarations,
//! and the end of systems under the 2015 Regulations. These are the pure rules; the
//! jobs and pages that apply them build on them.

pub mod closure;
pub mod reminders;
pub mod renewal;
pub mod suspension;
