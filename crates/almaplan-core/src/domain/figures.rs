//! Figures IMSS-BIENESTAR published per state (`seeds/cifras_por_entidad.csv`), which planners
//! set beside their plans: weekend-opening blocks and targets, operative regions, medical service
//! zones and the Comando Alma-Ata stage.

use serde::Serialize;

/// One state's row of `seeds/cifras_por_entidad.csv` (read by `almaplan-formats`). Every figure
/// is `None` when the file leaves it blank. The waves planner ranks states by their weekend-opening
/// gap with them ([`crate::planners::waves::priority`]); the zones planner takes `zsm` as the
/// number of zones of the state.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
}
