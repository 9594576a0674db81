//! Physicians available to staff units. Records are anonymous: an opaque id, never a name.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Contract type, each with its own weekend rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contract {
    /// Monday–Friday staff, who may take extra weekend shifts.
    EntreSemana,
    /// Weekend contract: works Saturday and Sunday.
    FinDeSemana,
    /// Medical intern (médico pasante): only at their own unit.
    Pasante,
}

impl Contract {
    pub fn parse(s: &str) -> Option<Contract> {
        match crate::domain::state::fold(s).replace([' ', '-'], "_").as_str() {
            "ENTRE_SEMANA" | "BASE" | "LUNES_A_VIERNES" => Some(Contract::EntreSemana),
            "FIN_DE_SEMANA" | "FINES_DE_SEMANA" => Some(Contract::FinDeSemana),
            "PASANTE" | "MPSS" => Some(Contract::Pasante),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Contract::EntreSemana => "entre_semana",
            Contract::FinDeSemana => "fin_de_semana",
            Contract::Pasante => "pasante",
        }
    }
}

/// Where a physician record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PhysicianOrigin {
    /// A per-person staffing file.
    PerPerson,
    /// Expanded from per-unit counts (SINERHIAS).
    FromCounts,
    /// Generated (demo, or staffing synthesised from núcleos).
    Synthetic,
}

#[derive(Debug, Clone, Serialize)]
pub struct Physician {
    /// Anonymous id (never a name or CURP).
    pub id: String,
    /// CLUES (IMSS-BIENESTAR key) of the unit the physician is based at.
    pub base: String,
    pub contract: Contract,
    /// Inclusive date ranges when the physician cannot work.
    pub unavailable: Vec<(NaiveDate, NaiveDate)>,
    /// Most extra weekend shifts a month; `None` takes the scenario's default.
    pub max_extra_shifts_per_month: Option<u32>,
    /// Daily pay in pesos, when known (for cost reporting).
    pub daily_salary: Option<f64>,
    pub origin: PhysicianOrigin,
}

impl Physician {
    pub fn is_available(&self, day: NaiveDate) -> bool {
        !self.unavailable.iter().any(|(a, b)| *a <= day && day <= *b)
    }
}
