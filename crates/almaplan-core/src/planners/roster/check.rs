//! Lints a roster (hand-edited or produced elsewhere) against the scenario's rules: reach, weekly
//! rest, monthly limits, double booking, contract days, absences, and units outside the target set.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;

use super::instance::opening_days;
use crate::domain::physician::Contract;
use crate::domain::roster::RosterRow;
use crate::domain::unit::UnitKind;
use crate::domain::Network;
use crate::planners::roster::RosterParams;
use crate::territory::TravelTimes;

/// One broken rule, located by the roster row. Messages name units and dates, never physicians.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// The file (and sheet) of the offending row, as messages name it ([`RosterRow::source`]).
    pub source: String,
    /// Line of the roster file (1-based, header = 1) of the offending row (for a limit, the row
    /// that exceeds it).
    pub line: usize,
    /// The rule broken, in Spanish: `alcance`, `descanso semanal`, `límite mensual`,
    /// `doble asignación`, `contrato`, `médico no disponible`, `pasante fuera de su unidad`,
    /// `unidad fuera del conjunto objetivo`, `día no de apertura`, `unidad desconocida`,
    /// `médico desconocido`, `base desconocida`, `base no elegible`, `rol` (the file's role is not
    /// the staffing file's).
    pub rule: &'static str,
    /// What is wrong, naming the unit and date.
    pub message: String,
}

/// Checks every row of a roster against the rules the planner obeys: the unit is a target
/// (`targets` replaces the default set, as in [`RosterRequest::targets`](super::RosterRequest::targets)),
/// the date an opening day, the physician known and based at an eligible unit, within
/// `max_travel_minutes`, available, allowed that day by contract (interns only at their own
/// unit), not twice the same day, within the weekly rest allowance (LFT art. 69) and the monthly
/// limit. Returns the violations sorted by file and line; empty when the roster is clean.
/// Messages are in Spanish and name units and dates, never physicians.
pub fn check(
    network: &Network,
    travel: &TravelTimes,
    params: &RosterParams,
    targets: Option<&HashMap<String, Option<u32>>>,
    rows: &[RosterRow],
) -> Vec<Violation> {
    let mut out = Vec::new();
    let units: HashMap<&str, usize> = network.units.iter().enumerate().map(|(i, u)| (u.clues.as_str(), i)).collect();
    let physicians: HashMap<&str, usize> = network.physicians.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let (Some(first), Some(last)) = (rows.iter().map(|r| r.date).min(), rows.iter().map(|r| r.date).max()) else {
        return out;
    };
    let (days, allowance) = opening_days(params, first, last);
    let day_of: HashMap<_, _> = days.iter().map(|d| (d.date, d)).collect();
    let mut per_day: BTreeMap<(usize, chrono::NaiveDate), usize> = BTreeMap::new();
    let mut per_week: BTreeMap<(usize, usize), Vec<&RosterRow>> = BTreeMap::new();
    let mut per_month: BTreeMap<(usize, i32, u32), Vec<&RosterRow>> = BTreeMap::new();
    let mut v = |r: &RosterRow, line, rule, message: String| out.push(Violation { source: r.source.clone(), line, rule, message });
    for r in rows {
        let Some(&ui) = units.get(r.clues.as_str()) else {
            v(r, r.line, "unidad desconocida", format!("{} no es una unidad del catálogo", r.clues));
            continue;
        };
        let u = &network.units[ui];
        let is_target = match targets {
            Some(t) => t.contains_key(u.clues.as_str()),
            None => u.is_first_level_in_operation() && u.kind.is_fixed_primary_care(),
        };
        if !is_target {
            v(
                r,
                r.line,
                "unidad fuera del conjunto objetivo",
                format!("{} ({}) no es una unidad que abra en fin de semana", u.clues, u.kind.label()),
            );
        }
        let Some(day) = day_of.get(&r.date) else {
            v(r, r.line, "día no de apertura", format!("{} no es fin de semana ni día de apertura", r.date.format("%d/%m/%Y")));
            continue;
        };
        let Some(&pi) = physicians.get(r.physician.as_str()) else {
            v(r, r.line, "médico desconocido", "el medico_id no está en la plantilla".into());
            continue;
        };
        let p = &network.physicians[pi];
        if let Some(role) = r.role.filter(|role| *role != p.role) {
            v(r, r.line, "rol", format!("el rol {} no es el de la plantilla ({})", role.code(), p.role.code()));
        }
        if !p.is_available(r.date) {
            v(r, r.line, "médico no disponible", format!("el médico está ausente el {}", r.date.format("%d/%m/%Y")));
        }
        if p.contract == Contract::FinDeSemana && !day.weekend {
            v(r, r.line, "contrato", format!("un contrato de fin de semana no trabaja el {} (entre semana)", r.date.format("%d/%m/%Y")));
        }
        match units.get(p.base.as_str()).map(|&b| &network.units[b]) {
            Some(base) => {
                if p.contract == Contract::Pasante && base.clues != u.clues {
                    v(r, r.line, "pasante fuera de su unidad", format!("un pasante sólo trabaja en su unidad, no en {}", u.clues));
                }
                let minutes = travel.between_units(base, u);
                let limit = params.role_max_travel_minutes(p.role);
                if base.clues != u.clues && minutes > limit {
                    v(
                        r,
                        r.line,
                        "alcance",
                        format!("{} está a {minutes:.0} min de la unidad base del médico; el límite es {:.0}", u.clues, limit),
                    );
                }
                if base.kind == UnitKind::Mobile || !base.is_first_level_in_operation() {
                    v(r, r.line, "base no elegible", "la unidad base del médico no es una unidad fija de primer nivel en operación".into());
                }
            }
            None => v(r, r.line, "base desconocida", "la unidad base del médico no está en el catálogo".into()),
        }
        let n = per_day.entry((pi, r.date)).or_default();
        *n += 1;
        if *n > 1 {
            v(r, r.line, "doble asignación", format!("el médico ya tiene un turno el {}", r.date.format("%d/%m/%Y")));
        }
        if matches!(p.contract, Contract::EntreSemana | Contract::Pasante) {
            per_week.entry((pi, day.week)).or_default().push(r);
            per_month.entry((pi, r.date.year(), r.date.month())).or_default().push(r);
        }
    }
    for ((_, week), lines) in per_week {
        if lines.len() as u32 > allowance[week] {
            let last = *lines.last().expect("non-empty");
            v(
                last,
                last.line,
                "descanso semanal",
                format!("{} días extra en una semana; a lo más {} (descanso semanal, LFT art. 69)", lines.len(), allowance[week]),
            );
        }
    }
    for ((pi, _, _), lines) in per_month {
        let p = &network.physicians[pi];
        let limit = p.max_extra_shifts_per_month.unwrap_or(params.role_max_extra_shifts_per_month(p.role));
        if lines.len() as u32 > limit {
            let last = *lines.last().expect("non-empty");
            v(last, last.line, "límite mensual", format!("{} turnos extra en un mes; el límite es {limit}", lines.len()));
        }
    }
    out.sort();
    out
}
