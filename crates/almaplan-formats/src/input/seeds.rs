//! Published per-state figures (`seeds/cifras_por_entidad.csv`): the weekend-opening block and its
//! target, first-level units, operative regions, medical service zones and the Comando Alma-Ata
//! stage of each federalised state.

use std::collections::BTreeMap;
use std::path::Path;

use crate::input::table::{Col, Table};
use almaplan_core::error::{Diagnostics, Error};

pub use almaplan_core::domain::figures::StateFigures;

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
        };
        out.insert(state as u8, figures);
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
}
