//! Priority of the states within a stage (`[waves] priority`); see `models/waves.md`.
//!
//! - `"unidades_x_brecha"` (default): `units × weekend_gap`, where `weekend_gap` is the share of
//!   the state's first-level units that are weekend-opening targets not yet open on weekends:
//!   `min(1, weekend_target_units / first_level_units_2024) × (1 − weekend_block_progress[block])`
//!   from the published figures. A state without published figures has gap 1 (neutral).
//! - `"unidades"`: units to visit.
//! - a list of states: the listed states in that order, then the others by units; the priority
//!   value is `n − rank` (n = states ranked).

use std::collections::BTreeMap;

use crate::domain::figures::StateFigures;
use crate::planners::waves::{PriorityRule, WavesParams};

/// Weekend gap of every state with published figures (see the module documentation), a share
/// 0–1. States without a block 1–3, a target or a unit count are left out (gap 1 when ranked).
pub fn weekend_gaps(figures: &BTreeMap<u8, StateFigures>, params: &WavesParams) -> BTreeMap<u8, f64> {
    figures
        .iter()
        .filter_map(|(&state, f)| {
            let block = f.weekend_block.filter(|b| (1..=3).contains(b))?;
            let targets = f64::from(f.weekend_target_units?);
            let units = f64::from(f.first_level_units_2024.filter(|&u| u > 0)?);
            let open = params.weekend_block_progress[block as usize - 1];
            Some((state, (targets / units).min(1.0) * (1.0 - open)))
        })
        .collect()
}

/// The priority of each state (`units`: units to visit in this plan, by INEGI code). Higher goes
/// first.
///
/// ```
/// use almaplan_core::planners::waves::priority::priorities;
/// use almaplan_core::planners::waves::PriorityRule;
///
/// let units = [(2, 100), (15, 80), (9, 50)].into();
/// let gap = [(2, 0.1), (15, 0.5)].into(); // state 9 has no published figures: gap 1
/// let p = priorities(&PriorityRule::default(), &units, &gap); // "unidades_x_brecha"
/// assert_eq!((p[&2], p[&15], p[&9]), (10.0, 40.0, 50.0));
/// ```
pub fn priorities(rule: &PriorityRule, units: &BTreeMap<u8, usize>, weekend_gap: &BTreeMap<u8, f64>) -> BTreeMap<u8, f64> {
    match rule {
        PriorityRule::Rule(r) if r == "unidades" => units.iter().map(|(&s, &u)| (s, u as f64)).collect(),
        PriorityRule::Rule(_) => units.iter().map(|(&s, &u)| (s, u as f64 * weekend_gap.get(&s).copied().unwrap_or(1.0))).collect(),
        PriorityRule::States(list) => {
            let mut ranked: Vec<u8> = Vec::new();
            for code in list.iter().filter_map(|r| r.code()) {
                if units.contains_key(&code) && !ranked.contains(&code) {
                    ranked.push(code);
                }
            }
            let mut rest: Vec<u8> = units.keys().copied().filter(|s| !ranked.contains(s)).collect();
            rest.sort_by(|a, b| units[b].cmp(&units[a]).then(a.cmp(b)));
            ranked.extend(rest);
            let n = ranked.len();
            ranked.into_iter().enumerate().map(|(rank, s)| (s, (n - rank) as f64)).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planners::waves::StateRef;

    fn figures(state: u8, block: u32, targets: u32, units: u32) -> StateFigures {
        StateFigures {
            state,
            weekend_block: Some(block),
            weekend_target_units: Some(targets),
            first_level_units_2024: Some(units),
            ..Default::default()
        }
    }

    #[test]
    fn gap_is_target_share_times_what_the_block_has_not_opened() {
        let params = WavesParams::default();
        let f: BTreeMap<u8, StateFigures> =
            [(15, figures(15, 3, 1044, 1045)), (2, figures(2, 1, 107, 106)), (9, figures(9, 2, 100, 200))].into();
        let g = weekend_gaps(&f, &params);
        assert!((g[&15] - 1044.0 / 1045.0 * (1.0 - 0.552)).abs() < 1e-12);
        assert!((g[&2] - (1.0 - 0.697)).abs() < 1e-12, "targets above units are capped at 1");
        assert!((g[&9] - 0.5 * (1.0 - 0.749)).abs() < 1e-12);
    }

    #[test]
    fn rules_rank_as_documented() {
        let units: BTreeMap<u8, usize> = [(2, 100), (15, 80), (9, 50)].into();
        let gap: BTreeMap<u8, f64> = [(2, 0.1), (15, 0.5)].into();
        let p = priorities(&PriorityRule::default(), &units, &gap);
        assert_eq!((p[&2], p[&15], p[&9]), (10.0, 40.0, 50.0), "a state without figures has gap 1");
        let p = priorities(&PriorityRule::Rule("unidades".into()), &units, &gap);
        assert!(p[&2] > p[&15] && p[&15] > p[&9]);
        let p = priorities(&PriorityRule::States(vec![StateRef::Code(9), StateRef::Name("Mexico".into())]), &units, &gap);
        assert_eq!((p[&9], p[&15], p[&2]), (3.0, 2.0, 1.0));
    }
}
