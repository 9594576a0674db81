//! Independent feasibility and cost check of a routing solution, sharing no code with the search:
//! every route is simulated from the depot again.

use crate::instance::RoutingInstance;

use super::RoutingSolution;

/// Tolerance for time and load comparisons (floating-point sums in a different order).
const EPS: f64 = 1e-6;

/// Checks every constraint of `solution` and returns its recomputed travel cost, or the first
/// violation found. Customers listed as unassigned must be absent from every route.
pub fn verify(inst: &RoutingInstance, solution: &RoutingSolution) -> Result<f64, String> {
    let n = inst.len();
    let days = inst.days();
    if solution.routes.len() != days {
        return Err(format!("{} días de rutas; la instancia tiene {days}", solution.routes.len()));
    }
    let mut visited = vec![0u32; n];
    let mut cost = 0.0;
    for (day, routes) in solution.routes.iter().enumerate() {
        if routes.len() > inst.vehicles_per_day {
            return Err(format!("día {day}: {} rutas con {} vehículos", routes.len(), inst.vehicles_per_day));
        }
        for (r, route) in routes.iter().enumerate() {
            if route.is_empty() {
                return Err(format!("día {day} ruta {r}: vacía"));
            }
            let mut load = 0.0;
            let mut time = inst.ready[0];
            let mut prev = 0usize;
            for &c in route {
                if c == 0 || c >= n {
                    return Err(format!("día {day} ruta {r}: vértice {c} no es cliente"));
                }
                if visited[c] & (1 << day) != 0 {
                    return Err(format!("día {day}: cliente {c} visitado dos veces"));
                }
                visited[c] |= 1 << day;
                load += inst.demand[c];
                let travel = inst.d(prev, c);
                cost += travel;
                time = (time + inst.service[prev] + travel).max(inst.ready[c]);
                if time > inst.due[c] + EPS {
                    return Err(format!("día {day} ruta {r}: cliente {c} atendido a las {time:.3}, cierra a las {}", inst.due[c]));
                }
                prev = c;
            }
            let back = inst.d(prev, 0);
            cost += back;
            time += inst.service[prev] + back;
            if time > inst.latest_return(day) + EPS {
                return Err(format!("día {day} ruta {r}: regresa a las {time:.3}, límite {}", inst.latest_return(day)));
            }
            if load > inst.capacity[day] + EPS {
                return Err(format!("día {day} ruta {r}: carga {load} > capacidad {}", inst.capacity[day]));
            }
        }
    }
    let mut unassigned = vec![false; n];
    for &u in &solution.unassigned {
        if u == 0 || u >= n {
            return Err(format!("cliente sin asignar {u} fuera de rango"));
        }
        unassigned[u] = true;
    }
    for c in inst.customers() {
        if unassigned[c] {
            if visited[c] != 0 {
                return Err(format!("cliente {c} sin asignar pero visitado"));
            }
        } else if !inst.combinations[c].contains(&visited[c]) {
            return Err(format!("cliente {c}: días visitados {:b} no son una combinación permitida", visited[c]));
        }
    }
    if (cost - solution.cost).abs() > 1e-6 * cost.abs().max(1.0) {
        return Err(format!("costo declarado {} ≠ recalculado {cost}", solution.cost));
    }
    Ok(cost)
}
