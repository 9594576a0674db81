//! A roster as HR edits it (`rol_fin_de_semana.csv` or every state sheet of
//! `rol_fin_de_semana.xlsx`: `fecha`, `clues`, `medico_id`, optional `fijo`, other columns ignored)
//! and absences (`bajas.csv`: `medico_id`, `desde`, `hasta`).

use std::path::Path;

use chrono::NaiveDate;

use crate::input::table::{Col, Row, Table};
use almaplan_core::error::{Diagnostics, Error, Severity};

pub use almaplan_core::domain::roster::{Absence, RosterRow};

/// A date as people and spreadsheets write it: `AAAA-MM-DD`, `dd/mm/aaaa` (what Excel in Spanish
/// shows, and what the XLSX reader makes of a date cell), with or without a time of day, or an
/// Excel serial day number (a date cell whose column was set to «General»: 46389 = 02/01/2027).
pub fn parse_date(t: &str) -> Option<NaiveDate> {
    let t = t.trim();
    if let Ok(serial) = t.parse::<u32>() {
        // Serial days 1990-01-01 … 2099-12-31; anything else is not a date.
        return (32874..=73415).contains(&serial).then(|| crate::input::table::excel_serial_date(f64::from(serial))).flatten();
    }
    let day = t.split([' ', 'T']).next().unwrap_or(t);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(day, "%d/%m/%Y"))
        .or_else(|_| NaiveDate::parse_from_str(day, "%d-%m-%Y"))
        .ok()
}

fn date(row: &Row<'_>, col: Col, d: &mut Diagnostics) -> Option<NaiveDate> {
    let t = row.required(col, d)?;
    match parse_date(t) {
        Some(v) => Some(v),
        None => {
            d.push(row.problem(col, "fecha inválida", "una fecha AAAA-MM-DD o dd/mm/aaaa"));
            None
        }
    }
}

/// Header names and labels of the roster columns: the CSV's names and the workbook's Spanish
/// labels ([`crate::output::roster::ROSTER_COLUMNS`]), compared without case or accents.
const DATE: &[&str] = &["fecha"];
const CLUES: &[&str] = &["clues"];
const PHYSICIAN: &[&str] = &["medico_id", "medico", "medico (id)", "id del medico"];
const LOCKED: &[&str] = &["fijo", "fija", "bloqueado"];
const ROLE: &[&str] = &["rol"];

/// Rows of a sheet searched for the roster's header when the first row is not it.
const HEADER_SEARCH_ROWS: usize = 10;

/// A header folded for comparison: lower case, no accents, single spaces.
fn fold(h: &str) -> String {
    let lower = h.trim().to_lowercase();
    let plain: String = lower
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' | 'ü' => 'u',
            c => c,
        })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn find(table: &Table, names: &[&str], name: &'static str) -> Option<Col> {
    table.headers.iter().position(|h| names.contains(&fold(h).as_str())).map(|index| Col { index, name })
}

/// `sí`/`no` of the lock column: `sí`, `si`, `s`, `x`, `1`, `true`, `verdadero` lock; blank,
/// `no`, `n`, `0`, `false`, `falso` do not.
fn locked(row: &Row<'_>, col: Col, d: &mut Diagnostics) -> bool {
    match fold(row.text(col)).as_str() {
        "si" | "s" | "x" | "1" | "true" | "verdadero" => true,
        "" | "no" | "n" | "0" | "false" | "falso" => false,
        _ => {
            d.push(row.problem(col, "valor inválido", "sí o no (¿asignación fija?)"));
            false
        }
    }
}

/// Reads an edited roster: one row per physician and weekend day, from a CSV (`,` or `;`, BOM,
/// CRLF) or from **every** sheet of a workbook that holds assignments (the state sheets of
/// `rol_fin_de_semana.xlsx`). Columns `fecha` (`AAAA-MM-DD`, `dd/mm/aaaa` or a date cell),
/// `clues`, `medico_id` (or the workbook's labels `Fecha`, `CLUES`, `Médico`), and optionally
/// `fijo` (`sí` locks the assignment for a re-plan) and `rol` (with teams: `medico`,
/// `enfermeria`, `promotor`); other columns are ignored.
///
/// A sheet holds assignments when its first row names any of the roster columns (it must then
/// have all three), or when one of the next rows names all three (rows inserted above the header).
/// Other sheets (the summary, the grids, gaps, hires and coverage, which start with a title and
/// never name a physician column) are not assignments. Rows with a bad date or an empty
/// `clues` or `medico_id` are errors recorded in `d`: a roster is read whole or not at all.
/// Whether the physician and unit exist is checked later, against the network.
pub fn read_roster(path: &Path, d: &mut Diagnostics) -> Result<Vec<RosterRow>, Error> {
    let mut out = Vec::new();
    if crate::input::table::is_workbook(path) {
        let mut sheets_read = 0;
        for (_, table) in crate::input::table::read_workbook(path)? {
            let Some(table) = table else { continue };
            let named = |cells: &[String]| {
                [DATE, CLUES, PHYSICIAN].iter().filter(|names| cells.iter().any(|h| names.contains(&fold(h).as_str()))).count()
            };
            let table = if named(&table.headers) > 0 {
                table
            } else {
                // Rows inserted above the header (a title): the header is the first of the next
                // rows that names all three columns. Almaplan's other sheets (gaps, grids…) never do.
                match table.rows.iter().take(HEADER_SEARCH_ROWS).position(|r| named(&r.fields) == 3) {
                    Some(k) => Table {
                        headers: table.rows[k].fields.iter().map(|h| h.trim().to_string()).collect(),
                        rows: table.rows[k + 1..].to_vec(),
                        ..table
                    },
                    None => continue,
                }
            };
            let table = fit_to_header(table);
            sheets_read += 1;
            read_sheet(&table, true, d, &mut out)?;
        }
        if sheets_read == 0 || (out.is_empty() && !d.has_errors()) {
            return Err(Error::input(
                almaplan_core::error::Location { file: &path.display().to_string(), row: None, column: None }.problem(
                    Severity::Error,
                    "sin filas de datos",
                    None,
                    "sin filas de datos: ninguna hoja del libro tiene asignaciones (columnas fecha, clues y medico_id)",
                ),
            ));
        }
    } else {
        let table = Table::read(path)?;
        read_sheet(&table, false, d, &mut out)?;
    }
    Ok(out)
}

/// The header without its blank trailing cells, and each row cut to its width when the cells
/// beyond it are blank (a row with a value outside the header stays long: `Table::rows` reports it).
fn fit_to_header(mut table: Table) -> Table {
    let width = table.headers.iter().rposition(|h| !h.is_empty()).map_or(0, |p| p + 1);
    table.headers.truncate(width);
    for row in &mut table.rows {
        if row.fields.len() > width && row.fields[width..].iter().all(|f| f.trim().is_empty()) {
            row.fields.truncate(width);
        }
        if row.fields.len() < width {
            row.fields.resize(width, String::new());
        }
    }
    table
}

/// One table of assignments; `in_workbook`: a state sheet may hold none (the workbook as a whole
/// may not), a CSV must hold some.
fn read_sheet(table: &Table, in_workbook: bool, d: &mut Diagnostics, out: &mut Vec<RosterRow>) -> Result<(), Error> {
    let missing: Vec<_> = [(DATE, "fecha"), (CLUES, "clues"), (PHYSICIAN, "medico_id")]
        .into_iter()
        .filter(|(names, _)| find(table, names, "").is_none())
        .map(|(_, name)| {
            almaplan_core::error::Location { file: &table.source, row: Some(1), column: Some(name) }.problem(
                Severity::Error,
                "columna faltante",
                None,
                format!("una columna {name} en el encabezado"),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::Input(missing));
    }
    let (c_date, c_clues, c_id) =
        (find(table, DATE, "fecha").unwrap(), find(table, CLUES, "clues").unwrap(), find(table, PHYSICIAN, "medico_id").unwrap());
    let c_locked = find(table, LOCKED, "fijo");
    let c_role = find(table, ROLE, "rol");
    if in_workbook && table.rows.is_empty() {
        return Ok(());
    }
    let rows = table.rows(d);
    for row in rows {
        let date = date(&row, c_date, d);
        let clues = row.required(c_clues, d);
        let id = row.text(c_id);
        if id.is_empty() {
            d.push(row.location(c_id).problem(Severity::Error, "valor faltante", None, "un medico_id"));
        }
        let locked = c_locked.is_some_and(|c| locked(&row, c, d));
        let role = c_role.and_then(|c| {
            let text = row.text(c);
            if text.trim().is_empty() {
                return None;
            }
            let role = almaplan_core::domain::physician::Role::parse(text);
            if role.is_none() {
                d.push(row.problem(c, "rol inválido", "medico, enfermeria o promotor"));
            }
            role
        });
        if let (Some(date), Some(clues), false) = (date, clues, id.is_empty()) {
            out.push(RosterRow {
                source: table.source.clone(),
                line: row.line(),
                date,
                clues: clues.to_string(),
                physician: id.to_string(),
                locked,
                role,
            });
        }
    }
    Ok(())
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
            d.push(row.location(c.get(0)).problem(Severity::Error, "valor faltante", None, "un medico_id"));
            continue;
        }
        let (Some(from), Some(to)) = (date(&row, c.get(1), d), date(&row, c.get(2), d)) else { continue };
        if to < from {
            d.push(row.problem(c.get(2), "rango invertido", "una fecha igual o posterior a desde"));
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

/// Units that already open on weekends (`[roster] baseline_units`): `clues` and an optional
/// `medicos` (staff already on weekend mornings; blank = the unit's whole requirement).
pub fn read_baseline(path: &Path, d: &mut Diagnostics) -> Result<std::collections::BTreeMap<String, Option<u32>>, Error> {
    let table = Table::read(path)?;
    let c = table.require_columns(["clues"])?;
    let staff = Col::optional(&table, "medicos");
    let mut out = std::collections::BTreeMap::new();
    for row in table.rows(d) {
        let Some(clues) = row.required(c.get(0), d) else { continue };
        let s = staff.and_then(|col| row.opt_text(col).and_then(|_| row.u32(col, d)));
        if out.insert(clues.to_string(), s).is_some() {
            d.push(row.problem(c.get(0), "CLUES duplicada", "each unit once"));
        }
    }
    Ok(out)
}

/// Tabla 2 of the Comando Alma-Ata guide (`seeds/tabla2_necesidad_medicos_2024.csv`: `tipologia`,
/// `estrato` = `rural`/`urbano`, `medicos_necesarios`, `unidades_con_necesidad`).
pub fn read_tabla2(path: &Path, d: &mut Diagnostics) -> Result<Vec<almaplan_core::planners::roster::Tabla2Row>, Error> {
    use almaplan_core::planners::roster::{Tabla2Row, UnitClass};
    let table = Table::read(path)?;
    let c = table.require_columns(["tipologia", "estrato", "medicos_necesarios", "unidades_con_necesidad"])?;
    let mut out: Vec<Tabla2Row> = Vec::new();
    for row in table.rows(d) {
        let Some(class) = row.required(c.get(0), d).and_then(|t| {
            let class = UnitClass::from_label(t);
            if class.is_none() {
                d.push(row.problem(
                    c.get(0),
                    "tipología desconocida",
                    "1 nucleo basico, 2 nucleos basicos, 3 a 5 nucleos basicos, 6 o mas nucleos basicos or CESSA",
                ));
            }
            class
        }) else {
            continue;
        };
        let rural = match row.required(c.get(1), d).map(|t| t.to_lowercase()) {
            Some(t) if t == "rural" => true,
            Some(t) if t == "urbano" => false,
            Some(_) => {
                d.push(row.problem(c.get(1), "estrato inválido", "rural or urbano"));
                continue;
            }
            None => continue,
        };
        let (Some(physicians), Some(units)) = (row.u32(c.get(2), d), row.u32(c.get(3), d)) else { continue };
        if out.iter().any(|r| r.class == class && r.rural == rural) {
            d.push(row.problem(c.get(0), "clase duplicada", "each typology × stratum once"));
            continue;
        }
        out.push(Tabla2Row { class, rural, physicians, units });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_as_people_and_spreadsheets_write_them() {
        for t in ["2027-01-02", "02/01/2027", "2/1/2027", "2027-01-02 00:00:00", "2027-01-02T00:00:00", "46389"] {
            assert_eq!(parse_date(t), Some(ymd(2027, 1, 2)), "{t}");
        }
        for t in ["01/13/2027", "2027-13-01", "12", "sábado", ""] {
            assert_eq!(parse_date(t), None, "{t}");
        }
    }

    fn workbook(dir: &Path, sheets: &[(&str, &[&[&str]])]) -> std::path::PathBuf {
        let mut book = rust_xlsxwriter::Workbook::new();
        for (name, rows) in sheets {
            let ws = book.add_worksheet().set_name(*name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    ws.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
        let path = dir.join("rol.xlsx");
        book.save(&path).unwrap();
        path
    }

    #[test]
    fn every_roster_sheet_is_read_and_other_sheets_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = workbook(
            dir.path(),
            &[
                ("Resumen", &[&["Rol de fin de semana"], &["Fecha", "CLUES"]]),
                ("A", &[&["Fecha", "CLUES", "Médico", "Fijo"], &["02/01/2027", "X1", "m1", "sí"], &["2027-01-03", "X1", "m1", ""]]),
                ("B", &[&["fecha", "clues", "medico_id"]]),
                ("C", &[&["FECHA", "Clues", "MÉDICO"], &["09/01/2027", "X2", "m2"]]),
                ("D", &[&["Rol de marzo"], &["Fecha", "CLUES", "Médico"], &["10/01/2027", "X3", "m3"]]),
                ("Brechas", &[&["Brechas"], &["Fecha", "CLUES", "Razón"], &["10/01/2027", "X4", "lejos"]]),
            ],
        );
        let mut d = Diagnostics::default();
        let rows = read_roster(&path, &mut d).unwrap();
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let got: Vec<(String, usize, bool)> = rows.iter().map(|r| (r.source.clone(), r.line, r.locked)).collect();
        let file = path.display().to_string();
        assert_eq!(
            got,
            [
                (format!("{file}[A]"), 2, true),
                (format!("{file}[A]"), 3, false),
                (format!("{file}[C]"), 2, false),
                (format!("{file}[D]"), 3, false)
            ]
        );
        assert_eq!(rows[0].date, ymd(2027, 1, 2));
    }

    #[test]
    fn a_sheet_read_in_part_is_an_error_never_a_clean_pass() {
        let dir = tempfile::tempdir().unwrap();
        // A sheet that names some roster columns but not all.
        let path = workbook(
            dir.path(),
            &[("A", &[&["Fecha", "CLUES", "Médico"], &["02/01/2027", "X1", "m1"]]), ("B", &[&["fecha", "clues"], &["03/01/2027", "X1"]])],
        );
        let e = read_roster(&path, &mut Diagnostics::default()).unwrap_err().to_string();
        assert!(e.contains("rol.xlsx[B]:1:medico_id"), "{e}");
        // A value outside the header's columns is not silently dropped.
        let path = workbook(dir.path(), &[("A", &[&["Fecha", "CLUES", "Médico"], &["02/01/2027", "X1", "m1", "m2"]])]);
        let mut d = Diagnostics::default();
        read_roster(&path, &mut d).unwrap();
        assert!(d.errors[0].to_string().contains("rol.xlsx[A]:2: 3 campos"), "{:?}", d.errors);
        // A workbook with no assignment at all.
        let path = workbook(dir.path(), &[("Resumen", &[&["Rol"]])]);
        let e = read_roster(&path, &mut Diagnostics::default()).unwrap_err().to_string();
        assert!(e.contains("sin filas de datos"), "{e}");
        // A bad date or a bad lock is an error on its row and column.
        let path = workbook(dir.path(), &[("A", &[&["Fecha", "CLUES", "Médico", "Fijo"], &["31/02/2027", "X1", "m1", "quizá"]])]);
        let mut d = Diagnostics::default();
        read_roster(&path, &mut d).unwrap();
        let errors: Vec<String> = d.errors.iter().map(ToString::to_string).collect();
        assert!(errors[0].contains("rol.xlsx[A]:2:fecha: \"31/02/2027\""), "{errors:?}");
        assert!(errors[1].contains("rol.xlsx[A]:2:fijo: \"quizá\""), "{errors:?}");
    }
}
