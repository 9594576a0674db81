//! CONAPO's 2020 municipal marginalisation index (`CVE_MUN`, `IM_2020`, `GM_2020`).

use std::collections::HashMap;
use std::path::Path;

use crate::input::table::Table;
use almaplan_core::domain::marginalisation::{MarginGrade, Marginalisation};
use almaplan_core::error::{Diagnostics, Error, Location, Severity};

/// Marginalisation by municipality key (`state*1000 + municipality`).
pub fn read(path: &Path, d: &mut Diagnostics) -> Result<HashMap<u32, Marginalisation>, Error> {
    let table = Table::read(path)?;
    from_table(&table, d)
}

/// [`read`] on a table already in memory. A key that is not five digits, a grade outside CONAPO's
/// five and a municipality listed twice are errors recorded in `d`.
pub fn from_table(table: &Table, d: &mut Diagnostics) -> Result<HashMap<u32, Marginalisation>, Error> {
    let c = table.require_columns(["CVE_MUN", "IM_2020", "GM_2020"])?;
    let mut out = HashMap::new();
    for row in table.rows(d) {
        let key_text = row.text(c.get(0));
        let Some(key) = row.u32(c.get(0), d) else { continue };
        if key_text.len() != 5 || !(1001..=32999).contains(&key) {
            d.push(row.problem(
                c.get(0),
                "clave de municipio inválida",
                "una clave de municipio de 5 dígitos (2 de entidad + 3 de municipio)",
            ));
            continue;
        }
        let Some(index) = row.f64(c.get(1), d) else { continue };
        let Some(grade) = MarginGrade::parse(row.text(c.get(2))) else {
            d.push(row.problem(c.get(2), "grado inválido", "Muy bajo, Bajo, Medio, Alto o Muy alto"));
            continue;
        };
        if out.insert(key, Marginalisation { index, grade }).is_some() {
            d.push(Location { file: &table.source, row: Some(row.line()), column: Some("CVE_MUN") }.problem(
                Severity::Error,
                "municipio duplicado",
                Some(key_text),
                "cada municipio una sola vez",
            ));
        }
    }
    Ok(out)
}
