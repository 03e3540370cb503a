//! The purchasing-system pages and their server functions.

pub mod details;
pub mod list;
pub mod public;
pub mod questionnaire;
pub mod system;
