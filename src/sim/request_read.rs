//! Reading a [`RunCommandRequest`] from its parsed JSON by hand.
//!
//! The facade and the session get the request as a JSON value. serde's derived reader would
//! read it through the value's text, with its own copy of the JSON map, sequence and option
//! parsing for this one struct (several KB of the gzipped wasm); this walks the value instead.
//! It accepts and reads what the derived reader does for a request object (a property test
//! compares the two on requests whose every field is drawn from a pool of JSON values): every
//! field may be absent or `null` (none), texts are strings, flags are `true`/`false`,
//! `Timeout` is a number or a string, `Parameters` an object of any values, `InstanceId` a
//! list of strings, `Tag` and `ResourceTag` lists of `{Key, Value}` objects; unknown fields are
//! ignored. One form serde also reads is refused: a tag written as the list `[key, value]`.

use serde_json::{Map, Value};

use super::json::{mismatch as expected, string_at};

use super::request::{ParameterMap, RawNumber, RunCommandRequest, TagInput};

/// A reading: the value, or a message that names the field.
type Read<T> = Result<T, String>;

impl RunCommandRequest {
    /// The request in a JSON object with the SDK's field names (`{"RegionId": …}`); a message
    /// naming the field when one has the wrong type.
    pub fn from_json_value(value: &Value) -> Read<RunCommandRequest> {
        let Some(map) = value.as_object() else {
            return Err(expected("the request", "an object", value));
        };
        let f = Fields(map);
        Ok(RunCommandRequest {
            region_id: f.text("RegionId")?,
            resource_group_id: f.text("ResourceGroupId")?,
            name: f.text("Name")?,
            description: f.text("Description")?,
            r#type: f.text("Type")?,
            command_content: f.text("CommandContent")?,
            working_dir: f.text("WorkingDir")?,
            timeout: match f.get("Timeout") {
                None => None,
                Some(Value::Number(n)) => Some(match (n.as_i64(), n.as_f64()) {
                    (Some(i), _) => RawNumber::Int(i),
                    (None, Some(x)) => RawNumber::Float(x),
                    (None, None) => RawNumber::Text(n.to_string()),
                }),
                Some(Value::String(s)) => Some(RawNumber::Text(s.clone())),
                Some(v) => return Err(expected("`Timeout`", "a number or text", v)),
            },
            enable_parameter: f.flag("EnableParameter")?,
            repeat_mode: f.text("RepeatMode")?,
            timed: f.flag("Timed")?,
            frequency: f.text("Frequency")?,
            parameters: match f.get("Parameters") {
                None => None,
                Some(Value::Object(pairs)) => Some(ParameterMap(
                    pairs.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                )),
                Some(v) => {
                    return Err(expected("`Parameters`", "an object of parameter values", v))
                }
            },
            keep_command: f.flag("KeepCommand")?,
            content_encoding: f.text("ContentEncoding")?,
            username: f.text("Username")?,
            windows_password_name: f.text("WindowsPasswordName")?,
            instance_id: match f.list("InstanceId")? {
                None => None,
                Some(items) => Some(
                    items
                        .iter()
                        .map(|v| string_at(v, || "`InstanceId`".to_string()))
                        .collect::<Read<Vec<String>>>()?,
                ),
            },
            tag: f.tags("Tag")?,
            container_id: f.text("ContainerId")?,
            container_name: f.text("ContainerName")?,
            client_token: f.text("ClientToken")?,
            oss_output_delivery: f.text("OssOutputDelivery")?,
            resource_tag: f.tags("ResourceTag")?,
            termination_mode: f.text("TerminationMode")?,
            launcher: f.text("Launcher")?,
        })
    }
}

/// The fields of an object, where `null` is the same as absent.
struct Fields<'a>(&'a Map<String, Value>);

impl<'a> Fields<'a> {
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    fn text(&self, key: &str) -> Read<Option<String>> {
        self.get(key)
            .map(|v| string_at(v, || format!("`{key}`")))
            .transpose()
    }

    fn flag(&self, key: &str) -> Read<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(expected(&format!("`{key}`"), "true or false", v)),
        }
    }

    fn list(&self, key: &str) -> Read<Option<&'a Vec<Value>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(v) => Err(expected(&format!("`{key}`"), "a list", v)),
        }
    }

    /// A list of `{Key, Value}` objects (other fields of a tag are ignored).
    fn tags(&self, key: &str) -> Read<Option<Vec<TagInput>>> {
        let Some(items) = self.list(key)? else {
            return Ok(None);
        };
        let mut tags = Vec::with_capacity(items.len());
        for item in items {
            let Some(map) = item.as_object() else {
                return Err(expected(
                    &format!("`{key}`"),
                    "a list of {Key, Value} objects",
                    item,
                ));
            };
            let f = Fields(map);
            tags.push(TagInput {
                key: f.text("Key")?,
                value: f.text("Value")?,
            });
        }
        Ok(Some(tags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    const KEYS: [&str; 26] = crate::sim::request::FIELD_NAMES;

    /// Values of every JSON type and every shape a field takes.
    fn pool() -> Vec<Value> {
        vec![
            Value::Null,
            json!(true),
            json!(60),
            json!(-5),
            json!(1.5),
            json!(18_446_744_073_709_551_615u64),
            json!("cn-hangzhou"),
            json!(" 60 "),
            json!([]),
            json!(["i-1", "i-2"]),
            json!(["i-1", 2]),
            json!({}),
            json!({"name": "Jack", "n": 1, "list": [1]}),
            json!([{"Key": "env", "Value": "prod"}, {"Key": "k"}]),
            json!([{"Key": 1}]),
            json!([{"Key": "k", "Other": 1}]),
            json!([{}, {"Value": null}]),
            json!(["env"]),
        ]
    }

    fn serde_reads(value: &Value) -> Result<RunCommandRequest, String> {
        crate::sim::json::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_every_preset_as_serde_does() {
        for preset in crate::api::presets::all() {
            assert_eq!(
                RunCommandRequest::from_json_value(&preset.request),
                serde_reads(&preset.request),
                "{}",
                preset.id
            );
        }
    }

    #[test]
    fn messages_name_the_field() {
        let read = |v: Value| RunCommandRequest::from_json_value(&v).unwrap_err();
        assert_eq!(
            read(json!({"Timeout": true})),
            "`Timeout`: expected a number or text, found true"
        );
        assert_eq!(
            read(json!({"InstanceId": ["i-1", 2]})),
            "`InstanceId`: expected a string, found the number 2"
        );
        assert_eq!(
            read(json!({"KeepCommand": "yes"})),
            "`KeepCommand`: expected true or false, found \"yes\""
        );
        assert_eq!(
            read(json!([1])),
            "the request: expected an object, found a list"
        );
    }

    proptest! {
        /// Requests whose fields are drawn from the pool (or left out): accepted when serde
        /// accepts them, and read the same.
        #[test]
        fn agrees_with_serde(choices in proptest::collection::vec(0usize..20, KEYS.len())) {
            let pool = pool();
            let mut map = Map::new();
            for (key, choice) in KEYS.iter().zip(&choices) {
                if let Some(v) = pool.get(*choice) {
                    map.insert((*key).to_string(), v.clone());
                }
            }
            map.insert("UnknownField".into(), json!(1));
            let value = Value::Object(map);
            let ours = RunCommandRequest::from_json_value(&value);
            let theirs = serde_reads(&value);
            // The one form serde reads and this reader refuses: a tag as `[key, value]`.
            let tag_as_list = matches!(&ours, Err(e) if e.contains("{Key, Value}"));
            prop_assume!(!(tag_as_list && theirs.is_ok()));
            prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{} → {:?} / {:?}", value, ours, theirs);
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                prop_assert_eq!(ours, theirs);
            }
        }
    }
}
