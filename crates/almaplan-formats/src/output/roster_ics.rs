//! One calendar per physician for the weekend roster (`almaplan roster --calendarios`):
//! `calendarios/medico_<id>.ics` (RFC 5545, `METHOD:PUBLISH`), a timed event per shift at its unit.

use std::collections::BTreeMap;
use std::path::Path;

use crate::output::waves::{fold, ics_text};
use crate::output::write_atomic;
use almaplan_core::domain::{state, Network};
use almaplan_core::error::Error;
use almaplan_core::planners::roster::RosterPlan;

/// Hours of the weekend morning shift (turno matutino) in the physicians' calendars.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShiftHours {
    /// Start, local hour (default 8.0 = 08:00).
    pub start_hour: f64,
    /// Length in hours (default 6.0: 08:00–14:00).
    pub hours: f64,
}

impl Default for ShiftHours {
    fn default() -> Self {
        ShiftHours { start_hour: 8.0, hours: 6.0 }
    }
}

/// A text as a file-name or UID part: ASCII letters, digits, `-` and `_`.
fn safe(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

/// Writes one calendar per physician with shifts into `dir` (`medico_<id>.ics`; `ids[k]` is the
/// id printed for physician `k`, anonymous codes with `--anonimizar`). Each shift is a timed event
/// in the unit's local time (floating time) with `LOCATION` (unit, municipality, state) and
/// `GEO`; its UID is the physician, the date and the scenario (a physician works one shift a day),
/// so a re-planned roster moves a shift to another unit under the same UID. `DTSTAMP` is the
/// horizon's first day, never the clock. Returns the files written.
pub fn write_physician_calendars(
    dir: &Path,
    network: &Network,
    plan: &RosterPlan,
    ids: &[String],
    scenario: &str,
    hours: ShiftHours,
) -> Result<Vec<String>, Error> {
    let inst = &plan.instance;
    let stamp = inst.days.first().map(|d| d.date.format("%Y%m%dT000000Z").to_string()).unwrap_or_default();
    let start = chrono::Duration::minutes((hours.start_hour * 60.0).round() as i64);
    let length = chrono::Duration::minutes((hours.hours * 60.0).round() as i64);
    let mut by_physician: BTreeMap<usize, Vec<(chrono::NaiveDate, String)>> = BTreeMap::new();
    for (st, sp) in inst.states.iter().zip(&plan.states) {
        for s in &sp.roster.shifts {
            let u = &network.units[st.targets[s.target].unit];
            let physician = st.staff[s.staff].physician;
            let date = inst.days[s.day].date;
            let from = date.and_hms_opt(0, 0, 0).expect("midnight") + start;
            let lines = [
                format!("UID:{}.{}.{}@almaplan-rol", date.format("%Y%m%d"), safe(&ids[physician]), safe(scenario)),
                format!("DTSTAMP:{stamp}"),
                "SEQUENCE:0".to_string(),
                format!("DTSTART:{}", from.format("%Y%m%dT%H%M%S")),
                format!("DTEND:{}", (from + length).format("%Y%m%dT%H%M%S")),
                format!("SUMMARY:{}", ics_text(&format!("Turno matutino de fin de semana: {} {}", u.clues, u.name))),
                format!("DESCRIPTION:{}", ics_text(&format!("{} min de traslado (ida)", s.minutes.round()))),
                format!("LOCATION:{}", ics_text(&format!("{}, {}, {}", u.name, u.municipality_name, state::name(u.state).unwrap_or("")))),
                format!("GEO:{:.6};{:.6}", u.location.lat, u.location.lon),
                "STATUS:CONFIRMED".to_string(),
            ];
            let mut event = fold("BEGIN:VEVENT");
            lines.iter().for_each(|l| event.push_str(&fold(l)));
            event.push_str(&fold("END:VEVENT"));
            by_physician.entry(physician).or_default().push((date, event));
        }
    }
    let mut files = Vec::new();
    for (physician, mut events) in by_physician {
        events.sort();
        let id = &ids[physician];
        let name = format!("medico_{}.ics", safe(id));
        let mut text = String::new();
        for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//almaplan//Rol de fin de semana//ES", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
        {
            text.push_str(&fold(l));
        }
        text.push_str(&fold(&format!("X-WR-CALNAME:{}", ics_text(&format!("Rol de fin de semana {id}")))));
        events.iter().for_each(|(_, e)| text.push_str(e));
        text.push_str(&fold("END:VCALENDAR"));
        write_atomic(&dir.join(&name), |w| w.write_all(text.as_bytes()))?;
        files.push(name);
    }
    Ok(files)
}
