//! Staffing: who can work where.
//!
//! Two layouts, detected from the header:
//!
//! - **Per person** (almaplan's own schema, CSV or XLSX), one row per physician:
//!
//!   | column | required | meaning |
//!   |---|---|---|
//!   | `medico_id` | yes | anonymous id (never a name or CURP) |
//!   | `clues` | yes | IMSS-BIENESTAR CLUES of the base unit |
//!   | `tipo_contrato` | yes | `entre_semana`, `fin_de_semana` or `pasante` |
//!   | `no_disponible` | no | dates or ranges, `;`-separated: `2026-12-24..2026-12-31;2027-01-06` |
//!   | `max_turnos_extra_mes` | no | most extra weekend shifts a month |
//!   | `salario_diario` | no | daily pay in pesos |
//!   | `rol` | no | `medico` (blank = physician), `enfermeria` or `promotor`: the role in the weekend team |
//!
//!   Other columns (a name, say) are ignored and never printed; messages about `medico_id` do not
//!   repeat its value.
//! - **SINERHIAS per-unit counts** (`clues_ssa`, `medicos_generales_ocupadas`,
//!   `pasantes_medicina_ocupadas`, …), keyed by the old SSA CLUES and mapped to the
//!   IMSS-BIENESTAR key through the establishment catalogue. Counts expand to anonymous records:
//!   general physicians as weekday staff, interns as `pasante`, and, when the file has
//!   `enfermeras_contacto_ocupadas`, contact nurses as weekday staff of role `enfermeria` (kept
//!   only when the scenario plans teams, `[roster.team]`). SINERHIAS counts no health promoters.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::input::table::{Col, Table};
use almaplan_core::domain::physician::{Contract, Physician, PhysicianOrigin, Role};
use almaplan_core::domain::Unit;
use almaplan_core::error::{Diagnostics, Error, Location, Severity};

/// Which staffing layout a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum StaffingLayout {
    /// One row per physician (`medico_id`, `clues`, `tipo_contrato`, …).
    PerPerson,
    /// SINERHIAS occupied-post counts per unit (`clues_ssa`, `medicos_generales_ocupadas`, …).
    SinerhiasCounts,
}

/// The physicians of one staffing file, and what was read.
#[derive(Debug, Clone)]
pub struct Staffing {
    /// The layout detected from the header.
    pub layout: StaffingLayout,
    /// One record per physician (expanded from the counts for SINERHIAS, with anonymous ids).
    pub physicians: Vec<Physician>,
    /// Data rows in the file.
    pub rows: usize,
    /// Count rows whose unit was found in the catalogue (SINERHIAS only).
    pub units_mapped: usize,
    /// Count rows whose old SSA key has no IMSS-BIENESTAR unit.
    pub units_unmapped: usize,
}

/// Reads a staffing file of either layout against the establishment catalogue's `units` (a
/// per-person `clues` must be one of them; SINERHIAS keys are mapped through their old SSA CLUES).
/// Problems are recorded in `d`.
pub fn read(path: &Path, units: &[Unit], d: &mut Diagnostics) -> Result<Staffing, Error> {
    let table = Table::read(path)?;
    from_table(&table, units, d)
}

/// [`read`] on a table already in memory.
pub fn from_table(table: &Table, units: &[Unit], d: &mut Diagnostics) -> Result<Staffing, Error> {
    if table.has_columns(&["medico_id", "clues", "tipo_contrato"]) {
        per_person(table, units, d)
    } else if table.has_columns(&["clues_ssa", "medicos_generales_ocupadas"]) {
        sinerhias(table, units, d)
    } else {
        Err(Error::input(Location { file: &table.source, row: Some(1), column: None }.problem(
            Severity::Error,
            "formato desconocido",
            None,
            "un encabezado de plantilla por persona (medico_id, clues, tipo_contrato, …) o el de SINERHIAS \
             (clues_ssa, medicos_generales_ocupadas, pasantes_medicina_ocupadas, …)",
        )))
    }
}

fn per_person(table: &Table, units: &[Unit], d: &mut Diagnostics) -> Result<Staffing, Error> {
    let c = table.require_columns(["medico_id", "clues", "tipo_contrato"])?;
    let unavailable = Col::optional(table, "no_disponible");
    let max_extra = Col::optional(table, "max_turnos_extra_mes");
    let salary = Col::optional(table, "salario_diario");
    let role_col = Col::optional(table, "rol");
    let known: HashSet<&str> = units.iter().map(|u| u.clues.as_str()).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut physicians = Vec::new();
    for row in table.rows(d) {
        let errors_before = d.errors.len();
        let id_col = c.get(0);
        let id = row.text(id_col);
        if id.is_empty() {
            d.push(row.location(id_col).problem(Severity::Error, "valor faltante", None, "un identificador anónimo de médico"));
        } else if let Some(prev) = seen.insert(id.to_string(), row.line()) {
            // The id may be personal: say where, not what.
            d.push(row.location(id_col).problem(
                Severity::Error,
                "médico duplicado",
                None,
                format!("un medico_id único; el mismo está en la línea {prev}"),
            ));
        }
        let base = row.required(c.get(1), d);
        if let Some(b) = base {
            if !known.contains(b) {
                d.push(row.problem(c.get(1), "CLUES desconocida", "la CLUES de una unidad del catálogo de establecimientos"));
            }
        }
        let contract = Contract::parse(row.text(c.get(2)));
        if contract.is_none() {
            d.push(row.problem(c.get(2), "contrato inválido", "entre_semana, fin_de_semana o pasante"));
        }
        let ranges = match unavailable.and_then(|col| row.opt_text(col).map(|t| (col, t))) {
            None => Vec::new(),
            Some((col, text)) => match parse_date_ranges(text) {
                Ok(r) => r,
                Err(bad) => {
                    d.push(row.location(col).problem(
                        Severity::Error,
                        "fecha inválida",
                        Some(&bad),
                        "fechas AAAA-MM-DD o rangos AAAA-MM-DD..AAAA-MM-DD separados por ;",
                    ));
                    Vec::new()
                }
            },
        };
        let max_extra_shifts_per_month = max_extra.and_then(|col| row.opt_text(col).and_then(|_| row.u32(col, d)));
        let daily_salary = salary.and_then(|col| row.opt_text(col).and_then(|_| row.f64(col, d)));
        let role = match role_col.and_then(|col| row.opt_text(col).map(|t| (col, t))) {
            None => Role::Medico,
            Some((col, text)) => Role::parse(text).unwrap_or_else(|| {
                d.push(row.problem(col, "rol inválido", "medico, enfermeria o promotor"));
                Role::Medico
            }),
        };
        if d.errors.len() > errors_before {
            continue;
        }
        physicians.push(Physician {
            id: id.to_string(),
            base: base.unwrap_or_default().to_string(),
            contract: contract.expect("checked"),
            unavailable: ranges,
            max_extra_shifts_per_month,
            daily_salary,
            origin: PhysicianOrigin::PerPerson,
            role,
        });
    }
    Ok(Staffing { layout: StaffingLayout::PerPerson, rows: table.rows.len(), physicians, units_mapped: 0, units_unmapped: 0 })
}

fn sinerhias(table: &Table, units: &[Unit], d: &mut Diagnostics) -> Result<Staffing, Error> {
    let c = table.require_columns(["clues_ssa", "medicos_generales_ocupadas", "pasantes_medicina_ocupadas"])?;
    let by_ssa: HashMap<&str, &Unit> = units.iter().filter_map(|u| u.clues_ssa.as_deref().map(|k| (k, u))).collect();
    let nurses_col = Col::optional(table, "enfermeras_contacto_ocupadas");
    let mut physicians = Vec::new();
    let (mut mapped, mut unmapped) = (0, 0);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in table.rows(d) {
        let Some(key) = row.required(c.get(0), d) else { continue };
        if let Some(prev) = seen.insert(key.to_string(), row.line()) {
            d.push(row.problem(c.get(0), "CLUES duplicada", format!("cada unidad una sola vez; ya aparece en la línea {prev}")));
            continue;
        }
        let general = row.u32(c.get(1), d);
        let interns = row.u32(c.get(2), d);
        let nurses = match nurses_col {
            Some(col) if row.opt_text(col).is_some() => row.u32(col, d),
            _ => Some(0),
        };
        let (Some(general), Some(interns), Some(nurses)) = (general, interns, nurses) else { continue };
        let Some(unit) = by_ssa.get(key) else {
            unmapped += 1;
            d.push(row.warning(
                c.get(0),
                "unidad SINERHIAS sin CLUES IMSS-BIENESTAR",
                "una CLUES SSA anterior que esté en clues_ssa_y_sme del catálogo; su personal queda fuera",
            ));
            continue;
        };
        mapped += 1;
        let mut add = |n: u32, tag: &str, contract: Contract, role: Role| {
            for k in 1..=n {
                physicians.push(Physician {
                    id: format!("{}-{tag}{k:02}", unit.clues),
                    base: unit.clues.clone(),
                    contract,
                    unavailable: Vec::new(),
                    max_extra_shifts_per_month: None,
                    daily_salary: None,
                    origin: PhysicianOrigin::FromCounts,
                    role,
                });
            }
        };
        add(general, "MG", Contract::EntreSemana, Role::Medico);
        add(interns, "MPSS", Contract::Pasante, Role::Medico);
        add(nurses, "ENF", Contract::EntreSemana, Role::Enfermeria);
    }
    Ok(Staffing {
        layout: StaffingLayout::SinerhiasCounts,
        rows: table.rows.len(),
        physicians,
        units_mapped: mapped,
        units_unmapped: unmapped,
    })
}

/// `2026-12-24..2026-12-31;2027-01-06` → inclusive ranges; the offending piece on error.
pub fn parse_date_ranges(text: &str) -> Result<Vec<(NaiveDate, NaiveDate)>, String> {
    let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| s.trim().to_string());
    let mut out = Vec::new();
    for piece in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let range = match piece.split_once("..") {
            Some((a, b)) => (date(a)?, date(b)?),
            None => {
                let d = date(piece)?;
                (d, d)
            }
        };
        if range.1 < range.0 {
            return Err(piece.to_string());
        }
        out.push(range);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_ranges_parse_and_reject_reversed() {
        let r = parse_date_ranges("2026-12-24..2026-12-31; 2027-01-06").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].0, r[1].1);
        assert_eq!(parse_date_ranges("2026-12-31..2026-12-24").unwrap_err(), "2026-12-31..2026-12-24");
        assert_eq!(parse_date_ranges("24/12/2026").unwrap_err(), "24/12/2026");
    }

    #[test]
    fn per_person_errors_never_echo_the_id() {
        let t = Table::from_csv_bytes(
            b"medico_id,nombre,clues,tipo_contrato\nPEGJ800101,JUAN PEREZ,X1,entre_semana\nPEGJ800101,JUAN PEREZ,X1,entre_semana\n",
            "plantilla.csv".into(),
        )
        .unwrap();
        let mut d = Diagnostics::default();
        let _ = from_table(&t, &[], &mut d).unwrap();
        let all: String = d.errors.iter().map(|e| e.to_string()).collect();
        assert!(all.contains("el mismo está en la línea 2"), "{all}");
        assert!(!all.contains("PEGJ800101") && !all.contains("JUAN"), "{all}");
    }
}
