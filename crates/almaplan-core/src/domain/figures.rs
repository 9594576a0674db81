//! Figures IMSS-BIENESTAR published per state (`seeds/cifras_por_entidad.csv`), which planners
//! set beside their plans: weekend-opening blocks and targets, operative regions, medical service
//! zones and the Comando Alma-Ata stage.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateFigures {
    pub state: u8,
    /// Weekend-opening block (1, 2 or 3).
    pub weekend_block: Option<u32>,
    /// Units targeted for weekend opening.
    pub weekend_target_units: Option<u32>,
    /// First-level units registered in 2024.
    pub first_level_units_2024: Option<u32>,
    pub operative_regions: Option<u32>,
    /// Medical service zones (ZSM).
    pub zsm: Option<u32>,
    /// Comando Alma-Ata stage as published ("piloto", "1", "2").
    pub comando_stage: Option<String>,
}
