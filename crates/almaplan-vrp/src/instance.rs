//! A vehicle-routing instance in the general form the routing engine solves: a periodic VRP with
//! allowed visit-day combinations, time windows, capacities and route-duration limits. The CVRP
//! (one day, one combination) and the VRPTW (one day, windows) are special cases. Vertex 0 is the
//! depot. No I/O here: the benchmark readers in `almaplan_formats::input::routing_bench` (and the
//! mobile-unit planner in `almaplan-core`) build it.

/// A routing instance. Travel time between two vertices equals their distance. Every per-vertex
/// vector has one entry per vertex (depot first); every per-day vector one entry per day, and its
/// length is the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutingInstance {
    /// Instance name, for reports (the benchmark file name, or the base's name).
    pub name: String,
    /// (x, y) of every vertex; vertex 0 is the depot.
    pub coords: Vec<(f64, f64)>,
    /// Flat `n × n` matrix: `distance[a * n + b]`.
    pub distance: Vec<f64>,
    /// Load each visit puts on the vehicle (0 for the depot); compared with `capacity`.
    pub demand: Vec<f64>,
    /// Time spent at each vertex per visit, before driving on (the depot's is spent at the start of
    /// every route, before leaving).
    pub service: Vec<f64>,
    /// Earliest start of service (the depot's is the routes' start time).
    pub ready: Vec<f64>,
    /// Latest start of service (the depot's is the latest return).
    pub due: Vec<f64>,
    /// Vehicle capacity on each day.
    pub capacity: Vec<f64>,
    /// Longest route on each day (return time minus the depot's ready time); infinite when none.
    pub max_duration: Vec<f64>,
    /// Vehicles available on each day.
    pub vehicles_per_day: usize,
    /// Allowed visit-day combinations of each vertex as day masks (bit `d` = day `d`, day 0
    /// first); empty for the depot. Every combination of a customer has the same number of days
    /// (its visit frequency).
    pub combinations: Vec<Vec<u32>>,
    /// How much serving each customer matters relative to the others (1 in benchmarks; weighted
    /// population for mobile units). Leaving a customer out costs in proportion to it.
    pub weight: Vec<f64>,
}

impl RoutingInstance {
    /// Number of vertices, depot included.
    pub fn len(&self) -> usize {
        self.coords.len()
    }

    /// Whether the instance has no vertex at all (not even a depot).
    pub fn is_empty(&self) -> bool {
        self.coords.is_empty()
    }

    /// Days of the horizon (the length of `capacity`).
    pub fn days(&self) -> usize {
        self.capacity.len()
    }

    /// The customer vertices, `1..n`.
    pub fn customers(&self) -> std::ops::Range<usize> {
        1..self.len()
    }

    /// Distance (= travel time) from `a` to `b`.
    #[inline]
    pub fn d(&self, a: usize, b: usize) -> f64 {
        self.distance[a * self.coords.len() + b]
    }

    /// Visits a customer needs over the horizon: the number of days in its combinations (0 for
    /// the depot).
    pub fn frequency(&self, customer: usize) -> u32 {
        self.combinations[customer].first().map_or(0, |c| c.count_ones())
    }

    /// Latest return to the depot on `day`: the depot's due time or its ready time plus the
    /// day's duration limit, whichever comes first.
    pub fn latest_return(&self, day: usize) -> f64 {
        self.due[0].min(self.ready[0] + self.max_duration[day])
    }

    /// Euclidean distance matrix of `coords`, rounded to the nearest integer when `round`.
    pub fn euclidean_matrix(coords: &[(f64, f64)], round: bool) -> Vec<f64> {
        let n = coords.len();
        let mut m = vec![0.0; n * n];
        for a in 0..n {
            for b in 0..n {
                let (dx, dy) = (coords[a].0 - coords[b].0, coords[a].1 - coords[b].1);
                let e = (dx * dx + dy * dy).sqrt();
                m[a * n + b] = if round { (e + 0.5).floor() } else { e };
            }
        }
        m
    }
}
