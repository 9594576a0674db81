//! almaplan's integration tests, in one binary so that HiGHS is linked once (each module was its
//! own binary before: thirteen links of the solver).

#![allow(dead_code)]

mod browser;
mod calendars;
mod cli;
mod common;
mod degenerate;
mod excel_roundtrip;
mod gis;
mod load_step;
mod malformed_input;
mod one_language;
mod pmed;
mod properties;
mod real_data;
mod resources;
mod roster;
mod roster_models;
mod roster_standing;
mod roster_teams;
mod routing_bench;
mod supervision;
mod umm_programme;
mod umm_routes;
mod waves;
mod waves_supply;
mod whatif;
mod zones;
