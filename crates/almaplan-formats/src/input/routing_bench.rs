//! Readers for the published vehicle-routing benchmark formats and their best-known-solution
//! files: Cordeau's PVRP text format, CVRPLIB/TSPLIB `.vrp` (EUC_2D) and Solomon's VRPTW text.
//! Each follows the format exactly and reports problems as `file:row:column: value — expected`.

use std::collections::BTreeMap;
use std::path::Path;

use almaplan_core::error::{Error, Location, Severity};
use almaplan_vrp::instance::RoutingInstance;

/// Benchmark file formats `bench-routing` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BenchFormat {
    /// Cordeau, Gendreau & Laporte's periodic VRP text files (`p01`…`p32`, `pr01`…).
    CordeauPvrp,
    /// CVRPLIB/TSPLIB `.vrp` files with Euclidean coordinates (Uchoa et al.'s X set, …).
    Cvrplib,
    /// Solomon's VRPTW text files (`C101`, `R201`, …).
    Solomon,
}

impl BenchFormat {
    /// The format named on the command line: `cordeau-pvrp`, `cvrplib` or `solomon`.
    pub fn parse(s: &str) -> Option<BenchFormat> {
        match s {
            "cordeau-pvrp" => Some(BenchFormat::CordeauPvrp),
            "cvrplib" => Some(BenchFormat::Cvrplib),
            "solomon" => Some(BenchFormat::Solomon),
            _ => None,
        }
    }

    /// Extension of instance files in a benchmark folder.
    pub fn extension(self) -> &'static str {
        match self {
            BenchFormat::CordeauPvrp | BenchFormat::Solomon => "txt",
            BenchFormat::Cvrplib => "vrp",
        }
    }

    /// Column of the BKS CSV holding the reference cost.
    pub fn bks_column(self) -> &'static str {
        match self {
            BenchFormat::CordeauPvrp => "bks_azadsalam_BKS_csv",
            BenchFormat::Cvrplib => "bks",
            BenchFormat::Solomon => "bks_distance_only_cost",
        }
    }

    /// Reads one instance file of this format.
    pub fn read(self, path: &Path) -> Result<RoutingInstance, Error> {
        match self {
            BenchFormat::CordeauPvrp => read_cordeau_pvrp(path),
            BenchFormat::Cvrplib => read_cvrplib(path),
            BenchFormat::Solomon => read_solomon(path),
        }
    }
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

fn problem(file: &str, row: usize, column: Option<usize>, value: Option<&str>, expected: impl Into<String>) -> Error {
    let col = column.map(|c| c.to_string());
    let loc = Location { file, row: Some(row), column: col.as_deref() };
    Error::Input(vec![loc.problem(Severity::Error, "formato de instancia", value, expected)])
}

/// Whitespace-separated tokens of one line, with their 1-based line number.
struct Line<'a> {
    row: usize,
    tokens: Vec<&'a str>,
}

fn nonblank_lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Line { row: i + 1, tokens: l.split_whitespace().collect() })
        .filter(|l| !l.tokens.is_empty())
        .collect()
}

fn num(file: &str, line: &Line<'_>, k: usize, what: &str) -> Result<f64, Error> {
    let Some(tok) = line.tokens.get(k) else {
        return Err(problem(file, line.row, Some(k + 1), None, format!("falta {what}")));
    };
    tok.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| problem(file, line.row, Some(k + 1), Some(tok), format!("{what}: un número")))
}

fn int(file: &str, line: &Line<'_>, k: usize, what: &str) -> Result<usize, Error> {
    let Some(tok) = line.tokens.get(k) else {
        return Err(problem(file, line.row, Some(k + 1), None, format!("falta {what}")));
    };
    tok.parse::<usize>().map_err(|_| problem(file, line.row, Some(k + 1), Some(tok), format!("{what}: un entero no negativo")))
}

fn instance_name(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default()
}

/// Cordeau, Gendreau & Laporte (1997) PVRP format: `type m n t`; `t` lines `D Q` (D = 0: no
/// duration limit); `n + 1` vertex lines `i x y d q f a c1 … ca` with vertex 0 the depot. A
/// combination code is the decimal value of the day bit-string read left to right from day 1, so
/// with `t = 5` code 16 (`10000`) is day 1 and code 1 is day 5. Distances are Euclidean, unrounded.
/// A frequency `f = 0` with combination codes (p11, vertex 131) is read as the codes' frequency.
pub fn read_cordeau_pvrp(path: &Path) -> Result<RoutingInstance, Error> {
    let text = read_text(path)?;
    let file = path.display().to_string();
    let f = file.as_str();
    parse_cordeau_pvrp(&text, f, &instance_name(path))
}

/// [`read_cordeau_pvrp`] on text already in memory; `f` names the file in errors, `name` is the
/// instance's name.
pub fn parse_cordeau_pvrp(text: &str, f: &str, name: &str) -> Result<RoutingInstance, Error> {
    let lines = nonblank_lines(text);
    let Some(head) = lines.first() else {
        return Err(problem(f, 1, None, None, "primera línea `type m n t`"));
    };
    let kind = int(f, head, 0, "tipo")?;
    if kind != 1 {
        return Err(problem(f, head.row, Some(1), Some(head.tokens[0]), "tipo 1 (PVRP)"));
    }
    let m = int(f, head, 1, "vehículos m")?;
    let n = int(f, head, 2, "clientes n")?;
    let t = int(f, head, 3, "días t")?;
    if t == 0 || t > 31 {
        return Err(problem(f, head.row, Some(4), Some(head.tokens[3]), "entre 1 y 31 días"));
    }
    if head.tokens.len() != 4 {
        return Err(problem(f, head.row, Some(5), Some(head.tokens[4]), "exactamente 4 campos `type m n t`"));
    }
    if lines.len() < 1 + t + n + 1 {
        let row = lines.last().map_or(1, |l| l.row);
        return Err(problem(f, row, None, None, format!("{} líneas de días y {} de vértices; el archivo termina antes", t, n + 1)));
    }
    let mut capacity = Vec::with_capacity(t);
    let mut max_duration = Vec::with_capacity(t);
    for line in &lines[1..=t] {
        if line.tokens.len() != 2 {
            return Err(problem(f, line.row, None, None, "línea de día `D Q`"));
        }
        let d = num(f, line, 0, "duración máxima D")?;
        let q = num(f, line, 1, "capacidad Q")?;
        max_duration.push(if d == 0.0 { f64::INFINITY } else { d });
        capacity.push(q);
    }
    let mut inst = empty_instance(name, n + 1, t, m);
    inst.capacity = capacity;
    inst.max_duration = max_duration;
    for (i, line) in lines[1 + t..1 + t + n + 1].iter().enumerate() {
        let id = int(f, line, 0, "número de vértice")?;
        if id != i {
            return Err(problem(f, line.row, Some(1), Some(line.tokens[0]), format!("vértice {i}")));
        }
        inst.coords[i] = (num(f, line, 1, "x")?, num(f, line, 2, "y")?);
        inst.service[i] = num(f, line, 3, "tiempo de servicio d")?;
        inst.demand[i] = num(f, line, 4, "demanda q")?;
        let freq = int(f, line, 5, "frecuencia f")?;
        let a = int(f, line, 6, "número de combinaciones a")?;
        if line.tokens.len() != 7 + a {
            return Err(problem(f, line.row, None, None, format!("{} campos (`i x y d q f a` y {a} combinaciones)", 7 + a)));
        }
        if i == 0 {
            continue;
        }
        if freq > t || a == 0 {
            return Err(problem(
                f,
                line.row,
                Some(6),
                Some(line.tokens[5]),
                format!("frecuencia entre 1 y {t} con al menos una combinación"),
            ));
        }
        // p11 (vertex 131) has f = 0 with five one-day codes: the codes decide what is scheduled,
        // so f = 0 takes the frequency of the first code and every code must agree with it.
        let freq = if freq == 0 {
            let code = int(f, line, 7, "código de combinación")?;
            code.count_ones() as usize
        } else {
            freq
        };
        inst.combinations[i].clear();
        for k in 0..a {
            let code = int(f, line, 7 + k, "código de combinación")?;
            if code == 0 || code >= (1usize << t) || code.count_ones() as usize != freq {
                return Err(problem(
                    f,
                    line.row,
                    Some(8 + k),
                    Some(line.tokens[7 + k]),
                    format!("código de {t} bits con {freq} días (la frecuencia)"),
                ));
            }
            // Leftmost bit (2^(t-1)) is day 1 = day index 0.
            let mask = (0..t).filter(|&d| code & (1 << (t - 1 - d)) != 0).fold(0u32, |m, d| m | (1 << d));
            if !inst.combinations[i].contains(&mask) {
                inst.combinations[i].push(mask);
            }
        }
    }
    if let Some(extra) = lines.get(1 + t + n + 1) {
        return Err(problem(f, extra.row, None, None, format!("fin del archivo tras {} vértices", n + 1)));
    }
    inst.distance = RoutingInstance::euclidean_matrix(&inst.coords, false);
    Ok(inst)
}

fn empty_instance(name: &str, vertices: usize, days: usize, vehicles: usize) -> RoutingInstance {
    RoutingInstance {
        name: name.to_string(),
        coords: vec![(0.0, 0.0); vertices],
        distance: Vec::new(),
        demand: vec![0.0; vertices],
        service: vec![0.0; vertices],
        ready: vec![0.0; vertices],
        due: vec![f64::INFINITY; vertices],
        capacity: vec![f64::INFINITY; days],
        max_duration: vec![f64::INFINITY; days],
        vehicles_per_day: vehicles,
        combinations: (0..vertices).map(|i| if i == 0 { Vec::new() } else { vec![1u32] }).collect(),
        weight: vec![1.0; vertices],
    }
}

/// CVRPLIB/TSPLIB `.vrp` with `EDGE_WEIGHT_TYPE : EUC_2D`: distances are Euclidean rounded to the
/// nearest integer; the fleet is unlimited (one vehicle per customer).
pub fn read_cvrplib(path: &Path) -> Result<RoutingInstance, Error> {
    let text = read_text(path)?;
    let file = path.display().to_string();
    parse_cvrplib(&text, &file, &instance_name(path))
}

/// [`read_cvrplib`] on text already in memory; `f` names the file in errors, and `fallback_name`
/// is used when the file has no `NAME` line.
pub fn parse_cvrplib(text: &str, f: &str, fallback_name: &str) -> Result<RoutingInstance, Error> {
    let mut name = fallback_name.to_string();
    let mut dimension: Option<usize> = None;
    let mut capacity: Option<f64> = None;
    let mut section = "";
    let mut coords: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    let mut demands: BTreeMap<usize, f64> = BTreeMap::new();
    let mut depots: Vec<usize> = Vec::new();
    let mut last_row = 0;
    for (i, raw) in text.lines().enumerate() {
        let row = i + 1;
        last_row = row;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed == "EOF" {
            break;
        }
        if let Some((key, value)) = trimmed.split_once(':') {
            let (key, value) = (key.trim(), value.trim());
            match key {
                "NAME" => name = value.to_string(),
                "DIMENSION" => dimension = Some(value.parse().map_err(|_| problem(f, row, Some(2), Some(value), "DIMENSION entero"))?),
                "CAPACITY" => capacity = Some(value.parse().map_err(|_| problem(f, row, Some(2), Some(value), "CAPACITY numérica"))?),
                "EDGE_WEIGHT_TYPE" if value != "EUC_2D" => {
                    return Err(problem(f, row, Some(2), Some(value), "EUC_2D"));
                }
                "TYPE" if value != "CVRP" => return Err(problem(f, row, Some(2), Some(value), "CVRP")),
                _ => {}
            }
            continue;
        }
        let line = Line { row, tokens: trimmed.split_whitespace().collect() };
        match trimmed {
            "NODE_COORD_SECTION" | "DEMAND_SECTION" | "DEPOT_SECTION" => {
                section = match trimmed {
                    "NODE_COORD_SECTION" => "coord",
                    "DEMAND_SECTION" => "demand",
                    _ => "depot",
                };
                continue;
            }
            _ => {}
        }
        match section {
            "coord" => {
                let id = int(f, &line, 0, "nodo")?;
                coords.insert(id, (num(f, &line, 1, "x")?, num(f, &line, 2, "y")?));
            }
            "demand" => {
                let id = int(f, &line, 0, "nodo")?;
                demands.insert(id, num(f, &line, 1, "demanda")?);
            }
            "depot" => {
                let v = line.tokens[0];
                if v == "-1" {
                    section = "";
                } else {
                    depots.push(v.parse().map_err(|_| problem(f, row, Some(1), Some(v), "nodo depósito o -1"))?);
                }
            }
            _ => return Err(problem(f, row, None, Some(trimmed), "`CLAVE : valor` o una sección conocida")),
        }
    }
    let n = dimension.ok_or_else(|| problem(f, last_row, None, None, "DIMENSION en la cabecera"))?;
    let q = capacity.ok_or_else(|| problem(f, last_row, None, None, "CAPACITY en la cabecera"))?;
    if depots.len() != 1 {
        return Err(problem(f, last_row, None, None, "un único depósito en DEPOT_SECTION"));
    }
    let depot = depots[0];
    if coords.len() != n || coords.keys().copied().ne(1..=n) || demands.keys().copied().ne(1..=n) {
        return Err(problem(f, last_row, None, None, format!("{n} nodos numerados 1..{n} en NODE_COORD_SECTION y DEMAND_SECTION")));
    }
    if !coords.contains_key(&depot) {
        return Err(problem(f, last_row, None, Some(&depot.to_string()), "depósito entre los nodos"));
    }
    // Depot first, then the other nodes in file order.
    let order: Vec<usize> = std::iter::once(depot).chain((1..=n).filter(|&i| i != depot)).collect();
    let mut inst = empty_instance(&name, n, 1, n.saturating_sub(1).max(1));
    inst.capacity = vec![q];
    for (k, id) in order.iter().enumerate() {
        inst.coords[k] = coords[id];
        inst.demand[k] = demands[id];
    }
    inst.demand[0] = 0.0;
    inst.distance = RoutingInstance::euclidean_matrix(&inst.coords, true);
    Ok(inst)
}

/// Solomon VRPTW text: name line, `VEHICLE` / `NUMBER CAPACITY` / values, `CUSTOMER`, column
/// header, then `CUST NO. XCOORD. YCOORD. DEMAND READY TIME DUE DATE SERVICE TIME` rows with
/// customer 0 the depot. Distances unrounded; fleet limited to the vehicle number.
pub fn read_solomon(path: &Path) -> Result<RoutingInstance, Error> {
    let text = read_text(path)?;
    let file = path.display().to_string();
    parse_solomon(&text, &file, &instance_name(path))
}

/// [`read_solomon`] on text already in memory; `f` names the file in errors, and `fallback_name`
/// is used only when the text has no line at all (the first line is the name).
pub fn parse_solomon(text: &str, f: &str, fallback_name: &str) -> Result<RoutingInstance, Error> {
    let lines = nonblank_lines(text);
    let expect = |k: usize, word: &str| -> Result<(), Error> {
        match lines.get(k) {
            Some(l) if l.tokens.first() == Some(&word) => Ok(()),
            Some(l) => Err(problem(f, l.row, Some(1), l.tokens.first().copied(), format!("`{word}`"))),
            None => Err(problem(f, lines.last().map_or(1, |l| l.row), None, None, format!("`{word}`; el archivo termina antes"))),
        }
    };
    let name = lines.first().map_or(fallback_name.to_string(), |l| l.tokens.join(" "));
    expect(1, "VEHICLE")?;
    expect(2, "NUMBER")?;
    let Some(fleet_line) = lines.get(3) else {
        return Err(problem(f, lines.last().map_or(1, |l| l.row), None, None, "línea `número capacidad`"));
    };
    let fleet = int(f, fleet_line, 0, "número de vehículos")?;
    let q = num(f, fleet_line, 1, "capacidad")?;
    expect(4, "CUSTOMER")?;
    expect(5, "CUST")?;
    let rows = &lines[6.min(lines.len())..];
    if rows.is_empty() {
        return Err(problem(f, lines.last().map_or(1, |l| l.row), None, None, "filas de clientes"));
    }
    let mut inst = empty_instance(&name, rows.len(), 1, fleet);
    inst.capacity = vec![q];
    for (i, line) in rows.iter().enumerate() {
        if line.tokens.len() != 7 {
            return Err(problem(f, line.row, None, None, "7 campos: número, x, y, demanda, inicio, fin, servicio"));
        }
        let id = int(f, line, 0, "número de cliente")?;
        if id != i {
            return Err(problem(f, line.row, Some(1), Some(line.tokens[0]), format!("cliente {i}")));
        }
        inst.coords[i] = (num(f, line, 1, "x")?, num(f, line, 2, "y")?);
        inst.demand[i] = num(f, line, 3, "demanda")?;
        inst.ready[i] = num(f, line, 4, "inicio de ventana")?;
        inst.due[i] = num(f, line, 5, "fin de ventana")?;
        inst.service[i] = num(f, line, 6, "tiempo de servicio")?;
        if inst.due[i] < inst.ready[i] {
            return Err(problem(f, line.row, Some(6), Some(line.tokens[5]), "fin de ventana no anterior al inicio"));
        }
    }
    inst.distance = RoutingInstance::euclidean_matrix(&inst.coords, false);
    Ok(inst)
}

/// Best-known costs from a CSV with an `instance` column and `column` (empty cells are skipped).
pub fn read_bks(path: &Path, column: &str) -> Result<BTreeMap<String, f64>, Error> {
    let text = read_text(path)?;
    let file = path.display().to_string();
    let mut lines = text.lines().enumerate();
    let Some((_, header)) = lines.next() else {
        return Err(problem(&file, 1, None, None, "cabecera CSV con `instance`"));
    };
    let cols: Vec<&str> = header.split(',').map(str::trim).collect();
    let inst_col = cols.iter().position(|&c| c == "instance").ok_or_else(|| problem(&file, 1, None, Some(header), "columna `instance`"))?;
    let val_col =
        cols.iter().position(|&c| c == column).ok_or_else(|| problem(&file, 1, None, Some(header), format!("columna `{column}`")))?;
    let mut out = BTreeMap::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let (Some(name), Some(value)) = (cells.get(inst_col), cells.get(val_col)) else {
            return Err(problem(&file, i + 1, None, Some(line), format!("{} columnas", cols.len())));
        };
        if value.is_empty() {
            continue;
        }
        let v: f64 = value.parse().map_err(|_| problem(&file, i + 1, Some(val_col + 1), Some(value), "costo numérico"))?;
        out.insert(name.to_string(), v);
    }
    if out.is_empty() {
        // A table read as empty would leave every instance without its reference: an error.
        return Err(problem(&file, text.lines().count() + 1, None, None, "sin filas de datos: al menos una instancia con su costo"));
    }
    Ok(out)
}

/// The `Cost N` line of a CVRPLIB `.sol` file.
pub fn read_cvrplib_solution_cost(path: &Path) -> Result<f64, Error> {
    let text = read_text(path)?;
    let file = path.display().to_string();
    for (i, line) in text.lines().enumerate() {
        if let Some(v) = line.trim().strip_prefix("Cost") {
            return v.trim().parse().map_err(|_| problem(&file, i + 1, Some(2), Some(v.trim()), "costo numérico"));
        }
    }
    Err(problem(&file, text.lines().count().max(1), None, None, "una línea `Cost N`"))
}
