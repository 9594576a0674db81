//! Readers for the official formats. Readers parse and check; they never plan.
//!
//! Every reader takes a file (CSV in UTF-8 or Windows-1252, or XLSX), recognises its layout from
//! the header, and returns plain domain records plus the problems it found, located to the file,
//! row and column.

pub mod bases;
pub mod boundaries;
pub mod calendars;
pub mod establishments;
pub mod localities;
pub mod marginacion;
pub mod people;
pub mod pmed;
pub mod published;
pub mod roster;
pub mod routing_bench;
pub mod seeds;
pub mod staffing;
pub mod supervision_visits;
pub mod table;
pub mod tracking;
pub mod travel_matrix;
pub mod umm_inputs;

pub use table::Table;
