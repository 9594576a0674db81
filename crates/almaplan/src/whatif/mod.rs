//! What-if analysis: parameter sweeps over a scenario and comparisons between two runs. The
//! scenario side (`extends`, `--set` overrides) lives in [`almaplan_formats::scenario`].

pub mod compare;
pub mod compare_output;
pub mod sweep;
pub mod sweep_output;

use crate::headline::{Better, Indicator};
use almaplan_formats::run_schema::{Direction, IndicatorRecord};

/// A headline figure as `indicadores.json` records it (and `compare` reads it back).
pub fn record(i: &Indicator) -> IndicatorRecord {
    IndicatorRecord {
        clave: i.key.clone(),
        etiqueta: i.label_es.clone(),
        etiqueta_en: Some(i.label_en.clone()),
        valor: i.value,
        texto: i.text.clone(),
        unidad: i.unit.clone(),
        mejor: i.better.map(|b| match b {
            Better::Higher => Direction::Higher,
            Better::Lower => Direction::Lower,
        }),
        estado_solver: i.status.clone(),
        brecha_pct: i.gap_pct,
    }
}
