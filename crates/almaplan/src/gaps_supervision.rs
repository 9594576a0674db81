//! The supervision planner's rows of `brechas.csv` (`tipo` = `supervision`): each unit without a
//! monthly visit with its reason and the teams that would close it, and each state whose teams
//! needed exceed the teams it has (`equipos_insuficientes`), against the published count.

use std::collections::BTreeMap;

use crate::gaps::GapRow;
use almaplan_core::domain::{state, Unit};
use almaplan_core::planners::supervision::{GapReason, SupervisionPlan};

/// Reason code of a state whose teams needed exceed its teams.
pub const TEAMS_SHORT: &str = "equipos_insuficientes";

/// A supervision reason code in words, Spanish and English.
pub fn reason_words(code: &str) -> Option<(&'static str, &'static str)> {
    let en = |r: GapReason| match r {
        GapReason::OutOfReach => "out of reach within a working day, even with an overnight stay",
        GapReason::OverCapacity => "the zone's supervision teams have no capacity left",
        GapReason::NoTeam => "the zone has no supervision team",
    };
    for r in [GapReason::OutOfReach, GapReason::OverCapacity, GapReason::NoTeam] {
        if r.code() == code {
            return Some((r.label(), en(r)));
        }
    }
    (code == TEAMS_SHORT).then_some(("la entidad tiene menos equipos de los necesarios", "the state has fewer teams than it needs"))
}

/// Rows for `brechas.csv`: one per unit without a monthly visit (magnitude: months without it),
/// then one per state short of teams (magnitude: teams missing).
pub fn rows(plan: &SupervisionPlan, units: &[Unit]) -> Vec<GapRow> {
    let zone: BTreeMap<(u8, &str), (usize, usize)> =
        plan.territories.iter().map(|t| ((t.state, t.name.as_str()), (t.teams, t.teams_needed))).collect();
    let months = plan.months.len() as f64;
    let mut out = Vec::new();
    for g in &plan.gaps {
        let u = &units[g.unit];
        let (teams, needed) = zone.get(&(g.state, g.territory.as_str())).copied().unwrap_or((0, 0));
        let (action, action_en) = match g.reason {
            GapReason::OutOfReach => (
                "una base de supervisión más cercana (otra sede) o visitas de varios días".to_string(),
                "a closer supervision base (another sede) or multi-day visits".to_string(),
            ),
            GapReason::OverCapacity | GapReason::NoTeam => (
                format!("la zona necesita {needed} equipo(s) de supervisión; tiene {teams}"),
                format!("the zone needs {needed} supervision team(s); it has {teams}"),
            ),
        };
        out.push(GapRow {
            kind: "supervision",
            state: g.state,
            zone: g.territory.clone(),
            key: u.clues.clone(),
            description: format!("{}: sin visita de supervisión mensual ({})", u.name, g.detail),
            magnitude: months,
            reason: g.reason.code().to_string(),
            action,
            description_en: format!("{}: no monthly supervision visit", u.name),
            action_en,
        });
    }
    for s in plan.states.iter().filter(|s| s.teams_needed > s.teams) {
        let published = s.published_teams.map_or("sin cifra publicada".to_string(), |p| format!("{p} publicados"));
        let published_en = s.published_teams.map_or("no published figure".to_string(), |p| format!("{p} published"));
        let name = state::name(s.state).unwrap_or("");
        out.push(GapRow {
            kind: "supervision",
            state: s.state,
            zone: String::new(),
            key: String::new(),
            description: format!("{name}: {} equipos de supervisión necesarios, {} en el plan ({published})", s.teams_needed, s.teams),
            magnitude: f64::from(s.teams_needed - s.teams),
            reason: TEAMS_SHORT.to_string(),
            action: format!("sumar {} equipo(s) zonal(es) de supervisión", s.teams_needed - s.teams),
            description_en: format!("{name}: {} supervision teams needed, {} in the plan ({published_en})", s.teams_needed, s.teams),
            action_en: format!("add {} zonal supervision team(s)", s.teams_needed - s.teams),
        });
    }
    out
}
