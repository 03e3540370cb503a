//! The provider's evidence library: everything it has proved about itself, kept once
//! and chosen by every application.

pub mod library;
