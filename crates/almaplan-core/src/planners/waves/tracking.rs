//! Field tracking of the Comando Alma-Ata (`models/waves.md`, «Tracking»): the start indicators of
//! Tabla 7 and the process indicators of Tabla 8 of the guide, per state and zone, the plan's
//! figures at the same date beside the field's, and the states falling behind. Also Tabla 10 (the
//! published units and zones of stage 1) beside the catalogue's.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::WavesPlan;
use crate::domain::Unit;
use crate::planners::zones::ZonesPlan;

/// One unit's field record.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitProgress {
    /// Date the unit was visited for the cédula (`None`: not visited yet).
    pub visited: Option<NaiveDate>,
    /// The unit's situational diagnosis is complete.
    pub diagnosis_complete: bool,
    /// The unit has signed its Pacto por la Salud.
    pub pacto: bool,
    /// The unit has an appointment agenda (gestión de agenda) in place.
    pub agenda: bool,
}

/// Work teams in the field one day in one state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamDay {
    /// The day.
    pub date: NaiveDate,
    /// INEGI state code.
    pub state: u8,
    /// Complete teams operating in the field that day.
    pub complete: u32,
    /// Work teams of the state that day.
    pub total: u32,
}

/// A field progress file: per unit (CLUES) and per day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldProgress {
    /// CLUES → record (units not listed: nothing done).
    pub units: BTreeMap<String, UnitProgress>,
    /// Teams in the field per day and state.
    pub teams: Vec<TeamDay>,
    /// The cut date: the plan's figures are taken at it (default: the latest date of the files).
    pub as_of: Option<NaiveDate>,
}

/// Tabla 7 and Tabla 8 of one state or zone, planned and actual.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TrackingRow {
    /// INEGI state code.
    pub state: u8,
    /// The zone, `None` for the state's row.
    pub zone: Option<String>,
    /// Units scheduled for the cédula (every unit of the zones, visited or not): the denominator
    /// of Tabla 7 and of Tabla 8's diagnoses.
    pub scheduled: usize,
    /// Units the plan visits by the cut date (visits already made count on their date).
    pub planned_visited: usize,
    /// Units visited in the field by the cut date.
    pub visited: usize,
    /// Complete situational diagnoses.
    pub diagnoses_complete: usize,
    /// Units with a Pacto por la Salud signed.
    pub pacto: usize,
    /// Units with an appointment agenda.
    pub agenda: usize,
    /// Zones whose Pacto meeting the plan holds by the cut date (state rows: all its zones).
    pub planned_pacto_zones: usize,
    /// Tabla 7: % of scheduled units visited (`visited / scheduled × 100`).
    pub t7_visited_pct: f64,
    /// Tabla 7: % of complete diagnoses (`diagnoses_complete / scheduled × 100`).
    pub t7_diagnoses_pct: f64,
    /// Tabla 7: % of complete teams operating in the field (Σ days complete / Σ days teams × 100;
    /// state rows only, `None` without team records).
    pub t7_teams_pct: Option<f64>,
    /// Tabla 8: % of units with a complete diagnosis (`diagnoses_complete / scheduled × 100`).
    pub t8_diagnosis_pct: f64,
    /// Tabla 8: % of units with a Pacto (`pacto / diagnoses_complete × 100`; 0 without diagnoses).
    pub t8_pacto_pct: f64,
    /// Tabla 8: % of units with an appointment agenda (`agenda / scheduled × 100`).
    pub t8_agenda_pct: f64,
    /// Planned % visited by the cut date (`planned_visited / scheduled × 100`).
    pub planned_visited_pct: f64,
    /// True when the field is more than `BEHIND_POINTS` percentage points behind the plan.
    pub behind: bool,
}

/// Percentage points the field may trail the plan before a state or zone is «behind».
pub const BEHIND_POINTS: f64 = 10.0;

/// Tabla 10 of one state beside the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tabla10Row {
    /// INEGI state code.
    pub state: u8,
    /// Units published in Tabla 10.
    pub published_units: u32,
    /// ZSM published in Tabla 10.
    pub published_zones: Option<u32>,
    /// First-level units of the catalogue the plan visits (made and to make).
    pub catalogue_units: usize,
    /// Zones of the plan.
    pub plan_zones: usize,
    /// `catalogue_units − published_units`.
    pub units_difference: i64,
    /// The difference in words (Spanish).
    pub explanation: String,
}

/// The tracking report (`seguimiento.csv`, `seguimiento.json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TrackingReport {
    /// The cut date.
    pub as_of: Option<NaiveDate>,
    /// One row per state then its zones, in state and zone order.
    pub rows: Vec<TrackingRow>,
    /// All states together.
    pub national: TrackingRow,
    /// States behind the plan (INEGI codes).
    pub behind: Vec<u8>,
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

fn finish(mut r: TrackingRow) -> TrackingRow {
    r.t7_visited_pct = pct(r.visited, r.scheduled);
    r.t7_diagnoses_pct = pct(r.diagnoses_complete, r.scheduled);
    r.t8_diagnosis_pct = r.t7_diagnoses_pct;
    r.t8_pacto_pct = pct(r.pacto, r.diagnoses_complete);
    r.t8_agenda_pct = pct(r.agenda, r.scheduled);
    r.planned_visited_pct = pct(r.planned_visited, r.scheduled);
    r.behind = r.t7_visited_pct + BEHIND_POINTS < r.planned_visited_pct;
    r
}

/// Tabla 7 and 8 per state and zone from `field`, beside `plan` at the cut date (`field.as_of`,
/// or the latest date of the field files). Every unit of `zones` is scheduled.
pub fn evaluate(plan: &WavesPlan, zones: &ZonesPlan, units: &[Unit], field: &FieldProgress) -> TrackingReport {
    let as_of = field.as_of.or_else(|| {
        let unit_dates = field.units.values().filter_map(|u| u.visited);
        unit_dates.chain(field.teams.iter().map(|t| t.date)).max()
    });
    // The plan's visit date of each unit (first stop; visits made: their date).
    let mut planned: BTreeMap<usize, NaiveDate> = BTreeMap::new();
    let mut pacto_zone: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for st in &plan.states {
        for z in &st.zones {
            for (day, date) in z.itinerary.days.iter().zip(&z.dates) {
                for stop in day.iter().filter(|s| !s.continued) {
                    planned.entry(stop.unit).or_insert(*date);
                }
            }
            if let Some(d) = z.pacto.as_ref().and_then(|p| p.dates.last()) {
                pacto_zone.insert(z.zone.as_str(), *d);
            }
        }
    }
    for v in &plan.done {
        if let Some(d) = v.date {
            planned.insert(v.unit, d);
        }
    }
    let by_cut = |d: &NaiveDate| as_of.is_none_or(|c| *d <= c);
    let mut rows = Vec::new();
    let mut national = TrackingRow::default();
    let mut by_state: BTreeMap<u8, Vec<&crate::planners::zones::Zone>> = BTreeMap::new();
    zones.zones.iter().for_each(|z| by_state.entry(z.state).or_default().push(z));
    let mut behind = Vec::new();
    for (&state, zs) in &by_state {
        let mut srow = TrackingRow { state, ..Default::default() };
        let mut zone_rows = Vec::new();
        for z in zs {
            let mut r = TrackingRow { state, zone: Some(z.zone.clone()), ..Default::default() };
            for &k in &z.units {
                r.scheduled += 1;
                r.planned_visited += usize::from(planned.get(&k).is_some_and(by_cut));
                if let Some(p) = field.units.get(&units[k].clues) {
                    r.visited += usize::from(p.visited.as_ref().is_some_and(by_cut));
                    r.diagnoses_complete += usize::from(p.diagnosis_complete);
                    r.pacto += usize::from(p.pacto);
                    r.agenda += usize::from(p.agenda);
                }
            }
            r.planned_pacto_zones = usize::from(pacto_zone.get(z.zone.as_str()).is_some_and(by_cut));
            for (a, b) in [
                (&mut srow.scheduled, r.scheduled),
                (&mut srow.planned_visited, r.planned_visited),
                (&mut srow.visited, r.visited),
                (&mut srow.diagnoses_complete, r.diagnoses_complete),
                (&mut srow.pacto, r.pacto),
                (&mut srow.agenda, r.agenda),
                (&mut srow.planned_pacto_zones, r.planned_pacto_zones),
            ] {
                *a += b;
            }
            zone_rows.push(finish(r));
        }
        let days: Vec<&TeamDay> = field.teams.iter().filter(|t| t.state == state && by_cut(&t.date)).collect();
        let total: u32 = days.iter().map(|t| t.total).sum();
        let mut srow = finish(srow);
        srow.t7_teams_pct = (total > 0).then(|| 100.0 * f64::from(days.iter().map(|t| t.complete).sum::<u32>()) / f64::from(total));
        if srow.behind {
            behind.push(state);
        }
        for (a, b) in [
            (&mut national.scheduled, srow.scheduled),
            (&mut national.planned_visited, srow.planned_visited),
            (&mut national.visited, srow.visited),
            (&mut national.diagnoses_complete, srow.diagnoses_complete),
            (&mut national.pacto, srow.pacto),
            (&mut national.agenda, srow.agenda),
            (&mut national.planned_pacto_zones, srow.planned_pacto_zones),
        ] {
            *a += b;
        }
        rows.push(srow);
        rows.extend(zone_rows);
    }
    let days: Vec<&TeamDay> = field.teams.iter().filter(|t| by_cut(&t.date)).collect();
    let total: u32 = days.iter().map(|t| t.total).sum();
    let mut national = finish(national);
    national.t7_teams_pct = (total > 0).then(|| 100.0 * f64::from(days.iter().map(|t| t.complete).sum::<u32>()) / f64::from(total));
    TrackingReport { as_of, rows, national, behind }
}

/// Tabla 10 (`tabla10_unidades`, `tabla10_zsm` per state) beside the plan's units (made and to
/// make) and zones, with the difference in words.
pub fn tabla10(plan: &WavesPlan, published: &BTreeMap<u8, (u32, Option<u32>)>) -> Vec<Tabla10Row> {
    let mut out = Vec::new();
    for (&state, &(units, zones)) in published {
        let Some(st) = plan.states.iter().find(|s| s.state == state) else { continue };
        let done = plan.done.iter().filter(|v| v.state == state).count();
        let catalogue_units = st.units + done;
        let diff = catalogue_units as i64 - i64::from(units);
        let explanation = match diff {
            0 => "el catálogo tiene las mismas unidades que la Tabla 10".to_string(),
            d if d < 0 => format!(
                "el catálogo 2026 tiene {} unidad(es) de primer nivel en operación menos que las publicadas (posibles causas: unidades cerradas, fusionadas o dadas de baja desde la Tabla 10 (2025), o contadas allá con otra tipología)",
                -d
            ),
            d => format!(
                "el catálogo 2026 tiene {d} unidad(es) de primer nivel en operación más que las publicadas (posibles causas: unidades abiertas o transferidas a IMSS-BIENESTAR después de la Tabla 10 (2025), o unidades móviles y UNEME que la Tabla 10 no cuenta)"
            ),
        };
        out.push(Tabla10Row {
            state,
            published_units: units,
            published_zones: zones,
            catalogue_units,
            plan_zones: st.zones.len(),
            units_difference: diff,
            explanation,
        });
    }
    out
}
