//! Field progress of the Comando Alma-Ata (`[waves] tracking_units`, `tracking_teams`): per unit
//! `clues,fecha_visita,diagnostico_completo,pacto,agenda` and per day
//! `fecha,entidad,equipos_completos,equipos`. Yes/no fields take `si`/`no` (also `sí`, `1`/`0`,
//! `true`/`false`, `x`/blank).

use std::collections::BTreeMap;
use std::path::Path;

use crate::input::table::{Col, Row, Table};
use almaplan_core::domain::state;
use almaplan_core::error::{Diagnostics, Error};
use almaplan_core::planners::waves::tracking::{TeamDay, UnitProgress};

fn yes_no(row: &Row<'_>, col: Option<Col>, d: &mut Diagnostics) -> bool {
    let Some(col) = col else { return false };
    match state::fold(row.text(col)).to_lowercase().as_str() {
        "si" | "s" | "1" | "true" | "x" | "verdadero" => true,
        "no" | "n" | "0" | "false" | "" | "falso" => false,
        _ => {
            d.push(row.problem(col, "valor inválido", "si o no"));
            false
        }
    }
}

/// Per unit: CLUES → visit date (blank: not visited), diagnosis complete, Pacto signed, agenda.
/// A CLUES listed twice is an error.
pub fn read_units(path: &Path) -> Result<BTreeMap<String, UnitProgress>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["clues"])?;
    let (visited, diagnosis, pacto, agenda) = (
        Col::optional(&table, "fecha_visita"),
        Col::optional(&table, "diagnostico_completo"),
        Col::optional(&table, "pacto"),
        Col::optional(&table, "agenda"),
    );
    let mut d = Diagnostics::default();
    let mut out = BTreeMap::new();
    for row in table.rows(&mut d) {
        let Some(clues) = row.required(cols.get(0), &mut d) else { continue };
        let date = visited.and_then(|c| {
            let text = row.opt_text(c)?;
            text.parse::<chrono::NaiveDate>().map_err(|_| d.push(row.problem(c, "fecha inválida", "una fecha AAAA-MM-DD o vacío"))).ok()
        });
        let p = UnitProgress {
            visited: date,
            diagnosis_complete: yes_no(&row, diagnosis, &mut d),
            pacto: yes_no(&row, pacto, &mut d),
            agenda: yes_no(&row, agenda, &mut d),
        };
        if out.insert(clues.to_string(), p).is_some() {
            d.push(row.problem(cols.get(0), "clues repetida", "cada CLUES una sola vez"));
        }
    }
    d.into_result()?;
    Ok(out)
}

/// Per day and state: complete teams operating in the field and the state's teams.
pub fn read_teams(path: &Path) -> Result<Vec<TeamDay>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["fecha", "entidad", "equipos_completos", "equipos"])?;
    let mut d = Diagnostics::default();
    let mut out = Vec::new();
    for row in table.rows(&mut d) {
        let date = row.required(cols.get(0), &mut d).and_then(|t| {
            t.parse::<chrono::NaiveDate>().map_err(|_| d.push(row.problem(cols.get(0), "fecha inválida", "una fecha AAAA-MM-DD"))).ok()
        });
        let code = row.required(cols.get(1), &mut d).and_then(|t| {
            let c = t.parse::<u8>().ok().or_else(|| state::code_by_name(t)).filter(|c| state::name(*c).is_some());
            if c.is_none() {
                d.push(row.problem(cols.get(1), "entidad desconocida", "una clave INEGI (1–32) o el nombre de una entidad"));
            }
            c
        });
        let (complete, total) = (row.u32(cols.get(2), &mut d), row.u32(cols.get(3), &mut d));
        if let (Some(complete), Some(total)) = (complete, total) {
            if complete > total {
                d.push(row.problem(cols.get(2), "más equipos completos que equipos", format!("a lo más {total} (equipos)")));
                continue;
            }
            if let (Some(date), Some(state)) = (date, code) {
                out.push(TeamDay { date, state, complete, total });
            }
        }
    }
    d.into_result()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_yes_no_and_teams_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("u.csv");
        std::fs::write(&p, "clues,fecha_visita,diagnostico_completo,pacto,agenda\nA,2025-01-02,si,no,\nB,,tal vez,no,no\n").unwrap();
        let e = read_units(&p).unwrap_err().to_string();
        assert!(e.contains("u.csv:3:diagnostico_completo") && e.contains("tal vez"), "{e}");
        let t = dir.path().join("t.csv");
        std::fs::write(&t, "fecha,entidad,equipos_completos,equipos\n2025-01-02,Hidalgo,3,4\n2025-01-03,13,5,4\n").unwrap();
        let e = read_teams(&t).unwrap_err().to_string();
        assert!(e.contains("t.csv:3:equipos_completos"), "{e}");
    }
}
