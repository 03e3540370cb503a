//! The axum server around the OpenDPS app: configuration, start-up, request security,
//! the email worker and the administrative commands.

pub mod admin;
pub mod config;
pub mod mailer;
pub mod security;
pub mod startup;
