//! The placement pages and the server functions behind them.

pub mod api;
pub mod council_list;
pub mod council_offer;
pub mod council_request;
pub mod hours;
pub mod limits;
pub mod new_request;
pub mod offer_summary;
pub mod person;
pub mod placement;
pub mod placements_list;
pub mod profile;
pub mod provider;
pub mod provider_placements;
pub mod records_api;
pub mod retention;
