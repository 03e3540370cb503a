//! The axum server around the OpenDPS app: configuration, start-up, request security,
//! request logs and the administrative commands (the job runner and the mailer are the app's).

pub mod admin;
pub mod client_address;
pub mod config;
pub mod demo_applications;
pub mod demo_placements;
pub mod demo_systems;
pub mod downloads;
pub mod form_error_cookie;
pub mod request_log;
pub mod security;
pub mod seed_scale;
pub mod seed_scale_placements;
pub mod startup;
