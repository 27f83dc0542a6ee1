//! The cron field grammar of the agent's forked `cronexpr` library, parsed into bitsets.
//!
//! One parser serves both layers: [`Dialect::Agent`] reproduces the agent exactly (including
//! its day-of-week bugs), [`Dialect::Documented`] reads day-of-week as the API documentation
//! describes it (1 = Monday … 7 = Sunday, ranges ending at 7 include Sunday, `05` = Friday).

/// How to read the day-of-week field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The agent 2.x.578: 7 maps to 0 before ranges are built; `00`–`07` all mean Sunday.
    Agent,
    /// The API documentation: 1–7 = Monday–Sunday (0 also Sunday), zero padding allowed.
    Documented,
}

/// The day-of-month field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DomSpec {
    /// False when an entry is `*` or `?`.
    pub restricted: bool,
    /// Plain days (bit n = day n).
    pub days: u32,
    /// `nW` entries (bit n = day n).
    pub workdays: u32,
    /// `L` present.
    pub last: bool,
    /// `LW` present.
    pub last_workday: bool,
}

/// The day-of-week field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DowSpec {
    /// False when an entry is `*` or `?`.
    pub restricted: bool,
    /// Plain weekdays (bit 0 = Sunday … bit 6 = Saturday).
    pub days: u8,
    /// `d#k` entries: bit `(k−1)·7 + d`.
    pub nth: u64,
    /// `dL` entries (bit d).
    pub last: u8,
}

/// Number of years the library knows (1970–2099).
pub const YEAR_COUNT: usize = 130;
/// First year of the library's range.
pub const YEAR_MIN: i32 = 1970;
/// Last year of the library's range.
pub const YEAR_MAX: i32 = 2099;

/// A parsed seconds-first, 7-field cron expression (year last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronSpec {
    /// Seconds (bits 0–59).
    pub seconds: u64,
    /// Minutes (bits 0–59).
    pub minutes: u64,
    /// Hours (bits 0–23).
    pub hours: u32,
    /// Months (bits 1–12).
    pub months: u16,
    /// Years: bit `y − 1970` across three words.
    pub years: [u64; 3],
    /// Day of month.
    pub dom: DomSpec,
    /// Day of week.
    pub dow: DowSpec,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Second,
    Minute,
    Hour,
    Dom,
    Month,
    Dow,
    Year,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Self::Second => "second",
            Self::Minute => "minute",
            Self::Hour => "hour",
            Self::Dom => "day-of-month",
            Self::Month => "month",
            Self::Dow => "day-of-week",
            Self::Year => "year",
        }
    }

    fn min_max(self) -> (u32, u32) {
        match self {
            Self::Second | Self::Minute => (0, 59),
            Self::Hour => (0, 23),
            Self::Dom => (1, 31),
            Self::Month => (1, 12),
            Self::Dow => (0, 6),
            Self::Year => (YEAR_MIN as u32, YEAR_MAX as u32),
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const DAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Plain number with at most one leading zero for single digits ("7", "07", "59").
fn small_number(s: &str, max: u32) -> Option<u32> {
    if !digits(s) || s.len() > 2 {
        return None;
    }
    if s.len() == 2 && s.starts_with('0') {
        return s[1..].parse().ok();
    }
    s.parse().ok().filter(|v| *v <= max)
}

fn name_index(s: &str, names: &[&str]) -> Option<usize> {
    names
        .iter()
        .position(|full| s == *full || (s.len() == 3 && full.starts_with(s)))
}

/// Matches a value token of `field` (already lower-case) and returns its value as the
/// library's `atoi` table gives it; `None` when the token does not match the value pattern.
fn value_of(field: Field, s: &str, dialect: Dialect) -> Option<u32> {
    match field {
        Field::Second | Field::Minute => small_number(s, 59),
        Field::Hour => small_number(s, 23),
        Field::Dom => small_number(s, 31).filter(|v| *v >= 1),
        Field::Month => match small_number(s, 12) {
            Some(v) if v >= 1 => Some(v),
            Some(_) => None,
            None => name_index(s, &MONTHS).map(|i| i as u32 + 1),
        },
        Field::Dow => {
            if digits(s) && s.len() <= 2 {
                let v = small_number(s, 7)?;
                if v > 7 {
                    return None;
                }
                match dialect {
                    // The agent's token table has no `00`–`07`: they look up 0 (Sunday),
                    // and 7 becomes 0 before any range is built.
                    Dialect::Agent if s.len() == 2 => Some(0),
                    Dialect::Agent => Some(v % 7),
                    Dialect::Documented => Some(v),
                }
            } else {
                name_index(s, &DAYS).map(|i| i as u32)
            }
        }
        Field::Year => {
            if s.len() == 4 && digits(s) {
                s.parse::<u32>()
                    .ok()
                    .filter(|y| (YEAR_MIN as u32..=YEAR_MAX as u32).contains(y))
            } else {
                None
            }
        }
    }
}

/// The library's `atoi` for step tokens: "0"–"59", "00"–"09" and years; anything else is 0.
fn step_of(s: &str) -> u32 {
    if let Some(v) = small_number(s, 59) {
        return v;
    }
    if s.len() == 4 {
        if let Some(y) = value_of(Field::Year, s, Dialect::Agent) {
            return y;
        }
    }
    0
}

#[derive(Debug, Clone, Copy)]
enum Directive<'a> {
    All,
    One(u32),
    Span(u32, u32, u32),
    Other(&'a str),
}

/// Splits a field on commas (empty entries ignored) and classifies each entry, failing on a
/// bad step as the library does before any syntax check.
fn parse_entries<'a>(
    field: Field,
    text: &'a str,
    lower: &'a str,
    dialect: Dialect,
) -> Result<Vec<(Directive<'a>, &'a str)>, String> {
    let (min, max) = field.min_max();
    let mut out = Vec::new();
    let mut offset = 0;
    for entry in lower.split(',') {
        let original = text.get(offset..offset + entry.len()).unwrap_or(entry);
        offset += entry.len() + 1;
        if entry.is_empty() {
            continue;
        }
        if entry == "*" || entry == "?" {
            out.push((Directive::All, original));
            continue;
        }
        if let Some(v) = value_of(field, entry, dialect) {
            out.push((Directive::One(v), original));
            continue;
        }
        let (body, step) = match entry.split_once('/') {
            Some((b, s)) if digits(s) => (b, Some(s)),
            _ => (entry, None),
        };
        let check_step = |s: &str| -> Result<u32, String> {
            let step = step_of(s);
            if step < 1 || step > max {
                Err(format!("invalid interval {entry}"))
            } else {
                Ok(step)
            }
        };
        let range = body.split_once('-').and_then(|(a, b)| {
            let (a, b) = (value_of(field, a, dialect)?, value_of(field, b, dialect)?);
            // Documented reading: a range ending at SUN ends at 7 (Sunday after Saturday).
            let documented_sunday_end = dialect == Dialect::Documented && field == Field::Dow;
            Some((
                a,
                if documented_sunday_end && b == 0 && a > 0 {
                    7
                } else {
                    b
                },
            ))
        });
        match (range, step) {
            (Some((a, b)), None) => out.push((Directive::Span(a, b, 1), original)),
            (Some((a, b)), Some(s)) => out.push((Directive::Span(a, b, check_step(s)?), original)),
            (None, Some(s)) if body == "*" => {
                out.push((Directive::Span(min, max, check_step(s)?), original))
            }
            (None, Some(s)) => match value_of(field, body, dialect) {
                Some(v) => out.push((Directive::Span(v, max, check_step(s)?), original)),
                None => out.push((Directive::Other(entry), original)),
            },
            (None, None) => out.push((Directive::Other(entry), original)),
        }
    }
    if out.is_empty() {
        return Err(format!("{} field: missing directive", field.name()));
    }
    Ok(out)
}

fn span_bits(a: u32, b: u32, step: u32, mut set: impl FnMut(u32)) {
    let mut i = a;
    while i <= b {
        set(i);
        i = match i.checked_add(step.max(1)) {
            Some(n) => n,
            None => break,
        };
    }
}

/// The library's generic field handler: values as a bitset (bit = value − `base`).
fn generic_field(field: Field, text: &str, dialect: Dialect) -> Result<u128, String> {
    let lower = text.to_ascii_lowercase();
    let entries = parse_entries(field, text, &lower, dialect)?;
    let (min, max) = field.min_max();
    let base = if field == Field::Year { min } else { 0 };
    let mut bits = 0u128;
    for (directive, original) in entries {
        match directive {
            Directive::All => {
                let mut all = 0u128;
                span_bits(min, max, 1, |v| all |= 1u128 << (v - base));
                return Ok(all);
            }
            Directive::One(v) => bits |= 1u128 << (v - base),
            Directive::Span(a, b, s) => span_bits(a, b, s, |v| {
                if v >= base && v - base < 128 {
                    bits |= 1u128 << (v - base)
                }
            }),
            Directive::Other(_) => {
                return Err(format!(
                    "syntax error in {} field: '{}'",
                    field.name(),
                    original
                ))
            }
        }
    }
    Ok(bits)
}

fn year_field(text: &str) -> Result<[u64; 3], String> {
    let lower = text.to_ascii_lowercase();
    let entries = parse_entries(Field::Year, text, &lower, Dialect::Agent)?;
    let mut years = [0u64; 3];
    let mut set = |y: u32| {
        let i = y as usize - YEAR_MIN as usize;
        if let Some(word) = years.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    };
    for (directive, original) in entries {
        match directive {
            Directive::All => {
                span_bits(YEAR_MIN as u32, YEAR_MAX as u32, 1, &mut set);
                return Ok(years);
            }
            Directive::One(v) => set(v),
            Directive::Span(a, b, s) => span_bits(a, b.min(YEAR_MAX as u32), s, &mut set),
            Directive::Other(_) => {
                return Err(format!("syntax error in year field: '{original}'"));
            }
        }
    }
    Ok(years)
}

fn dom_field(text: &str) -> Result<DomSpec, String> {
    let lower = text.to_ascii_lowercase();
    let entries = parse_entries(Field::Dom, text, &lower, Dialect::Agent)?;
    let mut dom = DomSpec {
        restricted: true,
        ..DomSpec::default()
    };
    for (directive, _) in entries {
        match directive {
            Directive::All => dom.restricted = false,
            Directive::One(v) => dom.days |= 1 << v,
            Directive::Span(a, b, s) => span_bits(a, b, s, |v| dom.days |= 1 << v),
            Directive::Other(e) => {
                if e == "l" {
                    dom.last = true;
                } else if e == "lw" {
                    dom.last_workday = true;
                } else if let Some(v) = e
                    .strip_suffix('w')
                    .and_then(|n| value_of(Field::Dom, n, Dialect::Agent))
                {
                    dom.workdays |= 1 << v;
                } else {
                    return Err(format!("syntax error in day-of-month field: '{e}'"));
                }
            }
        }
    }
    Ok(dom)
}

fn dow_field(text: &str, dialect: Dialect) -> Result<DowSpec, String> {
    let lower = text.to_ascii_lowercase();
    let entries = parse_entries(Field::Dow, text, &lower, dialect)?;
    let mut dow = DowSpec {
        restricted: true,
        ..DowSpec::default()
    };
    for (directive, original) in entries {
        match directive {
            Directive::All => dow.restricted = false,
            Directive::One(v) => dow.days |= 1 << (v % 7),
            Directive::Span(a, b, s) => span_bits(a, b, s, |v| dow.days |= 1 << (v % 7)),
            Directive::Other(e) => {
                if let Some(v) = e
                    .strip_suffix('l')
                    .and_then(|d| value_of(Field::Dow, d, dialect))
                {
                    dow.last |= 1 << (v % 7);
                } else if let Some((d, k)) = e.split_once('#').and_then(|(d, k)| {
                    let k = match k {
                        "1" | "2" | "3" | "4" | "5" => k.parse::<u32>().ok()?,
                        _ => return None,
                    };
                    Some((value_of(Field::Dow, d, dialect)?, k))
                }) {
                    dow.nth |= 1 << ((k - 1) * 7 + d % 7);
                } else {
                    return Err(format!("syntax error in day-of-week field: '{original}'"));
                }
            }
        }
    }
    Ok(dow)
}

impl CronSpec {
    /// Parses seven fields (second, minute, hour, day-of-month, month, day-of-week, year) in
    /// the library's order; the error is the library's message for the first bad field.
    pub fn parse(fields: [&str; 7], dialect: Dialect) -> Result<Self, String> {
        let [sec, min, hour, dom, month, dow, year] = fields;
        let seconds = generic_field(Field::Second, sec, dialect)? as u64;
        let minutes = generic_field(Field::Minute, min, dialect)? as u64;
        let hours = generic_field(Field::Hour, hour, dialect)? as u32;
        let dom = dom_field(dom)?;
        let months = generic_field(Field::Month, month, dialect)? as u16;
        let dow = dow_field(dow, dialect)?;
        let years = year_field(year)?;
        Ok(Self {
            seconds,
            minutes,
            hours,
            months,
            years,
            dom,
            dow,
        })
    }

    /// The smallest allowed year ≥ `y`, if any.
    #[inline]
    pub fn year_at_or_after(&self, y: i32) -> Option<i32> {
        let start = if y < YEAR_MIN {
            0
        } else {
            (y - YEAR_MIN) as usize
        };
        let mut i = start;
        while i < YEAR_COUNT {
            let word = self.years.get(i / 64).copied().unwrap_or(0) >> (i % 64);
            if word != 0 {
                let found = i + word.trailing_zeros() as usize;
                return (found < YEAR_COUNT).then_some(YEAR_MIN + found as i32);
            }
            i = (i / 64 + 1) * 64;
        }
        None
    }

    /// The largest allowed year, if any.
    pub fn last_year(&self) -> Option<i32> {
        (0..YEAR_COUNT)
            .rev()
            .find(|i| {
                self.years
                    .get(i / 64)
                    .is_some_and(|w| w >> (i % 64) & 1 == 1)
            })
            .map(|i| YEAR_MIN + i as i32)
    }

    /// Whether any year before 2099 is excluded after the first allowed one (a year list).
    pub fn all_years(&self) -> bool {
        self.year_at_or_after(YEAR_MIN) == Some(YEAR_MIN) && self.last_year() == Some(YEAR_MAX)
    }

    /// The days of `month` of `year` that match (bit n = day n): the library's
    /// `calculateActualDaysOfMonth`, with the DoM/DoW OR rule.
    #[inline]
    pub fn actual_days(&self, year: i32, month: u32) -> u32 {
        use super::civil::{days_in_month, weekday};
        let last = days_in_month(year, month);
        let month_mask = ((1u64 << (last + 1)) - 2) as u32;
        if !self.dom.restricted && !self.dow.restricted {
            return month_mask;
        }
        let mut mask = 0u32;
        if self.dom.restricted {
            let last_wd = weekday(year, month, last);
            if self.dom.last {
                mask |= 1 << last;
            }
            if self.dom.last_workday {
                mask |= 1 << workday(last, last_wd, last);
            }
            mask |= self.dom.days & month_mask;
            let mut w = self.dom.workdays & month_mask;
            if w != 0 {
                let first_wd = weekday(year, month, 1);
                while w != 0 {
                    let d = w.trailing_zeros();
                    w &= w - 1;
                    mask |= 1 << workday(d, (first_wd + d - 1) % 7, last);
                }
            }
        }
        if self.dow.restricted {
            let first_wd = weekday(year, month, 1);
            let offset = 7 - first_wd;
            let mut days = self.dow.days;
            while days != 0 {
                let v = days.trailing_zeros();
                days &= days - 1;
                let first = (offset + v) % 7 + 1;
                let mut d = first;
                while d <= last {
                    mask |= 1 << d;
                    d += 7;
                }
            }
            let mut nth = self.dow.nth;
            while nth != 0 {
                let v = nth.trailing_zeros();
                nth &= nth - 1;
                let d = 1 + 7 * (v / 7) + (offset + v) % 7;
                if d <= last {
                    mask |= 1 << d;
                }
            }
            let mut lasts = self.dow.last;
            if lasts != 0 {
                let origin = last - 6;
                let origin_offset = 7 - (first_wd + origin - 1) % 7;
                while lasts != 0 {
                    let v = u32::from(lasts.trailing_zeros() as u8);
                    lasts &= lasts - 1;
                    let d = origin + (origin_offset + v) % 7;
                    if d <= last {
                        mask |= 1 << d;
                    }
                }
            }
        }
        mask
    }
}

/// The weekday nearest day `dom` (weekday `wd`, 0 = Sunday) without leaving the month.
fn workday(dom: u32, wd: u32, last: u32) -> u32 {
    match wd {
        6 if dom > 1 => dom - 1,
        6 => dom + 2,
        0 if dom < last => dom + 1,
        0 => dom - 2,
        _ => dom,
    }
}

/// The first set bit of `mask` at position ≥ `from`.
#[inline]
pub fn first_at_or_after(mask: u64, from: u32) -> Option<u32> {
    if from >= 64 {
        return None;
    }
    let m = mask >> from;
    (m != 0).then(|| from + m.trailing_zeros())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<CronSpec, String> {
        let f: Vec<&str> = s.split_whitespace().collect();
        CronSpec::parse(f.try_into().unwrap(), Dialect::Agent)
    }

    #[test]
    fn grammar_basics() {
        let c = p("0 0/40 9-17 * * ? *").unwrap();
        assert_eq!(c.minutes, 1 | 1 << 40);
        assert_eq!(c.hours, 0b11_1111_1110_0000_0000);
        assert_eq!(p("07 * * * * * *").unwrap().seconds, 1 << 7);
        assert!(p("007 * * * * * *").is_err());
        assert!(p("60 * * * * * *").is_err());
        assert_eq!(p("1,* * * * * * *").unwrap().seconds, (1 << 60) - 1);
        assert_eq!(p(",1,,2 * * * * * *").unwrap().seconds, 0b110);
        assert_eq!(
            p("* * * * 01,sep,DECEMBER * *").unwrap().months,
            1 << 1 | 1 << 9 | 1 << 12
        );
    }

    #[test]
    fn step_limits() {
        for bad in ["*/60", "*/61", "2/60", "2-20/61", "5/0"] {
            let e = p(&format!("{bad} * * * * * *")).unwrap_err();
            assert!(e.starts_with("invalid interval"), "{bad}: {e}");
        }
        assert!(p("0 0 */24 * * * *").is_err());
        assert!(p("0 0 0 */32 * * *").is_err());
        assert!(p("0 0 0 * */13 * *").is_err());
        assert!(p("0 0 0 * * */7 *").is_err());
        assert_eq!(p("0 0 0 * * */2 *").unwrap().dow.days, 0b101_0101);
        assert!(p("0 0 0 * * * */60").is_err());
        assert!(p("0 0 0 * * * */2").is_ok());
    }

    #[test]
    fn day_of_week_bugs() {
        assert_eq!(p("0 0 0 ? * 1-7 *").unwrap().dow.days, 0);
        assert_eq!(p("0 0 0 ? * MON-SUN *").unwrap().dow.days, 0);
        assert_eq!(p("0 0 0 ? * 0-7 *").unwrap().dow.days, 1);
        assert_eq!(p("0 0 0 ? * 05 *").unwrap().dow.days, 1);
        assert_eq!(p("0 0 0 ? * 6,7 *").unwrap().dow.days, 1 | 1 << 6);
        assert!(p("0 0 0 ? * 08 *").is_err());
        assert!(p("0 0 0 ? * L *").is_err());
        assert!(p("0 0 0 ? * 1#6 *").is_err());
        let f: Vec<&str> = "0 0 0 ? * MON-SUN *".split(' ').collect();
        let doc = CronSpec::parse(f.try_into().unwrap(), Dialect::Documented).unwrap();
        assert_eq!(doc.dow.days, 0x7f);
    }

    #[test]
    fn special_day_entries() {
        assert!(p("0 0 0 1-5W * ? *").is_err());
        assert!(p("0 0 0 L-3 * ? *").is_err());
        assert!(p("0 0 0 L,15 * ? *").is_ok());
        assert!(p("0 0 0 ? * 1#1,5L *").is_ok());
        // 2024-02: last day 29 (Thu); LW = 29; 1W: Thu 1st.
        let c = p("0 0 0 LW * ? *").unwrap();
        assert_eq!(c.actual_days(2024, 2), 1 << 29);
        // 2013-09-01 is a Sunday: 1W → Monday 2nd; 2013-06-01 Saturday: 1W → Monday 3rd.
        let c = p("0 0 0 1W * ? *").unwrap();
        assert_eq!(c.actual_days(2013, 9), 1 << 2);
        assert_eq!(c.actual_days(2013, 6), 1 << 3);
    }
}
