//! The limits phase as one table: each row names a field, what is measured, the most the API
//! allows and the error code. Every measure is a length or a count read in linear time, and the
//! rows are checked in one pass, in the table's (documented) order.
//!
//! The same table screens a request before any per-item work ([`beyond_count_or_size`]): the
//! rows that bound the work (counts and the content size) need nothing but the request.

use std::ops::Range;

use crate::sim::error::{ApiError, ApiErrorCode as C};
use crate::sim::request::RunCommandRequest;
use crate::sim::template::{self, PlaceholderKind, TemplateScan};

use super::formats::{size_meter, SizeMeter};
use super::{
    Phase, Problem, CONTENT_LIMIT_KEEP, CONTENT_LIMIT_NO_KEEP, MAX_DESCRIPTION_CHARS,
    MAX_INSTANCES, MAX_LAUNCHER_BYTES, MAX_NAME_CHARS, MAX_PARAMETER_KEY_CHARS,
    MAX_PARAMETER_PAIRS, MAX_TAGS, MAX_TIMEOUT_SECS, MAX_USERNAME_CHARS, MAX_WORKING_DIR_CHARS,
};

/// What the limits are measured on.
pub(crate) struct Subject<'a> {
    /// The request.
    pub(crate) req: &'a RunCommandRequest,
    /// The effective Timeout, when it is a whole number ≥ 0.
    pub(crate) timeout: Option<i64>,
    /// The content's placeholders (`None` before the content is scanned).
    pub(crate) scan: Option<&'a TemplateScan>,
    /// The content size, when the content decodes.
    pub(crate) size: Option<SizeMeter>,
}

impl<'a> Subject<'a> {
    /// The request alone, before any scan: what [`beyond_count_or_size`] needs.
    pub(crate) fn unscanned(req: &'a RunCommandRequest) -> Self {
        Self {
            req,
            timeout: req.timeout_secs().ok().filter(|t| *t >= 0),
            scan: None,
            size: size_meter(req),
        }
    }

    /// The placeholders, when the content was scanned and EnableParameter is on.
    fn enabled_scan(&self) -> Option<&'a TemplateScan> {
        self.scan.filter(|_| self.req.enable_parameter())
    }
}

/// One measured item of a list (a `Parameters` key, a placeholder name).
struct Item<'s> {
    /// The pair index, for a list field.
    index: Option<usize>,
    /// The item's name, shown in the problem.
    name: &'s str,
    /// Its byte span in the decoded content, for placeholders.
    span: Option<Range<usize>>,
    /// The measure.
    measured: u64,
}

/// How a row measures the request.
enum Measure {
    /// One number for the whole request (`None`: nothing to measure).
    Whole(fn(&Subject) -> Option<u64>),
    /// One number per item of a list.
    Each(for<'s> fn(&'s Subject<'s>) -> Box<dyn Iterator<Item = Item<'s>> + 's>),
}

/// One row of the table.
struct Limit {
    /// The field, spelled as the SDK does.
    field: &'static str,
    /// What is measured.
    measure: Measure,
    /// The unit of the measure, in the problem's detail.
    unit: &'static str,
    /// The most allowed.
    max: u64,
    /// The API error beyond it.
    code: C,
    /// A count or a size: beyond it, the request is refused before any per-item work.
    bounds_work: bool,
}

fn chars(s: &Option<String>) -> Option<u64> {
    s.as_deref().map(|s| s.chars().count() as u64)
}

fn count(n: usize) -> Option<u64> {
    Some(n as u64)
}

fn parameter_keys<'s>(s: &'s Subject<'s>) -> Box<dyn Iterator<Item = Item<'s>> + 's> {
    Box::new(
        s.req
            .parameter_pairs()
            .iter()
            .enumerate()
            .map(|(i, (k, _))| Item {
                index: Some(i),
                name: k,
                span: None,
                measured: k.chars().count() as u64,
            }),
    )
}

fn placeholder_names<'s>(s: &'s Subject<'s>) -> Box<dyn Iterator<Item = Item<'s>> + 's> {
    let placeholders = s.enabled_scan().map_or(&[][..], |scan| &scan.placeholders);
    Box::new(
        placeholders
            .iter()
            .filter(|p| p.kind == PlaceholderKind::Custom)
            .map(|p| Item {
                index: None,
                name: &p.name,
                span: Some(p.span.clone()),
                measured: p.name.len() as u64,
            }),
    )
}

fn content_size(s: &Subject, limit: usize) -> Option<u64> {
    s.size
        .filter(|m| m.limit == limit)
        .map(|m| m.measured as u64)
}

/// The limits, in the order they are checked.
const LIMITS: [Limit; 16] = [
    Limit {
        field: "Name",
        measure: Measure::Whole(|s| chars(&s.req.name)),
        unit: "characters",
        max: MAX_NAME_CHARS as u64,
        code: C::CmdNameExceedLimit,
        bounds_work: false,
    },
    Limit {
        field: "Description",
        measure: Measure::Whole(|s| chars(&s.req.description)),
        unit: "characters",
        max: MAX_DESCRIPTION_CHARS as u64,
        code: C::CmdDescExceedLimit,
        bounds_work: false,
    },
    Limit {
        field: "WorkingDir",
        measure: Measure::Whole(|s| chars(&s.req.working_dir)),
        unit: "characters",
        max: MAX_WORKING_DIR_CHARS as u64,
        code: C::InvalidParameterWorkingDir,
        bounds_work: false,
    },
    Limit {
        field: "Username",
        measure: Measure::Whole(|s| chars(&s.req.username)),
        unit: "characters",
        max: MAX_USERNAME_CHARS as u64,
        code: C::UsernameExceedLimit,
        bounds_work: false,
    },
    Limit {
        field: "WindowsPasswordName",
        measure: Measure::Whole(|s| chars(&s.req.windows_password_name)),
        unit: "characters",
        max: MAX_USERNAME_CHARS as u64,
        code: C::WindowsPasswordNameExceedLimit,
        bounds_work: false,
    },
    Limit {
        field: "Launcher",
        measure: Measure::Whole(|s| s.req.launcher.as_deref().map(|l| l.len() as u64)),
        unit: "bytes",
        max: MAX_LAUNCHER_BYTES as u64,
        code: C::InvalidLauncherLengthLimitExceeded,
        bounds_work: false,
    },
    Limit {
        field: "Timeout",
        measure: Measure::Whole(|s| s.timeout.and_then(|t| u64::try_from(t).ok())),
        unit: "seconds",
        max: MAX_TIMEOUT_SECS as u64,
        code: C::InvalidTimeoutExceedLimit,
        bounds_work: false,
    },
    Limit {
        field: "InstanceId",
        measure: Measure::Whole(|s| count(s.req.instance_ids().len())),
        unit: "instances",
        max: MAX_INSTANCES as u64,
        code: C::InstanceIdsExceedLimit,
        bounds_work: true,
    },
    Limit {
        field: "Tag",
        measure: Measure::Whole(|s| count(s.req.tags().len())),
        unit: "tags",
        max: MAX_TAGS as u64,
        code: C::NumberExceedTags,
        bounds_work: true,
    },
    Limit {
        field: "ResourceTag",
        measure: Measure::Whole(|s| count(s.req.resource_tags().len())),
        unit: "resource tags",
        max: MAX_TAGS as u64,
        code: C::NumberExceedResourceTags,
        bounds_work: true,
    },
    Limit {
        field: "Parameters",
        measure: Measure::Whole(|s| count(s.req.parameter_pairs().len())),
        unit: "pairs",
        max: MAX_PARAMETER_PAIRS as u64,
        code: C::ParameterCountExceedLimit,
        bounds_work: true,
    },
    Limit {
        field: "Parameters",
        measure: Measure::Each(parameter_keys),
        unit: "characters",
        max: MAX_PARAMETER_KEY_CHARS as u64,
        code: C::ParameterKeyExceedLimit,
        bounds_work: false,
    },
    Limit {
        field: "CommandContent",
        measure: Measure::Whole(|s| {
            s.enabled_scan()
                .map(|scan| scan.custom_names().len() as u64)
        }),
        unit: "distinct parameters",
        max: template::MAX_CUSTOM_NAMES as u64,
        code: C::CmdParamCountExceedLimit,
        bounds_work: false,
    },
    Limit {
        field: "CommandContent",
        measure: Measure::Each(placeholder_names),
        unit: "bytes",
        max: template::MAX_NAME_BYTES as u64,
        code: C::CmdParamNameExceedLimit,
        bounds_work: false,
    },
    Limit {
        field: "CommandContent",
        measure: Measure::Whole(|s| content_size(s, CONTENT_LIMIT_KEEP)),
        unit: "Base64 bytes (KeepCommand=true)",
        max: CONTENT_LIMIT_KEEP as u64,
        code: C::CmdContentExceedLimit,
        bounds_work: true,
    },
    Limit {
        field: "CommandContent",
        measure: Measure::Whole(|s| content_size(s, CONTENT_LIMIT_NO_KEEP)),
        unit: "Base64 bytes",
        max: CONTENT_LIMIT_NO_KEEP as u64,
        code: C::CmdContentExceedLimit,
        bounds_work: true,
    },
];

fn problem(limit: &Limit, item: Item, whole: bool) -> Problem {
    let detail = if whole {
        format!("{} {} > {}", item.measured, limit.unit, limit.max)
    } else {
        format!(
            "`{}` is {} {} > {}",
            item.name, item.measured, limit.unit, limit.max
        )
    };
    Problem {
        phase: Phase::Limits,
        field: limit.field,
        index: item.index,
        sub: (!whole).then(|| item.name.to_string()),
        span: item.span,
        error: ApiError::new(limit.code),
        detail,
    }
}

/// Checks the rows that `keep` selects, in table order, in one pass.
fn check_rows(subject: &Subject, keep: fn(&Limit) -> bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    for limit in LIMITS.iter().filter(|l| keep(l)) {
        match &limit.measure {
            Measure::Whole(measure) => {
                if let Some(measured) = measure(subject).filter(|n| *n > limit.max) {
                    let item = Item {
                        index: None,
                        name: "",
                        span: None,
                        measured,
                    };
                    problems.push(problem(limit, item, true));
                }
            }
            Measure::Each(items) => problems.extend(
                items(subject)
                    .filter(|item| item.measured > limit.max)
                    .map(|item| problem(limit, item, false)),
            ),
        }
    }
    problems
}

/// Every limit problem of the request, in table order.
pub(crate) fn check(subject: &Subject) -> Vec<Problem> {
    check_rows(subject, |_| true)
}

/// The count and size limits the request is beyond (empty when within them): read from the
/// request alone, in time linear in its size, before any per-item work.
pub fn beyond_count_or_size(req: &RunCommandRequest) -> Vec<Problem> {
    check_rows(&Subject::unscanned(req), |l| l.bounds_work)
}
