//! Data access for placement requests, offers and placements: the only SQL of the
//! feature. Other providers' offer content is read in one place, [`opened`], whose
//! every query carries the deadline condition, so no council-side code path can read
//! a sealed offer whatever it asks.

pub mod delivered_hours;
pub mod limits;
pub mod marks;
pub mod opened;
pub mod options;
pub mod people;
pub mod placements;
pub mod recipients;
pub mod requests;
pub mod responses;
pub mod retention;
