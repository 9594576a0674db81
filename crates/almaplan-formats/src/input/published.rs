//! Zone tables and Comando Alma-Ata progress files given by the user (`--avance`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::input::Table;
use almaplan_core::error::{Diagnostics, Error, Severity};

/// Visits already made (`--avance`): CSV `clues,fecha` (`AAAA-MM-DD` or `dd/mm/aaaa`, as Excel
/// writes it), none after `until`.
pub fn read_progress(path: &Path, until: Option<chrono::NaiveDate>) -> Result<BTreeMap<String, chrono::NaiveDate>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["clues", "fecha"])?;
    let mut d = Diagnostics::default();
    let mut out = BTreeMap::new();
    for row in table.rows(&mut d) {
        let (Some(clues), Some(text)) = (row.required(cols.get(0), &mut d), row.required(cols.get(1), &mut d)) else {
            continue;
        };
        match crate::input::roster::parse_date(text).ok_or(()) {
            Ok(date) if until.is_some_and(|u| date > u) => {
                d.push(row.problem(cols.get(1), "visita futura", format!("una fecha igual o anterior a --desde {}", until.expect("some"))))
            }
            Ok(date) => {
                out.insert(clues.to_string(), date);
            }
            Err(_) => d.push(row.problem(cols.get(1), "fecha inválida", "una fecha AAAA-MM-DD o dd/mm/aaaa")),
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
            d.push(row.location(cols.get(0)).problem(Severity::Error, "clues repetida", Some(clues), "cada CLUES una sola vez"));
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
    }
}
