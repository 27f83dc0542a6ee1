//! A schedule in words, in English and Chinese (e.g. "At 10:15:00, every day, in 2022,
//! Asia/Shanghai" / "每天 10:15:00，2022 年，时区 Asia/Shanghai").

use super::cron::{CronSpec, YEAR_MAX, YEAR_MIN};
use super::frequency::{ApiFrequency, FrequencyKind};
use super::wall::local_text;
use super::zone::ScheduleZone;
use crate::sim::time::format_rfc3339_ms;

/// A description in two languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

/// The shape of one field's values.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    All,
    One(u32),
    Step(u32, u32),
    Range(u32, u32),
    List(Vec<u32>),
    Nothing,
}

fn shape(values: &[u32], min: u32, max: u32) -> Shape {
    match values {
        [] => Shape::Nothing,
        [v] => Shape::One(*v),
        _ if values.len() as u32 == max - min + 1 => Shape::All,
        [a, b, ..] => {
            let step = b - a;
            let regular = values.windows(2).all(|w| w[1] - w[0] == step);
            let last = values[values.len() - 1];
            if regular && step == 1 {
                Shape::Range(*a, last)
            } else if regular && last + step > max {
                Shape::Step(*a, step)
            } else {
                Shape::List(values.to_vec())
            }
        }
    }
}

fn bits(mask: u128, min: u32, max: u32) -> Vec<u32> {
    (min..=max).filter(|v| mask >> v & 1 == 1).collect()
}

fn join(values: &[u32], f: impl Fn(u32) -> String, sep: &str) -> String {
    values.iter().map(|v| f(*v)).collect::<Vec<_>>().join(sep)
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS_EN: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const DAYS_ZH: [&str; 7] = [
    "星期日",
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
];

/// The name at `index` of a name table, `?` when out of range.
fn name_in(table: &[&str], index: usize) -> String {
    table.get(index).copied().unwrap_or("?").to_string()
}
fn month_en(m: u32) -> String {
    name_in(&MONTHS_EN, (m as usize).wrapping_sub(1))
}
fn day_en(d: u32) -> String {
    name_in(&DAYS_EN, d as usize % 7)
}
fn day_zh(d: u32) -> String {
    name_in(&DAYS_ZH, d as usize % 7)
}
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn time_part(spec: &CronSpec) -> (String, String) {
    let s = shape(&bits(u128::from(spec.seconds), 0, 59), 0, 59);
    let m = shape(&bits(u128::from(spec.minutes), 0, 59), 0, 59);
    let h = shape(&bits(u128::from(spec.hours), 0, 23), 0, 23);
    if let (Shape::One(s), Shape::One(m), Shape::One(h)) = (&s, &m, &h) {
        let t = format!("{h:02}:{m:02}:{s:02}");
        return (format!("At {t}"), t);
    }
    if let (Shape::One(s), Shape::One(m), Shape::All) = (&s, &m, &h) {
        return (
            format!("Every hour at xx:{m:02}:{s:02}"),
            format!("每小时的第 {m} 分 {s} 秒"),
        );
    }
    let unit = |sh: &Shape, en: &str, ens: &str, zh: &str, zh_at: &str| -> (String, String) {
        match sh {
            Shape::All => (format!("every {en}"), format!("每{zh}")),
            Shape::One(v) => (format!("at {en} {v}"), format!("第 {v} {zh_at}")),
            Shape::Step(a, st) if *a == 0 => (format!("every {st} {ens}"), format!("每 {st} {zh}")),
            Shape::Step(a, st) => (
                format!("every {st} {ens} from {en} {a}"),
                format!("从第 {a} {zh_at}起每 {st} {zh}"),
            ),
            Shape::Range(a, b) => (
                format!("every {en} from {a} to {b}"),
                format!("第 {a}–{b} {zh_at}的每{zh}"),
            ),
            Shape::List(v) => (
                format!("at {ens} {}", join(v, |x| x.to_string(), ", ")),
                format!("第 {} {zh_at}", join(v, |x| x.to_string(), "、")),
            ),
            Shape::Nothing => (format!("at no {en}"), format!("无{zh}")),
        }
    };
    let (se, sz) = unit(&s, "second", "seconds", "秒", "秒");
    let (me, mz) = unit(&m, "minute", "minutes", "分钟", "分");
    let (he, hz) = match &h {
        Shape::All => (String::new(), String::new()),
        Shape::One(v) => (format!("during hour {v:02}"), format!("{v} 点")),
        Shape::Range(a, b) => (
            format!("between {a:02}:00 and {b:02}:59"),
            format!("{a} 点至 {b} 点"),
        ),
        other => {
            let (e, z) = unit(other, "hour", "hours", "小时", "点");
            (e, z)
        }
    };
    let mut en = Vec::new();
    let mut zh = Vec::new();
    if let (Shape::One(sv), Shape::One(mv)) = (&s, &m) {
        en.push(format!("at xx:{mv:02}:{sv:02}"));
        zh.push(format!("{hz}第 {mv} 分 {sv} 秒"));
    } else {
        // Second 0 under a minute pattern, or every minute under a second pattern, says
        // nothing new.
        let show_seconds = !matches!(s, Shape::One(0));
        let show_minutes = !matches!(m, Shape::All) || matches!(s, Shape::All);
        zh.push(hz);
        if show_minutes {
            en.push(me);
            zh.push(mz);
        }
        if show_seconds {
            en.insert(0, se);
            zh.push(sz);
        }
    }
    if !he.is_empty() {
        en.push(he);
    }
    let mut en = en.join(", ");
    if let Some(first) = en.get(..1) {
        en = first.to_ascii_uppercase() + en.get(1..).unwrap_or("");
    }
    (en, zh.concat())
}

fn day_part(spec: &CronSpec) -> (String, String) {
    let mut en = Vec::new();
    let mut zh = Vec::new();
    if spec.dom.restricted {
        let days = bits(u128::from(spec.dom.days), 1, 31);
        if !days.is_empty() {
            en.push(format!(
                "on day {} of the month",
                join(&days, |d| d.to_string(), ", ")
            ));
            zh.push(format!("每月 {} 号", join(&days, |d| d.to_string(), "、")));
        }
        if spec.dom.last {
            en.push("on the last day of the month".into());
            zh.push("每月最后一天".into());
        }
        if spec.dom.last_workday {
            en.push("on the last weekday of the month".into());
            zh.push("每月最后一个工作日".into());
        }
        for d in bits(u128::from(spec.dom.workdays), 1, 31) {
            en.push(format!("on the weekday nearest day {d}"));
            zh.push(format!("离 {d} 号最近的工作日"));
        }
    }
    if spec.dow.restricted {
        let days = bits(u128::from(spec.dow.days), 0, 6);
        if days.len() == 7 && !spec.dom.restricted {
            en.push("every day".into());
            zh.push("每天".into());
        } else if let Shape::Range(a, b) = shape(&days, 0, 6) {
            en.push(format!("on {} to {}", day_en(a), day_en(b)));
            zh.push(format!("{}至{}", day_zh(a), day_zh(b)));
        } else if !days.is_empty() {
            en.push(format!("on {}", join(&days, day_en, ", ")));
            zh.push(join(&days, day_zh, "、"));
        }
        for v in bits(u128::from(spec.dow.nth), 0, 34) {
            en.push(format!(
                "on the {} {} of the month",
                ordinal(v / 7 + 1),
                day_en(v % 7)
            ));
            zh.push(format!("每月第 {} 个{}", v / 7 + 1, day_zh(v % 7)));
        }
        for v in bits(u128::from(spec.dow.last), 0, 6) {
            en.push(format!("on the last {} of the month", day_en(v)));
            zh.push(format!("每月最后一个{}", day_zh(v)));
        }
    }
    if en.is_empty() {
        if spec.dom.restricted || spec.dow.restricted {
            return ("on no day".into(), "没有匹配的日期".into());
        }
        return ("every day".into(), "每天".into());
    }
    (en.join(" or "), zh.join("或"))
}

fn month_part(spec: &CronSpec) -> Option<(String, String)> {
    let months = bits(u128::from(spec.months), 1, 12);
    match shape(&months, 1, 12) {
        Shape::All => None,
        Shape::Range(a, b) => Some((
            format!("from {} to {}", month_en(a), month_en(b)),
            format!("{a}月至{b}月"),
        )),
        _ => Some((
            format!("in {}", join(&months, month_en, ", ")),
            join(&months, |m| format!("{m}月"), "、"),
        )),
    }
}

fn year_part(spec: &CronSpec) -> Option<(String, String)> {
    let years: Vec<u32> = (YEAR_MIN..=YEAR_MAX)
        .filter(|y| spec.year_at_or_after(*y) == Some(*y))
        .map(|y| y as u32)
        .collect();
    match shape(&years, YEAR_MIN as u32, YEAR_MAX as u32) {
        Shape::All => None,
        Shape::One(y) => Some((format!("in {y}"), format!("{y} 年"))),
        Shape::Range(a, b) => Some((format!("from {a} to {b}"), format!("{a}–{b} 年"))),
        Shape::Step(a, s) => Some((
            format!("every {s} years from {a}"),
            format!("从 {a} 年起每 {s} 年"),
        )),
        Shape::Nothing => Some(("in no year".into(), "没有匹配的年份".into())),
        Shape::List(v) => Some((
            format!("in {}", join(&v, |y| y.to_string(), ", ")),
            format!("{} 年", join(&v, |y| y.to_string(), "、")),
        )),
    }
}

fn zone_part(freq: &ApiFrequency, zone: &ScheduleZone) -> (String, String) {
    if freq.zone.is_some() {
        (zone.name(), format!("时区 {}", zone.name()))
    } else {
        (
            format!("in the instance's local zone ({})", zone.name()),
            format!("实例本地时区（{}）", zone.name()),
        )
    }
}

fn rate_words(secs: i64) -> (String, String) {
    let (n, en, zh) = if secs % 86_400 == 0 {
        (secs / 86_400, "day", "天")
    } else if secs % 3600 == 0 {
        (secs / 3600, "hour", "小时")
    } else if secs % 60 == 0 {
        (secs / 60, "minute", "分钟")
    } else {
        (secs, "second", "秒")
    };
    let en = if n == 1 {
        format!("1 {en}")
    } else {
        format!("{n} {en}s")
    };
    (en, format!("{n} {zh}"))
}

/// Describes an accepted frequency in English and Chinese.
pub(crate) fn describe(freq: &ApiFrequency, zone: &ScheduleZone) -> Description {
    match freq.kind {
        FrequencyKind::Rate => {
            let (en, zh) = rate_words(freq.rate_secs.unwrap_or(0));
            Description {
                en: format!(
                    "Every {en}, on a fixed grid from the creation time; the first run is {en} \
                     after creation"
                ),
                zh: format!("每 {zh}执行一次，按创建时间起的固定间隔；首次执行在创建后 {zh}"),
            }
        }
        FrequencyKind::At => {
            let at = freq.at_ms.unwrap_or(0);
            Description {
                en: format!(
                    "Once at {} ({})",
                    local_text(zone, at),
                    format_rfc3339_ms(at)
                ),
                zh: format!(
                    "在 {}（{}）执行一次",
                    local_text(zone, at),
                    format_rfc3339_ms(at)
                ),
            }
        }
        FrequencyKind::Cron => {
            let Some(spec) = &freq.cron else {
                return Description {
                    en: String::new(),
                    zh: String::new(),
                };
            };
            let (te, tz) = time_part(spec);
            let (de, dz) = day_part(spec);
            let mut en = vec![te, de.clone()];
            let mut zh_head = vec![dz];
            if let Some((me, mz)) = month_part(spec) {
                en.push(me);
                zh_head.insert(0, mz);
            }
            let mut zh = Vec::new();
            if let Some((ye, yz)) = year_part(spec) {
                en.push(ye);
                zh.push(yz);
            }
            let (ze, zz) = zone_part(freq, zone);
            en.push(ze);
            let zh_first = format!("{} {}", zh_head.join(""), tz);
            let mut all_zh = vec![zh_first];
            all_zh.extend(zh);
            all_zh.push(zz);
            Description {
                en: en.join(", "),
                zh: all_zh.join("，"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::frequency::parse_api_frequency;
    use super::*;

    fn words(freq: &str) -> Description {
        let f = parse_api_frequency(freq, 10).unwrap();
        let zone = f.zone.clone().unwrap_or(ScheduleZone::Utc);
        describe(&f, &zone)
    }

    #[test]
    fn documented_examples_in_words() {
        let d = words("0 15 10 ? * * 2022 Asia/Shanghai");
        assert_eq!(d.en, "At 10:15:00, every day, in 2022, Asia/Shanghai");
        assert_eq!(d.zh, "每天 10:15:00，2022 年，时区 Asia/Shanghai");
        let d = words("0 0/5 14 * 10 ? 2022/2 UTC");
        assert!(d.en.contains("every 2 years from 2022"), "{}", d.en);
        assert!(d.en.contains("October"), "{}", d.en);
        let d = words("rate(5m)");
        assert!(d.en.starts_with("Every 5 minutes"), "{}", d.en);
        assert!(d.zh.starts_with("每 5 分钟"), "{}", d.zh);
        let d = words("at(2022-06-06 13:15:30 Asia/Shanghai)");
        assert!(d.en.contains("2022-06-06 13:15:30 UTC+08:00"), "{}", d.en);
        assert!(d.en.contains("2022-06-06T05:15:30Z"), "{}", d.en);
        let d = words("0 0 9 ? * MON-FRI UTC");
        assert!(d.en.contains("Monday to Friday"), "{}", d.en);
    }
}
