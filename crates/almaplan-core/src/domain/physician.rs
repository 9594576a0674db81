//! Physicians available to staff units. Records are anonymous: an opaque id, never a name.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Contract type, each with its own weekend rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contract {
    /// Monday–Friday staff, who may take extra weekend shifts: one weekend day a week (weekly
    /// rest, LFT art. 69) and at most `max_extra_shifts_per_month` a month.
    EntreSemana,
    /// Weekend contract: works Saturday and Sunday, never weekdays (so not weekday mandatory rest
    /// days), without the weekday staff's extra-shift limits.
    FinDeSemana,
    /// Medical intern (médico pasante de servicio social): only at their own unit, with the
    /// weekday staff's weekly and monthly limits.
    Pasante,
}

impl Contract {
    /// Reads a staffing file's contract text, ignoring case, accents, spaces and hyphens:
    /// `entre_semana`/`base`/`lunes a viernes`, `fin_de_semana`/`fines de semana`, `pasante`/`MPSS`.
    pub fn parse(s: &str) -> Option<Contract> {
        match crate::domain::state::fold(s).replace([' ', '-'], "_").as_str() {
            "ENTRE_SEMANA" | "BASE" | "LUNES_A_VIERNES" => Some(Contract::EntreSemana),
            "FIN_DE_SEMANA" | "FINES_DE_SEMANA" => Some(Contract::FinDeSemana),
            "PASANTE" | "MPSS" => Some(Contract::Pasante),
            _ => None,
        }
    }

    /// The snake-case code files and outputs use: `entre_semana`, `fin_de_semana`, `pasante`.
    pub fn code(self) -> &'static str {
        match self {
            Contract::EntreSemana => "entre_semana",
            Contract::FinDeSemana => "fin_de_semana",
            Contract::Pasante => "pasante",
        }
    }
}

/// A staff member's role in the weekend team (`models/roster.md`, «Roles»). The núcleo básico is
/// one general physician, two nursing staff and one health promoter; without `[roster.team]` the
/// roster plans physicians only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// General physician (medicina general), interns included.
    #[default]
    Medico,
    /// Nursing staff (SINERHIAS counts contact nurses: `enfermeras_contacto_ocupadas`).
    Enfermeria,
    /// Health promoter (promotor de salud).
    Promotor,
}

impl Role {
    /// Every role, in index order ([`Role::index`]).
    pub const ALL: [Role; 3] = [Role::Medico, Role::Enfermeria, Role::Promotor];

    /// Position in [`Role::ALL`]: 0 physician, 1 nursing, 2 promoter.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Reads a staffing file's role text, ignoring case, accents, spaces and hyphens: `medico`
    /// (`médica`, `medicina general`, `MG`), `enfermeria` (`enfermera`, `enfermero`), `promotor`
    /// (`promotora`, `promotor de salud`).
    pub fn parse(s: &str) -> Option<Role> {
        match crate::domain::state::fold(s).replace([' ', '-'], "_").as_str() {
            "MEDICO" | "MEDICA" | "MEDICINA" | "MEDICINA_GENERAL" | "MEDICO_GENERAL" | "MG" => Some(Role::Medico),
            "ENFERMERIA" | "ENFERMERA" | "ENFERMERO" | "ENFERMERAS" | "ENF" => Some(Role::Enfermeria),
            "PROMOTOR" | "PROMOTORA" | "PROMOTOR_DE_SALUD" | "PROMOTORA_DE_SALUD" => Some(Role::Promotor),
            _ => None,
        }
    }

    /// The code files and outputs use: `medico`, `enfermeria`, `promotor`.
    pub fn code(self) -> &'static str {
        match self {
            Role::Medico => "medico",
            Role::Enfermeria => "enfermeria",
            Role::Promotor => "promotor",
        }
    }

    /// The role in Spanish words, for reports: `medicina general`, `enfermería`, `promoción de la salud`.
    pub fn label(self) -> &'static str {
        match self {
            Role::Medico => "medicina general",
            Role::Enfermeria => "enfermería",
            Role::Promotor => "promoción de la salud",
        }
    }

    /// True for [`Role::Medico`] (serialisation skips the default role).
    pub fn is_medico(&self) -> bool {
        *self == Role::Medico
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

/// A physician who can staff units. The roster planner takes the physicians based at fixed
/// first-level units as its staff (`models/roster.md`, set S); its limits depend on the
/// [`Contract`].
#[derive(Debug, Clone, Serialize)]
pub struct Physician {
    /// Anonymous id (never a name or CURP).
    pub id: String,
    /// CLUES (IMSS-BIENESTAR key) of the unit the physician is based at.
    pub base: String,
    /// Contract type: which days the physician may work and which limits apply.
    pub contract: Contract,
    /// Inclusive date ranges when the physician cannot work.
    pub unavailable: Vec<(NaiveDate, NaiveDate)>,
    /// Most extra weekend shifts a month (weekday staff and interns); `None` takes the scenario's
    /// `max_extra_shifts_per_month` (2).
    pub max_extra_shifts_per_month: Option<u32>,
    /// Daily pay in pesos, when known: shift pay is this × 1.25 on Sundays (LFT art. 71) × 2 on
    /// mandatory rest days (art. 75), reported and priced in the roster objective (λ_c).
    pub daily_salary: Option<f64>,
    /// Where the record came from (outputs say when staffing is not per person).
    pub origin: PhysicianOrigin,
    /// Role in the weekend team: physician (the default), nursing or promoter. The type keeps its
    /// name; a record of another role is a staff member of the team (`models/roster.md`, «Roles»).
    #[serde(skip_serializing_if = "Role::is_medico")]
    pub role: Role,
}

impl Physician {
    /// False when `day` falls in one of the `unavailable` ranges (ends included).
    pub fn is_available(&self, day: NaiveDate) -> bool {
        !self.unavailable.iter().any(|(a, b)| *a <= day && day <= *b)
    }
}
