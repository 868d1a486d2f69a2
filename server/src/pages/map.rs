//! A small map of a place drawn from its WKT geometry as inline SVG: no tiles, no request to
//! anyone.

use super::html::Html;

/// Width of the drawing, in SVG units.
const WIDTH: f64 = 320.0;

/// The rings (or lines, or points) of a WKT geometry: every innermost parenthesised list of
/// `x y` pairs, as (longitude, latitude). `POINT`, `LINESTRING`, `POLYGON` and their `MULTI`
/// forms all read this way. `None` when a coordinate is not a number.
fn rings(wkt: &str) -> Option<Vec<Vec<(f64, f64)>>> {
    // A CRS IRI may come first (`<http://…> POLYGON …`).
    let wkt = match wkt.trim_start().strip_prefix('<') {
        Some(rest) => rest.split_once('>').map_or("", |(_, r)| r),
        None => wkt,
    };
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in wkt.char_indices() {
        match c {
            '(' => start = Some(i + 1),
            ')' => {
                if let Some(s) = start.take() {
                    let mut ring = Vec::new();
                    for pair in wkt[s..i].split(',') {
                        let mut xy = pair.split_whitespace().map(str::parse::<f64>);
                        match (xy.next(), xy.next()) {
                            (Some(Ok(x)), Some(Ok(y))) if x.is_finite() && y.is_finite() => {
                                ring.push((x, y));
                            }
                            _ => return None,
                        }
                    }
                    out.push(ring);
                }
            }
            _ => {}
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The geometry as an `<svg>` (north up, longitudes scaled by the cosine of the mean
/// latitude), or `None` when the WKT cannot be read.
pub(crate) fn svg(wkt: &str, title: &str) -> Option<Html> {
    let rings = rings(wkt)?;
    let points = rings.iter().flatten();
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in points {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let kx = ((y0 + y1) / 2.0).to_radians().cos();
    let span_x = ((x1 - x0) * kx).max(1e-9);
    let span_y = (y1 - y0).max(1e-9);
    let scale = WIDTH / span_x.max(span_y);
    let (w, h) = (span_x * scale, span_y * scale);
    let project = |(x, y): (f64, f64)| ((x - x0) * kx * scale, (y1 - y) * scale);
    let mut d = String::new();
    let mut dots = Vec::new();
    for ring in &rings {
        if ring.len() == 1 {
            dots.push(project(ring[0]));
            continue;
        }
        for (i, &p) in ring.iter().enumerate() {
            let (x, y) = project(p);
            d.push_str(&format!("{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" }));
        }
        d.push('Z');
    }
    let mut out = Html::new();
    let view_box = format!("-4 -4 {:.1} {:.1}", w + 8.0, h + 8.0);
    out.el(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("viewBox", &view_box),
            ("role", "img"),
            ("aria-label", title),
            ("class", "map"),
        ],
        |s| {
            s.el_text("title", &[], title);
            if !d.is_empty() {
                s.void_svg("path", &[("d", &d), ("fill-rule", "evenodd")]);
            }
            for (x, y) in dots {
                s.void_svg(
                    "circle",
                    &[
                        ("cx", &format!("{x:.1}")),
                        ("cy", &format!("{y:.1}")),
                        ("r", "4"),
                    ],
                );
            }
        },
    );
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_polygons_multipolygons_and_points() {
        assert_eq!(
            rings("POLYGON ((0 0, 1 0, 1 1, 0 0))").unwrap(),
            vec![vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]]
        );
        let multi = rings(
            "<http://www.opengis.net/def/crs/OGC/1.3/CRS84> MULTIPOLYGON (((0 0, 1 0, 0 1, 0 0)), ((5 5, 6 5, 5 6, 5 5), (5.2 5.2, 5.3 5.2, 5.2 5.3, 5.2 5.2)))",
        )
        .unwrap();
        assert_eq!(multi.len(), 3);
        assert_eq!(
            rings("POINT (104.1 22.3)").unwrap(),
            vec![vec![(104.1, 22.3)]]
        );
        assert!(rings("POLYGON ((a b))").is_none());
        assert!(rings("EMPTY").is_none());
    }

    #[test]
    fn draws_north_up_within_the_view() {
        let svg = svg("POLYGON ((104 22, 105 22, 105 23, 104 22))", "Xã <A>")
            .unwrap()
            .into_string();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("<title>Xã &lt;A&gt;</title>"), "{svg}");
        // The southern edge (latitude 22) is at the bottom of the drawing.
        assert!(svg.contains("M0.0 320.0L"), "{svg}");
    }
}
