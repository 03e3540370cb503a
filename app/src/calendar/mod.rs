//! Working-day arithmetic for the deadlines the law sets in working days: a Reg 34
//! admission decision (10, extendable once to 15), a dynamic market's own period, a
//! renewed self-declaration (5) and the PA 2023 standstill (8).
//!
//! It is kept pure (dates and a holiday list in, dates and counts out, no clock, no
//! database) because a deadline that is one day wrong is a breach of the regulations,
//! so every rule here must be provable by a unit test with real dates. Which days are
//! off is data, not code: each council's nation has its own bank holidays and a
//! council admin can edit them, so every function takes the `Holidays` to use.
//!
//! Only the server computes deadlines (the browser is shown the result), so the date
//! code is compiled into the `ssr` build alone and the WebAssembly bundle stays small.

#[cfg(feature = "ssr")]
mod decision_clock;
#[cfg(feature = "ssr")]
mod holidays;
#[cfg(feature = "ssr")]
mod uk_time;
#[cfg(feature = "ssr")]
mod working_days;

#[cfg(feature = "ssr")]
pub use decision_clock::{
    ClockStatus, DecisionClock, DEFAULT_DYNAMIC_MARKET_DAYS, REG34_DECISION_DAYS,
    REG34_EXTENDED_DAYS, WARN_AT_DAYS_LEFT,
};
#[cfg(feature = "ssr")]
pub use holidays::{Holidays, ENGLAND_AND_WALES_CSV};
#[cfg(feature = "ssr")]
pub use uk_time::{is_bst, next_uk_midnight, uk_date, uk_instant, uk_wall_clock};
#[cfg(feature = "ssr")]
pub use working_days::{add_working_days, is_working_day, working_days_between};

/// What can go wrong when reading a holiday calendar or extending a decision clock.
/// The messages are shown to council users as they are, so they say what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("The holiday calendar must start with the heading line date,title")]
    MissingHeading,
    #[error("Line {line} of the holiday calendar: {problem}")]
    BadHolidayRow { line: u64, problem: String },
    #[error("The decision time has already been extended once and cannot be extended again")]
    AlreadyExtended,
    #[error("The extended decision time must be more than the current {current} working days")]
    ExtensionNotLonger { current: u32 },
    #[error("The decision time can be extended to {max} working days at most")]
    ExtensionTooLong { max: u32 },
    #[error("Give a reason for the extension")]
    ReasonMissing,
}
