//! CONAPO's 2020 municipal marginalisation index (índice de marginación).

use serde::Serialize;

/// Marginalisation grade (grado de marginación), from least to most marginalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum MarginGrade {
    MuyBajo,
    Bajo,
    Medio,
    Alto,
    MuyAlto,
}

impl MarginGrade {
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
    pub grade: MarginGrade,
}

/// Municipality key: 2-digit state + 3-digit municipality, as the number `state * 1000 + mun`.
pub fn municipality_key(state: u8, municipality: u16) -> u32 {
    state as u32 * 1000 + municipality as u32
}
