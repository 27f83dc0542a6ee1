//! The timeline's horizontal geometry: a 640-unit drawing scaled to its box on wide screens,
//! and on narrow ones (a phone) a drawing as wide as its box in CSS pixels, with a narrow label
//! column, so that the plot fits without scrolling sideways and its text is 12 px.

/// Below this box width (CSS px) the timeline draws at one unit per pixel.
pub const NARROW_BELOW: i32 = 500;
/// The narrowest drawing (CSS px).
pub const NARROWEST: i32 = 240;

/// Where the label column ends and the plot lies, in SVG units.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Geometry {
    /// The drawing's width.
    pub width: f64,
    /// The label column's width (the plot starts there).
    pub label: f64,
    /// The plot's width.
    pub plot: f64,
    /// The width of one character of the axis labels.
    pub char_width: f64,
    /// The most characters of a row label.
    pub label_chars: usize,
    /// Whether the drawing is one unit per CSS pixel (a narrow box).
    pub narrow: bool,
}

impl Geometry {
    /// The geometry for a box `narrow_width` CSS px wide (`None`: a wide box).
    pub fn new(narrow_width: Option<i32>) -> Self {
        match narrow_width {
            None => Self {
                width: 640.0,
                label: 112.0,
                plot: 640.0 - 112.0 - 8.0,
                char_width: 6.5,
                label_chars: 14,
                narrow: false,
            },
            Some(w) => {
                let width = f64::from(w.max(NARROWEST));
                let label = 76.0;
                Self {
                    width,
                    label,
                    plot: width - label - 6.0,
                    // 12 px monospace, and a little room.
                    char_width: 7.4,
                    label_chars: 9,
                    narrow: true,
                }
            }
        }
    }

    /// `name` cut to the label column (an ellipsis marks a cut).
    pub fn row_label(&self, name: &str) -> String {
        if name.chars().count() <= self.label_chars {
            return name.to_string();
        }
        let mut cut: String = name.chars().take(self.label_chars - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_box_draws_at_its_own_width_with_a_narrow_label_column() {
        let g = Geometry::new(Some(330));
        assert_eq!(g.width, 330.0);
        assert!(g.label < 112.0 && g.label + g.plot < g.width);
        assert_eq!(Geometry::new(Some(100)).width, f64::from(NARROWEST));
        assert_eq!(Geometry::new(None).width, 640.0);
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        let g = Geometry::new(Some(330));
        assert_eq!(g.row_label("fleet-99"), "fleet-99");
        assert_eq!(g.row_label("a-very-long-name"), "a-very-l…");
        assert_eq!(
            Geometry::new(None).row_label("a-very-long-name"),
            "a-very-long-n…"
        );
    }
}
