//! A roster as HR edits it (`rol_fin_de_semana.csv`: `fecha`, `clues`, `medico_id`, other columns
//! ignored) and absences (`bajas.csv`: `medico_id`, `desde`, `hasta`).

use std::path::Path;

use chrono::NaiveDate;

use crate::input::table::{Col, Row, Table};
use almaplan_core::error::{Diagnostics, Error, Severity};

pub use almaplan_core::domain::roster::{Absence, RosterRow};

fn date(row: &Row<'_>, col: Col, d: &mut Diagnostics) -> Option<NaiveDate> {
    let t = row.required(col, d)?;
    match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(v) => Some(v),
        Err(_) => {
            d.push(row.problem(col, "fecha inválida", "a date YYYY-MM-DD"));
            None
        }
    }
}

/// Reads an edited roster: one row per physician and weekend day (`fecha` as `YYYY-MM-DD`). Rows
/// with a bad date or an empty `clues` or `medico_id` are recorded in `d` and left out; whether the
/// physician and unit exist is checked later, against the network.
pub fn read_roster(path: &Path, d: &mut Diagnostics) -> Result<Vec<RosterRow>, Error> {
    let table = Table::read(path)?;
    let c = table.require_columns(["fecha", "clues", "medico_id"])?;
    let mut out = Vec::new();
    for row in table.rows(d) {
        let date = date(&row, c.get(0), d);
        let clues = row.required(c.get(1), d);
        let id = row.text(c.get(2));
        if id.is_empty() {
            d.push(row.location(c.get(2)).problem(Severity::Error, "valor faltante", None, "a physician id"));
        }
        if let (Some(date), Some(clues), false) = (date, clues, id.is_empty()) {
            out.push(RosterRow { line: row.line(), date, clues: clues.to_string(), physician: id.to_string() });
        }
    }
    Ok(out)
}

/// Reads absences: `medico_id` away from `desde` to `hasta`, both dates included. A range whose
/// end is before its start is an error recorded in `d`.
pub fn read_absences(path: &Path, d: &mut Diagnostics) -> Result<Vec<Absence>, Error> {
    let table = Table::read(path)?;
    let c = table.require_columns(["medico_id", "desde", "hasta"])?;
    let mut out = Vec::new();
    for row in table.rows(d) {
        let id = row.text(c.get(0));
        if id.is_empty() {
            d.push(row.location(c.get(0)).problem(Severity::Error, "valor faltante", None, "a physician id"));
            continue;
        }
        let (Some(from), Some(to)) = (date(&row, c.get(1), d), date(&row, c.get(2), d)) else { continue };
        if to < from {
            d.push(row.problem(c.get(2), "rango invertido", "a date on or after desde"));
            continue;
        }
        out.push(Absence { physician: id.to_string(), from, to });
    }
    Ok(out)
}

/// A target-set CSV: `clues` and an optional `medicos` (physicians required each opening day).
pub fn read_targets(path: &Path, d: &mut Diagnostics) -> Result<std::collections::HashMap<String, Option<u32>>, Error> {
    let table = Table::read(path)?;
    let c = table.require_columns(["clues"])?;
    let required = Col::optional(&table, "medicos");
    let mut out = std::collections::HashMap::new();
    for row in table.rows(d) {
        let Some(clues) = row.required(c.get(0), d) else { continue };
        let r = required.and_then(|col| row.opt_text(col).and_then(|_| row.u32(col, d)));
        if out.insert(clues.to_string(), r).is_some() {
            d.push(row.problem(c.get(0), "CLUES duplicada", "each unit once"));
        }
    }
    Ok(out)
}
