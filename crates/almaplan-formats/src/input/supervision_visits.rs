//! Supervision visits already made (`[supervision] previous_visits`, `supervision --visitas-previas`):
//! CSV `clues,fecha`, the re-plan's history. Units with no visit in the month before the first
//! planned month are overdue and go first in the new calendar (`models/supervision.md`).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::input::Table;
use almaplan_core::error::{Diagnostics, Error};

/// Reads `clues,fecha` (ISO dates; other columns ignored) and keeps each CLUES's latest visit. A
/// visit on or after `first_month` (the first planned month) is an error: the history comes before
/// the plan.
pub fn read(path: &Path, first_month: NaiveDate) -> Result<BTreeMap<String, NaiveDate>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["clues", "fecha"])?;
    let mut d = Diagnostics::default();
    let mut out: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for row in table.rows(&mut d) {
        let (Some(clues), Some(text)) = (row.required(cols.get(0), &mut d), row.required(cols.get(1), &mut d)) else {
            continue;
        };
        match text.trim().parse::<NaiveDate>() {
            Ok(date) if date >= first_month => {
                d.push(row.problem(cols.get(1), "visita futura", format!("una fecha anterior al primer mes planeado ({first_month})")))
            }
            Ok(date) => {
                let e = out.entry(clues.trim().to_string()).or_insert(date);
                *e = (*e).max(date);
            }
            Err(_) => d.push(row.problem(cols.get(1), "fecha inválida", "una fecha AAAA-MM-DD")),
        }
    }
    d.into_result()?;
    Ok(out)
}
