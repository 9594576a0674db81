//! A team's monthly itinerary: its units in trips from the base, each trip on working days of the
//! month, overdue units first (`models/supervision.md`, «Monthly itineraries»).

use chrono::NaiveDate;

/// What a day of a team's month is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TripDay {
    /// Leaves the base, visits its units in order and returns the same day.
    DayTrip,
    /// First day of an overnight trip: travels to a remote unit, supervises it and stays the night
    /// near it.
    OvernightOut,
    /// Second day of an overnight trip: travels back to the base.
    OvernightReturn,
}

/// One unit's visit within a day.
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    /// Index into the request's `units`.
    pub unit: usize,
    /// Minutes travelled to the unit from the previous place (the base or the previous unit).
    pub travel_minutes: f64,
    /// Minutes after the start of the day (`day_start_hour`, at the base) when the team arrives.
    pub arrival: f64,
    /// Minutes of supervision at the unit.
    pub visit_minutes: f64,
    /// True when this is the team's first-week priority: the unit had no visit last month.
    pub overdue: bool,
}

/// One working day of a team's month.
#[derive(Debug, Clone, PartialEq)]
pub struct SupervisionDay {
    /// The working day.
    pub date: NaiveDate,
    /// Day trip or one of the two days of an overnight trip.
    pub kind: TripDay,
    /// Units visited that day, in order (empty on an overnight return day).
    pub stops: Vec<Stop>,
    /// Minutes of the trip back to the base at the end of the day (0 on an overnight-out day).
    pub return_minutes: f64,
    /// Minutes the day takes: travel, visits and the return (≤ `day_minutes`).
    pub total_minutes: f64,
}

/// One trip before it gets dates: its stops and whether it stays the night.
#[derive(Debug, Clone)]
pub(crate) struct Trip {
    pub stops: Vec<Stop>,
    pub return_minutes: f64,
    pub overnight: bool,
}

/// A unit to visit as the itinerary sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Visit {
    pub unit: usize,
    pub minutes: f64,
    pub overdue: bool,
    /// Needs an overnight stay (a day trip cannot go, supervise and return).
    pub overnight: bool,
}

/// Nearest neighbour from the base, then 2-opt on the closed tour base → units → base. `d(a, b)`
/// is travel minutes between places, `None` being the base.
fn tour(units: &[usize], d: &dyn Fn(Option<usize>, Option<usize>) -> f64) -> Vec<usize> {
    let mut left: Vec<usize> = units.to_vec();
    let mut order = Vec::with_capacity(left.len());
    let mut at: Option<usize> = None;
    while !left.is_empty() {
        let k = (0..left.len()).min_by(|&a, &b| d(at, Some(left[a])).total_cmp(&d(at, Some(left[b]))).then(a.cmp(&b))).expect("not empty");
        let u = left.remove(k);
        order.push(u);
        at = Some(u);
    }
    // 2-opt over positions of the closed tour (base at both ends).
    let place = |order: &[usize], k: isize| -> Option<usize> {
        if k < 0 || k as usize >= order.len() {
            None
        } else {
            Some(order[k as usize])
        }
    };
    let n = order.len() as isize;
    let mut improved = true;
    let mut rounds = 0;
    while improved && rounds < 50 {
        improved = false;
        rounds += 1;
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (place(&order, i - 1), place(&order, i));
                let (c, e) = (place(&order, j), place(&order, j + 1));
                let delta = d(a, c) + d(b, e) - d(a, b) - d(c, e);
                if delta < -1e-9 {
                    order[i as usize..=j as usize].reverse();
                    improved = true;
                }
            }
        }
    }
    order
}

/// Trips of one group of visits: the day-trip units on a tour split greedily into days that fit
/// `day_minutes`, then one overnight trip per remote unit.
pub(crate) fn trips(visits: &[Visit], day_minutes: f64, d: &dyn Fn(Option<usize>, Option<usize>) -> f64) -> Vec<Trip> {
    let by_unit = |u: usize| visits.iter().find(|v| v.unit == u).expect("member");
    let day_units: Vec<usize> = visits.iter().filter(|v| !v.overnight).map(|v| v.unit).collect();
    let order = tour(&day_units, d);
    let mut out = Vec::new();
    let mut stops: Vec<Stop> = Vec::new();
    let (mut used, mut here) = (0.0, None);
    for u in order {
        let v = by_unit(u);
        let go = d(here, Some(u));
        let back = d(Some(u), None);
        if !stops.is_empty() && used + go + v.minutes + back > day_minutes {
            let last = stops.last().expect("not empty").unit;
            out.push(Trip { return_minutes: d(Some(last), None), stops: std::mem::take(&mut stops), overnight: false });
            used = 0.0;
            here = None;
        }
        let go = d(here, Some(u));
        stops.push(Stop { unit: u, travel_minutes: go, arrival: used + go, visit_minutes: v.minutes, overdue: v.overdue });
        used += go + v.minutes;
        here = Some(u);
    }
    if let Some(last) = stops.last().map(|s| s.unit) {
        out.push(Trip { return_minutes: d(Some(last), None), stops, overnight: false });
    }
    for v in visits.iter().filter(|v| v.overnight) {
        let go = d(None, Some(v.unit));
        out.push(Trip {
            stops: vec![Stop { unit: v.unit, travel_minutes: go, arrival: go, visit_minutes: v.minutes, overdue: v.overdue }],
            return_minutes: go,
            overnight: true,
        });
    }
    out
}

/// Places trips on the month's working days in order: a day trip takes the next working day; an
/// overnight trip takes the next two working days that are consecutive calendar days (the night
/// between them is spent near the unit). A trip that finds no room is returned as left over.
pub(crate) fn place(trips: Vec<Trip>, working_days: &[NaiveDate]) -> (Vec<SupervisionDay>, Vec<Trip>) {
    let mut queue: std::collections::VecDeque<Trip> = trips.into();
    let mut days = Vec::new();
    let mut k = 0;
    while k < working_days.len() && !queue.is_empty() {
        let consecutive = k + 1 < working_days.len() && working_days[k + 1] == working_days[k] + chrono::Days::new(1);
        // The first trip in order that fits from day k.
        let Some(pos) = queue.iter().position(|t| !t.overnight || consecutive) else {
            k += 1;
            continue;
        };
        let t = queue.remove(pos).expect("exists");
        let work: f64 = t.stops.iter().map(|s| s.travel_minutes + s.visit_minutes).sum();
        if t.overnight {
            days.push(SupervisionDay {
                date: working_days[k],
                kind: TripDay::OvernightOut,
                stops: t.stops,
                return_minutes: 0.0,
                total_minutes: work,
            });
            days.push(SupervisionDay {
                date: working_days[k + 1],
                kind: TripDay::OvernightReturn,
                stops: Vec::new(),
                return_minutes: t.return_minutes,
                total_minutes: t.return_minutes,
            });
            k += 2;
        } else {
            days.push(SupervisionDay {
                date: working_days[k],
                kind: TripDay::DayTrip,
                stops: t.stops,
                return_minutes: t.return_minutes,
                total_minutes: work + t.return_minutes,
            });
            k += 1;
        }
    }
    (days, queue.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Places on a line: the base at 0, unit u at 10·(u+1) minutes.
    fn d(a: Option<usize>, b: Option<usize>) -> f64 {
        let x = |p: Option<usize>| p.map_or(0.0, |u| 10.0 * (u as f64 + 1.0));
        (x(a) - x(b)).abs()
    }

    #[test]
    fn tour_on_a_line_goes_out_and_back() {
        assert_eq!(tour(&[3, 0, 2, 1], &d), vec![0, 1, 2, 3]);
    }

    #[test]
    fn days_fit_the_day_length() {
        let visits: Vec<Visit> = (0..10).map(|u| Visit { unit: u, minutes: 120.0, overdue: false, overnight: false }).collect();
        let t = trips(&visits, 480.0, &d);
        for trip in &t {
            let total: f64 = trip.stops.iter().map(|s| s.travel_minutes + s.visit_minutes).sum::<f64>() + trip.return_minutes;
            assert!(total <= 480.0, "{total}");
        }
        assert_eq!(t.iter().map(|t| t.stops.len()).sum::<usize>(), 10);
    }

    #[test]
    fn overnight_trips_take_two_consecutive_days() {
        let visits = vec![Visit { unit: 0, minutes: 100.0, overdue: false, overnight: true }];
        let days: Vec<NaiveDate> = [4, 7, 8].iter().map(|&d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap()).collect();
        let (placed, left) = place(trips(&visits, 480.0, &d), &days);
        assert!(left.is_empty());
        assert_eq!(placed[0].date, days[1]); // Friday 4th → Monday 7th is not a night away
        assert_eq!(placed[0].kind, TripDay::OvernightOut);
        assert_eq!(placed[1].kind, TripDay::OvernightReturn);
    }
}
