//! The hiring cover without a MIP search: improve a plan by taking hires away one at a time while
//! every day's slots can still be assigned (one augmenting path per day), and bound it by the LP
//! relaxation (`models/roster.md`, «Hiring plan»). Deterministic: no clock, fixed orders.

use std::collections::{BTreeMap, VecDeque};

/// Slot moves along an augmenting path: (slot, from base, to base).
type Moves = Vec<(usize, usize, usize)>;

/// A hiring plan as slot assignments: for each day, every missing slot (a unit copy of a missing
/// physician at a target) is assigned to a base; `h[b]` hires at `b` cover at most `h[b]` slots of
/// each day.
#[derive(Clone)]
pub(super) struct Assignment {
    /// Bases (target indices), increasing; positions index `h` and `load`.
    pub bases: Vec<usize>,
    /// Hires per base position.
    pub h: Vec<u32>,
    /// Per day: slots as (target, candidate base positions, assigned base position).
    pub days: Vec<Vec<(usize, Vec<usize>, usize)>>,
    /// Per day, per base position: slots assigned.
    pub load: Vec<Vec<u32>>,
}

impl Assignment {
    /// From a feasible plan: hires per base and served (base, target, day) → slots.
    pub fn new(
        missing: &BTreeMap<(usize, usize), u32>,
        candidate_bases: &BTreeMap<usize, Vec<(usize, f64)>>,
        hires: &BTreeMap<usize, u32>,
        served: &BTreeMap<(usize, usize, usize), u32>,
    ) -> Assignment {
        let mut bases: Vec<usize> = candidate_bases.values().flat_map(|v| v.iter().map(|b| b.0)).chain(hires.keys().copied()).collect();
        bases.sort_unstable();
        bases.dedup();
        let pos: BTreeMap<usize, usize> = bases.iter().enumerate().map(|(i, b)| (*b, i)).collect();
        let day_list: Vec<usize> = {
            let mut d: Vec<usize> = missing.keys().map(|k| k.1).collect();
            d.sort_unstable();
            d.dedup();
            d
        };
        let day_pos: BTreeMap<usize, usize> = day_list.iter().enumerate().map(|(i, d)| (*d, i)).collect();
        let mut days = vec![Vec::new(); day_list.len()];
        let mut load = vec![vec![0u32; bases.len()]; day_list.len()];
        let mut left: BTreeMap<(usize, usize, usize), u32> = served.clone();
        for (&(t, d), &need) in missing {
            let cands: Vec<usize> = candidate_bases[&t].iter().map(|b| pos[&b.0]).collect();
            let dp = day_pos[&d];
            for _ in 0..need {
                // The base the plan gave this slot.
                let b = cands
                    .iter()
                    .copied()
                    .chain(std::iter::once(pos[&t]))
                    .find(|&bp| left.get(&(bases[bp], t, d)).is_some_and(|n| *n > 0))
                    .unwrap_or(pos[&t]);
                if let Some(n) = left.get_mut(&(bases[b], t, d)) {
                    *n = n.saturating_sub(1);
                }
                let mut c = cands.clone();
                if !c.contains(&b) {
                    c.push(b);
                }
                days[dp].push((t, c, b));
                load[dp][b] += 1;
            }
        }
        let h = bases.iter().map(|b| hires.get(b).copied().unwrap_or(0)).collect();
        Assignment { bases, h, days, load }
    }

    /// Moves one slot of day `d` off base `b` along an augmenting path to a base with spare
    /// capacity (`load < h`, `b` itself excluded). Returns the moves made (slot, from, to) or `None`.
    fn free_one(&mut self, d: usize, b: usize) -> Option<Moves> {
        let n = self.bases.len();
        let slots = &self.days[d];
        // Slots assigned to each base.
        let mut on: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, s) in slots.iter().enumerate() {
            on[s.2].push(i);
        }
        // BFS over bases: from base x, a slot on x can move to another candidate base y.
        let mut prev: Vec<Option<(usize, usize)>> = vec![None; n]; // base y reached from (slot, base x)
        let mut seen = vec![false; n];
        seen[b] = true;
        let mut queue = VecDeque::from([b]);
        let mut end = None;
        'search: while let Some(x) = queue.pop_front() {
            for &i in &on[x] {
                for &y in &slots[i].1 {
                    if seen[y] {
                        continue;
                    }
                    seen[y] = true;
                    prev[y] = Some((i, x));
                    if self.load[d][y] < self.h[y] {
                        end = Some(y);
                        break 'search;
                    }
                    queue.push_back(y);
                }
            }
        }
        let mut y = end?;
        let mut moves = Vec::new();
        while let Some((i, x)) = prev[y] {
            moves.push((i, x, y));
            y = x;
            if x == b {
                break;
            }
        }
        for &(i, x, y) in &moves {
            self.days[d][i].2 = y;
            self.load[d][x] -= 1;
            self.load[d][y] += 1;
        }
        Some(moves)
    }

    fn undo(&mut self, d: usize, moves: &[(usize, usize, usize)]) {
        for &(i, x, y) in moves.iter().rev() {
            self.days[d][i].2 = x;
            self.load[d][y] -= 1;
            self.load[d][x] += 1;
        }
    }

    /// [`reduce`](Self::reduce) under each removal order (fewest slots served first; most
    /// first), keeping the plan with the fewest hires (ties: the first order).
    pub fn reduce_best(&mut self) {
        let mut best: Option<Assignment> = None;
        for most_first in [false, true] {
            let mut a = self.clone();
            a.reduce(most_first);
            if best.as_ref().is_none_or(|b| a.h.iter().sum::<u32>() < b.h.iter().sum::<u32>()) {
                best = Some(a);
            }
        }
        if let Some(b) = best {
            *self = b;
        }
    }

    /// Takes hires away one at a time while every day stays feasible, in passes over the bases
    /// (by slots served, fewest first or most first, then position) until no hire can go. Returns
    /// hires removed.
    pub fn reduce(&mut self, most_first: bool) -> u32 {
        self.reduce_in(|a: &Assignment, b: usize| {
            let served = a.load.iter().map(|l| l[b]).sum::<u32>();
            f64::from(if most_first { u32::MAX - served } else { served })
        })
    }

    /// Raises each base's hires to at least `extra[b]` (position order): capacity only grows, so
    /// every day stays feasible.
    pub fn raise_to(&mut self, extra: &[u32]) {
        for (h, &e) in self.h.iter_mut().zip(extra) {
            *h = (*h).max(e);
        }
    }

    /// [`reduce`](Self::reduce) trying bases by `rank` (lowest first, then position), in passes
    /// until no hire can go. Returns hires removed.
    pub fn reduce_in(&mut self, rank: impl Fn(&Assignment, usize) -> f64) -> u32 {
        let mut removed = 0;
        loop {
            let mut order: Vec<usize> = (0..self.bases.len()).filter(|&b| self.h[b] > 0).collect();
            let keys: Vec<f64> = (0..self.bases.len()).map(|b| rank(self, b)).collect();
            order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]).then(a.cmp(&b)));
            let mut any = false;
            for b in order {
                while self.h[b] > 0 {
                    self.h[b] -= 1;
                    let mut log: Vec<(usize, Moves)> = Vec::new();
                    let mut ok = true;
                    for d in 0..self.days.len() {
                        if self.load[d][b] > self.h[b] {
                            match self.free_one(d, b) {
                                Some(m) => log.push((d, m)),
                                None => {
                                    ok = false;
                                    break;
                                }
                            }
                        }
                    }
                    if ok {
                        removed += 1;
                        any = true;
                    } else {
                        for (d, m) in log.iter().rev() {
                            self.undo(*d, m);
                        }
                        self.h[b] += 1;
                        break;
                    }
                }
            }
            if !any {
                return removed;
            }
        }
    }

    /// Hires per base (target index), only bases with hires.
    pub fn hires(&self) -> BTreeMap<usize, u32> {
        self.bases.iter().zip(&self.h).filter(|(_, n)| **n > 0).map(|(b, n)| (*b, *n)).collect()
    }

    /// Slots covered per (base, target) (target indices).
    pub fn covers(&self) -> BTreeMap<(usize, usize), u32> {
        let mut out = BTreeMap::new();
        for day in &self.days {
            for (t, _, b) in day {
                *out.entry((self.bases[*b], *t)).or_default() += 1;
            }
        }
        out
    }

    /// Every day's slots fit their bases' hires.
    pub fn feasible(&self) -> bool {
        self.load.iter().all(|l| l.iter().zip(&self.h).all(|(a, h)| a <= h))
    }
}
