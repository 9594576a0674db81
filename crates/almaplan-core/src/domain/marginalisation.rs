//! CONAPO's 2020 municipal marginalisation index (índice de marginación).
//!
//! CONAPO grades each municipality by education, housing, settlement size and income. Planners
//! use the grade to value work where it is most needed: the roster weighs a unit's opening by it
//! (`models/roster.md`, `w_t`) and the mobile-unit routes weigh localities by it
//! (`models/routes.md`, `locality_weight`). Units and localities get their municipality's grade
//! through [`Network::join_marginalisation`](super::Network::join_marginalisation), keyed by
//! [`municipality_key`].

use serde::Serialize;

/// Marginalisation grade (grado de marginación), from least to most marginalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum MarginGrade {
    /// Muy bajo: least marginalised.
    MuyBajo,
    /// Bajo.
    Bajo,
    /// Medio.
    Medio,
    /// Alto.
    Alto,
    /// Muy alto: most marginalised.
    MuyAlto,
}

impl MarginGrade {
    /// Reads CONAPO's `GM_2020` text (`Muy bajo` … `Muy alto`), ignoring case and accents.
    pub fn parse(s: &str) -> Option<MarginGrade> {
        match crate::domain::state::fold(s).as_str() {
            "MUY BAJO" => Some(MarginGrade::MuyBajo),
            "BAJO" => Some(MarginGrade::Bajo),
            "MEDIO" => Some(MarginGrade::Medio),
            "ALTO" => Some(MarginGrade::Alto),
            "MUY ALTO" => Some(MarginGrade::MuyAlto),
            _ => None,
        }
    }

    /// CONAPO's spelling, as outputs write it (`Muy bajo` … `Muy alto`).
    pub fn label(self) -> &'static str {
        match self {
            MarginGrade::MuyBajo => "Muy bajo",
            MarginGrade::Bajo => "Bajo",
            MarginGrade::Medio => "Medio",
            MarginGrade::Alto => "Alto",
            MarginGrade::MuyAlto => "Muy alto",
        }
    }
}

/// A municipality's index and grade.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Marginalisation {
    /// `IM_2020`: the index (higher means less marginalised in CONAPO's 2020 scale).
    pub index: f64,
    /// `GM_2020`: the grade, which planners use (the roster weighs opening a unit 0.9, 1.0, 1.1,
    /// 1.3, 1.5 for muy bajo … muy alto; mobile-unit routes weigh localities 1 … 2).
    pub grade: MarginGrade,
}

/// Municipality key: 2-digit state + 3-digit municipality, as the number `state * 1000 + mun`.
pub fn municipality_key(state: u8, municipality: u16) -> u32 {
    state as u32 * 1000 + municipality as u32
}
