//! Supervision visits already made (`[supervision] previous_visits`, `supervision --visitas-previas`):
//! CSV `clues,fecha`, the re-plan's history. Units with no visit in the month before the first
//! planned month are overdue and go first in the new calendar (`models/supervision.md`).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::input::Table;
use almaplan_core::error::{Diagnostics, Error};

/// Reads `clues,fecha` (`AAAA-MM-DD` or `dd/mm/aaaa`, as Excel writes it; other columns ignored) and keeps each CLUES's latest visit. A
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
        match crate::input::roster::parse_date(text.trim()).ok_or(()) {
            Ok(date) if date >= first_month => {
                d.push(row.problem(cols.get(1), "visita futura", format!("una fecha anterior al primer mes planeado ({first_month})")))
            }
            Ok(date) => {
                let e = out.entry(clues.trim().to_string()).or_insert(date);
                *e = (*e).max(date);
            }
            Err(_) => d.push(row.problem(cols.get(1), "fecha inválida", "una fecha AAAA-MM-DD o dd/mm/aaaa")),
        }
    }
    d.into_result()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Excel writes `dd/mm/aaaa`; both forms are one date, and the latest visit per unit stands.
    #[test]
    fn reads_iso_and_excel_dates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visitas.csv");
        std::fs::write(&path, "clues,fecha\nHGIMB000011,2026-11-03\nHGIMB000011,20/11/2026\nHGIMB000023,05/10/2026\n").unwrap();
        let first = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let v = read(&path, first).unwrap();
        assert_eq!(v["HGIMB000011"], NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
        assert_eq!(v["HGIMB000023"], NaiveDate::from_ymd_opt(2026, 10, 5).unwrap());
        std::fs::write(&path, "clues,fecha\nHGIMB000011,2026-13-40\n").unwrap();
        let e = read(&path, first).unwrap_err().to_string();
        assert!(e.contains("visitas.csv") && e.contains("2026-13-40"), "{e}");
    }
}
