//! Brigade calendars that update: a re-plan given the previous run's `ics/` folder
//! (`--calendario-previo`) keeps each visit's UID, raises SEQUENCE of the visits it moved and
//! cancels those it removed, so that importing the new calendar over the old one updates it;
//! checked with an iCalendar parser (the `ical` crate) and a simulated calendar client.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::common::{almaplan, scenario, stderr, stdout};

#[derive(Debug, Clone, PartialEq)]
struct Event {
    sequence: u32,
    start: String,
    end: String,
    summary: String,
    cancelled: bool,
}

/// Every event of every calendar in `dir`, by UID (each UID once across the folder).
fn read_calendars(dir: &Path) -> BTreeMap<String, Event> {
    let mut events = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let reader = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
        for cal in ical::IcalParser::new(reader) {
            let cal = cal.expect("valid iCalendar");
            assert!(cal.properties.iter().any(|p| p.name == "METHOD" && p.value.as_deref() == Some("PUBLISH")), "{}", path.display());
            for e in cal.events {
                let value = |name: &str| e.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default();
                let event = Event {
                    sequence: value("SEQUENCE").parse().expect("SEQUENCE"),
                    start: value("DTSTART"),
                    end: value("DTEND"),
                    summary: value("SUMMARY"),
                    cancelled: value("STATUS") == "CANCELLED",
                };
                assert!(events.insert(value("UID"), event).is_none(), "a UID twice in {}", dir.display());
            }
        }
    }
    events
}

fn write_demo(dir: &Path, file: &str, brigades: u32) {
    let demo = std::fs::read_to_string(scenario("demo.toml")).unwrap();
    assert!(demo.contains("brigades_per_state = 2"));
    let text = demo.replace("units = 1200", "units = 300").replace("brigades_per_state = 2", &format!("brigades_per_state = {brigades}"));
    std::fs::write(dir.join(file), text).unwrap();
}

#[test]
fn a_replan_updates_moved_visits_and_cancels_removed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write_demo(p, "s.toml", 2);
    // The re-plan: one brigade per state instead of two, after the first visits were made.
    write_demo(p, "s1.toml", 1);
    let out = almaplan(p, &["waves", "s.toml", "--out", "a", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut csv = csv::Reader::from_path(p.join("a/calendario_brigadas.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let done: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[7] == "visita").take(10).collect();
    let desde = done.iter().map(|r| r[0].parse::<NaiveDate>().unwrap()).max().unwrap().succ_opt().unwrap();
    let mut progress = String::from("clues,fecha\n");
    done.iter().for_each(|r| progress.push_str(&format!("{},{}\n", &r[5], &r[0])));
    std::fs::write(p.join("visitas.csv"), progress).unwrap();
    let replan = |out_dir: &str, previous: &str| {
        let args = [
            "waves",
            "s1.toml",
            "--out",
            out_dir,
            "--avance",
            "visitas.csv",
            "--desde",
            &desde.to_string(),
            "--calendario-previo",
            previous,
        ];
        let out = almaplan(p, &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out
    };
    let out = replan("b", "a/ics");
    assert!(stdout(&out).contains("Calendarios actualizados"), "{}", stdout(&out));

    let before = read_calendars(&p.join("a/ics"));
    let after = read_calendars(&p.join("b/ics"));
    assert!(before.values().all(|e| e.sequence == 0 && !e.cancelled));
    let (mut moved, mut cancelled, mut unchanged) = (0, 0, 0);
    for (uid, new) in &after {
        let Some(old) = before.get(uid) else {
            assert_eq!(new.sequence, 0, "{uid}: a new visit starts at SEQUENCE 0");
            continue;
        };
        if new == old {
            unchanged += 1;
        } else {
            assert!(new.sequence > old.sequence, "{uid} changed without a higher SEQUENCE: {old:?} → {new:?}");
            if new.cancelled {
                cancelled += 1;
            } else if new.start != old.start {
                moved += 1;
            }
        }
    }
    assert!(moved > 0 && cancelled > 0, "moved {moved}, cancelled {cancelled}, unchanged {unchanged}");
    // Every previous event is in the new calendars: updated, cancelled or kept as history.
    assert!(before.keys().all(|uid| after.contains_key(uid)), "a previous event is missing from the re-plan's calendars");
    // History: the events before --desde stay as they were (the visits made among them).
    let from = desde.format("%Y%m%d").to_string();
    let visited: BTreeSet<&str> = done.iter().map(|r| &r[5]).collect();
    let mut kept = 0;
    for (uid, e) in before.iter().filter(|(_, e)| e.start[..8] < from[..]) {
        assert_eq!(&after[uid], e, "{uid}: an event before --desde is kept as it was");
        kept += usize::from(visited.contains(uid.split('.').next().unwrap().rsplit_once('-').unwrap().0));
    }
    assert!(kept >= visited.len(), "{kept} events of the {} visits made", visited.len());

    // A calendar client imports the old calendar, then the new one: an event replaces the stored
    // one with the same UID when its SEQUENCE is not lower (RFC 5546 §2.1.5).
    let mut client = before.clone();
    for (uid, e) in &after {
        if client.get(uid).is_none_or(|old| e.sequence >= old.sequence) {
            client.insert(uid.clone(), e.clone());
        }
    }
    // No duplicates: from --desde on, the client shows exactly the re-plan's visits.
    let shown = client.values().filter(|e| !e.cancelled && e.start[..8] >= from[..]).count();
    let planned = csv::Reader::from_path(p.join("b/calendario_brigadas.csv")).unwrap().records().count();
    assert_eq!(shown, planned, "events shown after importing the re-plan vs visits planned");

    // Re-planning again from the updated calendars with the same inputs changes nothing.
    replan("c", "b/ics");
    let names = |d: &str| -> BTreeSet<String> {
        std::fs::read_dir(p.join(d)).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect()
    };
    assert_eq!(names("b/ics"), names("c/ics"));
    for name in names("b/ics") {
        assert!(std::fs::read(p.join("b/ics").join(&name)).unwrap() == std::fs::read(p.join("c/ics").join(&name)).unwrap(), "{name}");
    }
}

#[test]
fn a_broken_previous_calendar_is_an_input_error_before_planning() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write_demo(p, "s.toml", 2);
    std::fs::create_dir(p.join("previo")).unwrap();
    std::fs::write(
        p.join("previo/brigada_B13-1.ics"),
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:X-1.b13-1.demo@almaplan\r\nSEQUENCE:uno\r\nDTSTART:20270112T080000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let out = almaplan(p, &["waves", "s.toml", "--out", "w", "--calendario-previo", "previo"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("brigada_B13-1.ics:4:SEQUENCE"), "{}", stderr(&out));
    assert!(!p.join("w").exists());
    // `validate` checks the same folder the same way.
    let out = almaplan(p, &["validate", "s.toml", "--calendario-previo", "previo"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(format!("{}{}", stdout(&out), stderr(&out)).contains("brigada_B13-1.ics:4:SEQUENCE"));
    let out = almaplan(p, &["waves", "s.toml", "--out", "w", "--calendario-previo", "no_existe"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no_existe"), "{}", stderr(&out));
}

#[test]
fn roster_calendars_give_each_physician_their_shifts() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write_demo(p, "s.toml", 2);
    let out = almaplan(p, &["roster", "s.toml", "--out", "r", "-q", "--calendarios"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut shifts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut roster = csv::Reader::from_path(p.join("r/rol_fin_de_semana.csv")).unwrap();
    let header = roster.headers().unwrap().clone();
    let (date, physician) = (header.iter().position(|h| h == "fecha").unwrap(), header.iter().position(|h| h == "medico_id").unwrap());
    for row in roster.records().map(Result::unwrap) {
        assert!(shifts.entry(row[physician].to_string()).or_default().insert(row[date].replace('-', "")), "two shifts a day");
    }
    assert!(!shifts.is_empty());
    let files: BTreeSet<String> =
        std::fs::read_dir(p.join("r/calendarios")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    assert_eq!(files.len(), shifts.len(), "one calendar per physician with shifts");
    for (id, days) in &shifts {
        let path = p.join("r/calendarios").join(format!("medico_{id}.ics"));
        let reader = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
        let cal = ical::IcalParser::new(reader).next().unwrap().expect("valid iCalendar");
        let starts: BTreeSet<String> = cal
            .events
            .iter()
            .map(|e| e.properties.iter().find(|p| p.name == "DTSTART").and_then(|p| p.value.clone()).unwrap()[..8].to_string())
            .collect();
        assert_eq!(&starts, days, "{id}");
    }
}
