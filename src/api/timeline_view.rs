//! What the timeline shows and plays: its window (fitted to the schedule until the user zooms
//! or pans), the cursor and the playback. Plain state and a reducer, so that a playback tick
//! changes the timeline's state only, never the form's.

/// The narrowest window (seconds).
pub const MIN_SPAN_S: f64 = 10.0;
/// The widest window (seconds): a year.
pub const MAX_SPAN_S: f64 = 366.0 * 86_400.0;

/// A span of virtual time, in seconds after the call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// The first second shown.
    pub start_s: f64,
    /// How many seconds are shown.
    pub span_s: f64,
}

impl Window {
    /// The last second shown.
    pub fn end_s(&self) -> f64 {
        self.start_s + self.span_s
    }

    /// `s` moved into the window.
    pub fn clamp(&self, s: f64) -> f64 {
        bounded(s, self.start_s, self.end_s())
    }
}

/// `value` within `[low, high]`, NaN as `low`. Not `f64::clamp`: its panic message for bounds
/// out of order would bring the float formatter into the wasm.
fn bounded(value: f64, low: f64, high: f64) -> f64 {
    if value.is_nan() || value < low {
        low
    } else if value > high {
        high
    } else {
        value
    }
}

/// How far to simulate for a window ending at `needed_ms`: `simulated_ms` (the horizon the
/// same inputs were simulated to, if any) while it reaches that far, so that zooming in, panning
/// back and playback simulate nothing; else `needed_ms` and, when a step (a pan or a zoom out,
/// at most half a window past the earlier horizon) extends it, one window's width (`span_ms`)
/// more, so that the next step does not simulate again either. A jump (a wider window chosen)
/// simulates what it shows only: the margin would double its cost.
pub fn simulation_horizon(simulated_ms: Option<i64>, needed_ms: i64, span_ms: i64) -> i64 {
    let span_ms = span_ms.max(0);
    match simulated_ms {
        Some(h) if h >= needed_ms => h,
        Some(h) if needed_ms.saturating_sub(h) <= span_ms / 2 => needed_ms.saturating_add(span_ms),
        _ => needed_ms,
    }
}

/// The timeline's view and playback state.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// The window chosen by zooming or panning; `None` while it follows the schedule's fit.
    pub chosen: Option<Window>,
    /// The cursor in seconds after the call; `None` at the window's end.
    pub cursor_s: Option<f64>,
    /// Whether virtual time is running.
    pub playing: bool,
    /// Virtual seconds per real second.
    pub speed: u32,
}

impl Default for View {
    fn default() -> Self {
        View {
            chosen: None,
            cursor_s: None,
            playing: false,
            speed: 10,
        }
    }
}

/// Everything that changes the view. `shown` is the window on screen when the user acted (the
/// fitted one while none was chosen).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ViewAction {
    /// Follow the schedule's fit again, the cursor at its end.
    Fit,
    /// Zoom by `factor` (below 1 zooms in) keeping the instant at `anchor` (0–1 across the
    /// window) in place.
    Zoom {
        shown: Window,
        factor: f64,
        anchor: f64,
    },
    /// Move the window by `fraction` of its width (negative: earlier).
    Pan { shown: Window, fraction: f64 },
    /// Show `span_s` seconds from the window's start.
    SetSpan { shown: Window, span_s: f64 },
    /// Move the cursor.
    SetCursor { shown: Window, s: f64 },
    /// Start or stop playback.
    SetPlaying { shown: Window, playing: bool },
    /// Virtual seconds per real second.
    SetSpeed(u32),
    /// `real_ms` of real time passed while playing.
    Tick { shown: Window, real_ms: f64 },
}

impl View {
    /// The window shown, given the schedule's fit.
    pub fn window(&self, fit: Window) -> Window {
        self.chosen.unwrap_or(fit)
    }

    /// The cursor in seconds after the call, inside `shown`.
    pub fn cursor_in(&self, shown: Window) -> f64 {
        self.cursor_s.map_or(shown.end_s(), |c| shown.clamp(c))
    }

    /// The view after `action`.
    pub fn reduce(&self, action: ViewAction) -> View {
        let mut next = self.clone();
        match action {
            ViewAction::Fit => {
                next.chosen = None;
                next.cursor_s = None;
                next.playing = false;
            }
            ViewAction::Zoom {
                shown,
                factor,
                anchor,
            } => {
                let span_s = bounded(shown.span_s * factor, MIN_SPAN_S, MAX_SPAN_S);
                let anchor = bounded(anchor, 0.0, 1.0);
                let at = shown.start_s + anchor * shown.span_s;
                next.chosen = Some(Window {
                    start_s: (at - anchor * span_s).max(0.0),
                    span_s,
                });
            }
            ViewAction::Pan { shown, fraction } => {
                next.chosen = Some(Window {
                    start_s: (shown.start_s + fraction * shown.span_s).max(0.0),
                    span_s: shown.span_s,
                });
            }
            ViewAction::SetSpan { shown, span_s } => {
                next.chosen = Some(Window {
                    start_s: shown.start_s,
                    span_s: bounded(span_s, MIN_SPAN_S, MAX_SPAN_S),
                });
                next.cursor_s = None;
                next.playing = false;
            }
            ViewAction::SetCursor { shown, s } => next.cursor_s = Some(shown.clamp(s)),
            ViewAction::SetPlaying { shown, playing } => {
                if playing && self.cursor_in(shown) >= shown.end_s() {
                    next.cursor_s = Some(shown.start_s);
                }
                next.playing = playing;
            }
            ViewAction::SetSpeed(speed) => next.speed = speed.max(1),
            ViewAction::Tick { shown, real_ms } => {
                if self.playing {
                    let advanced = self.cursor_in(shown) + real_ms / 1000.0 * f64::from(self.speed);
                    next.cursor_s = Some(advanced.min(shown.end_s()));
                    next.playing = advanced < shown.end_s();
                }
            }
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIT: Window = Window {
        start_s: 0.0,
        span_s: 1200.0,
    };

    #[test]
    fn the_fit_is_shown_until_the_user_zooms_and_comes_back_with_fit() {
        let v = View::default();
        assert_eq!(v.window(FIT), FIT);
        assert_eq!(v.cursor_in(FIT), 1200.0);
        let zoomed = v.reduce(ViewAction::Zoom {
            shown: FIT,
            factor: 0.5,
            anchor: 0.5,
        });
        assert_eq!(
            zoomed.window(FIT),
            Window {
                start_s: 300.0,
                span_s: 600.0
            }
        );
        assert_eq!(zoomed.reduce(ViewAction::Fit).window(FIT), FIT);
    }

    #[test]
    fn zoom_keeps_the_anchor_and_stays_within_limits() {
        let v = View::default();
        let out = v.reduce(ViewAction::Zoom {
            shown: FIT,
            factor: 1e9,
            anchor: 0.0,
        });
        assert_eq!(out.window(FIT).span_s, MAX_SPAN_S);
        assert_eq!(out.window(FIT).start_s, 0.0);
        let shown = Window {
            start_s: 100.0,
            span_s: 40.0,
        };
        let inn = v.reduce(ViewAction::Zoom {
            shown,
            factor: 0.01,
            anchor: 0.75,
        });
        assert_eq!(inn.window(FIT).span_s, MIN_SPAN_S);
        assert_eq!(inn.window(FIT).start_s, 130.0 - 7.5);
    }

    #[test]
    fn pan_never_goes_before_the_call() {
        let v = View::default();
        let right = v.reduce(ViewAction::Pan {
            shown: FIT,
            fraction: 0.5,
        });
        assert_eq!(right.window(FIT).start_s, 600.0);
        let left = right.reduce(ViewAction::Pan {
            shown: right.window(FIT),
            fraction: -2.0,
        });
        assert_eq!(left.window(FIT).start_s, 0.0);
    }

    #[test]
    fn playback_restarts_from_the_window_start_and_stops_at_its_end() {
        let v = View::default().reduce(ViewAction::SetPlaying {
            shown: FIT,
            playing: true,
        });
        assert_eq!(v.cursor_in(FIT), 0.0);
        let v = v.reduce(ViewAction::Tick {
            shown: FIT,
            real_ms: 1000.0,
        });
        assert_eq!(v.cursor_in(FIT), 10.0);
        assert!(v.playing);
        let v = v.reduce(ViewAction::Tick {
            shown: FIT,
            real_ms: 1e6,
        });
        assert_eq!(v.cursor_in(FIT), 1200.0);
        assert!(!v.playing);
        // A tick while paused changes nothing.
        assert_eq!(
            v.reduce(ViewAction::Tick {
                shown: FIT,
                real_ms: 500.0
            }),
            v
        );
    }

    #[test]
    fn the_simulation_is_extended_only_past_its_horizon() {
        // Fresh inputs: exactly the window.
        assert_eq!(simulation_horizon(None, 5_000, 1_000), 5_000);
        // Zooming in or panning back: the horizon stays.
        assert_eq!(simulation_horizon(Some(5_000), 3_000, 1_000), 5_000);
        assert_eq!(simulation_horizon(Some(5_000), 5_000, 1_000), 5_000);
        // Past it: a window more, so the next step stays inside.
        let h = simulation_horizon(Some(5_000), 5_500, 1_000);
        assert_eq!(h, 6_500);
        assert_eq!(simulation_horizon(Some(h), 6_000, 1_000), h);
        // A jump to a wider window: that window only.
        assert_eq!(simulation_horizon(Some(5_000), 11_000, 6_000), 11_000);
        assert_eq!(simulation_horizon(Some(5_000), 8_000, 6_000), 14_000);
        assert_eq!(simulation_horizon(Some(5_000), 8_001, 6_000), 8_001);
    }

    #[test]
    fn the_cursor_stays_inside_the_window() {
        let v = View::default().reduce(ViewAction::SetCursor {
            shown: FIT,
            s: f64::NAN,
        });
        assert_eq!(v.cursor_in(FIT), 0.0);
        let v = v.reduce(ViewAction::SetCursor {
            shown: FIT,
            s: 5000.0,
        });
        assert_eq!(v.cursor_in(FIT), 1200.0);
        let v = v.reduce(ViewAction::SetSpan {
            shown: FIT,
            span_s: 1.0,
        });
        assert_eq!(v.window(FIT).span_s, MIN_SPAN_S);
        assert_eq!(v.cursor_in(v.window(FIT)), MIN_SPAN_S);
    }
}
