//! Published per-state figures (`seeds/cifras_por_entidad.csv`): the weekend-opening block and its
//! target, first-level units, operative regions, medical service zones and the Comando Alma-Ata
//! stage of each federalised state.

use std::collections::BTreeMap;
use std::path::Path;

use crate::input::table::{Col, Table};
use almaplan_core::error::{Diagnostics, Error};

pub use almaplan_core::domain::figures::{NationalFigure, NationalFigures, StateFigures};

/// Reads the figures by state code. Only `clave_entidad` is required; every other column is
/// optional and a blank cell is an unknown figure, not zero. A code outside 1–32 is an error
/// recorded in `d`.
pub fn read(path: &Path, d: &mut Diagnostics) -> Result<BTreeMap<u8, StateFigures>, Error> {
    let table = Table::read(path)?;
    let c = table.require_columns(["clave_entidad"])?;
    let opt = |name: &'static str| Col::optional(&table, name);
    let (block, target, uspn, regions, zsm, stage) = (
        opt("bloque_fin_de_semana"),
        opt("meta_unidades_fin_de_semana"),
        opt("uspn_imssb_2024"),
        opt("regiones_operativas_2024"),
        opt("zsm_2024"),
        opt("etapa_comando_alma_ata"),
    );
    let (coord, other, teams, t10r, t10z, t10u) = (
        opt("hospitales_coordinadores_zsm"),
        opt("otros_hospitales_zsm"),
        opt("equipos_supervision_zonal"),
        opt("tabla10_regiones"),
        opt("tabla10_zsm"),
        opt("tabla10_unidades"),
    );
    let mut out = BTreeMap::new();
    for row in table.rows(d) {
        let Some(state) = row.u32(c.get(0), d) else { continue };
        if !(1..=32).contains(&state) {
            d.push(row.problem(c.get(0), "clave de entidad inválida", "una clave de entidad de 1 a 32"));
            continue;
        }
        let mut num = |col: Option<Col>| col.and_then(|c| row.opt_text(c).and_then(|_| row.u32(c, d)));
        let figures = StateFigures {
            state: state as u8,
            weekend_block: num(block),
            weekend_target_units: num(target),
            first_level_units_2024: num(uspn),
            operative_regions: num(regions),
            zsm: num(zsm),
            comando_stage: stage.and_then(|c| row.opt_text(c)).map(str::to_string),
            coordinating_hospitals: num(coord),
            other_hospitals: num(other),
            zonal_supervision_teams: num(teams),
            tabla10_regions: num(t10r),
            tabla10_zsm: num(t10z),
            tabla10_units: num(t10u),
        };
        out.insert(state as u8, figures);
    }
    Ok(out)
}

/// Reads `seeds/cifras_nacionales.csv` (`clave,valor,unidad,fuente`). `clave` and `valor` are
/// required on every row; a key given twice is an error recorded in `d`.
pub fn read_national(path: &Path, d: &mut Diagnostics) -> Result<NationalFigures, Error> {
    let table = Table::read(path)?;
    let c = table.require_columns(["clave", "valor"])?;
    let (unit, source) = (Col::optional(&table, "unidad"), Col::optional(&table, "fuente"));
    let mut out = NationalFigures::default();
    for row in table.rows(d) {
        let Some(key) = row.required(c.get(0), d) else { continue };
        let Some(value) = row.required(c.get(1), d) else { continue };
        let text = |col: Option<Col>| col.and_then(|c| row.opt_text(c)).unwrap_or("").to_string();
        let figure = NationalFigure { value: value.to_string(), unit: text(unit), source: text(source) };
        match out.0.entry(key.to_string()) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(figure);
            }
            std::collections::btree_map::Entry::Occupied(_) => d.push(row.problem(c.get(0), "clave repetida", "cada clave una sola vez")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_count_is_located_and_stage_kept_as_text() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.csv");
        std::fs::write(&p, "clave_entidad,zsm_2024,etapa_comando_alma_ata\n13,x,2\n9,10,piloto\n").unwrap();
        let mut d = Diagnostics::default();
        let f = read(&p, &mut d).unwrap();
        assert!(d.errors[0].to_string().contains(":2:zsm_2024"), "{}", d.errors[0]);
        assert_eq!(f[&9].zsm, Some(10));
        assert_eq!(f[&9].comando_stage.as_deref(), Some("piloto"));
    }

    #[test]
    fn national_figures_by_key_and_repeated_key_located() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("n.csv");
        std::fs::write(&p, "clave,valor,unidad,fuente\nmedicos,4910,medicos,doc\nturno,matutino,,doc\nmedicos,1,x,y\n").unwrap();
        let mut d = Diagnostics::default();
        let f = read_national(&p, &mut d).unwrap();
        assert_eq!(f.number("medicos"), Some(4910.0));
        assert_eq!(f.get("turno").unwrap().value, "matutino");
        assert!(d.errors[0].to_string().contains(":4:clave"), "{}", d.errors[0]);
    }
}
