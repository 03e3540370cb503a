//! The placement pages and the server functions behind them.

pub mod api;
