//! Figures IMSS-BIENESTAR published per state (`seeds/cifras_por_entidad.csv`), which planners
//! set beside their plans: weekend-opening blocks and targets, operative regions, medical service
//! zones and the Comando Alma-Ata stage.

use serde::Serialize;

/// One state's row of `seeds/cifras_por_entidad.csv` (read by `almaplan-formats`). Every figure
/// is `None` when the file leaves it blank. The waves planner ranks states by their weekend-opening
/// gap with them ([`crate::planners::waves::priority`]); the zones planner takes `zsm` as the
/// number of zones of the state.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StateFigures {
    /// INEGI state code (1–32).
    pub state: u8,
    /// Weekend-opening block (1, 2 or 3): the wave of the weekend-opening policy the state joined.
    pub weekend_block: Option<u32>,
    /// Units targeted for weekend opening.
    pub weekend_target_units: Option<u32>,
    /// First-level units registered in 2024 (`uspn_imssb_2024`): the denominator of the
    /// weekend-opening target share.
    pub first_level_units_2024: Option<u32>,
    /// Operative regions (regiones operativas) of the state in 2024.
    pub operative_regions: Option<u32>,
    /// Medical service zones (ZSM, zonas de servicios médicos) published for 2024 (`zsm_2024`):
    /// the default zone count of the zones planner.
    pub zsm: Option<u32>,
    /// Comando Alma-Ata stage as published ("piloto", "1", "2"); the waves planner plans stage by
    /// stage (`piloto` counts as stage 0).
    pub comando_stage: Option<String>,
    /// Hospitals that coordinate a ZSM (`hospitales_coordinadores_zsm`).
    pub coordinating_hospitals: Option<u32>,
    /// Other hospitals inside the state's ZSM (`otros_hospitales_zsm`).
    pub other_hospitals: Option<u32>,
    /// Zonal supervision teams (`equipos_supervision_zonal`; 556 nationally): one physician, one
    /// nurse, one community-action supervisor and one técnico polivalente each.
    pub zonal_supervision_teams: Option<u32>,
    /// Operative regions of the state in Tabla 10 of the Comando Alma-Ata guide (`tabla10_regiones`).
    pub tabla10_regions: Option<u32>,
    /// ZSM of the state in Tabla 10 (`tabla10_zsm`).
    pub tabla10_zsm: Option<u32>,
    /// Units of the state in Tabla 10 (`tabla10_unidades`; 1,835 for stage 1).
    pub tabla10_units: Option<u32>,
}

/// One row of `seeds/cifras_nacionales.csv`: a national figure or rule with its unit and the
/// document it was published in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationalFigure {
    /// The value as published: a number (`8519`, `0.697`), a date (`2024-12-03`), a date range
    /// (`2025-01-20..2025-02-21`) or a word (`matutino`).
    pub value: String,
    /// Unit of the value (`unidades`, `fraccion`, `fecha`, …); empty when the file leaves it blank.
    pub unit: String,
    /// Source document and place (`000_94b01461129ebfb0.txt Tabla 2`).
    pub source: String,
}

/// The national figures by key (`clave`), e.g. `medicos_a_contratar_7_dias` → 4910.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NationalFigures(pub std::collections::BTreeMap<String, NationalFigure>);

impl NationalFigures {
    /// The figure under `key`, when published.
    pub fn get(&self, key: &str) -> Option<&NationalFigure> {
        self.0.get(key)
    }

    /// The figure under `key` as a number, when published and numeric.
    ///
    /// ```
    /// use almaplan_core::domain::figures::{NationalFigure, NationalFigures};
    /// let mut f = NationalFigures::default();
    /// f.0.insert("medicos_a_contratar_7_dias".into(), NationalFigure { value: "4910".into(), unit: "medicos".into(), source: "002".into() });
    /// assert_eq!(f.number("medicos_a_contratar_7_dias"), Some(4910.0));
    /// assert_eq!(f.number("otra"), None);
    /// ```
    pub fn number(&self, key: &str) -> Option<f64> {
        self.0.get(key).and_then(|f| f.value.trim().parse().ok())
    }
}
