//! `almaplan compare` outputs: `comparacion.csv` (headline figures of runs A and B),
//! `cambios.csv` (every element whose status changed) and `comparacion.html` (both, readable
//! from disk: inline CSS, no script, no external resource).

use std::fmt::Write as _;
use std::path::Path;

use crate::whatif::compare::{Comparison, ABSENT};
use almaplan_core::error::Error;
use almaplan_formats::output::html_escape as esc;
use almaplan_formats::run_schema::{Direction, IndicatorRecord, RunIndicators};

/// The headline figures of A and B with their differences, one row per indicator key
/// ([`INDICATORS_HEADER`]).
pub const INDICATORS_CSV: &str = "comparacion.csv";
/// Every element whose status changed or that only one run has ([`CHANGES_HEADER`]).
pub const CHANGES_CSV: &str = "cambios.csv";
/// The comparison page: run metadata, differing parameters, figures and changes.
pub const HTML: &str = "comparacion.html";

/// Rows of the changes table drawn in the HTML; `cambios.csv` has them all.
pub const MAX_HTML_CHANGES: usize = 5000;

/// Columns of `comparacion.csv`: `a`, `b` and `diferencia` (B − A) are in `unidad`,
/// `diferencia_pct` is relative to |A|, `resultado` is `mejor`/`peor`/`igual` or blank when the
/// figure is not ranked; `texto_*` is the text shown instead of a number (a date), and the solver
/// columns give the status and optimality gap (%) of the model behind the figure in each run.
pub const INDICATORS_HEADER: [&str; 14] = [
    "clave",
    "indicador",
    "unidad",
    "a",
    "b",
    "diferencia",
    "diferencia_pct",
    "resultado",
    "texto_a",
    "texto_b",
    "estado_solver_a",
    "brecha_pct_a",
    "estado_solver_b",
    "brecha_pct_b",
];

/// Columns of `cambios.csv`, one row per changed element: `estado_*` is blank when the element is
/// not in that run, `valor_*` the number behind the status (coverage %, minutes, days, population).
pub const CHANGES_HEADER: [&str; 7] = ["tipo", "clave", "entidad", "estado_a", "estado_b", "valor_a", "valor_b"];

/// A number as short as it can be while stable: integers without decimals, others rounded to
/// four decimals without trailing zeros.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{v:.0}");
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn round(v: f64, decimals: usize) -> f64 {
    let k = 10f64.powi(decimals as i32);
    (v * k).round() / k
}

fn opt_number(v: Option<f64>) -> String {
    v.map(number).unwrap_or_default()
}

/// Writes the three files into `dir`.
pub fn write_all(c: &Comparison, dir: &Path) -> Result<(), Error> {
    write_indicators_csv(c, &dir.join(INDICATORS_CSV))?;
    write_changes_csv(c, &dir.join(CHANGES_CSV))?;
    let html = html(c);
    almaplan_formats::output::write_atomic(&dir.join(HTML), |w| w.write_all(html.as_bytes()))
}

/// Writes `comparacion.csv` ([`INDICATORS_HEADER`]) to `path`, one row per indicator in the
/// comparison's order; numbers go through [`number`], a missing value is a blank cell.
pub fn write_indicators_csv(c: &Comparison, path: &Path) -> Result<(), Error> {
    let solver = |r: &Option<IndicatorRecord>| {
        (r.as_ref().and_then(|r| r.estado_solver.clone()).unwrap_or_default(), opt_number(r.as_ref().and_then(|r| r.brecha_pct)))
    };
    let rows = c.indicators.iter().map(|d| {
        let (sa, ga) = solver(&d.a);
        let (sb, gb) = solver(&d.b);
        vec![
            d.clave.clone(),
            d.etiqueta.clone(),
            d.unidad.clone(),
            opt_number(d.a.as_ref().and_then(|r| r.valor)),
            opt_number(d.b.as_ref().and_then(|r| r.valor)),
            opt_number(d.difference),
            opt_number(d.percent),
            d.verdict.label().to_string(),
            d.a.as_ref().and_then(|r| r.texto.clone()).unwrap_or_default(),
            d.b.as_ref().and_then(|r| r.texto.clone()).unwrap_or_default(),
            sa,
            ga,
            sb,
            gb,
        ]
    });
    almaplan_formats::output::write_csv(path, &INDICATORS_HEADER, rows)
}

/// Writes `cambios.csv` ([`CHANGES_HEADER`]) to `path`, every changed element sorted by
/// (tipo, clave); a side the element is absent from is a blank cell.
pub fn write_changes_csv(c: &Comparison, path: &Path) -> Result<(), Error> {
    let rows = c.changes.iter().map(|x| {
        vec![
            x.tipo.clone(),
            x.clave.clone(),
            x.entidad.clone(),
            x.estado_a.clone().unwrap_or_default(),
            x.estado_b.clone().unwrap_or_default(),
            opt_number(x.valor_a),
            opt_number(x.valor_b),
        ]
    });
    almaplan_formats::output::write_csv(path, &CHANGES_HEADER, rows)
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:2rem;color:#1f2933;max-width:80rem}
h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:2px solid #9d2449;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #d3d8de;padding:.3rem .6rem;text-align:left}
th{background:#f0f2f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.mejor{background:#e3f4e6;color:#17632a;font-weight:600}td.peor{background:#fbe4e4;color:#9b1c1c;font-weight:600}
td.igual{color:#616e7c}.leyenda span{display:inline-block;padding:.1rem .5rem;margin-right:.5rem;border-radius:3px}
.leyenda .mejor{background:#e3f4e6;color:#17632a}.leyenda .peor{background:#fbe4e4;color:#9b1c1c}
.meta td:first-child{font-weight:600}.nota{color:#616e7c;font-size:.85rem}
";

/// The comparison page.
pub fn html(c: &Comparison) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Comparación: {} / {}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&c.a.escenario),
        esc(&c.b.escenario)
    );
    let _ = writeln!(h, "<h1>Comparación de corridas de almaplan</h1>");
    let _ = writeln!(h, "<p class=\"nota\">Diferencia = B − A; diferencia % relativa a A. Verde: B es mejor; rojo: B es peor.</p>");
    meta_table(&mut h, &c.a, &c.b);
    match &c.parameters {
        Some(p) => {
            let _ = writeln!(h, "<h2>Parámetros que difieren</h2>");
            let _ = writeln!(h, "<table id=\"parametros\">\n<thead><tr><th>Parámetro</th><th>A</th><th>B</th></tr></thead>\n<tbody>");
            for (key, a, b) in p {
                let side = |v: &Option<String>| v.as_deref().map(esc).unwrap_or_else(|| format!("<em>{ABSENT}</em>"));
                let _ = writeln!(h, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", esc(key), side(a), side(b));
            }
            let _ = writeln!(h, "</tbody>\n</table>");
            if p.is_empty() {
                let _ = writeln!(h, "<p class=\"nota\">Las dos corridas usaron los mismos parámetros.</p>");
            }
        }
        None => {
            let _ = writeln!(h, "<p class=\"nota\">Sin ejecucion.json en alguna de las corridas: no se comparan los parámetros.</p>");
        }
    }

    let _ = writeln!(h, "<h2>Cifras principales</h2>");
    let _ = writeln!(h, "<p class=\"leyenda\"><span class=\"mejor\">B mejor</span><span class=\"peor\">B peor</span></p>");
    let _ = writeln!(
        h,
        "<table id=\"indicadores\">\n<thead><tr><th>Indicador</th><th>Unidad</th><th>A</th><th>B</th><th>Diferencia</th><th>Diferencia %</th>\
         <th>Mejor si</th><th>Solver A (brecha %)</th><th>Solver B (brecha %)</th></tr></thead>\n<tbody>"
    );
    for d in &c.indicators {
        // A figure with a text (a date) shows it, with the number the difference is taken on.
        let value = |r: &Option<IndicatorRecord>| {
            let n = opt_number(r.as_ref().and_then(|r| r.valor));
            match r.as_ref().and_then(|r| r.texto.as_deref()) {
                Some(t) if n.is_empty() => esc(t),
                Some(t) => format!("{} ({n})", esc(t)),
                None => n,
            }
        };
        let solver = |r: &Option<IndicatorRecord>| match r.as_ref().and_then(|r| r.estado_solver.as_deref()) {
            Some(s) => match r.as_ref().and_then(|r| r.brecha_pct) {
                Some(g) => format!("{} ({})", esc(s), number(g)),
                None => esc(s),
            },
            None => String::new(),
        };
        let class = d.verdict.label();
        let better = match d.mejor {
            Some(Direction::Higher) => "mayor",
            Some(Direction::Lower) => "menor",
            None => "",
        };
        let signed = |v: Option<f64>, decimals: usize| {
            v.map(|x| {
                let s = number(round(x, decimals));
                if x > 0.0 && s != "0" {
                    format!("+{s}")
                } else {
                    s
                }
            })
            .unwrap_or_default()
        };
        let _ = writeln!(
            h,
            "<tr data-clave=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num diferencia {class}\">{}</td><td class=\"num {class}\">{}</td><td>{better}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.clave),
            esc(&d.etiqueta),
            esc(&d.unidad),
            value(&d.a),
            value(&d.b),
            signed(d.difference, 4),
            signed(d.percent, 1),
            solver(&d.a),
            solver(&d.b),
        );
    }
    let _ = writeln!(h, "</tbody>\n</table>");

    let _ = writeln!(h, "<h2>Elementos cuyo estado cambió</h2>");
    let _ = writeln!(
        h,
        "<table id=\"resumen-cambios\">\n<thead><tr><th>Tipo</th><th>En A</th><th>En B</th><th>Cambiaron</th></tr></thead>\n<tbody>"
    );
    for (tipo, n) in &c.by_type {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(tipo),
            n.in_a,
            n.in_b,
            n.changed
        );
    }
    let _ = writeln!(h, "</tbody>\n</table>");
    let _ = writeln!(h, "<table id=\"transiciones\">\n<thead><tr><th>Tipo</th><th>Estado en A</th><th>Estado en B</th><th>Elementos</th></tr></thead>\n<tbody>");
    for ((tipo, from, to), n) in &c.transitions {
        let _ = writeln!(h, "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{n}</td></tr>", esc(tipo), esc(from), esc(to));
    }
    let _ = writeln!(h, "</tbody>\n</table>");

    let shown = c.changes.len().min(MAX_HTML_CHANGES);
    if c.changes.len() > shown {
        let _ = writeln!(
            h,
            "<p class=\"nota\" id=\"cambios-recortados\">Se muestran {shown} de {} cambios; {CHANGES_CSV} los tiene todos.</p>",
            c.changes.len()
        );
    }
    let _ = writeln!(
        h,
        "<table id=\"cambios\">\n<thead><tr><th>Tipo</th><th>Clave</th><th>Entidad</th><th>Estado A</th><th>Estado B</th><th>Valor A</th><th>Valor B</th></tr></thead>\n<tbody>"
    );
    for x in &c.changes[..shown] {
        let state = |s: &Option<String>| s.as_deref().map(esc).unwrap_or_else(|| format!("<em>{ABSENT}</em>"));
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&x.tipo),
            esc(&x.clave),
            esc(&x.entidad),
            state(&x.estado_a),
            state(&x.estado_b),
            opt_number(x.valor_a),
            opt_number(x.valor_b)
        );
    }
    let _ = writeln!(h, "</tbody>\n</table>");
    if c.changes.is_empty() {
        let _ = writeln!(h, "<p class=\"nota\">Ningún elemento cambió de estado.</p>");
    }
    h.push_str("</body>\n</html>\n");
    h
}

fn meta_table(h: &mut String, a: &RunIndicators, b: &RunIndicators) {
    let _ = writeln!(h, "<table class=\"meta\" id=\"corridas\">\n<thead><tr><th></th><th>A</th><th>B</th></tr></thead>\n<tbody>");
    let rows: [(&str, String, String); 4] = [
        ("Escenario", esc(&a.escenario), esc(&b.escenario)),
        ("Archivo", esc(&a.archivo_escenario), esc(&b.archivo_escenario)),
        ("Semilla", a.semilla.to_string(), b.semilla.to_string()),
        ("Versión de almaplan", esc(&a.almaplan), esc(&b.almaplan)),
    ];
    for (label, x, y) in rows {
        let _ = writeln!(h, "<tr><td>{label}</td><td>{x}</td><td>{y}</td></tr>");
    }
    let _ = writeln!(h, "</tbody>\n</table>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use almaplan_formats::run_schema::ElementStatus;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(number(35.0), "35");
        assert_eq!(number(35.71428), "35.7143");
        assert_eq!(number(-0.00001), "0");
        assert_eq!(number(0.5), "0.5");
    }

    #[test]
    fn html_escapes_and_caps_the_changes_table() {
        let run = |name: &str| RunIndicators {
            almaplan: "0".into(),
            escenario: name.into(),
            archivo_escenario: "a.toml".into(),
            semilla: 1,
            indicadores: vec![IndicatorRecord {
                clave: "k".into(),
                etiqueta: "<b>".into(),
                etiqueta_en: None,
                valor: Some(1.0),
                texto: None,
                unidad: "%".into(),
                mejor: Some(Direction::Higher),
                estado_solver: Some("Optimal".into()),
                brecha_pct: Some(0.01),
            }],
        };
        let n = MAX_HTML_CHANGES + 7;
        let ea: Vec<ElementStatus> = (0..n)
            .map(|i| ElementStatus { tipo: "u".into(), clave: format!("C{i:05}"), entidad: "1".into(), estado: "a".into(), valor: None })
            .collect();
        let eb: Vec<ElementStatus> = ea.iter().map(|e| ElementStatus { estado: "b".into(), ..e.clone() }).collect();
        let c = crate::whatif::compare::compare(run("A & <x>"), &ea, run("B"), &eb);
        let h = html(&c);
        assert!(h.contains("A &amp; &lt;x&gt;") && h.contains("&lt;b&gt;") && !h.contains("<b>"));
        let cambios = &h[h.find("<table id=\"cambios\">").unwrap()..];
        assert_eq!(cambios.matches("<tr>").count(), MAX_HTML_CHANGES + 1, "header + capped rows");
        assert!(h.contains(&format!("Se muestran {MAX_HTML_CHANGES} de {n} cambios")));
        assert!(!h.contains("http://") && !h.contains("https://") && !h.contains("<script"));
    }
}
