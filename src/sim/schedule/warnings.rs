//! Divergence warnings: where the documentation, the API and the real agent disagree about a
//! schedule, computed for one accepted request over the shown window.

use crate::sim::tz::Zone;
use serde_json::{json, Value};

use super::agent::{CronPlan, EndReason};
use super::civil::wall_as_utc_secs;
use super::error::AgentError;
use super::frequency::{ApiFrequency, FrequencyKind};
use super::wall::{ideal_fires, local_text, wall_instants};
use super::zone::{OffsetMemo, ScheduleZone};
use crate::sim::time::format_rfc3339_ms;

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningCode {
    /// The API accepts the schedule but the agent rejects it or never fires it.
    AgentNeverFires,
    /// A day-of-week range ends at 7/SUN: empty on the agent.
    DowRangeToSunday,
    /// A zero-padded day-of-week (`05`): Sunday on the agent.
    DowZeroPadded,
    /// The agent's runs differ from the documented reading for another reason.
    DialectDiffers,
    /// The schedule stops for good at a DST transition.
    DstStops,
    /// A run the wall-clock reading names is skipped at a DST transition.
    DstSkipped,
    /// A run happens at a wall time the expression does not name (moved out of a DST gap).
    DstShifted,
    /// Two runs at the same local wall time.
    DstDoubled,
    /// The schedule ends (year list, or 2099).
    Expires,
    /// A zone-less cron runs in the instance's local zone.
    InstanceLocalZone,
    /// Numeric weekdays that a Quartz user reads differently (Quartz 1 = Sunday).
    QuartzWeekdays,
    /// The fields look like an AWS EventBridge cron (minutes first, `?` in month).
    AwsDialect,
    /// Two runs closer than Timeout: the second is skipped while the first runs.
    IntervalBelowTimeout,
    /// An at() wall time in a DST gap or overlap.
    AtDstAmbiguous,
}

impl WarningCode {
    /// The snake_case code.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::AgentNeverFires => "agent_never_fires",
            Self::DowRangeToSunday => "dow_range_to_sunday",
            Self::DowZeroPadded => "dow_zero_padded",
            Self::DialectDiffers => "dialect_differs",
            Self::DstStops => "dst_stops",
            Self::DstSkipped => "dst_skipped",
            Self::DstShifted => "dst_shifted",
            Self::DstDoubled => "dst_doubled",
            Self::Expires => "expires",
            Self::InstanceLocalZone => "instance_local_zone",
            Self::QuartzWeekdays => "quartz_weekdays",
            Self::AwsDialect => "aws_dialect",
            Self::IntervalBelowTimeout => "interval_below_timeout",
            Self::AtDstAmbiguous => "at_dst_ambiguous",
        }
    }
}

/// One warning: a code, an English message and, when it is about a moment, that instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What kind of divergence.
    pub code: WarningCode,
    /// Explanation in English.
    pub message: String,
    /// The instant concerned (ms), if any.
    pub at_ms: Option<i64>,
}

impl Warning {
    fn new(code: WarningCode, message: String, at_ms: Option<i64>) -> Self {
        Self {
            code,
            message,
            at_ms,
        }
    }

    /// `{"code":…, "message":…, "at":…}`.
    pub(crate) fn to_json(&self) -> Value {
        json!({"code": self.code.as_str(), "message": self.message,
               "at": self.at_ms.map(format_rfc3339_ms)})
    }
}

/// Everything the warnings look at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WarningInput<'a> {
    /// The accepted frequency.
    pub(crate) frequency: &'a ApiFrequency,
    /// The Frequency text as sent.
    pub(crate) raw: &'a str,
    /// The zone the schedule runs in.
    pub(crate) zone: &'a ScheduleZone,
    /// The instance's local zone.
    pub(crate) instance_zone: Zone,
    /// Timeout, seconds.
    pub(crate) timeout_secs: i64,
    /// The time of the call, ms.
    pub(crate) now_ms: i64,
    /// The agent's fires in the window.
    pub(crate) fires: &'a [i64],
    /// Why the agent's fires ended early.
    pub(crate) end: Option<EndReason>,
    /// The agent's refusal, if any.
    pub(crate) agent_error: Option<&'a AgentError>,
    /// The agent's cron timer, if it started one.
    pub(crate) agent_cron: Option<&'a CronPlan>,
    /// The documented fires in the window.
    pub(crate) documented: &'a [i64],
    /// How many documented fires were asked for (`documented` is shorter when they end).
    pub(crate) documented_count: usize,
}

fn dow_field(raw: &str) -> Option<&str> {
    raw.split_whitespace().nth(5)
}

/// Computes all warnings for one schedule.
pub(crate) fn compute_warnings(input: &WarningInput<'_>) -> Vec<Warning> {
    let mut out = Vec::new();
    let f = input.frequency;
    if let Some(e) = input.agent_error {
        let reported = if e.kind.is_reported() {
            "the agent reports the task as invalid"
        } else {
            "the agent only logs it and nothing is reported"
        };
        out.push(Warning::new(
            WarningCode::AgentNeverFires,
            format!(
                "The API accepts this schedule but the agent never fires it ({}: {}); {reported}.",
                e.kind, e.message
            ),
            None,
        ));
    }
    if f.kind == FrequencyKind::Cron {
        cron_text_warnings(input, &mut out);
        dialect_warning(input, &mut out);
        dst_warnings(input, &mut out);
        expiry_warning(input, &mut out);
    }
    if f.kind == FrequencyKind::At {
        at_warning(input, &mut out);
    }
    timeout_warning(input, &mut out);
    out
}

fn cron_text_warnings(input: &WarningInput<'_>, out: &mut Vec<Warning>) {
    let fields: Vec<&str> = input.raw.split_whitespace().collect();
    let dow = dow_field(input.raw).unwrap_or_default();
    let lower = dow.to_ascii_lowercase();
    let entries: Vec<&str> = lower.split(',').filter(|e| !e.is_empty()).collect();
    let ends_at_sunday = entries.iter().any(|e| {
        let range = e.split('/').next().unwrap_or("");
        range
            .split_once('-')
            .is_some_and(|(_, end)| matches!(end, "7" | "07" | "sun" | "sunday"))
    });
    if ends_at_sunday {
        out.push(Warning::new(
            WarningCode::DowRangeToSunday,
            format!(
                "Day-of-week `{dow}`: the agent turns 7/SUN into 0 before building a range, so a \
                 range ending at Sunday is empty (`MON-SUN` never matches, `0-7` is Sunday only). \
                 Write `*`, or list Sunday separately (e.g. `1-6,0`)."
            ),
            None,
        ));
    }
    let padded = entries.iter().any(|e| {
        e.split(['-', '/', '#'])
            .any(|t| t.len() == 2 && t.starts_with('0') && t.as_bytes()[1].is_ascii_digit())
            || e.strip_suffix('l')
                .is_some_and(|t| t.len() == 2 && t.starts_with('0'))
    });
    if padded {
        out.push(Warning::new(
            WarningCode::DowZeroPadded,
            format!(
                "Day-of-week `{dow}`: the agent reads every zero-padded weekday (`00`–`07`) as \
                 Sunday. Write weekdays without a leading zero."
            ),
            None,
        ));
    }
    if dow.bytes().any(|b| b.is_ascii_digit()) {
        out.push(Warning::new(
            WarningCode::QuartzWeekdays,
            format!(
                "Numeric weekdays here are 1 = Monday … 7 = Sunday (0 is also Sunday). Quartz and \
                 AWS count 1 = Sunday … 7 = Saturday, so `{dow}` copied from there runs one day \
                 later than intended; weekday names (MON-FRI) avoid the ambiguity."
            ),
            None,
        ));
    }
    if fields.get(4) == Some(&"?") || fields.get(2) == Some(&"?") {
        out.push(Warning::new(
            WarningCode::AwsDialect,
            "This looks like an AWS EventBridge cron (minutes first, `?` in day-of-month or \
             day-of-week). RunCommand cron starts with seconds: `<sec> <min> <hour> <dom> <month> \
             <dow>`, so every field here is shifted by one place."
                .to_string(),
            None,
        ));
    }
    if input.frequency.zone.is_none() {
        out.push(Warning::new(
            WarningCode::InstanceLocalZone,
            format!(
                "No time zone in the expression: it runs in each instance's local zone ({}), not \
                 UTC. Add a zone (e.g. `Asia/Shanghai` or `UTC`) to pin it.",
                input.instance_zone.name()
            ),
            None,
        ));
    }
}

fn dialect_warning(input: &WarningInput<'_>, out: &mut Vec<Warning>) {
    let Some(plan) = input.agent_cron else {
        return;
    };
    // The same fields read the same way: the agent's reading is the documented list itself.
    let same_fields = input.frequency.cron.as_ref() == Some(&plan.spec);
    if same_fields && input.documented.len() == input.documented_count {
        return;
    }
    let agent_ideal = ideal_fires(&plan.spec, input.zone, input.now_ms, input.documented.len());
    if agent_ideal != input.documented {
        let first_diff = agent_ideal
            .iter()
            .zip(input.documented)
            .find(|(a, d)| a != d)
            .map(|(a, d)| (*a).min(*d))
            .or_else(|| input.documented.get(agent_ideal.len()).copied());
        out.push(Warning::new(
            WarningCode::DialectDiffers,
            "The agent's cron library reads this expression differently from the documentation \
             (weekday numbering); its runs differ from the documented ones."
                .to_string(),
            first_diff,
        ));
    }
}

fn dst_warnings(input: &WarningInput<'_>, out: &mut Vec<Warning>) {
    let (Some(plan), Some(&last)) = (input.agent_cron, input.fires.last()) else {
        return;
    };
    let zone = input.zone;
    if input.end == Some(EndReason::NegativeWait) {
        out.push(Warning::new(
            WarningCode::DstStops,
            format!(
                "The agent stops firing for good after the run at {}: the next time falls in a \
                 DST gap and is normalised to a moment already past, so the timer loop exits \
                 silently (until the agent restarts).",
                local_text(zone, last)
            ),
            Some(last),
        ));
    }
    if !zone.has_transitions() {
        return;
    }
    let ideal = ideal_fires(&plan.spec, zone, input.now_ms, input.fires.len() * 2 + 4);
    for i in missing_from(&ideal, input.fires).filter(|i| *i <= last) {
        out.push(Warning::new(
            WarningCode::DstSkipped,
            format!(
                "No run at {}: this wall time occurs twice when DST ends and the agent runs \
                 only one of them.",
                local_text(zone, i)
            ),
            Some(i),
        ));
    }
    for a in missing_from(input.fires, &ideal) {
        if ideal.last().is_some_and(|l| a <= *l) {
            out.push(Warning::new(
                WarningCode::DstShifted,
                format!(
                    "The run at {} is a time the expression does not name: the named wall time \
                     does not exist (DST gap) and the agent moves it.",
                    local_text(zone, a)
                ),
                Some(a),
            ));
        }
    }
    // An instant's wall time read as UTC is the instant plus its offset.
    let mut memo = OffsetMemo::default();
    let mut wall_secs = |ms: i64| {
        let secs = ms.div_euclid(1000);
        secs.saturating_add(i64::from(memo.offset_at(zone, secs)))
    };
    for pair in input.fires.windows(2) {
        if let [a, b] = pair {
            let (wa, wb) = (wall_secs(*a), wall_secs(*b));
            if wb <= wa {
                out.push(Warning::new(
                    WarningCode::DstDoubled,
                    format!(
                        "Runs at {} and {} repeat the same local time (DST).",
                        local_text(zone, *a),
                        local_text(zone, *b)
                    ),
                    Some(*b),
                ));
            }
        }
    }
}

/// The items of `items` that `other` lacks, in order (both ascending, without repeats): one
/// merge walk instead of a search per item.
fn missing_from<'a>(items: &'a [i64], other: &'a [i64]) -> impl Iterator<Item = i64> + 'a {
    let mut rest = other.iter().copied().peekable();
    items.iter().copied().filter(move |item| {
        while rest.next_if(|o| o < item).is_some() {}
        rest.peek() != Some(item)
    })
}

fn expiry_warning(input: &WarningInput<'_>, out: &mut Vec<Warning>) {
    let last_year = input.frequency.cron.as_ref().and_then(|c| c.last_year());
    if input.end == Some(EndReason::NoNextRun) {
        let last = input.fires.last().copied();
        out.push(Warning::new(
            WarningCode::Expires,
            format!(
                "The schedule ends: no run is left after {} (years end at {}). The agent then \
                 reports the task completed.",
                last.map_or_else(|| "now".to_string(), |l| local_text(input.zone, l)),
                last_year.unwrap_or(2099)
            ),
            last,
        ));
    } else if let Some(y) = last_year.filter(|y| *y < 2099) {
        out.push(Warning::new(
            WarningCode::Expires,
            format!("The year field ends in {y}: no run after {y}; the task then completes."),
            None,
        ));
    }
}

fn at_warning(input: &WarningInput<'_>, out: &mut Vec<Warning>) {
    let Some(at_ms) = input.frequency.at_ms else {
        return;
    };
    let zone = input.zone;
    let wall = wall_as_utc_secs(&zone.wall_of(at_ms.div_euclid(1000)));
    let inner = super::at::strip_at(input.raw);
    let named = inner
        .split(' ')
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['-', ':', ' '], "");
    let actual = local_text(zone, at_ms)
        .get(..19)
        .unwrap_or("")
        .replace(['-', ':', ' '], "");
    let count = wall_instants(zone, wall).count();
    if named != actual || count > 1 {
        out.push(Warning::new(
            WarningCode::AtDstAmbiguous,
            format!(
                "The at() time is in a DST gap or overlap of {}; it was taken as {} ({}).",
                zone.name(),
                local_text(zone, at_ms),
                format_rfc3339_ms(at_ms)
            ),
            Some(at_ms),
        ));
    }
}

fn timeout_warning(input: &WarningInput<'_>, out: &mut Vec<Warning>) {
    let timeout_ms = input.timeout_secs.saturating_mul(1000);
    for pair in input.fires.windows(2) {
        if let [a, b] = pair {
            if b - a < timeout_ms {
                out.push(Warning::new(
                    WarningCode::IntervalBelowTimeout,
                    format!(
                        "The runs at {} and {} are {} s apart, less than Timeout ({} s): if the \
                         first is still running the agent silently skips the second.",
                        format_rfc3339_ms(*a),
                        format_rfc3339_ms(*b),
                        (b - a) / 1000,
                        input.timeout_secs
                    ),
                    Some(*b),
                ));
                return;
            }
        }
    }
}
