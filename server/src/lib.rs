//! The axum server around the OpenDPS app: configuration, start-up, request security,
//! the email worker and the administrative commands.

pub mod admin;
pub mod client_address;
pub mod config;
pub mod form_error_cookie;
pub mod mailer;
pub mod security;
pub mod startup;
