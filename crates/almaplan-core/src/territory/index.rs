//! A spatial index over points for radius and k-nearest queries.
//!
//! Points are stored as unit vectors on the sphere, so straight (chord) distance in the index is a
//! monotone function of great-circle distance: queries are exact anywhere in Mexico, with no
//! projection error at the edges of a 3,000 km wide country.

use rstar::{primitives::GeomWithData, RTree};

use crate::domain::LatLon;

const EARTH_RADIUS_KM: f64 = 6371.0088;

type Entry = GeomWithData<[f64; 3], usize>;

/// Indexes items by position; queries return item indices (positions in the slice the index was
/// built from, typically a subset of [`Network::units`](crate::domain::Network::units) that the
/// caller maps back).
///
/// Planners build candidates with it instead of looking at all pairs: for a time budget of `T`
/// minutes, query [`within_km`](Self::within_km) with
/// [`TravelTimes::radius_km(T)`](crate::territory::TravelTimes::radius_km), then keep the items
/// whose [`TravelTimes::minutes`](crate::territory::TravelTimes::minutes) is within `T`.
///
/// ```
/// use almaplan_core::domain::LatLon;
/// use almaplan_core::territory::SpatialIndex;
///
/// let points = [LatLon::new(20.10, -98.76), LatLon::new(20.08, -98.37), LatLon::new(20.12, -98.73)];
/// let index = SpatialIndex::new(points);
/// assert_eq!(index.within_km(points[0], 10.0), vec![0, 2]);
/// assert_eq!(index.nearest(points[1], 2), vec![1, 2]);
/// ```
#[derive(Debug, Clone)]
pub struct SpatialIndex {
    tree: RTree<Entry>,
}

fn to_unit_vector(p: LatLon) -> [f64; 3] {
    let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// Squared chord length (on the unit sphere) for a great-circle distance in km.
fn chord2_for_km(km: f64) -> f64 {
    let angle = (km / EARTH_RADIUS_KM).min(std::f64::consts::PI);
    let chord = 2.0 * (angle / 2.0).sin();
    chord * chord
}

impl SpatialIndex {
    /// Builds the index over `points`; item `i` is `points[i]`.
    pub fn new(points: impl IntoIterator<Item = LatLon>) -> Self {
        let entries: Vec<Entry> = points.into_iter().enumerate().map(|(i, p)| GeomWithData::new(to_unit_vector(p), i)).collect();
        SpatialIndex { tree: RTree::bulk_load(entries) }
    }

    /// Items indexed.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// True when no item is indexed.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// Items within `km` great-circle kilometres of `p` (boundary included), in increasing index
    /// order.
    pub fn within_km(&self, p: LatLon, km: f64) -> Vec<usize> {
        let mut out: Vec<usize> = self.tree.locate_within_distance(to_unit_vector(p), chord2_for_km(km)).map(|e| e.data).collect();
        out.sort_unstable();
        out
    }

    /// The `k` items nearest to `p`, nearest first (ties broken by index).
    pub fn nearest(&self, p: LatLon, k: usize) -> Vec<usize> {
        let q = to_unit_vector(p);
        let mut out: Vec<(f64, usize)> = self.tree.nearest_neighbor_iter_with_distance_2(&q).take(k).map(|(e, d2)| (d2, e.data)).collect();
        out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        out.into_iter().map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::territory::travel::great_circle_km;

    #[test]
    fn radius_and_nearest_agree_with_brute_force() {
        let mut points = Vec::new();
        let mut s = 12345u64;
        for _ in 0..500 {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let a = (s >> 11) as f64 / (1u64 << 53) as f64;
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let b = (s >> 11) as f64 / (1u64 << 53) as f64;
            points.push(LatLon::new(19.0 + 2.0 * a, -100.0 + 2.0 * b));
        }
        let idx = SpatialIndex::new(points.clone());
        let q = LatLon::new(20.0, -99.0);
        let got = idx.within_km(q, 30.0);
        let want: Vec<usize> = (0..points.len()).filter(|&i| great_circle_km(q, points[i]) <= 30.0).collect();
        assert_eq!(got, want);
        let nearest = idx.nearest(q, 5);
        let mut by_dist: Vec<usize> = (0..points.len()).collect();
        by_dist.sort_by(|&a, &b| great_circle_km(q, points[a]).total_cmp(&great_circle_km(q, points[b])));
        assert_eq!(nearest, by_dist[..5].to_vec());
    }
}
