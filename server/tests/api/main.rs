//! Integration tests: each spawns the real application on a random port against its own
//! fresh database (a new SQLite file, or a new PostgreSQL database), and talks to it over
//! HTTP as a browser would. Every test runs on both databases.

mod helpers;

mod accounts;
mod applications;
mod audit;
mod cli;
mod closure;
mod colleagues;
mod compliance;
mod declarations;
mod jobs;
mod mail;
mod password;
mod placements;
mod placements_after_award;
mod placements_fixture;
mod placements_rush;
mod reviews;
mod security;
mod storage;
mod systems;
