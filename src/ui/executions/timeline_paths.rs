//! The SVG paths of the timeline's rows and summary, built from [`timeline_rows`]'s readings:
//! bars and glyphs per status, the density strip's cells, skipped-fire marks and the summary
//! row's stacked counts. One path per row and status (and density level), so 100 rows stay a
//! few hundred elements.

use yew::AttrValue;

use super::marks::status_class;
use super::timeline_legend::{status_named, texture, STATUSES};
use crate::api::timeline_rows::{Cell, Row};
use crate::ui::markup::push_tenths;

/// The narrowest bar (SVG units).
pub const MIN_BAR: f64 = 3.0;

/// Where a row's band sits and how instants map to `x`.
pub struct Band<'a> {
    /// The band's top and height (SVG units).
    pub y: f64,
    pub height: f64,
    /// `x` of an instant (ms).
    pub x: &'a dyn Fn(f64) -> f64,
    /// `x` of the left edge of column `c` (`c` = columns: the right edge).
    pub column_x: &'a dyn Fn(usize) -> f64,
}

fn push_rect(d: &mut String, (x0, x1): (f64, f64), y: f64, h: f64) {
    let w = (x1 - x0).max(MIN_BAR);
    d.push('M');
    push_tenths(d, x0);
    d.push(' ');
    push_tenths(d, y);
    d.push('h');
    push_tenths(d, w);
    d.push('v');
    push_tenths(d, h);
    d.push('h');
    push_tenths(d, -w);
    d.push('z');
}

/// A diamond centred at `(x, y)`: the glyph of a run without duration.
fn push_glyph(d: &mut String, x: f64, y: f64) {
    d.push('M');
    push_tenths(d, x);
    d.push(' ');
    push_tenths(d, y - 6.0);
    d.push_str("l6 6l-6 6l-6-6z");
}

/// A cross centred at `(x, y)`: a skipped fire.
fn push_cross(d: &mut String, x: f64, y: f64) {
    d.push('M');
    push_tenths(d, x - 4.0);
    d.push(' ');
    push_tenths(d, y - 4.0);
    d.push_str("l8 8m0-8l-8 8");
}

/// Adds `class` with its texture (if the status has one) to `out`, and the status to `drawn`.
fn push_status(
    out: &mut Vec<(AttrValue, String)>,
    drawn: &mut Vec<&'static str>,
    base: &str,
    status: &'static str,
    d: String,
) {
    if d.is_empty() {
        return;
    }
    if !drawn.contains(&status) {
        drawn.push(status);
    }
    let tex = status_named(status).and_then(texture);
    out.push((status_class(base, status), d.clone()));
    if let Some(tex) = tex {
        out.push((AttrValue::from(tex), d));
    }
}

/// The paths of one row: its bars and glyphs, or its density strip; its skipped fires.
pub fn row_paths(
    row: &Row,
    band: &Band<'_>,
    out: &mut Vec<(AttrValue, String)>,
    drawn: &mut Vec<&'static str>,
) {
    let (y, h) = (band.y, band.height);
    if row.dense {
        strip_paths(&row.cells, band, out, drawn);
    } else {
        for (status, spans) in &row.bars {
            let mut d = String::new();
            for (s, e) in spans {
                push_rect(&mut d, ((band.x)(*s as f64), (band.x)(*e as f64)), y, h);
            }
            push_status(out, drawn, "bar", status, d);
        }
        for (status, at) in &row.glyphs {
            let mut d = String::new();
            for t in at {
                push_glyph(&mut d, (band.x)(*t as f64), y + h / 2.0);
            }
            push_status(out, drawn, "glyph", status, d);
        }
    }
    if !row.skipped.is_empty() {
        let mut d = String::new();
        for s in &row.skipped {
            push_cross(&mut d, (band.x)(s.at_ms as f64), y + h / 2.0);
        }
        out.push((AttrValue::from("skipped"), d));
    }
}

/// A density strip: runs of columns with one status and level as one rectangle each, per
/// status and level one path (`dense dN bar st-…`).
fn strip_paths(
    cells: &[Cell],
    band: &Band<'_>,
    out: &mut Vec<(AttrValue, String)>,
    drawn: &mut Vec<&'static str>,
) {
    let mut paths: Vec<((&'static str, u8), String)> = Vec::new();
    let mut c = 0;
    while c < cells.len() {
        let cell = cells[c];
        let mut end = c + 1;
        while end < cells.len() && cells[end] == cell {
            end += 1;
        }
        if let Some(status) = cell.status {
            let key = (status, cell.level);
            let i = match paths.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    paths.push((key, String::new()));
                    paths.len() - 1
                }
            };
            let span = ((band.column_x)(c), (band.column_x)(end));
            push_rect(&mut paths[i].1, span, band.y, band.height);
        }
        c = end;
    }
    for ((status, level), d) in paths {
        push_status(out, drawn, &format!("dense d{level} bar"), status, d);
    }
}

/// The summary row: per column, how many rows each status leads, stacked from the bottom of a
/// band `band.height` high for `rows` rows, one path per status (`summary st-…`).
pub fn summary_paths(
    counts: &[Vec<(&'static str, usize)>],
    rows: usize,
    band: &Band<'_>,
) -> Vec<(AttrValue, String)> {
    let unit = band.height / rows.max(1) as f64;
    let mut out = Vec::new();
    for status in STATUSES.iter().map(|s| s.as_str()) {
        let mut d = String::new();
        let mut c = 0;
        while c < counts.len() {
            let level = |c: usize| {
                let col = &counts[c];
                let below: usize = STATUSES
                    .iter()
                    .map(|s| s.as_str())
                    .take_while(|s| *s != status)
                    .filter_map(|s| col.iter().find(|(t, _)| *t == s).map(|(_, n)| *n))
                    .sum();
                let n = col
                    .iter()
                    .find(|(t, _)| *t == status)
                    .map_or(0, |(_, n)| *n);
                (below, n)
            };
            let here = level(c);
            let mut end = c + 1;
            while end < counts.len() && level(end) == here {
                end += 1;
            }
            let (below, n) = here;
            if n > 0 {
                let top = band.y + band.height - (below + n) as f64 * unit;
                let span = ((band.column_x)(c), (band.column_x)(end));
                push_rect(&mut d, span, top, n as f64 * unit);
            }
            c = end;
        }
        if !d.is_empty() {
            out.push((status_class("summary", status), d));
        }
    }
    out
}
