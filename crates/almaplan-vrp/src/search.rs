//! Ruin-and-recreate search with simulated annealing (after Christiaens & Vanden Berghe's SISR),
//! generalised to the periodic VRP: ruin removes strings of consecutive visits from routes of one
//! day near a seed customer, and every removed customer loses all its visits; recreate inserts
//! each customer with the visit-day combination whose summed cheapest feasible insertions are
//! lowest, so the search also moves customers between combinations. Intra-route 2-opt polishes
//! each new best solution.

use std::time::Instant;

use crate::instance::RoutingInstance;
use crate::rng::Rng;

use super::{RoutingSolution, SearchParams};

const NONE: u32 = u32::MAX;

/// One route of one day, with the time caches that make insertion checks O(1).
#[derive(Debug)]
struct Route {
    day: usize,
    nodes: Vec<usize>,
    load: f64,
    cost: f64,
    /// Start of service at each position; position 0 is the depot start, `len + 1` the return.
    start: Vec<f64>,
    /// Latest start of service at each position that keeps the rest of the route feasible.
    latest: Vec<f64>,
}

impl Clone for Route {
    fn clone(&self) -> Self {
        Route {
            day: self.day,
            nodes: self.nodes.clone(),
            load: self.load,
            cost: self.cost,
            start: self.start.clone(),
            latest: self.latest.clone(),
        }
    }

    fn clone_from(&mut self, o: &Self) {
        self.day = o.day;
        self.nodes.clone_from(&o.nodes);
        self.load = o.load;
        self.cost = o.cost;
        self.start.clone_from(&o.start);
        self.latest.clone_from(&o.latest);
    }
}

impl Route {
    fn node(&self, p: usize) -> usize {
        if p == 0 || p > self.nodes.len() {
            0
        } else {
            self.nodes[p - 1]
        }
    }

    fn rebuild(&mut self, inst: &RoutingInstance) {
        let len = self.nodes.len();
        self.start.resize(len + 2, 0.0);
        self.latest.resize(len + 2, 0.0);
        self.start[0] = inst.ready[0];
        let (mut load, mut cost, mut prev) = (0.0, 0.0, 0usize);
        for p in 1..=len + 1 {
            let v = self.node(p);
            let travel = inst.d(prev, v);
            cost += travel;
            load += inst.demand[v];
            let arrival = self.start[p - 1] + inst.service[prev] + travel;
            self.start[p] = if p == len + 1 { arrival } else { arrival.max(inst.ready[v]) };
            prev = v;
        }
        self.latest[len + 1] = inst.latest_return(self.day);
        for p in (0..=len).rev() {
            let v = self.node(p);
            let next = self.node(p + 1);
            let due = if p == 0 { f64::INFINITY } else { inst.due[v] };
            self.latest[p] = due.min(self.latest[p + 1] - inst.d(v, next) - inst.service[v]);
        }
        self.load = load;
        self.cost = cost;
    }

    /// Whether `u` fits between positions `p` and `p + 1` (time windows and return time).
    #[inline]
    fn time_feasible(&self, inst: &RoutingInstance, u: usize, p: usize) -> bool {
        let a = self.node(p);
        let b = self.node(p + 1);
        let su = (self.start[p] + inst.service[a] + inst.d(a, u)).max(inst.ready[u]);
        if su > inst.due[u] {
            return false;
        }
        let arrival_b = su + inst.service[u] + inst.d(u, b);
        let sb = if b == 0 { arrival_b } else { arrival_b.max(inst.ready[b]) };
        sb <= self.latest[p + 1]
    }
}

/// A (possibly partial) solution under search.
#[derive(Debug)]
struct State {
    routes: Vec<Route>,
    /// Route index of (day, customer), `NONE` when not visited that day.
    route_of: Vec<u32>,
    /// Chosen combination mask per customer (0 = unassigned).
    combo: Vec<u32>,
    unassigned: Vec<usize>,
    cost: f64,
}

impl Clone for State {
    fn clone(&self) -> Self {
        State {
            routes: self.routes.clone(),
            route_of: self.route_of.clone(),
            combo: self.combo.clone(),
            unassigned: self.unassigned.clone(),
            cost: self.cost,
        }
    }

    fn clone_from(&mut self, o: &Self) {
        self.routes.truncate(o.routes.len());
        let k = self.routes.len();
        for (a, b) in self.routes.iter_mut().zip(&o.routes) {
            a.clone_from(b);
        }
        self.routes.extend(o.routes[k..].iter().cloned());
        self.route_of.clone_from(&o.route_of);
        self.combo.clone_from(&o.combo);
        self.unassigned.clone_from(&o.unassigned);
        self.cost = o.cost;
    }
}

/// The engine: instance data derived once (neighbour lists, penalties) plus the random stream.
/// [`crate::solve`] is the usual entry point; use the engine directly to run a search without the
/// verification.
pub struct Engine<'a> {
    inst: &'a RoutingInstance,
    n: usize,
    /// Customers of each customer sorted by distance, itself first.
    neighbours: Vec<Vec<u32>>,
    /// Objective penalty per unassigned customer (all its visits).
    penalty: Vec<f64>,
    params: SearchParams,
    rng: Rng,
    removed_flag: Vec<bool>,
    routes_per_day: Vec<usize>,
    /// Iterations run so far (after [`Engine::run`]: in total).
    pub iterations: u64,
    /// Price of one unit of load above capacity; adapted so that the search keeps crossing the
    /// capacity boundary instead of leaving customers out when the fleet is tight.
    overload_price: f64,
}

/// Best insertion of one customer on one day: (extra cost, route index or `None` for a new
/// route, position).
type Insertion = (f64, Option<usize>, usize);

impl<'a> Engine<'a> {
    /// Prepares a search of `inst`: neighbour lists and the penalty of leaving each customer out.
    pub fn new(inst: &'a RoutingInstance, params: SearchParams) -> Self {
        let n = inst.len();
        let mut neighbours = vec![Vec::new(); n];
        for (c, list) in neighbours.iter_mut().enumerate().skip(1) {
            let mut v: Vec<u32> = (1..n as u32).collect();
            v.sort_by(|&a, &b| inst.d(c, a as usize).total_cmp(&inst.d(c, b as usize)).then(a.cmp(&b)));
            // Itself first even when another customer shares its location.
            if let Some(p) = v.iter().position(|&x| x as usize == c) {
                v.remove(p);
            }
            v.insert(0, c as u32);
            *list = v;
        }
        let far = inst.customers().map(|c| inst.d(0, c) + inst.d(c, 0)).fold(0.0, f64::max);
        // Scaled so that even the least-weighted customer is worth more than any travel saving.
        let lightest = inst.customers().map(|c| inst.weight[c]).filter(|w| *w > 0.0).fold(f64::INFINITY, f64::min);
        let lightest = if lightest.is_finite() { lightest } else { 1.0 };
        let penalty = (0..n)
            .map(|c| {
                let w = (inst.weight[c] / lightest).max(1.0);
                if c == 0 {
                    0.0
                } else {
                    w * inst.frequency(c) as f64 * (2.0 * far + 1.0) * 2.0
                }
            })
            .collect();
        Engine {
            inst,
            n,
            neighbours,
            penalty,
            rng: Rng::new(params.seed),
            params,
            removed_flag: vec![false; n],
            routes_per_day: vec![0; inst.days()],
            iterations: 0,
            overload_price: {
                let max_demand = inst.demand.iter().copied().fold(1e-9, f64::max);
                let max_dist = inst.distance.iter().copied().fold(0.0, f64::max);
                (max_dist / max_demand).max(1e-6)
            },
        }
    }

    fn objective(&self, s: &State) -> f64 {
        s.cost + self.overload_price * self.overload(s) + s.unassigned.iter().map(|&u| self.penalty[u]).sum::<f64>()
    }

    fn overload(&self, s: &State) -> f64 {
        s.routes.iter().map(|r| (r.load - self.inst.capacity[r.day]).max(0.0)).sum()
    }

    fn empty_state(&self) -> State {
        State {
            routes: Vec::new(),
            route_of: vec![NONE; self.n * self.inst.days()],
            combo: vec![0; self.n],
            unassigned: self.inst.customers().collect(),
            cost: 0.0,
        }
    }

    fn count_routes(&mut self, s: &State) {
        self.routes_per_day.iter_mut().for_each(|c| *c = 0);
        for r in &s.routes {
            self.routes_per_day[r.day] += 1;
        }
    }

    fn best_insertion_on_day(&mut self, s: &State, u: usize, day: usize) -> Option<Insertion> {
        let inst = self.inst;
        let mut best: Option<Insertion> = None;
        let blink = self.params.blink_rate;
        for (ri, r) in s.routes.iter().enumerate() {
            if r.day != day {
                continue;
            }
            let cap = inst.capacity[day];
            let overload = self.overload_price * ((r.load + inst.demand[u] - cap).max(0.0) - (r.load - cap).max(0.0));
            if best.is_some_and(|(c, _, _)| overload >= c) {
                continue;
            }
            for p in 0..=r.nodes.len() {
                let a = r.node(p);
                let b = r.node(p + 1);
                let delta = inst.d(a, u) + inst.d(u, b) - inst.d(a, b) + overload;
                if best.is_some_and(|(c, _, _)| delta >= c) {
                    continue;
                }
                if blink > 0.0 && self.rng.f64() < blink {
                    continue;
                }
                if r.time_feasible(inst, u, p) {
                    best = Some((delta, Some(ri), p));
                }
            }
        }
        if self.routes_per_day[day] < inst.vehicles_per_day && inst.demand[u] <= inst.capacity[day] + 1e-9 {
            let delta = inst.d(0, u) + inst.d(u, 0);
            if best.is_none_or(|(c, _, _)| delta < c) {
                let su = (inst.ready[0] + inst.d(0, u)).max(inst.ready[u]);
                if su <= inst.due[u] && su + inst.service[u] + inst.d(u, 0) <= inst.latest_return(day) {
                    best = Some((delta, None, 0));
                }
            }
        }
        best
    }

    fn insert(&mut self, s: &mut State, u: usize, day: usize, route: Option<usize>, p: usize) {
        let ri = match route {
            Some(ri) => ri,
            None => {
                s.routes.push(Route { day, nodes: Vec::new(), load: 0.0, cost: 0.0, start: Vec::new(), latest: Vec::new() });
                self.routes_per_day[day] += 1;
                s.routes.len() - 1
            }
        };
        let r = &mut s.routes[ri];
        s.cost -= r.cost;
        r.nodes.insert(p, u);
        r.rebuild(self.inst);
        s.cost += r.cost;
        s.route_of[day * self.n + u] = ri as u32;
    }

    /// Inserts the customers in `order` one by one with their cheapest combination; customers that
    /// fit nowhere stay unassigned.
    fn recreate(&mut self, s: &mut State, order: &[usize]) {
        let days = self.inst.days();
        let mut per_day: Vec<Option<Insertion>> = vec![None; days];
        for &u in order {
            let union = self.inst.combinations[u].iter().fold(0u32, |m, c| m | c);
            for (d, slot) in per_day.iter_mut().enumerate() {
                *slot = None;
                if union & (1 << d) != 0 {
                    *slot = self.best_insertion_on_day(s, u, d);
                }
            }
            let mut best: Option<(f64, u32)> = None;
            for &c in &self.inst.combinations[u] {
                let mut total = 0.0;
                let mut ok = true;
                for (d, slot) in per_day.iter().enumerate() {
                    if c & (1 << d) != 0 {
                        match slot {
                            Some((delta, _, _)) => total += delta,
                            None => {
                                ok = false;
                                break;
                            }
                        }
                    }
                }
                if ok && best.is_none_or(|(b, _)| total < b) {
                    best = Some((total, c));
                }
            }
            match best {
                Some((_, mask)) => {
                    for (d, slot) in per_day.iter().enumerate() {
                        if mask & (1 << d) != 0 {
                            let (_, route, p) = slot.expect("checked above");
                            self.insert(s, u, d, route, p);
                        }
                    }
                    s.combo[u] = mask;
                }
                None => s.unassigned.push(u),
            }
        }
    }

    /// Sorts customers to reinsert by one of SISR's orders (random, demand, far, close).
    fn sort_removed(&mut self, removed: &mut [usize]) {
        let inst = self.inst;
        let r = self.rng.below(11);
        // Fisher–Yates first so that ties are broken randomly.
        for i in (1..removed.len()).rev() {
            let j = self.rng.below(i + 1);
            removed.swap(i, j);
        }
        let size = |u: usize| inst.demand[u] * inst.frequency(u) as f64;
        match r {
            0..=3 => {}
            4..=7 => removed.sort_by(|&a, &b| size(b).total_cmp(&size(a))),
            8..=9 => removed.sort_by(|&a, &b| inst.d(0, b).total_cmp(&inst.d(0, a))),
            _ => removed.sort_by(|&a, &b| inst.d(0, a).total_cmp(&inst.d(0, b))),
        }
    }

    /// SISR string removal around a seed visit; returns the removed customers.
    fn ruin(&mut self, s: &mut State) -> Vec<usize> {
        let mut removed: Vec<usize> = Vec::new();
        if s.routes.is_empty() {
            return removed;
        }
        let visits: usize = s.routes.iter().map(|r| r.nodes.len()).sum();
        let avg_card = visits as f64 / s.routes.len() as f64;
        let ls_max = self.params.max_string_len.min(avg_card);
        let ks_max = 4.0 * self.params.mean_removed / (1.0 + ls_max) - 1.0;
        let strings = (self.rng.f64() * ks_max) as usize + 1;
        let r0 = self.rng.below(s.routes.len());
        let seed = s.routes[r0].nodes[self.rng.below(s.routes[r0].nodes.len())];
        let day = s.routes[r0].day;
        let mut ruined: Vec<usize> = Vec::new();
        let n = self.n;
        for k in 0..self.neighbours[seed].len() {
            if ruined.len() >= strings {
                break;
            }
            let c = self.neighbours[seed][k] as usize;
            if self.removed_flag[c] {
                continue;
            }
            let ri = s.route_of[day * n + c];
            if ri == NONE || ruined.contains(&(ri as usize)) {
                continue;
            }
            let ri = ri as usize;
            let route = &s.routes[ri];
            let len = route.nodes.len();
            let l_max = (ls_max.min(len as f64)).max(1.0);
            let l = ((self.rng.f64() * l_max) as usize + 1).min(len);
            let pos = route.nodes.iter().position(|&x| x == c).expect("route_of is consistent");
            if l == len || self.rng.chance(0.5) {
                let lo = pos.saturating_sub(l - 1);
                let hi = pos.min(len - l);
                let from = lo + self.rng.below(hi - lo + 1);
                for &v in &route.nodes[from..from + l] {
                    self.removed_flag[v] = true;
                    removed.push(v);
                }
            } else {
                // Split string: a window of l + m visits of which a random inner substring of m stays.
                let mut m = 1;
                while l + m < len && self.rng.f64() > self.params.split_depth {
                    m += 1;
                    if m >= len - l {
                        break;
                    }
                }
                let w = l + m;
                let lo = pos.saturating_sub(w - 1);
                let hi = pos.min(len - w);
                let from = lo + self.rng.below(hi - lo + 1);
                let keep_from = from + self.rng.below(l + 1);
                for (i, &v) in route.nodes[from..from + w].iter().enumerate() {
                    let at = from + i;
                    if at >= keep_from && at < keep_from + m {
                        continue;
                    }
                    self.removed_flag[v] = true;
                    removed.push(v);
                }
            }
            ruined.push(ri);
        }
        self.remove_all(s, &removed);
        removed
    }

    /// Removes every visit of the flagged customers (`removed`), drops empty routes and clears
    /// the flags.
    fn remove_all(&mut self, s: &mut State, removed: &[usize]) {
        let inst = self.inst;
        let n = self.n;
        let mut touched: Vec<usize> = Vec::new();
        for &u in removed {
            for d in 0..inst.days() {
                let ri = s.route_of[d * n + u];
                if ri != NONE {
                    s.route_of[d * n + u] = NONE;
                    if !touched.contains(&(ri as usize)) {
                        touched.push(ri as usize);
                    }
                }
            }
            s.combo[u] = 0;
        }
        for &ri in &touched {
            let flags = &self.removed_flag;
            let r = &mut s.routes[ri];
            s.cost -= r.cost;
            r.nodes.retain(|&v| !flags[v]);
            r.rebuild(inst);
            s.cost += r.cost;
        }
        for &u in removed {
            self.removed_flag[u] = false;
        }
        self.drop_empty_routes(s);
    }

    fn drop_empty_routes(&mut self, s: &mut State) {
        let n = self.n;
        let mut i = 0;
        while i < s.routes.len() {
            if s.routes[i].nodes.is_empty() {
                s.cost -= s.routes[i].cost;
                s.routes.swap_remove(i);
                if i < s.routes.len() {
                    let d = s.routes[i].day;
                    for &v in &s.routes[i].nodes {
                        s.route_of[d * n + v] = i as u32;
                    }
                }
            } else {
                i += 1;
            }
        }
    }

    /// Best solutions are ranked by customers served, then capacity respected, then cost.
    fn better_than_best(&self, s: &State, best: &State) -> bool {
        let key = |x: &State| (x.unassigned.len(), self.overload(x) > 1e-9);
        let (a, b) = (key(s), key(best));
        // Equal counts: the lighter unassigned weight first (a priority customer is served before
        // an equal one), then travel cost.
        let left = |x: &State| x.unassigned.iter().map(|&u| self.penalty[u]).sum::<f64>();
        let (pa, pb) = (left(s), left(best));
        let tol = 1e-9 * pa.abs().max(pb.abs()).max(1.0);
        a < b || (a == b && (pa < pb - tol || (pa <= pb + tol && s.cost < best.cost - 1e-9)))
    }

    /// Intra-route 2-opt and relocate to a local optimum, on every route.
    fn polish(&mut self, s: &mut State) {
        let inst = self.inst;
        for ri in 0..s.routes.len() {
            let mut improved = true;
            while improved {
                improved = false;
                let r = &s.routes[ri];
                let len = r.nodes.len();
                'outer: for i in 0..len {
                    for j in i + 1..len {
                        // Reverse nodes[i..=j].
                        let a = r.node(i);
                        let b = r.node(i + 1);
                        let c = r.node(j + 1);
                        let d = r.node(j + 2);
                        let delta = inst.d(a, c) + inst.d(b, d) - inst.d(a, b) - inst.d(c, d);
                        if delta < -1e-9 {
                            let mut cand = r.clone();
                            cand.nodes[i..=j].reverse();
                            cand.rebuild(inst);
                            if route_feasible(inst, &cand) {
                                s.cost += cand.cost - s.routes[ri].cost;
                                s.routes[ri] = cand;
                                improved = true;
                                break 'outer;
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs the search and returns the best complete solution found (or the best partial one when
    /// none is complete).
    pub fn run(&mut self) -> RoutingSolution {
        let clock = Instant::now();
        let mut current = self.empty_state();
        let mut order: Vec<usize> = std::mem::take(&mut current.unassigned);
        self.sort_removed(&mut order);
        self.routes_per_day.iter_mut().for_each(|c| *c = 0);
        self.recreate(&mut current, &order);
        self.polish(&mut current);
        let mut best = current.clone();
        let mut current_obj = self.objective(&current);
        let edges = (current.routes.len() + self.inst.days() * (self.n - 1)).max(1) as f64;
        let mean_edge = (current.cost / edges).max(1e-9);
        let t0 = self.params.start_temperature * mean_edge;
        let t1 = self.params.end_temperature * mean_edge;
        let mut candidate = current.clone();
        let mut feasible_currents = 0u32;
        let mut current_cycle = 0.0;
        loop {
            let progress = match self.params.max_iterations {
                Some(max) => self.iterations as f64 / max.max(1) as f64,
                None => clock.elapsed().as_secs_f64() / self.params.time_limit_s.max(1e-9),
            };
            if progress >= 1.0 || (self.params.max_iterations.is_some() && clock.elapsed().as_secs_f64() >= self.params.time_limit_s) {
                break;
            }
            self.iterations += 1;
            if self.overload(&current) <= 1e-9 {
                feasible_currents += 1;
            }
            if self.iterations % 200 == 0 {
                let share = feasible_currents as f64 / 200.0;
                if share < 0.5 {
                    self.overload_price *= 1.3;
                } else if share > 0.9 {
                    self.overload_price *= 0.9;
                }
                feasible_currents = 0;
                current_obj = self.objective(&current);
            }
            // Annealing cycles: each restarts from the best solution and cools again.
            let cycles = self.params.cycles.max(1) as f64;
            let cycle = (progress * cycles).floor();
            if cycle > current_cycle {
                current_cycle = cycle;
                current.clone_from(&best);
                current_obj = self.objective(&current);
            }
            let temperature = t0 * (t1 / t0).powf(progress * cycles - cycle);
            candidate.clone_from(&current);
            let mut removed = self.ruin(&mut candidate);
            removed.append(&mut candidate.unassigned);
            self.sort_removed(&mut removed);
            self.count_routes(&candidate);
            self.recreate(&mut candidate, &removed);
            let obj = self.objective(&candidate);
            let threshold = current_obj - temperature * self.rng.f64().max(1e-300).ln();
            if obj < threshold {
                std::mem::swap(&mut current, &mut candidate);
                current_obj = obj;
                if self.better_than_best(&current, &best) {
                    self.polish(&mut current);
                    current_obj = self.objective(&current);
                    best.clone_from(&current);
                }
            }
        }
        self.shed_overload(&mut best);
        to_solution(self.inst, &best)
    }

    /// Leaves out customers of over-capacity routes (largest demand first) until every route fits:
    /// only reached when the search never found a capacity-feasible solution.
    fn shed_overload(&mut self, s: &mut State) {
        let inst = self.inst;
        let mut out: Vec<usize> = Vec::new();
        for r in &s.routes {
            let mut load = r.load;
            let mut by_demand = r.nodes.clone();
            by_demand.sort_by(|&a, &b| inst.demand[b].total_cmp(&inst.demand[a]).then(a.cmp(&b)));
            for v in by_demand {
                if load <= inst.capacity[r.day] + 1e-9 {
                    break;
                }
                if !self.removed_flag[v] {
                    self.removed_flag[v] = true;
                    out.push(v);
                }
                load -= inst.demand[v];
            }
        }
        self.remove_all(s, &out);
        s.unassigned.extend(out);
    }
}

fn route_feasible(inst: &RoutingInstance, r: &Route) -> bool {
    let len = r.nodes.len();
    (1..=len).all(|p| r.start[p] <= inst.due[r.nodes[p - 1]]) && r.start[len + 1] <= inst.latest_return(r.day)
}

fn to_solution(inst: &RoutingInstance, s: &State) -> RoutingSolution {
    let mut routes: Vec<Vec<Vec<usize>>> = vec![Vec::new(); inst.days()];
    for r in &s.routes {
        routes[r.day].push(r.nodes.clone());
    }
    // Stable, readable order: by first customer.
    for day in routes.iter_mut() {
        day.sort();
    }
    let mut unassigned = s.unassigned.clone();
    unassigned.sort_unstable();
    let cost = routes
        .iter()
        .flatten()
        .map(|r| {
            let mut prev = 0;
            let mut c = 0.0;
            for &v in r.iter().chain(std::iter::once(&0)) {
                c += inst.d(prev, v);
                prev = v;
            }
            c
        })
        .sum();
    RoutingSolution { routes, combination: s.combo.clone(), unassigned, cost }
}
