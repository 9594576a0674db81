//! A roster as people edit it and the absences it must respect: inputs of the roster planner's
//! re-planning and of its checker.

use chrono::NaiveDate;

/// One assignment of a roster file (`rol_fin_de_semana.csv`, or a sheet of
/// `rol_fin_de_semana.xlsx`): physician `physician` covers unit `clues` on `date`. A previous
/// roster's assignments are preferred when re-planning (`KEEP_BONUS`, `models/roster.md`), and
/// kept as they are when `locked`; [`check`](crate::planners::roster::check::check) lints one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// The file as messages name it (`rol.xlsx[Hidalgo]` for a sheet of a workbook).
    pub source: String,
    /// Line in the file or row of the sheet (1-based, the header is line 1), for locating problems.
    pub line: usize,
    /// Day of the shift (`fecha`).
    pub date: NaiveDate,
    /// CLUES of the unit covered (`clues`).
    pub clues: String,
    /// Physician's anonymous id (`medico_id`, [`Physician::id`](super::Physician::id)).
    pub physician: String,
    /// Locked (`fijo` = sí): a re-plan keeps the assignment as it is, or fails saying why it
    /// cannot; unlocked assignments are only preferred.
    pub locked: bool,
    /// The role the file gives (`rol`, written with teams), when it has the column: the checker
    /// reports a role that differs from the staffing file's.
    pub role: Option<crate::domain::physician::Role>,
}

/// An absence: the physician cannot work from `from` to `to` inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absence {
    /// Physician's anonymous id.
    pub physician: String,
    /// First day of the absence.
    pub from: NaiveDate,
    /// Last day of the absence (included; never before `from`).
    pub to: NaiveDate,
}
