//! The options of an embed (iframe query, `data-*` attributes of an in-page widget, attributes of
//! the `<runcommand-playground>` element): which panels, how tall, which theme, a pinned "now",
//! how many fires, and where "Open in the playground" leads.

/// The panels shown when an embed names none.
pub(crate) const DEFAULT_PANELS: &str = "form,schedule";

/// How many next fires a compact schedule lists before "Show more".
pub const DEFAULT_FIRES: usize = 5;

/// The most fires an embed lists (what the evaluation computes).
const MAX_EMBED_FIRES: usize = super::evaluation::FIRES_SHOWN;

/// The smallest height cap, in CSS pixels (a smaller one would hide the panels' headings).
const MIN_HEIGHT: u32 = 120;

/// The largest height cap, in CSS pixels.
const MAX_HEIGHT: u32 = 10_000;

/// How an embed looks; every field has a default, so a bad option is ignored, never fatal.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbedOptions {
    /// The panels, in the order given (`form`, `validation`, `rendered`, `schedule`, …).
    pub panels: Vec<String>,
    /// A height cap in CSS pixels: the panels scroll inside it; the playground link stays below.
    pub height: Option<u32>,
    /// `light` or `dark`; `None` follows the system.
    pub theme: Option<String>,
    /// A pinned "now" (RFC 3339) instead of the clock.
    pub now: Option<String>,
    /// How many next fires the schedule lists before "Show more".
    pub fires: usize,
    /// The playground page that "Open in the playground" leads to.
    pub playground_url: String,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        Self {
            panels: parse_panels(DEFAULT_PANELS),
            height: None,
            theme: None,
            now: None,
            fires: DEFAULT_FIRES,
            playground_url: "index.html".to_string(),
        }
    }
}

impl EmbedOptions {
    /// Reads the options from their text form (each `None` when absent); a value that does not
    /// read keeps the default.
    pub fn from_texts(
        panels: Option<&str>,
        height: Option<&str>,
        theme: Option<&str>,
        now: Option<&str>,
        fires: Option<&str>,
    ) -> Self {
        let defaults = Self::default();
        Self {
            panels: panels.map(parse_panels).unwrap_or(defaults.panels),
            height: height.and_then(parse_height),
            theme: theme.and_then(parse_theme),
            now: now
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            fires: fires.and_then(parse_fires).unwrap_or(defaults.fires),
            playground_url: defaults.playground_url,
        }
    }
}

/// Splits a `panels` option (`form,schedule`); an empty one is the default panels.
pub(crate) fn parse_panels(text: &str) -> Vec<String> {
    let panels: Vec<String> = text
        .split(',')
        .map(|p| p.trim().to_ascii_lowercase())
        .filter(|p| !p.is_empty())
        .collect();
    if panels.is_empty() {
        parse_panels(DEFAULT_PANELS)
    } else {
        panels
    }
}

/// A height cap: a whole number of pixels (`400` or `400px`) from [`MIN_HEIGHT`] to
/// [`MAX_HEIGHT`].
fn parse_height(text: &str) -> Option<u32> {
    let text = text.trim();
    let digits = text.strip_suffix("px").unwrap_or(text);
    let height: u32 = digits.trim().parse().ok()?;
    (MIN_HEIGHT..=MAX_HEIGHT)
        .contains(&height)
        .then_some(height)
}

/// `light` or `dark` (any case).
fn parse_theme(text: &str) -> Option<String> {
    let theme = text.trim().to_ascii_lowercase();
    matches!(theme.as_str(), "light" | "dark").then_some(theme)
}

/// A fire count from 1 to the number the evaluation computes.
fn parse_fires(text: &str) -> Option<usize> {
    let fires: usize = text.trim().parse().ok()?;
    (1..=MAX_EMBED_FIRES).contains(&fires).then_some(fires)
}
