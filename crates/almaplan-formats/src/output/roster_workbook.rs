//! `rol_fin_de_semana.xlsx`, the workbook an HR coordinator works in, in this sheet order:
//!
//! 1. **Resumen**: figures per state and how to edit the workbook;
//! 2. per state, the **roster** (sheet named after the state): an Excel table with real date
//!    cells, Spanish labels ([`ROSTER_COLUMNS`]), frozen header, fitted widths, drop-down lists for
//!    date (the opening days), CLUES, physician, contract and `Fijo`; this is the sheet `roster check` and `--previous`
//!    read back (every state sheet);
//! 3. per state, the **grid** (`Cuadrícula …`): target units × opening days with the physicians
//!    of each cell, uncovered cells in red; a protected view of the roster sheet, not read back;
//! 4. **Brechas**, **Contrataciones**, **Cobertura**: the CSVs of the same names as tables;
//! 5. **Listas** (hidden): the values of the drop-down lists.
//!
//! Every sheet but the rosters starts with a title row, which is how the reader tells that they
//! hold no assignments. Every sheet prints landscape, one page wide, repeating its header row.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Table, TableColumn,
    TableStyle, Workbook, Worksheet, XlsxError,
};

use super::{state_name, Kind, RosterOutput, COVERAGE, GAPS, HIRES, ROSTER_COLUMNS, ROSTER_KINDS};

/// Contract codes and the labels the workbook shows.
const CONTRACTS: [(&str, &str); 3] = [("entre_semana", "Entre semana"), ("fin_de_semana", "Fin de semana"), ("pasante", "Pasante")];

/// Widest a fitted column gets, in characters.
const MAX_WIDTH: usize = 50;

/// A sheet that shows one of the CSVs: name, title, note, columns (CSV name, label, kind), rows.
type TableSheet<'a> = (&'a str, &'a str, &'a str, Vec<(&'a str, &'a str, Kind)>, &'a [Vec<String>]);

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

struct Formats {
    title: Format,
    note: Format,
    header: Format,
    date: Format,
    decimal: Format,
    gap: Format,
    cell: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_italic().set_font_color(Color::RGB(0x444444)),
            header: Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_border(FormatBorder::Thin),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            decimal: Format::new().set_num_format("#,##0.0"),
            gap: Format::new().set_background_color(Color::RGB(0xF8CBAD)).set_border(FormatBorder::Thin),
            cell: Format::new().set_border(FormatBorder::Thin),
        }
    }
}

/// Landscape, one page wide, header rows repeated, page numbers in the footer.
fn print_setup(sheet: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, header_row)?;
    sheet.set_footer("&L&A&RPágina &P de &N");
    Ok(())
}

/// Column widths fitted to the longest of header and values (in characters, capped).
fn fit_widths(sheet: &mut Worksheet, first_col: u16, header: &[&str], rows: &[&[String]]) -> Result<(), XlsxError> {
    for (c, h) in header.iter().enumerate() {
        let longest = rows.iter().filter_map(|r| r.get(c)).map(|v| v.chars().count()).max().unwrap_or(0);
        let width = longest.max(h.chars().count()).clamp(6, MAX_WIDTH) + 2;
        sheet.set_column_width(first_col + c as u16, width as f64)?;
    }
    Ok(())
}

/// A table of rows under a header at `header_row`: dates as date cells, numbers as numbers; an
/// Excel table (filters, banded rows) when there is at least one row.
#[allow(clippy::too_many_arguments)]
fn write_table(
    sheet: &mut Worksheet,
    f: &Formats,
    header_row: u32,
    name: &str,
    header: &[&str],
    kinds: &[Kind],
    rows: &[&[String]],
    display: impl Fn(usize, &str) -> String,
) -> Result<(), XlsxError> {
    for (r, row) in rows.iter().enumerate() {
        let r = header_row + 1 + r as u32;
        for (c, v) in row.iter().enumerate() {
            let c16 = c as u16;
            match kinds[c] {
                Kind::Date => match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                    Ok(d) => sheet.write_datetime_with_format(r, c16, &excel_date(d)?, &f.date)?,
                    Err(_) => sheet.write_string(r, c16, v)?,
                },
                Kind::Number if !v.is_empty() => match v.parse::<f64>() {
                    Ok(x) if v.contains('.') => sheet.write_number_with_format(r, c16, x, &f.decimal)?,
                    Ok(x) => sheet.write_number(r, c16, x)?,
                    Err(_) => sheet.write_string(r, c16, v)?,
                },
                _ => sheet.write_string(r, c16, display(c, v))?,
            };
        }
    }
    let last_col = (header.len() - 1) as u16;
    if rows.is_empty() {
        for (c, h) in header.iter().enumerate() {
            sheet.write_string_with_format(header_row, c as u16, *h, &f.header)?;
        }
    } else {
        let columns: Vec<TableColumn> = header.iter().map(|h| TableColumn::new().set_header(*h).set_header_format(&f.header)).collect();
        let table = Table::new().set_name(name).set_columns(&columns).set_style(TableStyle::Medium2);
        sheet.add_table(header_row, 0, header_row + rows.len() as u32, last_col, &table)?;
    }
    let shown: Vec<Vec<String>> = rows.iter().map(|r| r.iter().enumerate().map(|(c, v)| display(c, v)).collect()).collect();
    let shown: Vec<&[String]> = shown.iter().map(Vec::as_slice).collect();
    fit_widths(sheet, 0, header, &shown)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    print_setup(sheet, header_row)
}

fn title(sheet: &mut Worksheet, f: &Formats, text: &str, note: &str) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, text, &f.title)?;
    sheet.write_string_with_format(1, 0, note, &f.note)?;
    Ok(())
}

/// A state's sheet names: the roster (the state's name) and its grid, both at most 31 characters.
fn sheet_names(state: u8) -> (String, String) {
    let name = state_name(state);
    let name = if name.is_empty() { format!("entidad {state}") } else { name };
    let roster: String = name.chars().take(31).collect();
    let grid: String = format!("Cuadrícula {name}").chars().take(31).collect();
    (roster, grid)
}

fn contract_label(code: &str) -> String {
    CONTRACTS.iter().find(|c| c.0 == code).map_or(code, |c| c.1).to_string()
}

/// Builds the whole workbook (not saved).
pub(super) fn build(
    out: &RosterOutput<'_>,
    roster: &[(u8, Vec<String>)],
    coverage: &[Vec<String>],
    gaps: &[Vec<String>],
    hires: &[Vec<String>],
) -> Result<Workbook, XlsxError> {
    let f = Formats::new();
    let plan = out.plan;
    let inst = &plan.instance;
    let mut book = Workbook::new();
    // A fixed creation date (the horizon's first day) keeps the file byte-identical across runs.
    let first = inst.days.first().map(|d| d.date).unwrap_or_default();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&excel_date(first)?));

    let mut by_state: BTreeMap<u8, Vec<&[String]>> = inst.states.iter().map(|st| (st.state, Vec::new())).collect();
    for (s, r) in roster {
        by_state.entry(*s).or_default().push(r);
    }

    // The drop-down lists: every target CLUES and every physician who may be rostered.
    let ids = out.physician_ids();
    let clues: BTreeSet<&str> =
        inst.states.iter().flat_map(|st| st.targets.iter().map(|t| out.network.units[t.unit].clues.as_str())).collect();
    let physicians: BTreeSet<&str> = inst.states.iter().flat_map(|st| st.staff.iter().map(|s| ids[s.physician].as_str())).collect();

    // 1. Resumen
    {
        let sheet = book.add_worksheet().set_name("Resumen")?;
        title(sheet, &f, "Rol de fin de semana — resumen", &format!("Escenario: {}", out.scenario_name))?;
        let last = inst.days.last().map(|d| d.date).unwrap_or_default();
        sheet.write_string(2, 0, "Días de apertura")?;
        sheet.write_number(2, 1, inst.days.len() as f64)?;
        sheet.write_string(3, 0, "Desde")?;
        sheet.write_datetime_with_format(3, 1, &excel_date(first)?, &f.date)?;
        sheet.write_string(4, 0, "Hasta")?;
        sheet.write_datetime_with_format(4, 1, &excel_date(last)?, &f.date)?;
        let notes = [
            "Cómo editar: cambie las asignaciones en la hoja de cada entidad (una fila por médico y día).",
            "Fijo = «sí»: la re-planeación (roster --previous) conserva esa asignación tal cual; «no»: la conserva si puede.",
            "Las hojas «Cuadrícula» son vistas protegidas de la hoja de su entidad; no se leen de vuelta.",
            "Revise el libro editado con: almaplan roster check ESCENARIO rol_fin_de_semana.xlsx (lee todas las hojas de entidad).",
        ];
        for (i, n) in notes.iter().enumerate() {
            sheet.write_string_with_format(5 + i as u32, 0, *n, &f.note)?;
        }
        let header_row = 10;
        let header = [
            "Entidad",
            "Unidades meta",
            "Unidades-día requeridas",
            "Unidades-día cubiertas",
            "Cobertura (%)",
            "Turnos asignados",
            "Contrataciones",
        ];
        let rows: Vec<Vec<String>> = inst
            .states
            .iter()
            .enumerate()
            .map(|(i, st)| {
                let fig = plan.figures(Some(i));
                vec![
                    state_name(st.state),
                    fig.units_targeted.to_string(),
                    fig.unit_days_required.to_string(),
                    fig.unit_days_covered.to_string(),
                    super::fixed(fig.coverage_pct, 1),
                    fig.shifts.to_string(),
                    fig.hires_needed.to_string(),
                ]
            })
            .collect();
        let kinds = [Kind::Text, Kind::Number, Kind::Number, Kind::Number, Kind::Number, Kind::Number, Kind::Number];
        let rows: Vec<&[String]> = rows.iter().map(Vec::as_slice).collect();
        write_table(sheet, &f, header_row, "T_Resumen", &header, &kinds, &rows, |_, v| v.to_string())?;
        sheet.set_column_width(0, 24)?;
    }

    let list_rows = (clues.len().max(1), physicians.len().max(1));
    for (state, rows) in &by_state {
        let (roster_name, grid_name) = sheet_names(*state);
        // 2. The state's roster: the sheet that is read back.
        {
            let sheet = book.add_worksheet().set_name(&roster_name)?;
            let mut header: Vec<&str> = ROSTER_COLUMNS.iter().map(|c| c.1).collect();
            let mut kinds = ROSTER_KINDS.to_vec();
            // With teams every row carries its role (`rol`), last.
            if out.plan.has_teams() {
                header.push(super::ROLE_COLUMN.1);
                kinds.push(Kind::Text);
            }
            let contract_col = ROSTER_COLUMNS.iter().position(|c| c.0 == "tipo_contrato").expect("column");
            let display = |c: usize, v: &str| if c == contract_col { contract_label(v) } else { v.to_string() };
            write_table(sheet, &f, 0, &format!("Rol_{state:02}"), &header, &kinds, rows, display)?;
            // Drop-down lists on the data rows (and some room below to add rows).
            let last = rows.len() as u32 + 200;
            let col = |name: &str| ROSTER_COLUMNS.iter().position(|c| c.0 == name).expect("column") as u16;
            let list = |range: String, title: &str, style: DataValidationErrorStyle| -> Result<DataValidation, XlsxError> {
                DataValidation::new()
                    .allow_list_formula(Formula::new(range))
                    .set_error_style(style)
                    .set_error_title(title)?
                    .set_error_message("El valor no está en la lista (hoja oculta Listas); roster check lo señalará.")
            };
            sheet.add_data_validation(
                1,
                col("clues"),
                last,
                col("clues"),
                &list(format!("=Listas!$A$4:$A${}", 3 + list_rows.0), "CLUES", DataValidationErrorStyle::Warning)?,
            )?;
            sheet.add_data_validation(
                1,
                col("fecha"),
                last,
                col("fecha"),
                &list(format!("=Listas!$C$4:$C${}", 3 + inst.days.len().max(1)), "Fecha", DataValidationErrorStyle::Warning)?,
            )?;
            sheet.add_data_validation(
                1,
                col("medico_id"),
                last,
                col("medico_id"),
                &list(format!("=Listas!$B$4:$B${}", 3 + list_rows.1), "Médico", DataValidationErrorStyle::Warning)?,
            )?;
            let labels: Vec<&str> = CONTRACTS.iter().map(|c| c.1).collect();
            sheet.add_data_validation(
                1,
                col("tipo_contrato"),
                last,
                col("tipo_contrato"),
                &DataValidation::new().allow_list_strings(&labels)?,
            )?;
            sheet.add_data_validation(1, col("fijo"), last, col("fijo"), &DataValidation::new().allow_list_strings(&["sí", "no"])?)?;
        }
        // 3. The grid: units × days, a protected view of the roster sheet.
        {
            let si = inst.states.iter().position(|st| st.state == *state).expect("state of the instance");
            let (st, sp) = (&inst.states[si], &plan.states[si]);
            let sheet = book.add_worksheet().set_name(&grid_name)?;
            title(
                sheet,
                &f,
                &format!("Cuadrícula del rol — {}", state_name(*state)),
                &format!("Vista de la hoja «{roster_name}» (edite allá). En rojo: unidad-día con menos médicos de los requeridos."),
            )?;
            let header_row = 3u32;
            let fixed_cols = ["CLUES", "Unidad", "Zona"];
            for (c, h) in fixed_cols.iter().enumerate() {
                sheet.write_string_with_format(header_row, c as u16, *h, &f.header)?;
            }
            let date_header = f.header.clone().set_num_format("ddd dd/mm");
            for (d, day) in inst.days.iter().enumerate() {
                sheet.write_datetime_with_format(header_row, (fixed_cols.len() + d) as u16, &excel_date(day.date)?, &date_header)?;
            }
            let mut cells: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
            for s in &sp.roster.shifts {
                cells.entry((s.target, s.day)).or_default().push(ids[st.staff[s.staff].physician].as_str());
            }
            let mut order: Vec<usize> = (0..st.targets.len()).collect();
            order.sort_by(|&a, &b| out.network.units[st.targets[a].unit].clues.cmp(&out.network.units[st.targets[b].unit].clues));
            let mut widest = [6usize, 10, 6];
            let mut widest_cell = 8usize;
            for (r, &t) in order.iter().enumerate() {
                let row = header_row + 1 + r as u32;
                let u = &out.network.units[st.targets[t].unit];
                let zone = super::zone(u);
                for (c, v) in [&u.clues, &u.name, &zone].into_iter().enumerate() {
                    sheet.write_string_with_format(row, c as u16, v, &f.cell)?;
                    widest[c] = widest[c].max(v.chars().count());
                }
                for d in 0..inst.days.len() {
                    let who = cells.get(&(t, d)).map(|v| v.join(", ")).unwrap_or_default();
                    widest_cell = widest_cell.max(who.chars().count());
                    let short = cells.get(&(t, d)).map_or(0, Vec::len) < st.targets[t].required as usize;
                    sheet.write_string_with_format(row, (fixed_cols.len() + d) as u16, &who, if short { &f.gap } else { &f.cell })?;
                }
            }
            for (c, w) in widest.iter().enumerate() {
                sheet.set_column_width(c as u16, (*w).clamp(6, MAX_WIDTH) as f64 + 2.0)?;
            }
            for d in 0..inst.days.len() {
                sheet.set_column_width((fixed_cols.len() + d) as u16, widest_cell.clamp(10, MAX_WIDTH) as f64 + 2.0)?;
            }
            sheet.set_freeze_panes(header_row + 1, fixed_cols.len() as u16)?;
            print_setup(sheet, header_row)?;
            sheet.set_repeat_columns(0, 1)?;
            sheet.protect();
        }
    }

    // 4. Gaps, hires, coverage.
    let reason_col = GAPS.iter().position(|c| c.0 == "razon").expect("column");
    let tables: [TableSheet<'_>; 3] = [
        (
            "Brechas",
            "Unidades-día sin cubrir, con su razón",
            "Cada unidad-día con menos médicos de los requeridos (brechas_fin_de_semana.csv).",
            super::with_role(GAPS.to_vec(), out.plan),
            gaps,
        ),
        (
            "Contrataciones",
            "Contrataciones de fin de semana necesarias",
            "Dónde contratar para cubrir las brechas de sábado y domingo (contrataciones.csv).",
            super::with_role(HIRES.to_vec(), out.plan),
            hires,
        ),
        (
            "Cobertura",
            "Cobertura por unidad",
            "Días cubiertos de cada unidad meta en el horizonte (cobertura_unidades.csv).",
            COVERAGE.to_vec(),
            coverage,
        ),
    ];
    for (name, heading, note, columns, rows) in tables {
        let sheet = book.add_worksheet().set_name(name)?;
        title(sheet, &f, heading, note)?;
        let header: Vec<&str> = columns.iter().map(|c| c.1).collect();
        let kinds: Vec<Kind> = columns.iter().map(|c| c.2).collect();
        let rows: Vec<&[String]> = rows.iter().map(Vec::as_slice).collect();
        let is_gaps = name == "Brechas";
        let display = |c: usize, v: &str| {
            if is_gaps && c == reason_col {
                v.replace('_', " ")
            } else {
                v.to_string()
            }
        };
        write_table(sheet, &f, 3, &format!("T_{name}"), &header, &kinds, &rows, display)?;
    }

    // 5. Lists of the drop-downs, hidden.
    {
        let sheet = book.add_worksheet().set_name("Listas")?;
        title(sheet, &f, "Listas de las validaciones (no editar)", "Valores que ofrecen las listas desplegables de las hojas de rol.")?;
        sheet.write_string_with_format(2, 0, "Unidades meta", &f.header)?;
        sheet.write_string_with_format(2, 1, "Médicos", &f.header)?;
        for (i, c) in clues.iter().enumerate() {
            sheet.write_string(3 + i as u32, 0, *c)?;
        }
        for (i, p) in physicians.iter().enumerate() {
            sheet.write_string(3 + i as u32, 1, *p)?;
        }
        sheet.write_string_with_format(2, 2, "Días de apertura", &f.header)?;
        for (i, day) in inst.days.iter().enumerate() {
            sheet.write_datetime_with_format(3 + i as u32, 2, &excel_date(day.date)?, &f.date)?;
        }
        for c in 0..3 {
            sheet.set_column_width(c, 18)?;
        }
        sheet.set_hidden(true);
    }
    // The workbook opens on Resumen (the first sheet), which says how to edit it.
    Ok(book)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excels_limit_and_differ() {
        for code in 1..=32 {
            let (a, b) = sheet_names(code);
            assert!(a.chars().count() <= 31 && b.chars().count() <= 31, "{a} / {b}");
            assert_ne!(a, b);
        }
    }
}
