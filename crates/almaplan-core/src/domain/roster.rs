//! A roster as people edit it and the absences it must respect: inputs of the roster planner's
//! re-planning and of its checker.

use chrono::NaiveDate;

/// One assignment of a roster file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub line: usize,
    pub date: NaiveDate,
    pub clues: String,
    pub physician: String,
}

/// An absence: the physician cannot work from `from` to `to` inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absence {
    pub physician: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}
