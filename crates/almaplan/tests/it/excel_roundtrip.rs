//! The roster in the users' own tools and back: the workbook and the CSV are edited as Excel and
//! LibreOffice would (another writer, date cells and `dd/mm/aaaa` text, BOM, CRLF, `;`), and
//! `roster check` reads every assignment back and finds the violation planted in them.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::common::{almaplan, read_output, scenario, stderr, stdout};
use almaplan_core::error::Diagnostics;
use almaplan_formats::input::roster::read_roster;

/// The demo's roster (three states, so three roster sheets), written once per test.
fn demo_roster(dir: &Path) -> PathBuf {
    let out = almaplan(dir, &["roster", &scenario("demo.toml"), "--out", "rol", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir.join("rol")
}

/// Assignments `roster check` read, from its summary line.
fn assignments_read(out: &std::process::Output) -> usize {
    let text = stdout(out);
    let line = text.lines().find(|l| l.contains("asignaciones leídas")).unwrap_or_else(|| panic!("no summary in {text}"));
    let (_, rest) = line.split_once(": ").unwrap();
    rest.split(' ').next().unwrap().parse().unwrap_or_else(|_| panic!("{line}"))
}

fn check(dir: &Path, file: &Path) -> std::process::Output {
    almaplan(dir, &["roster", "check", &scenario("demo.toml"), file.to_str().unwrap()])
}

/// An Excel serial date as a date.
fn serial_date(d: &calamine::ExcelDateTime) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap() + chrono::Duration::days(d.as_f64().floor() as i64)
}

/// A calamine cell as a string (dates as `AAAA-MM-DD`).
fn text(c: &Data) -> String {
    match c {
        Data::DateTime(d) => serial_date(d).to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// One sheet as read: its name and rows of cells.
type Sheet = (String, Vec<Vec<Data>>);

fn read_book(path: &Path) -> Vec<Sheet> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            (name, range.rows().map(<[Data]>::to_vec).collect())
        })
        .collect()
}

fn is_roster(sheet: &Sheet) -> bool {
    sheet.1.first().is_some_and(|h| h.first().is_some_and(|c| text(c) == "Fecha"))
}

fn col(sheet: &Sheet, name: &str) -> usize {
    sheet.1[0].iter().position(|c| text(c) == name).unwrap_or_else(|| panic!("{name} in {}", sheet.0))
}

#[test]
fn workbook_edited_by_another_writer_reads_back_whole_and_the_planted_violation_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    let rol = demo_roster(tmp.path());
    let original = read_output(&rol.join("rol_fin_de_semana.csv")).lines().count() - 1;
    let book = read_book(&rol.join("rol_fin_de_semana.xlsx"));
    let rosters: Vec<&Sheet> = book.iter().filter(|s| is_roster(s)).collect();
    assert_eq!(rosters.len(), 3, "one roster sheet per state");
    assert_eq!(rosters.iter().map(|s| s.1.len() - 1).sum::<usize>(), original);
    // The roster's dates are date cells, and its grid, gaps, hires and coverage sheets exist.
    let fecha = col(rosters[0], "Fecha");
    assert!(matches!(rosters[0].1[1][fecha], Data::DateTime(_)), "{:?}", rosters[0].1[1][fecha]);
    for name in ["Resumen", "Brechas", "Contrataciones", "Cobertura"] {
        assert!(book.iter().any(|s| s.0 == name), "{name}");
    }
    assert_eq!(book.iter().filter(|s| s.0.starts_with("Cuadrícula")).count(), 3);

    // Plant a double booking on the second state's sheet: the physician of one row also works,
    // the same day, the unit of another row of that day.
    let second = rosters[1];
    let (f, c, m) = (col(second, "Fecha"), col(second, "CLUES"), col(second, "Médico"));
    let rows = &second.1;
    let (a, b) = (1..rows.len())
        .flat_map(|i| (1..rows.len()).map(move |j| (i, j)))
        .find(|&(i, j)| i < j && text(&rows[i][f]) == text(&rows[j][f]) && text(&rows[i][c]) != text(&rows[j][c]))
        .expect("two rows on the same day");
    let planted_row = b + 1; // spreadsheet row of row b (the header is row 1)

    // Rewrite every sheet with another writer, as Excel saves: the first roster sheet keeps date
    // cells, the others get dates as dd/mm/aaaa text, and row b of the second gets a's physician.
    let mut out = Workbook::new();
    let date_format = Format::new().set_num_format("d/m/yyyy");
    for sheet in &book {
        let ws = out.add_worksheet();
        ws.set_name(&sheet.0).unwrap();
        let roster_index = rosters.iter().position(|r| r.0 == sheet.0);
        for (r, row) in sheet.1.iter().enumerate() {
            for (k, cell) in row.iter().enumerate() {
                let (r32, k16) = (r as u32, k as u16);
                let mut cell = cell.clone();
                if roster_index == Some(1) && r == b && k == m {
                    cell = rows[a][m].clone();
                }
                match &cell {
                    Data::Empty => {}
                    Data::DateTime(d) if roster_index == Some(0) => {
                        let date = serial_date(d);
                        let x = ExcelDateTime::parse_from_str(&date.to_string()).unwrap();
                        ws.write_datetime_with_format(r32, k16, &x, &date_format).unwrap();
                    }
                    Data::DateTime(d) => {
                        ws.write_string(r32, k16, serial_date(d).format("%d/%m/%Y").to_string()).unwrap();
                    }
                    Data::Float(x) => {
                        ws.write_number(r32, k16, *x).unwrap();
                    }
                    Data::Int(x) => {
                        ws.write_number(r32, k16, *x as f64).unwrap();
                    }
                    other => {
                        ws.write_string(r32, k16, text(other)).unwrap();
                    }
                }
            }
        }
    }
    let edited = tmp.path().join("editado.xlsx");
    out.save(&edited).unwrap();

    let result = check(tmp.path(), &edited);
    assert_eq!(result.status.code(), Some(1), "{}{}", stdout(&result), stderr(&result));
    assert_eq!(assignments_read(&result), original, "{}", stdout(&result));
    let err = stderr(&result);
    let at = format!("{}[{}]:{planted_row}: doble asignación", edited.display(), second.0);
    assert!(err.contains(&at), "expected {at} in\n{err}");

    // The library reads the same: every assignment, the edited one included.
    let mut d = Diagnostics::default();
    let read = read_roster(&edited, &mut d).unwrap();
    assert!(d.errors.is_empty(), "{:?}", d.errors);
    assert_eq!(read.len(), original);
    let moved = read.iter().find(|r| r.source.ends_with(&format!("[{}]", second.0)) && r.line == planted_row).unwrap();
    assert_eq!(moved.physician, text(&rows[a][m]));
}

/// The CSV as Excel in Spanish saves it: BOM, CRLF, `;`, dates dd/mm/aaaa; the planted double
/// booking is reported on the line an editor shows.
#[test]
fn csv_saved_by_excel_reads_back_whole_with_true_line_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let rol = demo_roster(tmp.path());
    let text = read_output(&rol.join("rol_fin_de_semana.csv"));
    let mut rows: Vec<Vec<String>> =
        csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let original = rows.len();
    // Row 40 (line 42 with the header) takes the physician of a row of the same day elsewhere.
    let b = 40;
    let a = (0..b).find(|&i| rows[i][0] == rows[b][0] && rows[i][4] != rows[b][4]).unwrap();
    rows[b][6] = rows[a][6].clone();
    let mut out = String::from("\u{feff}");
    out.push_str(&read_output(&rol.join("rol_fin_de_semana.csv")).lines().next().unwrap().replace(',', ";"));
    out.push_str("\r\n");
    for r in &rows {
        let mut r = r.clone();
        let date = chrono::NaiveDate::parse_from_str(&r[0], "%Y-%m-%d").unwrap();
        r[0] = date.format("%d/%m/%Y").to_string();
        // Excel writes the decimal comma where `;` separates fields.
        r[8] = r[8].replace('.', ",");
        out.push_str(&r.join(";"));
        out.push_str("\r\n");
    }
    let edited = tmp.path().join("rol_excel.csv");
    std::fs::write(&edited, out).unwrap();
    let result = check(tmp.path(), &edited);
    assert_eq!(result.status.code(), Some(1), "{}{}", stdout(&result), stderr(&result));
    assert_eq!(assignments_read(&result), original);
    let err = stderr(&result);
    let at = format!("{}:{}: doble asignación", edited.display(), b + 2);
    assert!(err.contains(&at), "expected {at} in\n{err}");
    // Every message names a line of the file that holds that row (none is off by one).
    for line in err.lines().filter(|l| l.starts_with(&edited.display().to_string())) {
        let n: usize = line[edited.display().to_string().len() + 1..].split(':').next().unwrap().parse().unwrap();
        assert!((2..=original + 1).contains(&n), "{line}");
    }
}

/// `soffice`, or `None` (the test is skipped) when LibreOffice is not installed; with `CI=true`
/// a missing LibreOffice fails the test (`.ci/deps` installs it).
fn soffice() -> Option<PathBuf> {
    let found =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).map(|d| d.join("soffice")).find(|p| p.is_file())).unwrap_or_default();
    if found.is_none() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but soffice is missing: .ci/deps installs libreoffice-calc-nogui");
        eprintln!("soffice (LibreOffice) no está instalado: se omite la prueba con un cliente real");
    }
    found
}

/// Re-saves `file` with LibreOffice Calc as `format` into `out_dir`, with its own profile folder.
fn libreoffice(soffice: &Path, file: &Path, format: &str, infilter: Option<&str>, out_dir: &Path) -> PathBuf {
    let profile = out_dir.join("perfil");
    let mut cmd = std::process::Command::new(soffice);
    cmd.arg(format!("-env:UserInstallation=file://{}", profile.display())).arg("--headless");
    if let Some(f) = infilter {
        cmd.arg(format!("--infilter={f}"));
    }
    let out = cmd.args(["--convert-to", format, "--outdir"]).arg(out_dir).arg(file).output().expect("soffice runs");
    assert!(out.status.success(), "soffice: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let ext = format.split(':').next().unwrap();
    let saved = out_dir.join(file.with_extension(ext).file_name().unwrap());
    assert!(saved.is_file(), "soffice wrote no {}: {}", saved.display(), String::from_utf8_lossy(&out.stderr));
    saved
}

#[test]
fn libreoffice_resaves_the_workbook_and_the_csv_and_every_assignment_reads_back() {
    let Some(soffice) = soffice() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let rol = demo_roster(tmp.path());
    let original = read_output(&rol.join("rol_fin_de_semana.csv")).lines().count() - 1;

    let xlsx_dir = tmp.path().join("lo_xlsx");
    std::fs::create_dir_all(&xlsx_dir).unwrap();
    let saved = libreoffice(&soffice, &rol.join("rol_fin_de_semana.xlsx"), "xlsx", None, &xlsx_dir);
    let result = check(tmp.path(), &saved);
    assert_eq!(result.status.code(), Some(0), "{}{}", stdout(&result), stderr(&result));
    assert_eq!(assignments_read(&result), original, "{}", stdout(&result));

    // The CSV opened as UTF-8 with commas and saved back as CSV (UTF-8, `;`), as Calc does.
    let csv_dir = tmp.path().join("lo_csv");
    std::fs::create_dir_all(&csv_dir).unwrap();
    let saved = libreoffice(
        &soffice,
        &rol.join("rol_fin_de_semana.csv"),
        "csv:Text - txt - csv (StarCalc):59,34,76,1",
        Some("CSV:44,34,76,1"),
        &csv_dir,
    );
    let result = check(tmp.path(), &saved);
    assert_eq!(result.status.code(), Some(0), "{}{}", stdout(&result), stderr(&result));
    assert_eq!(assignments_read(&result), original, "{}", stdout(&result));
}

/// `fijo` = sí in the roster given to `--previous` locks the row: the re-plan keeps it and marks
/// it `sí` again in its own roster, CSV and workbook.
#[test]
fn a_locked_row_survives_the_replan_and_stays_locked() {
    let tmp = tempfile::tempdir().unwrap();
    let rol = demo_roster(tmp.path());
    let text = read_output(&rol.join("rol_fin_de_semana.csv"));
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert!(lines[0].ends_with(",fijo"));
    assert!(lines[1..].iter().all(|l| l.ends_with(",no")));
    lines[10] = format!("{}sí", lines[10].strip_suffix("no").unwrap());
    let locked = lines[10].clone();
    let previous = tmp.path().join("previo.csv");
    std::fs::write(&previous, lines.join("\r\n")).unwrap();
    // (`--sin-bom`: these CSVs start without the byte-order mark.)
    let out = almaplan(
        tmp.path(),
        &["roster", &scenario("demo.toml"), "--previous", previous.to_str().unwrap(), "--out", "rol2", "-q", "--sin-bom"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let again = std::fs::read_to_string(tmp.path().join("rol2/rol_fin_de_semana.csv")).unwrap();
    assert!(again.starts_with("fecha,"), "--sin-bom");
    assert!(again.lines().any(|l| l == locked), "{locked}");
    assert_eq!(again.lines().filter(|l| l.ends_with(",sí")).count(), 1);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("rol2/resumen_rol.json")).unwrap()).unwrap();
    assert_eq!(summary["replan"]["locked"], 1);
    // The workbook says so too, and reads back as locked.
    let mut d = Diagnostics::default();
    let rows = read_roster(&tmp.path().join("rol2/rol_fin_de_semana.xlsx"), &mut d).unwrap();
    assert_eq!(rows.iter().filter(|r| r.locked).count(), 1);
}
