//! Tables from official files: CSV in UTF-8 (with or without BOM) or Windows-1252, and XLSX.
//!
//! Readers never see bytes or encodings: they get a [`Table`] whose header is known and whose rows
//! carry their line number, and they look columns up by name. Parsing a field goes through
//! [`Row`] methods that record a located [`Problem`] when the value is not what was expected, so a
//! reader can keep going and report every bad row at once.

use std::borrow::Cow;
use std::path::Path;

use almaplan_core::error::{Diagnostics, Error, Location, Problem, Severity};

/// Text encoding a CSV file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// Windows-1252, what Excel in Spanish saves as plain "CSV".
    Windows1252,
    /// Not a CSV: cells of the first worksheet of an XLSX workbook.
    Xlsx,
}

/// A whole table: header plus rows of text fields.
#[derive(Debug, Clone)]
pub struct Table {
    /// Name used in messages (the path as the user gave it).
    pub source: String,
    /// How the file was decoded.
    pub encoding: Encoding,
    /// Column names from the first row, trimmed.
    pub headers: Vec<String>,
    /// Data rows, blank trailing lines dropped.
    pub rows: Vec<RawRow>,
    /// Field separator of a CSV as sniffed from its header (`,` `;` or tab; `,` for XLSX).
    pub separator: char,
}

/// One data row as read, before any column is interpreted.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// 1-based line of the row in the file (the header is line 1).
    pub line: usize,
    /// The row's fields as text, untrimmed; as many as the header unless the row is truncated.
    pub fields: Vec<String>,
}

impl Table {
    /// Reads a CSV or XLSX file (chosen by extension) into a table.
    pub fn read(path: &Path) -> Result<Table, Error> {
        let source = path.display().to_string();
        if is_workbook(path) {
            read_xlsx(path, source)
        } else {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            Table::from_csv_bytes(&bytes, source)
        }
    }

    /// Parses CSV bytes, detecting the encoding (a UTF-8 BOM, valid UTF-8, or else Windows-1252, how
    /// Excel in Spanish saves "CSV") and the separator (`,`, `;` as Excel writes CSV where the
    /// decimal mark is a comma, or a tab), sniffed from the header line. Line numbers count CRLF
    /// and LF line ends alike; a header without data rows is an error (`sin filas de datos`).
    pub fn from_csv_bytes(bytes: &[u8], source: String) -> Result<Table, Error> {
        let (text, encoding) = decode(bytes);
        let separator = sniff_separator(&text);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(separator).from_reader(text.as_bytes());
        let mut records = reader.records();
        let empty = || {
            Error::input(Location { file: &source, row: Some(1), column: None }.problem(
                Severity::Error,
                "archivo vacío",
                None,
                "un encabezado con los nombres de las columnas; el archivo está vacío",
            ))
        };
        // The csv crate counts a CRLF line end as two lines in some positions: lines are counted
        // here from the byte offset of each record instead, the same for CRLF and LF.
        let mut lines = LineCounter::new(&text);
        let headers: Vec<String> = match records.next() {
            None => return Err(empty()),
            Some(Err(e)) => return Err(csv_error(&source, e, &mut lines)),
            Some(Ok(h)) => h.iter().map(clean_header).collect(),
        };
        if headers.iter().all(|h| h.is_empty()) {
            return Err(empty());
        }
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|e| csv_error(&source, e, &mut lines))?;
            let line = record.position().map(|p| lines.line_at(p.byte() as usize)).unwrap_or(0);
            // A blank trailing line is not a row.
            if record.len() == 1 && record[0].trim().is_empty() {
                continue;
            }
            rows.push(RawRow { line, fields: record.iter().map(str::to_string).collect() });
        }
        Ok(Table { source, encoding, headers, rows, separator: separator as char })
    }

    /// Index of the column whose header matches `name` (case-insensitive, trimmed).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h.eq_ignore_ascii_case(name) || h.to_uppercase() == name.to_uppercase())
    }

    /// Whether every one of `names` is a column (how readers recognise a layout).
    pub fn has_columns(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.column(n).is_some())
    }

    /// Looks up the required columns, reporting every missing one as an error.
    pub fn require_columns<const N: usize>(&self, names: [&'static str; N]) -> Result<Columns<N>, Error> {
        let mut idx = [0usize; N];
        let mut missing = Vec::new();
        for (i, name) in names.iter().enumerate() {
            match self.column(name) {
                Some(c) => idx[i] = c,
                None => missing.push(Location { file: &self.source, row: Some(1), column: Some(name) }.problem(
                    Severity::Error,
                    "columna faltante",
                    None,
                    format!("a column named {name} in the header"),
                )),
            }
        }
        if missing.is_empty() {
            Ok(Columns { idx, names })
        } else {
            Err(Error::Input(missing))
        }
    }

    /// The rows as [`Row`]s that know their column names, checking that each row has as many fields
    /// as the header (a truncated row is an error, not silently short). A table with a header and
    /// no rows is an error (`sin filas de datos`): an empty catalogue, or any other table, would
    /// otherwise be planned and written out as if it were data.
    pub fn rows<'t>(&'t self, diagnostics: &mut Diagnostics) -> Vec<Row<'t>> {
        if self.rows.is_empty() {
            diagnostics.push(Location { file: &self.source, row: Some(2), column: None }.problem(
                Severity::Error,
                "sin filas de datos",
                None,
                "sin filas de datos: el archivo tiene encabezado pero ninguna fila",
            ));
        }
        let mut out = Vec::with_capacity(self.rows.len());
        for raw in &self.rows {
            if raw.fields.len() != self.headers.len() {
                // A row written with another separator than the header's is one field long.
                let other = [',', ';', '\t'].into_iter().find(|c| *c != self.separator && raw.fields.iter().any(|f| f.contains(*c)));
                let hint = match other {
                    Some(c) => format!(
                        "; el encabezado está separado con «{}» y la fila parece separada con «{}»",
                        separator_name(self.separator),
                        separator_name(c)
                    ),
                    None if self.encoding == Encoding::Xlsx => " (celdas fuera de las columnas del encabezado)".to_string(),
                    None => " (fila truncada o separador de más)".to_string(),
                };
                diagnostics.push(Location { file: &self.source, row: Some(raw.line), column: None }.problem(
                    Severity::Error,
                    "fila incompleta",
                    None,
                    format!("{} campos como en el encabezado; la fila tiene {}{hint}", self.headers.len(), raw.fields.len()),
                ));
                continue;
            }
            out.push(Row { table: self, raw });
        }
        out
    }
}

/// Resolved indices of a reader's required columns.
#[derive(Debug, Clone, Copy)]
pub struct Columns<const N: usize> {
    idx: [usize; N],
    names: [&'static str; N],
}

impl<const N: usize> Columns<N> {
    /// The column index for the i-th required name.
    pub fn get(&self, i: usize) -> Col {
        Col { index: self.idx[i], name: self.names[i] }
    }
}

/// A column: its index and header name.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// Position in the row (0-based).
    pub index: usize,
    /// Column name as the reader asked for it, used in messages.
    pub name: &'static str,
}

impl Col {
    /// The column `name` if the table has it: for columns a layout does not require.
    pub fn optional(table: &Table, name: &'static str) -> Option<Col> {
        table.column(name).map(|index| Col { index, name })
    }
}

/// One data row with typed accessors that record problems.
#[derive(Debug, Clone, Copy)]
pub struct Row<'t> {
    table: &'t Table,
    raw: &'t RawRow,
}

impl<'t> Row<'t> {
    /// 1-based line of the row in the file (the header is line 1).
    pub fn line(&self) -> usize {
        self.raw.line
    }

    /// The file name used in messages.
    pub fn source(&self) -> &'t str {
        &self.table.source
    }

    /// File, line and column of one field, for a problem about it.
    pub fn location(&self, col: Col) -> Location<'t> {
        Location { file: &self.table.source, row: Some(self.raw.line), column: Some(col.name) }
    }

    /// The trimmed text of a field.
    pub fn text(&self, col: Col) -> &'t str {
        self.raw.fields[col.index].trim()
    }

    /// The field, or `None` when blank.
    pub fn opt_text(&self, col: Col) -> Option<&'t str> {
        Some(self.text(col)).filter(|s| !s.is_empty())
    }

    /// An error about the field in `col`, quoting its value: `category` is the short Spanish
    /// label messages are grouped by, `expected` says what a valid value looks like.
    pub fn problem(&self, col: Col, category: &'static str, expected: impl Into<String>) -> Problem {
        self.location(col).problem(Severity::Error, category, Some(self.text(col)), expected)
    }

    /// Like [`Row::problem`], as a warning: reported, but the run goes on.
    pub fn warning(&self, col: Col, category: &'static str, expected: impl Into<String>) -> Problem {
        self.location(col).problem(Severity::Warning, category, Some(self.text(col)), expected)
    }

    /// A required non-empty field.
    pub fn required(&self, col: Col, d: &mut Diagnostics) -> Option<&'t str> {
        let t = self.opt_text(col);
        if t.is_none() {
            d.push(self.problem(col, "valor faltante", "a value; the field is empty"));
        }
        t
    }

    /// A decimal number; blank is an error. In a file separated with `;` (Excel where the decimal
    /// mark is a comma) a decimal comma is accepted too: `19,4326`.
    pub fn f64(&self, col: Col, d: &mut Diagnostics) -> Option<f64> {
        let t = self.required(col, d)?;
        match self.decimal_point(t).parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                d.push(self.problem(col, "número inválido", "a decimal number with a point, e.g. 19.4326"));
                None
            }
        }
    }

    /// A number's text with a decimal comma turned into a point, in a file separated with `;`.
    fn decimal_point<'a>(&self, t: &'a str) -> Cow<'a, str> {
        if self.table.separator != ',' && t.matches(',').count() == 1 && !t.contains('.') {
            Cow::Owned(t.replace(',', "."))
        } else {
            Cow::Borrowed(t)
        }
    }

    /// A whole number, accepting "13", "013" and "13.0" (as spreadsheets write integers; "13,0" in
    /// a file separated with `;`).
    pub fn u32(&self, col: Col, d: &mut Diagnostics) -> Option<u32> {
        let t = self.required(col, d)?;
        match parse_whole(&self.decimal_point(t)) {
            Some(v) => Some(v),
            None => {
                d.push(self.problem(col, "entero inválido", "a whole number ≥ 0"));
                None
            }
        }
    }

    /// A count that INEGI may suppress with `*` (or leave blank for N/D): `Ok(None)` is unknown,
    /// never zero.
    pub fn census_count(&self, col: Col, d: &mut Diagnostics) -> Option<u32> {
        let t = self.text(col);
        if t.is_empty() || t == "*" || t.eq_ignore_ascii_case("N/D") {
            return None;
        }
        match parse_whole(t) {
            Some(v) => Some(v),
            None => {
                d.push(self.problem(col, "entero inválido", "a whole number ≥ 0, or * when suppressed"));
                None
            }
        }
    }
}

/// "13", "013", "13.0" → 13.
pub fn parse_whole(t: &str) -> Option<u32> {
    let t = t.trim();
    if let Ok(v) = t.parse::<u32>() {
        return Some(v);
    }
    let f = t.parse::<f64>().ok()?;
    (f >= 0.0 && f.fract() == 0.0 && f <= u32::MAX as f64).then_some(f as u32)
}

fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest), Encoding::Utf8Bom);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), Encoding::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text, Encoding::Windows1252)
        }
    }
}

fn clean_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}').trim().to_string()
}

fn csv_error(source: &str, e: csv::Error, lines: &mut LineCounter<'_>) -> Error {
    let row = e.position().map(|p| lines.line_at(p.byte() as usize));
    Error::input(Location { file: source, row, column: None }.problem(
        Severity::Error,
        "CSV ilegible",
        None,
        format!("un CSV bien formado ({e})"),
    ))
}

/// The separator of a CSV: whichever of `,` `;` and tab occurs most often outside quotes in the
/// header line (`,` on a tie or when none does).
fn sniff_separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    if counts[1] > counts[0] && counts[1] >= counts[2] {
        b';'
    } else if counts[2] > counts[0] && counts[2] > counts[1] {
        b'\t'
    } else {
        b','
    }
}

/// How messages name a separator.
fn separator_name(c: char) -> &'static str {
    match c {
        ';' => ";",
        '\t' => "tabulador",
        _ => ",",
    }
}

/// 1-based line numbers from byte offsets, counting `\n` (so CRLF and LF alike); offsets are asked
/// in increasing order, so the whole file is scanned once.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter { text: text.as_bytes(), offset: 0, line: 1 }
    }

    /// The line a record starts on. With CRLF line ends the csv crate places a record at the
    /// `\n` that ends the previous line (hence its count one short): line ends at the offset are
    /// skipped first.
    fn line_at(&mut self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while byte < self.text.len() && matches!(self.text[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.text[self.offset..byte].iter().filter(|b| **b == b'\n').count();
        self.offset = byte;
        self.line
    }
}

/// The day of an Excel serial date (days since 1899-12-30; the fraction is the time of day).
pub(crate) fn excel_serial_date(serial: f64) -> Option<chrono::NaiveDate> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date");
    epoch.checked_add_signed(chrono::Duration::try_days(serial.floor() as i64)?)
}

/// An Excel serial date as `dd/mm/yyyy`, how the CSV catalogues write dates.
fn excel_date(serial: f64) -> String {
    match excel_serial_date(serial) {
        Some(d) => d.format("%d/%m/%Y").to_string(),
        None => serial.to_string(),
    }
}

fn xlsx_fail(source: &str, msg: String) -> Error {
    Error::input(Location { file: source, row: None, column: None }.problem(Severity::Error, "XLSX ilegible", None, msg))
}

/// Runs the XLSX library on a file that may be damaged: a panic inside it (calamine 0.31 indexes
/// shared strings without checking, for one) becomes a located error naming the file, and the
/// panic message is not printed.
fn guarded<T>(source: &str, read: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    thread_local!(static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    GUARDED.with(|g| g.set(false));
    outcome
        .unwrap_or_else(|_| Err(xlsx_fail(source, "un libro XLSX válido; el archivo está dañado (la lectura de sus celdas falló)".into())))
}

fn read_xlsx(path: &Path, source: String) -> Result<Table, Error> {
    guarded(&source.clone(), || read_xlsx_unguarded(path, source))
}

fn read_xlsx_unguarded(path: &Path, source: String) -> Result<Table, Error> {
    use calamine::{open_workbook_auto, Reader};
    let mut book = open_workbook_auto(path).map_err(|e| xlsx_fail(&source, format!("un libro XLSX legible ({e})")))?;
    let sheet = book.sheet_names().first().cloned().ok_or_else(|| xlsx_fail(&source, "un libro con al menos una hoja".into()))?;
    let range = book.worksheet_range(&sheet).map_err(|e| xlsx_fail(&source, format!("una primera hoja legible ({e})")))?;
    sheet_table(&range, source, true)
}

/// Every worksheet of an XLSX workbook as a table named `archivo[hoja]` in messages, in the
/// workbook's order; `None` for a sheet with no cells. Rows keep their spreadsheet row numbers and
/// every cell of the sheet's used width, also beyond the header (the caller decides what a cell
/// outside the header means).
pub fn read_workbook(path: &Path) -> Result<Vec<(String, Option<Table>)>, Error> {
    guarded(&path.display().to_string(), || read_workbook_unguarded(path))
}

fn read_workbook_unguarded(path: &Path) -> Result<Vec<(String, Option<Table>)>, Error> {
    use calamine::{open_workbook_auto, Reader};
    let file = path.display().to_string();
    let mut book = open_workbook_auto(path).map_err(|e| xlsx_fail(&file, format!("un libro XLSX legible ({e})")))?;
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        let source = format!("{file}[{sheet}]");
        let range = book.worksheet_range(&sheet).map_err(|e| xlsx_fail(&source, format!("una hoja legible ({e})")))?;
        let table = if range.is_empty() { None } else { Some(sheet_table(&range, source, false)?) };
        out.push((sheet, table));
    }
    Ok(out)
}

/// Whether a path names an XLSX (or XLSM) workbook.
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// A sheet's cells as a table: the first row with a value is the header; dates become
/// `dd/mm/yyyy`, whole numbers lose their `.0`. With `to_header`, rows are cut to the header's
/// width (how the first-sheet readers always read).
fn sheet_table(range: &calamine::Range<calamine::Data>, source: String, to_header: bool) -> Result<Table, Error> {
    use calamine::Data;
    let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut rows_iter = range.rows().enumerate();
    let cell = |c: &Data| -> String {
        match c {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{}", *f as i64)
                } else {
                    format!("{f}")
                }
            }
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(d) => excel_date(d.as_f64()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    let headers: Vec<String> = match rows_iter.next() {
        Some((_, r)) => r.iter().map(|c| clean_header(&cell(c))).collect(),
        None => Vec::new(),
    };
    if headers.iter().all(|h| h.is_empty()) {
        return Err(xlsx_fail(&source, "un encabezado con los nombres de las columnas; la hoja está vacía".into()));
    }
    let width = headers.iter().rposition(|h| !h.is_empty()).map_or(0, |p| p + 1);
    let headers = headers[..width].to_vec();
    let mut rows = Vec::new();
    for (i, r) in rows_iter {
        let mut fields: Vec<String> = r.iter().map(cell).collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if to_header {
            fields.resize(width, String::new());
        }
        rows.push(RawRow { line: start_row + i + 1, fields });
    }
    Ok(Table { source, encoding: Encoding::Xlsx, headers, rows, separator: ',' })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_and_utf8_decode_to_the_same_text() {
        let utf8 = "clues,nombre\nX1,MÓVIL ÑANDÚ\n";
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(utf8);
        let a = Table::from_csv_bytes(utf8.as_bytes(), "a".into()).unwrap();
        let b = Table::from_csv_bytes(&cp1252, "b".into()).unwrap();
        assert_eq!(b.encoding, Encoding::Windows1252);
        assert_eq!(a.rows[0].fields, b.rows[0].fields);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(utf8.as_bytes());
        let c = Table::from_csv_bytes(&bom, "c".into()).unwrap();
        assert_eq!(c.encoding, Encoding::Utf8Bom);
        assert_eq!(c.headers[0], "clues");
    }

    #[test]
    fn empty_file_is_an_error_naming_the_file() {
        let e = Table::from_csv_bytes(b"", "vacio.csv".into()).unwrap_err();
        assert!(e.to_string().starts_with("vacio.csv:1: "), "{e}");
    }

    #[test]
    fn truncated_row_is_reported_with_its_line() {
        let t = Table::from_csv_bytes(b"a,b,c\n1,2,3\n4,5\n", "t.csv".into()).unwrap();
        let mut d = Diagnostics::default();
        let rows = t.rows(&mut d);
        assert_eq!(rows.len(), 1);
        assert_eq!(d.errors[0].row, Some(3));
        assert!(d.errors[0].expected.contains("3 campos"));
    }

    #[test]
    fn crlf_bom_and_semicolons_read_like_lf_commas_with_the_same_line_numbers() {
        let lf = "a,b,c\n1,2,3\n\"x\ny\",5,6\n4,5\n7,8,9\n";
        let crlf = format!("\u{feff}{}", lf.replace(',', ";").replace('\n', "\r\n"));
        for (text, sep) in [(lf.to_string(), ','), (crlf, ';')] {
            let t = Table::from_csv_bytes(text.as_bytes(), "t.csv".into()).unwrap();
            assert_eq!(t.separator, sep);
            assert_eq!(t.headers, ["a", "b", "c"]);
            let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 3, 5, 6], "{text:?}");
            assert!(t.rows[1].fields[0].starts_with('x'));
            let mut d = Diagnostics::default();
            assert_eq!(t.rows(&mut d).len(), 3);
            assert_eq!(d.errors[0].row, Some(5));
        }
    }

    #[test]
    fn decimal_commas_are_read_in_semicolon_files_only() {
        let t = Table::from_csv_bytes("x;y\r\n19,5;-98.25\r\n".as_bytes(), "t.csv".into()).unwrap();
        let mut d = Diagnostics::default();
        let rows = t.rows(&mut d);
        let (x, y) = (Col { index: 0, name: "x" }, Col { index: 1, name: "y" });
        assert_eq!((rows[0].f64(x, &mut d), rows[0].f64(y, &mut d)), (Some(19.5), Some(-98.25)));
        let t = Table::from_csv_bytes(b"x,y\n\"19,5\",1\n", "t.csv".into()).unwrap();
        let rows = t.rows(&mut d);
        assert_eq!(rows[0].f64(x, &mut d), None);
    }

    #[test]
    fn a_row_with_another_separator_names_both() {
        let t = Table::from_csv_bytes(b"a,b,c\n1;2;3\n", "t.csv".into()).unwrap();
        let mut d = Diagnostics::default();
        t.rows(&mut d);
        let e = d.errors[0].to_string();
        assert!(e.starts_with("t.csv:2: ") && e.contains("«,»") && e.contains("«;»"), "{e}");
    }

    #[test]
    fn a_header_without_rows_is_an_error() {
        let t = Table::from_csv_bytes(b"\xEF\xBB\xBFclues,nombre\r\n\r\n", "cat.csv".into()).unwrap();
        let mut d = Diagnostics::default();
        assert!(t.rows(&mut d).is_empty());
        assert_eq!(d.errors[0].category, "sin filas de datos");
        assert!(d.errors[0].to_string().starts_with("cat.csv:2: sin filas de datos"), "{}", d.errors[0]);
    }

    #[test]
    fn whole_numbers_accept_spreadsheet_floats() {
        assert_eq!(parse_whole("013"), Some(13));
        assert_eq!(parse_whole("201.0"), Some(201));
        assert_eq!(parse_whole("2.5"), None);
        assert_eq!(parse_whole("-1"), None);
    }
}
