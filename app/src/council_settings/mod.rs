//! A council's own settings for the legal clocks: its bank holidays (England and
//! Wales 2025–2029 until its admin edits them) and the "reasonable period" in which it
//! decides applications to systems other than a Regulation 34 DPS.

pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
