//! The brigade calendars of a previous run (`waves --calendario-previo DIR`, that run's `ics/`
//! folder), read back so that a re-plan updates them instead of duplicating them: the writer
//! ([`crate::output::waves::write_ics`]) compares its events with these by UID.
//!
//! Every `*.ics` file of the folder is read (RFC 5545 content lines, folded lines unfolded); each
//! `VEVENT` needs a `UID`, a whole `SEQUENCE` (0 when absent) and a `DTSTART`. Problems are
//! located to the file and line; a UID in two events is an error.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use almaplan_core::error::{Diagnostics, Error, Location, Severity};

/// One event of a previous calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousEvent {
    /// The brigade of the file (`brigada_<B>.ics` → `B`).
    pub brigade: String,
    /// `SEQUENCE` (0 when absent).
    pub sequence: u32,
    /// `STATUS:CANCELLED`.
    pub cancelled: bool,
    /// Date of `DTSTART`.
    pub date: NaiveDate,
    /// The event's content lines (unfolded, as written) between `BEGIN:VEVENT` and `END:VEVENT`,
    /// without `UID`, `DTSTAMP` and `SEQUENCE`: what the writer compares to tell a changed event.
    pub body: Vec<String>,
}

/// The events of a previous run's calendars, by UID.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PreviousCalendars {
    /// Every event, by UID.
    pub events: BTreeMap<String, PreviousEvent>,
    /// Calendar files read.
    pub files: usize,
}

/// The name of a content line (`DTSTART;VALUE=DATE:…` → `DTSTART`).
pub fn property_name(line: &str) -> &str {
    let end = line.find([':', ';']).unwrap_or(line.len());
    &line[..end]
}

/// The value of a content line (after the first `:` outside parameters; parameters here never
/// hold a quoted `:`).
pub fn property_value(line: &str) -> &str {
    line.split_once(':').map_or("", |(_, v)| v)
}

/// Reads every `*.ics` file of `dir` (a previous run's `ics/` folder).
pub fn read_dir(dir: &Path) -> Result<PreviousCalendars, Error> {
    let shown = dir.display().to_string();
    let at_dir = Location { file: &shown, row: None, column: None };
    let entries = std::fs::read_dir(dir).map_err(|_| {
        Error::Input(vec![at_dir.problem(
            Severity::Error,
            "carpeta faltante",
            None,
            "an existing folder with the previous run's brigade calendars (its ics/ folder), given with --calendario-previo",
        )])
    })?;
    let mut files: Vec<std::path::PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("ics"))).collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Input(vec![at_dir.problem(
            Severity::Error,
            "calendarios faltantes",
            None,
            "a folder with the previous run's brigada_*.ics files (--calendario-previo)",
        )]));
    }
    let mut d = Diagnostics::default();
    let mut out = PreviousCalendars { files: files.len(), ..PreviousCalendars::default() };
    let mut first_seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for path in &files {
        read_file(path, &mut out, &mut first_seen, &mut d);
    }
    d.into_result()?;
    Ok(out)
}

/// Content lines with the line number where each starts (folded lines joined).
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (k, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            if let Some(last) = lines.last_mut() {
                last.1.push_str(rest);
                continue;
            }
        }
        if !raw.is_empty() {
            lines.push((k + 1, raw.to_string()));
        }
    }
    lines
}

fn read_file(path: &Path, out: &mut PreviousCalendars, first_seen: &mut BTreeMap<String, (String, usize)>, d: &mut Diagnostics) {
    let shown = path.display().to_string();
    let file = shown.as_str();
    let at = |row: Option<usize>, column: Option<&'static str>| Location { file, row, column };
    let text = match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(t)) => t,
        _ => {
            d.push(at(None, None).problem(Severity::Error, "calendario ilegible", None, "an iCalendar file in UTF-8"));
            return;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let brigade = stem.strip_prefix("brigada_").unwrap_or(&stem).to_string();
    let lines = unfold(text);
    if lines.first().map(|l| l.1.as_str()) != Some("BEGIN:VCALENDAR") {
        d.push(at(Some(1), None).problem(
            Severity::Error,
            "calendario inválido",
            lines.first().map(|l| l.1.as_str()),
            "BEGIN:VCALENDAR on the first line",
        ));
        return;
    }
    let mut event: Option<(usize, Vec<(usize, String)>)> = None;
    for (n, line) in lines {
        match (line.as_str(), &mut event) {
            ("BEGIN:VEVENT", None) => event = Some((n, Vec::new())),
            ("BEGIN:VEVENT", Some(_)) => {
                d.push(at(Some(n), None).problem(Severity::Error, "calendario inválido", None, "END:VEVENT before the next BEGIN:VEVENT"))
            }
            ("END:VEVENT", Some(_)) => {
                let (begin, props) = event.take().expect("some");
                if let Some((uid, e)) = read_event(begin, &props, &brigade, &shown, d) {
                    if let Some((file, line)) = first_seen.get(&uid) {
                        d.push(at(Some(begin), Some("UID")).problem(
                            Severity::Error,
                            "UID repetido",
                            Some(&uid),
                            format!("each UID once (also at {file}:{line})"),
                        ));
                    } else {
                        first_seen.insert(uid.clone(), (shown.clone(), begin));
                        out.events.insert(uid, e);
                    }
                }
            }
            (_, Some((_, props))) => props.push((n, line)),
            _ => {}
        }
    }
    if let Some((begin, _)) = event {
        d.push(at(Some(begin), None).problem(
            Severity::Error,
            "calendario inválido",
            Some("BEGIN:VEVENT"),
            "an END:VEVENT for each BEGIN:VEVENT",
        ));
    }
}

fn read_event(begin: usize, props: &[(usize, String)], brigade: &str, file: &str, d: &mut Diagnostics) -> Option<(String, PreviousEvent)> {
    let at = |row: Option<usize>, column: Option<&'static str>| Location { file, row, column };
    let find = |name: &str| props.iter().find(|(_, l)| property_name(l).eq_ignore_ascii_case(name));
    let Some((_, uid)) = find("UID") else {
        d.push(at(Some(begin), Some("UID")).problem(Severity::Error, "evento sin UID", None, "a UID in every VEVENT"));
        return None;
    };
    let sequence = match find("SEQUENCE") {
        None => 0,
        Some((n, l)) => match property_value(l).trim().parse::<u32>() {
            Ok(s) => s,
            Err(_) => {
                d.push(at(Some(*n), Some("SEQUENCE")).problem(
                    Severity::Error,
                    "SEQUENCE inválido",
                    Some(property_value(l)),
                    "a whole number ≥ 0",
                ));
                return None;
            }
        },
    };
    let date = match find("DTSTART") {
        None => {
            d.push(at(Some(begin), Some("DTSTART")).problem(Severity::Error, "evento sin DTSTART", None, "a DTSTART in every VEVENT"));
            return None;
        }
        Some((n, l)) => match property_value(l).get(..8).and_then(|v| NaiveDate::parse_from_str(v, "%Y%m%d").ok()) {
            Some(date) => date,
            None => {
                d.push(at(Some(*n), Some("DTSTART")).problem(
                    Severity::Error,
                    "DTSTART inválido",
                    Some(property_value(l)),
                    "a date YYYYMMDD or date-time YYYYMMDDTHHMMSS",
                ));
                return None;
            }
        },
    };
    let cancelled = find("STATUS").is_some_and(|(_, l)| property_value(l).trim().eq_ignore_ascii_case("CANCELLED"));
    let body = props
        .iter()
        .filter(|(_, l)| !matches!(property_name(l).to_ascii_uppercase().as_str(), "UID" | "DTSTAMP" | "SEQUENCE"))
        .map(|(_, l)| l.clone())
        .collect();
    let uid = property_value(uid).to_string();
    Some((uid, PreviousEvent { brigade: brigade.to_string(), sequence, cancelled, date, body }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_read_by_uid_with_folded_lines_and_located_problems() {
        let dir = tempfile::tempdir().unwrap();
        let good = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:A-1.B13-1.demo@almaplan\r\nDTSTAMP:20270101T000000Z\r\nSEQUENCE:2\r\nDTSTART:20270112T080000\r\nSUMMARY:Visita a una unidad con un nombre muy largo que el escritor dobla en \r\n dos líneas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        std::fs::write(dir.path().join("brigada_B13-1.ics"), good).unwrap();
        let c = read_dir(dir.path()).unwrap();
        let e = &c.events["A-1.B13-1.demo@almaplan"];
        assert_eq!((e.brigade.as_str(), e.sequence, e.cancelled), ("B13-1", 2, false));
        assert_eq!(e.date, NaiveDate::from_ymd_opt(2027, 1, 12).unwrap());
        assert_eq!(e.body[1], "SUMMARY:Visita a una unidad con un nombre muy largo que el escritor dobla en dos líneas");
        let bad = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:A-1.B13-1.demo@almaplan\nSEQUENCE:x\nDTSTART:20270112\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART:2027\nEND:VEVENT\nEND:VCALENDAR\n";
        std::fs::write(dir.path().join("brigada_B13-2.ics"), bad).unwrap();
        let errors: Vec<String> = match read_dir(dir.path()) {
            Err(Error::Input(p)) => p.iter().map(|p| p.to_string()).collect(),
            other => panic!("{other:?}"),
        };
        assert!(errors.iter().any(|e| e.contains("brigada_B13-2.ics:4:SEQUENCE")), "{errors:#?}");
        assert!(errors.iter().any(|e| e.contains("brigada_B13-2.ics:7:UID")), "{errors:#?}");
        assert!(read_dir(&dir.path().join("no")).is_err());
    }
}
