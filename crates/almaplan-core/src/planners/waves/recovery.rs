//! The re-plan that recovers the states behind schedule (`models/waves.md`, «Recovery»): when the
//! field progress ([`tracking::evaluate`](super::tracking::evaluate)) shows states behind the plan,
//! their remaining units are planned again from the day after the cut date, with the visits made
//! kept on their real dates (the in-progress machinery, [`Advance`]), first with the brigades each
//! state fields in the plan (what exists), then searching the brigades that recover the original
//! deadline ([`supply::for_deadline`]). Each state gets the teams and people that meet the
//! deadline, what it must borrow and from where, or the date reachable with one brigade per zone.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::supply::{self, Loan};
use super::tracking::{FieldProgress, TrackingReport};
use super::{Advance, Brigades, WavesPlan, WavesRequest};
use crate::error::Error;
use crate::planners::zones::ZonesPlan;
use crate::progress::Progress;

/// One state behind schedule and what recovers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryState {
    /// INEGI state code.
    pub state: u8,
    /// Units visited in the field by the cut date (kept with their dates).
    pub visited: usize,
    /// Units left to visit.
    pub remaining: usize,
    /// Brigades the state fields in the plan: what exists.
    pub own: u32,
    /// First visit of the re-plan (after the cut date).
    pub first_visit: Option<NaiveDate>,
    /// Diagnostics date of the re-plan with `own` brigades.
    pub diagnostics_with_own: NaiveDate,
    /// `diagnostics_with_own` is by the deadline.
    pub on_time_with_own: bool,
    /// Brigades that recover the deadline (at most one per zone left).
    pub needed: u32,
    /// Zonal supervision teams those brigades take (one team per brigade), when the brigades
    /// come from the teams (`team_share`).
    pub needed_teams: Option<u32>,
    /// People by role of `needed` brigades.
    pub needed_people: BTreeMap<String, u32>,
    /// Brigades to borrow (`needed − own` when positive).
    pub borrow: u32,
    /// Diagnostics date with `needed` brigades: the deadline met, or the date reachable.
    pub diagnostics_needed: NaiveDate,
    /// `diagnostics_needed` is by the deadline.
    pub on_time_needed: bool,
}

/// The recovery of the states behind (`recuperacion.csv`, `seguimiento.json → recuperacion`).
#[derive(Debug, Clone, Serialize)]
pub struct Recovery {
    /// The tracking's cut date.
    pub as_of: NaiveDate,
    /// The re-plan starts the day after the cut.
    pub from: NaiveDate,
    /// The deadline to recover (`WavesParams::deadline`).
    pub deadline: NaiveDate,
    /// One row per state behind, in code order.
    pub states: Vec<RecoveryState>,
    /// Who lends the brigades borrowed: states not behind with their own brigades free during the
    /// borrower's re-planned field work (nearest first, [`supply::lend`]), then the shared pool
    /// (`from = None`).
    pub loans: Vec<Loan>,
    /// Plans tried by the search.
    pub plans_tried: usize,
    /// The re-plan of the states behind with the brigades that recover them (`needed`).
    #[serde(skip)]
    pub plan: Box<WavesPlan>,
}

/// Re-plans the states `report` finds behind from the day after its cut date. `None` without a
/// cut date or without a state behind.
///
/// # Errors
///
/// As [`super::plan`].
pub fn recover(
    req: &WavesRequest<'_>,
    base: &WavesPlan,
    report: &TrackingReport,
    field: &FieldProgress,
    progress: &dyn Progress,
    deadline: std::time::Instant,
) -> Result<Option<Recovery>, Error> {
    let Some(as_of) = report.as_of else { return Ok(None) };
    let behind: BTreeSet<u8> = report.behind.iter().copied().collect();
    if behind.is_empty() {
        return Ok(None);
    }
    let from = as_of.succ_opt().unwrap_or(as_of);
    let zones = ZonesPlan {
        assignments: req.zones.assignments.iter().filter(|a| behind.contains(&a.state)).cloned().collect(),
        zones: req.zones.zones.iter().filter(|z| behind.contains(&z.state)).cloned().collect(),
        states: req.zones.states.iter().filter(|s| behind.contains(&s.state)).cloned().collect(),
    };
    // The visits made: the field's by the cut date, plus any the plan already kept.
    let mut advance = Advance { visited: req.advance.visited.clone(), from: Some(from), dates: req.advance.dates.clone() };
    advance.from = advance.from.max(req.advance.from);
    for (clues, u) in &field.units {
        if let Some(d) = u.visited.filter(|d| *d <= as_of) {
            advance.visited.insert(clues.clone());
            advance.dates.insert(clues.clone(), d);
        }
    }
    let own: BTreeMap<u8, u32> = base.states.iter().filter(|s| behind.contains(&s.state)).map(|s| (s.state, s.brigades.max(1))).collect();
    let rreq = WavesRequest { zones: &zones, advance: &advance, brigades: Brigades::Supply(own.clone()), ..req.clone() };
    let with_own = super::schedule_until(&rreq, deadline)?;
    let search = supply::for_deadline(&rreq, &own, &with_own, progress, deadline)?;
    let needed: BTreeMap<u8, u32> = search.states.iter().map(|s| (s.state, s.needed)).collect();
    let plan = if needed == own {
        with_own.clone()
    } else {
        super::schedule_until(&WavesRequest { brigades: Brigades::Supply(needed), ..rreq.clone() }, deadline)?
    };
    let visited_in = |s: u8| with_own.done.iter().filter(|v| v.state == s && v.date.is_some_and(|d| d <= as_of)).count();
    let first_visit = |p: &WavesPlan, s: u8| {
        p.states.iter().find(|x| x.state == s).and_then(|x| x.zones.iter().filter_map(|z| z.dates.first().copied()).min())
    };
    let composition = &req.params.composition;
    let mut states = Vec::new();
    for st in &with_own.states {
        let s = st.state;
        let Some(sup) = search.states.iter().find(|x| x.state == s) else { continue };
        states.push(RecoveryState {
            state: s,
            visited: visited_in(s),
            remaining: st.units,
            own: own[&s],
            first_visit: first_visit(&plan, s),
            diagnostics_with_own: st.diagnostics,
            on_time_with_own: st.diagnostics <= req.params.deadline,
            needed: sup.needed,
            needed_teams: req.params.team_share.map(|_| sup.needed),
            needed_people: supply::people_for(composition, sup.needed),
            borrow: sup.needed.saturating_sub(own[&s]),
            diagnostics_needed: sup.diagnostics_needed,
            on_time_needed: sup.on_time_needed,
        });
    }
    states.sort_by_key(|s| s.state);
    // Lenders: the states not behind with their own brigades, free on the days their field work
    // in the plan leaves them free during the borrower's re-planned field work.
    let lenders: BTreeMap<u8, u32> = base
        .supply
        .as_ref()
        .map(|sup| sup.states.iter().filter(|x| !behind.contains(&x.state)).map(|x| (x.state, x.own)).collect())
        .unwrap_or_default();
    let wants: Vec<(u8, u32)> = states.iter().filter(|s| s.borrow > 0).map(|s| (s.state, s.borrow)).collect();
    let loans = supply::lend(req, &wants, &lenders, &plan, base, composition);
    Ok(Some(Recovery {
        as_of,
        from,
        deadline: req.params.deadline,
        states,
        loans,
        plans_tried: search.plans_tried + 1,
        plan: Box::new(plan),
    }))
}
