//! The parameters of an RPC call: the query string and an `application/x-www-form-urlencoded`
//! body, decoded into `(name, value)` pairs, and the business parameters turned into the
//! SDK-style JSON request the session reads (`InstanceId.1…N` → a list, `Tag.N.Key/Value` → a
//! list of `{Key, Value}`, `Parameters` → its JSON object, `true`/`false` of the boolean fields →
//! booleans).

use serde_json::{Map, Value};

use crate::sim::wire::{percent_decode, COMMON_KEYS};

/// The boolean fields of the simulated calls (their wire text `true`/`false` becomes a boolean).
const BOOLEANS: &[&str] = &[
    "EnableParameter",
    "KeepCommand",
    "Timed",
    "IncludeOutput",
    "IncludeHistory",
    "Latest",
];

/// A query string or form body that is not valid percent-encoded UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEncoding(pub String);

/// Decodes `a=1&b=%20` into pairs (`+` is a space, as in form data).
pub fn parse_pairs(text: &str) -> Result<Vec<(String, String)>, BadEncoding> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let key = percent_decode(k).map_err(|_| BadEncoding(k.to_string()))?;
            let value = percent_decode(v).map_err(|_| BadEncoding(key.clone()))?;
            Ok((key, value))
        })
        .collect()
}

/// The first value of `name`.
pub fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The business parameters as the SDK-style JSON request.
pub fn to_request(pairs: &[(String, String)]) -> Value {
    let mut object = Map::new();
    let mut lists: Vec<(String, Vec<(u64, Value)>)> = Vec::new();
    for (key, value) in pairs {
        if COMMON_KEYS.contains(&key.as_str()) {
            continue;
        }
        let segs: Vec<&str> = key.splitn(3, '.').collect();
        match segs.as_slice() {
            [name, n] | [name, n, _] if n.parse::<u64>().is_ok() => {
                let index = n.parse::<u64>().unwrap_or_default();
                let list = match lists.iter().position(|(k, _)| k == name) {
                    Some(i) => &mut lists[i].1,
                    None => {
                        lists.push((name.to_string(), Vec::new()));
                        &mut lists.last_mut().expect("just pushed").1
                    }
                };
                add_item(list, index, segs.get(2).copied(), value);
            }
            _ => {
                object.insert(key.clone(), scalar(key, value));
            }
        }
    }
    for (name, mut items) in lists {
        items.sort_by_key(|(i, _)| *i);
        object.insert(
            name,
            Value::Array(items.into_iter().map(|(_, v)| v).collect()),
        );
    }
    Value::Object(object)
}

fn add_item(list: &mut Vec<(u64, Value)>, index: u64, field: Option<&str>, value: &str) {
    match field {
        None => list.push((index, Value::String(value.to_string()))),
        Some(field) => {
            let slot = match list.iter().position(|(i, _)| *i == index) {
                Some(p) => &mut list[p].1,
                None => {
                    list.push((index, Value::Object(Map::new())));
                    &mut list.last_mut().expect("just pushed").1
                }
            };
            if let Value::Object(o) = slot {
                o.insert(field.to_string(), Value::String(value.to_string()));
            }
        }
    }
}

fn scalar(key: &str, value: &str) -> Value {
    if BOOLEANS.contains(&key) {
        match value {
            "true" => return Value::Bool(true),
            "false" => return Value::Bool(false),
            _ => {}
        }
    }
    if key == "Parameters" {
        if let Ok(v @ Value::Object(_)) = serde_json::from_str::<Value>(value) {
            return v;
        }
    }
    Value::String(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parse_pairs_decodes_escapes_and_plus() {
        assert_eq!(
            parse_pairs("a=x%20y&b=1+2&c").unwrap(),
            pairs(&[("a", "x y"), ("b", "1 2"), ("c", "")])
        );
        assert!(parse_pairs("a=%zz").is_err());
    }

    #[test]
    fn to_request_builds_lists_objects_and_typed_values() {
        let req = to_request(&pairs(&[
            ("Action", "RunCommand"),
            ("InstanceId.2", "i-b"),
            ("InstanceId.1", "i-a"),
            ("Tag.1.Key", "k"),
            ("Tag.1.Value", "v"),
            ("KeepCommand", "true"),
            ("Parameters", "{\"name\":\"Jack\"}"),
            ("Timeout", "30"),
        ]));
        assert_eq!(
            req,
            serde_json::json!({
                "InstanceId": ["i-a", "i-b"],
                "Tag": [{"Key": "k", "Value": "v"}],
                "KeepCommand": true,
                "Parameters": {"name": "Jack"},
                "Timeout": "30",
            })
        );
    }
}
