//! Published per-state figures (`seeds/cifras_por_entidad.csv`) and user zone tables.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Diagnostics, Error, Severity};
use crate::input::Table;

/// Medical service zones (ZSM) per state from `cifras_por_entidad.csv`
/// (`clave_entidad`, `zsm_2024`).
pub fn read_zsm_by_state(path: &Path) -> Result<BTreeMap<u8, u32>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["clave_entidad", "zsm_2024"])?;
    let mut d = Diagnostics::default();
    let mut out = BTreeMap::new();
    for row in table.rows(&mut d) {
        let code = row.u32(cols.get(0), &mut d);
        let zones = row.u32(cols.get(1), &mut d);
        if let (Some(code), Some(zones)) = (code, zones) {
            if crate::domain::state::name(code.min(255) as u8).is_none() {
                d.push(row.problem(cols.get(0), "entidad inválida", "an INEGI state code 1–32"));
            } else if zones == 0 {
                d.push(row.problem(cols.get(1), "zonas inválidas", "at least one zone"));
            } else {
                out.insert(code as u8, zones);
            }
        }
    }
    d.into_result()?;
    Ok(out)
}

/// Comando Alma-Ata stage per state from `cifras_por_entidad.csv` (`etapa_comando_alma_ata`:
/// `piloto` = 0, then 1, 2…). Blank cells are left out.
pub fn read_stage_by_state(path: &Path) -> Result<BTreeMap<u8, u32>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["clave_entidad", "etapa_comando_alma_ata"])?;
    let mut d = Diagnostics::default();
    let mut out = BTreeMap::new();
    for row in table.rows(&mut d) {
        let Some(code) = row.u32(cols.get(0), &mut d) else { continue };
        let text = row.text(cols.get(1));
        let stage = match text.to_lowercase().as_str() {
            "" => continue,
            "piloto" => Some(0),
            t => t.parse::<u32>().ok(),
        };
        match stage {
            Some(stage) => {
                out.insert(code.min(255) as u8, stage);
            }
            None => d.push(row.problem(cols.get(1), "etapa inválida", "piloto or a stage number")),
        }
    }
    d.into_result()?;
    Ok(out)
}

/// Visits already made (`--avance`): CSV `clues,fecha` (ISO dates), none after `until`.
pub fn read_progress(path: &Path, until: Option<chrono::NaiveDate>) -> Result<BTreeMap<String, chrono::NaiveDate>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["clues", "fecha"])?;
    let mut d = Diagnostics::default();
    let mut out = BTreeMap::new();
    for row in table.rows(&mut d) {
        let (Some(clues), Some(text)) = (row.required(cols.get(0), &mut d), row.required(cols.get(1), &mut d)) else {
            continue;
        };
        match text.parse::<chrono::NaiveDate>() {
            Ok(date) if until.is_some_and(|u| date > u) => {
                d.push(row.problem(cols.get(1), "visita futura", format!("a date on or before --desde {}", until.expect("some"))))
            }
            Ok(date) => {
                out.insert(clues.to_string(), date);
            }
            Err(_) => d.push(row.problem(cols.get(1), "fecha inválida", "a date as YYYY-MM-DD")),
        }
    }
    d.into_result()?;
    Ok(out)
}

/// A user's zone table: CSV `clues,zona`, one row per unit; a CLUES listed twice is an error.
pub fn read_zone_file(path: &Path) -> Result<BTreeMap<String, String>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["clues", "zona"])?;
    let mut d = Diagnostics::default();
    let mut out = BTreeMap::new();
    for row in table.rows(&mut d) {
        let (Some(clues), Some(zone)) = (row.required(cols.get(0), &mut d), row.required(cols.get(1), &mut d)) else {
            continue;
        };
        if out.insert(clues.to_string(), zone.to_string()).is_some() {
            d.push(row.location(cols.get(0)).problem(Severity::Error, "clues repetida", Some(clues), "each CLUES once"));
        }
    }
    d.into_result()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_file_rejects_repeated_clues_with_location() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("z.csv");
        std::fs::write(&p, "clues,zona\nA,1\nB,1\nA,2\n").unwrap();
        let e = read_zone_file(&p).unwrap_err().to_string();
        assert!(e.contains("z.csv:4:clues: \"A\""), "{e}");
        std::fs::write(&p, "clave_entidad,zsm_2024\n13,x\n").unwrap();
        let e = read_zsm_by_state(&p).unwrap_err().to_string();
        assert!(e.contains(":2:zsm_2024"), "{e}");
    }
}
