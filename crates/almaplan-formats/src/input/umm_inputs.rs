//! Mobile-unit programme inputs: PI 2.2 targets (`seeds/pi_2_2_metas_umm.csv`, `[data]
//! pi22_targets`), crew completeness per unit (`[routes] crews`) and programme priorities
//! (`[routes] priorities`). Readers only: they parse and locate problems.

use std::collections::BTreeMap;
use std::path::Path;

use crate::input::table::Col;
use crate::input::Table;
use almaplan_core::error::{Diagnostics, Error, Location, Severity};

/// PI 2.2 targets and baseline by year: CSV `anio,cobertura_umm` (a fraction 0–1; `tipo` and
/// `fuente` optional), one row per year.
pub fn read_pi22_targets(path: &Path) -> Result<BTreeMap<u16, f64>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["anio", "cobertura_umm"])?;
    let mut d = Diagnostics::default();
    let mut out = BTreeMap::new();
    for row in table.rows(&mut d) {
        let (Some(year), Some(value)) = (row.u32(cols.get(0), &mut d), row.f64(cols.get(1), &mut d)) else { continue };
        if !(2000..=2100).contains(&year) {
            d.push(row.problem(cols.get(0), "año fuera de rango", "un año entre 2000 y 2100"));
            continue;
        }
        if !(0.0..=1.0).contains(&value) {
            d.push(row.problem(cols.get(1), "cobertura fuera de rango", "una fracción entre 0 y 1 (0.63 = 63 %)"));
            continue;
        }
        if out.insert(year as u16, value).is_some() {
            d.push(row.location(cols.get(0)).problem(Severity::Error, "año repetido", Some(&year.to_string()), "cada año una sola vez"));
        }
    }
    d.into_result()?;
    Ok(out)
}

/// Crews and types per mobile unit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Crews {
    /// CLUES → crew complete.
    pub complete: BTreeMap<String, bool>,
    /// CLUES → UMM type (a name of `[routes.unit_types]`).
    pub types: BTreeMap<String, String>,
}

/// Crew completeness and type per mobile unit: CSV `clues` with `tripulacion_completa`
/// (`si`/`sí`/`no`, `1`/`0`, `true`/`false`), `tipo`, or both.
pub fn read_crews(path: &Path) -> Result<Crews, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["clues"])?;
    let (crew_col, type_col) = (Col::optional(&table, "tripulacion_completa"), Col::optional(&table, "tipo"));
    if crew_col.is_none() && type_col.is_none() {
        return Err(Error::input(Location { file: &table.source, row: Some(1), column: None }.problem(
            Severity::Error,
            "columna faltante",
            None,
            "una columna tripulacion_completa, tipo o ambas",
        )));
    }
    let mut d = Diagnostics::default();
    let mut out = Crews::default();
    let mut seen = std::collections::BTreeSet::new();
    for row in table.rows(&mut d) {
        let Some(clues) = row.required(cols.get(0), &mut d) else { continue };
        if !seen.insert(clues.to_string()) {
            d.push(row.location(cols.get(0)).problem(Severity::Error, "clues repetida", Some(clues), "cada CLUES una sola vez"));
            continue;
        }
        if let Some(t) = type_col.and_then(|c| row.opt_text(c)) {
            out.types.insert(clues.to_string(), t.trim().to_string());
        }
        let Some(c) = crew_col else { continue };
        let Some(text) = row.opt_text(c) else { continue };
        let complete = match text.trim().to_lowercase().as_str() {
            "si" | "sí" | "1" | "true" => true,
            "no" | "0" | "false" => false,
            _ => {
                d.push(row.problem(c, "valor inválido", "si o no"));
                continue;
            }
        };
        out.complete.insert(clues.to_string(), complete);
    }
    d.into_result()?;
    Ok(out)
}

/// Programme flags: CSV `cvegeo,programa`, `cvegeo` a locality (9 digits) or a municipality (5
/// digits); a place may carry several programmes (one row each).
pub fn read_priorities(path: &Path) -> Result<BTreeMap<String, Vec<String>>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["cvegeo", "programa"])?;
    let mut d = Diagnostics::default();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in table.rows(&mut d) {
        let (Some(key), Some(programme)) = (row.required(cols.get(0), &mut d), row.required(cols.get(1), &mut d)) else { continue };
        let key = key.trim();
        if !(key.len() == 9 || key.len() == 5) || !key.bytes().all(|b| b.is_ascii_digit()) {
            d.push(row.problem(cols.get(0), "clave inválida", "la CVEGEO de una localidad (9 dígitos) o de un municipio (5 dígitos)"));
            continue;
        }
        let v = out.entry(key.to_string()).or_default();
        v.push(programme.trim().to_string());
        v.sort();
        v.dedup();
    }
    d.into_result()?;
    Ok(out)
}

/// Responsibility of each mobile unit: CSV `clues,cvegeo`, one row per locality (9-digit
/// CVEGEO, once); `clues` must be a mobile unit of `units`. Returns CVEGEO → CLUES.
pub fn read_responsibility(path: &Path, units: &[almaplan_core::domain::Unit]) -> Result<BTreeMap<String, String>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["clues", "cvegeo"])?;
    let mobile: std::collections::BTreeSet<&str> =
        units.iter().filter(|u| u.kind == almaplan_core::domain::UnitKind::Mobile).map(|u| u.clues.as_str()).collect();
    let mut d = Diagnostics::default();
    let mut out = BTreeMap::new();
    for row in table.rows(&mut d) {
        let (Some(clues), Some(key)) = (row.required(cols.get(0), &mut d), row.required(cols.get(1), &mut d)) else { continue };
        if !mobile.contains(clues) {
            d.push(row.problem(cols.get(0), "no es una unidad móvil del escenario", "la CLUES de una unidad móvil del catálogo"));
            continue;
        }
        let key = key.trim();
        if key.len() != 9 || !key.bytes().all(|b| b.is_ascii_digit()) {
            d.push(row.problem(cols.get(1), "clave inválida", "la CVEGEO de una localidad (9 dígitos)"));
            continue;
        }
        if out.insert(key.to_string(), clues.to_string()).is_some() {
            d.push(row.location(cols.get(1)).problem(Severity::Error, "localidad repetida", Some(key), "cada localidad una sola vez"));
        }
    }
    d.into_result()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_and_bad_value_located() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.csv");
        std::fs::write(&p, "anio,cobertura_umm,tipo\n2024,0.55,linea base\n2025,0.63,meta\n").unwrap();
        assert_eq!(read_pi22_targets(&p).unwrap(), BTreeMap::from([(2024, 0.55), (2025, 0.63)]));
        std::fs::write(&p, "anio,cobertura_umm\n2024,55\n").unwrap();
        let e = read_pi22_targets(&p).unwrap_err().to_string();
        assert!(e.contains("m.csv:2:cobertura_umm"), "{e}");
    }

    #[test]
    fn crews_and_priorities_read_with_located_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(&p, "clues,tripulacion_completa,tipo\nA,sí,ligera\nB,no,\n").unwrap();
        let c = read_crews(&p).unwrap();
        assert_eq!(c.complete, BTreeMap::from([("A".to_string(), true), ("B".to_string(), false)]));
        assert_eq!(c.types, BTreeMap::from([("A".to_string(), "ligera".to_string())]));
        std::fs::write(&p, "clues,tripulacion_completa\nA,quizá\n").unwrap();
        assert!(read_crews(&p).unwrap_err().to_string().contains("t.csv:2:tripulacion_completa"));
        let q = dir.path().join("p.csv");
        std::fs::write(&q, "cvegeo,programa\n130010001,tren_maya\n13001,planes_de_justicia\n1300,x\n").unwrap();
        let e = read_priorities(&q).unwrap_err().to_string();
        assert!(e.contains("p.csv:4:cvegeo"), "{e}");
    }
}

/// Published figures of a priority region by state (`seeds/tren_maya_umm.csv`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RegionFigures {
    /// Mobile units serving the region in the state.
    pub units: u32,
    /// Localities attended.
    pub localities: u32,
    /// People benefited.
    pub population: u64,
}

/// The Tren Maya mobile units by state: CSV `entidad,localidades_atendidas,umm,poblacion_beneficiada`
/// (`entidad` a state name). Returns INEGI state code → figures.
pub fn read_region_figures(path: &Path) -> Result<BTreeMap<u8, RegionFigures>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["entidad", "localidades_atendidas", "umm", "poblacion_beneficiada"])?;
    let mut d = Diagnostics::default();
    let mut out = BTreeMap::new();
    for row in table.rows(&mut d) {
        let Some(name) = row.required(cols.get(0), &mut d) else { continue };
        let Some(code) = almaplan_core::domain::state::code_by_name(name) else {
            d.push(row.problem(cols.get(0), "entidad desconocida", "el nombre de una entidad"));
            continue;
        };
        let (Some(localities), Some(units), Some(population)) =
            (row.u32(cols.get(1), &mut d), row.u32(cols.get(2), &mut d), row.u32(cols.get(3), &mut d))
        else {
            continue;
        };
        out.insert(code, RegionFigures { units, localities, population: population as u64 });
    }
    d.into_result()?;
    Ok(out)
}
