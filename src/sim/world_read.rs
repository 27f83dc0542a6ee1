//! Reading a [`World`] from parsed JSON by hand.
//!
//! serde's derived reader is exact but large: a copy of serde_json's sequence and map parsing
//! per list type of the world, about 11 KB of the gzipped wasm. This reader walks the parsed
//! [`Value`] with a few shared helpers and accepts what the derived reader accepts for a world
//! (a property test compares the two on every single change to a full world): unknown
//! fields are refused, fields with a default may be left out, `null` is only a value for the
//! optional texts (`agentVersion`, `accessDeniedMessage`, `forceError`), and the statuses and
//! OS are their names. One form serde also reads is refused: an object written as the list of
//! its fields in order. Its messages name the place in the world, e.g.
//! `instances[2].status: expected one of Running, Stopped, Starting, Stopping, Pending, found
//! "Runing"`.

use serde_json::{Map, Value};

use super::json::{mismatch as expected, string_at};

use super::world::{
    Container, Faults, Instance, InstanceFaults, InstanceStatus, Os, OssBucket, Region,
    ResourceGroup, ResourceGroupStatus, ResourceTag, StoredParameter, World,
};

/// A reading: the value, or a message that names the place.
type Read<T> = Result<T, String>;

/// The world in `value`.
pub fn world(value: &Value) -> Read<World> {
    let f = Fields::of(
        value,
        "world",
        &[
            "accountId",
            "regions",
            "resourceGroups",
            "instances",
            "ossBuckets",
            "parameterStore",
            "faults",
        ],
    )?;
    Ok(World {
        account_id: f.text("accountId")?,
        regions: f.list("regions", true, region)?,
        resource_groups: f.list("resourceGroups", false, resource_group)?,
        instances: f.list("instances", false, instance)?,
        oss_buckets: f.list("ossBuckets", false, oss_bucket)?,
        parameter_store: f.list("parameterStore", false, stored_parameter)?,
        faults: match f.get("faults") {
            None => Faults::default(),
            Some(v) => faults(v, &f.place("faults"))?,
        },
    })
}

fn region(value: &Value, place: &str) -> Read<Region> {
    let f = Fields::of(
        value,
        place,
        &[
            "regionId",
            "localName",
            "runCommandSupported",
            "parameterStoreSupported",
            "savedCommandQuota",
            "savedCommands",
            "dailyInvocationQuota",
        ],
    )?;
    Ok(Region {
        region_id: f.text("regionId")?,
        local_name: f.text_or("localName", "")?,
        run_command_supported: f.flag_or("runCommandSupported", true)?,
        parameter_store_supported: f.flag_or("parameterStoreSupported", true)?,
        saved_command_quota: f.count("savedCommandQuota", None)?,
        saved_commands: f.count("savedCommands", Some(0))?,
        daily_invocation_quota: f.count("dailyInvocationQuota", None)?,
    })
}

fn resource_group(value: &Value, place: &str) -> Read<ResourceGroup> {
    let f = Fields::of(
        value,
        place,
        &["resourceGroupId", "name", "status", "isDefault"],
    )?;
    Ok(ResourceGroup {
        resource_group_id: f.text("resourceGroupId")?,
        name: f.text_or("name", "")?,
        status: f.choice(
            "status",
            &[
                ("OK", ResourceGroupStatus::OK),
                ("Creating", ResourceGroupStatus::Creating),
                ("Deleting", ResourceGroupStatus::Deleting),
            ],
        )?,
        is_default: f.flag_or("isDefault", false)?,
    })
}

fn instance(value: &Value, place: &str) -> Read<Instance> {
    let f = Fields::of(
        value,
        place,
        &[
            "instanceId",
            "regionId",
            "name",
            "os",
            "status",
            "agentVersion",
            "resourceGroupId",
            "tags",
            "timeZone",
            "users",
            "directories",
            "containers",
            "faults",
        ],
    )?;
    Ok(Instance {
        instance_id: f.text("instanceId")?,
        region_id: f.text("regionId")?,
        name: f.text("name")?,
        os: f.choice("os", &[("Linux", Os::Linux), ("Windows", Os::Windows)])?,
        status: f.choice(
            "status",
            &[
                ("Running", InstanceStatus::Running),
                ("Stopped", InstanceStatus::Stopped),
                ("Starting", InstanceStatus::Starting),
                ("Stopping", InstanceStatus::Stopping),
                ("Pending", InstanceStatus::Pending),
            ],
        )?,
        agent_version: f.optional_text("agentVersion")?,
        resource_group_id: f.text("resourceGroupId")?,
        tags: f.list("tags", false, tag)?,
        time_zone: f.text_or("timeZone", "UTC")?,
        users: f.list("users", false, text_item)?,
        directories: f.list("directories", false, text_item)?,
        containers: f.list("containers", false, container)?,
        faults: match f.get("faults") {
            None => InstanceFaults::default(),
            Some(v) => {
                let place = f.place("faults");
                let g = Fields::of(
                    v,
                    &place,
                    &["agentDown", "notResponding", "upgrading", "released"],
                )?;
                InstanceFaults {
                    agent_down: g.flag_or("agentDown", false)?,
                    not_responding: g.flag_or("notResponding", false)?,
                    upgrading: g.flag_or("upgrading", false)?,
                    released: g.flag_or("released", false)?,
                }
            }
        },
    })
}

fn tag(value: &Value, place: &str) -> Read<ResourceTag> {
    let f = Fields::of(value, place, &["key", "value"])?;
    Ok(ResourceTag {
        key: f.text("key")?,
        value: f.text_or("value", "")?,
    })
}

fn container(value: &Value, place: &str) -> Read<Container> {
    let f = Fields::of(value, place, &["containerId", "name", "runtime", "state"])?;
    Ok(Container {
        container_id: f.text("containerId")?,
        name: f.text("name")?,
        runtime: f.text_or("runtime", "docker")?,
        state: f.text_or("state", "running")?,
    })
}

fn oss_bucket(value: &Value, place: &str) -> Read<OssBucket> {
    let f = Fields::of(value, place, &["name", "regionId", "accessDeniedMessage"])?;
    Ok(OssBucket {
        name: f.text("name")?,
        region_id: f.text("regionId")?,
        access_denied_message: f.optional_text("accessDeniedMessage")?,
    })
}

fn stored_parameter(value: &Value, place: &str) -> Read<StoredParameter> {
    let f = Fields::of(value, place, &["name", "regionId", "value", "secret"])?;
    Ok(StoredParameter {
        name: f.text("name")?,
        region_id: f.text("regionId")?,
        value: f.text("value")?,
        secret: f.flag_or("secret", false)?,
    })
}

fn faults(value: &Value, place: &str) -> Read<Faults> {
    let f = Fields::of(
        value,
        place,
        &[
            "operationForbidden",
            "bidUser",
            "dispatchError",
            "slrCreating",
            "slrNoPermission",
            "temporaryAccessKeyInvalid",
            "parameterStoreNoPermission",
            "idempotentProcessing",
            "forceError",
        ],
    )?;
    Ok(Faults {
        operation_forbidden: f.flag_or("operationForbidden", false)?,
        bid_user: f.flag_or("bidUser", false)?,
        dispatch_error: f.flag_or("dispatchError", false)?,
        slr_creating: f.flag_or("slrCreating", false)?,
        slr_no_permission: f.flag_or("slrNoPermission", false)?,
        temporary_access_key_invalid: f.flag_or("temporaryAccessKeyInvalid", false)?,
        parameter_store_no_permission: f.flag_or("parameterStoreNoPermission", false)?,
        idempotent_processing: f.flag_or("idempotentProcessing", false)?,
        force_error: f.optional_text("forceError")?,
    })
}

/// A list item that is a string.
fn text_item(value: &Value, place: &str) -> Read<String> {
    string_at(value, || place.to_string())
}

/// The fields of one JSON object, at a named place of the world.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    place: &'a str,
}

impl<'a> Fields<'a> {
    /// The object `value`, which may only have the `known` fields.
    fn of(value: &'a Value, place: &'a str, known: &[&str]) -> Read<Fields<'a>> {
        let Some(map) = value.as_object() else {
            return Err(expected(place, "an object", value));
        };
        if let Some(key) = map.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format!(
                "{place}: unknown field `{key}`, expected one of {}",
                known.join(", ")
            ));
        }
        Ok(Fields { map, place })
    }

    fn place(&self, key: &str) -> String {
        format!("{}.{key}", self.place)
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    fn required(&self, key: &str) -> Read<&'a Value> {
        self.get(key)
            .ok_or_else(|| format!("{}: missing field `{key}`", self.place))
    }

    fn text(&self, key: &str) -> Read<String> {
        string_at(self.required(key)?, || self.place(key))
    }

    fn text_or(&self, key: &str, default: &str) -> Read<String> {
        match self.get(key) {
            None => Ok(default.to_string()),
            Some(v) => string_at(v, || self.place(key)),
        }
    }

    /// A string, or `null` or absent for none.
    fn optional_text(&self, key: &str) -> Read<Option<String>> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => string_at(v, || self.place(key)).map(Some),
        }
    }

    fn flag_or(&self, key: &str, default: bool) -> Read<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => Err(expected(&self.place(key), "true or false", v)),
        }
    }

    /// A whole number that fits `u32`; required when there is no default.
    fn count(&self, key: &str, default: Option<u32>) -> Read<u32> {
        let v = match (self.get(key), default) {
            (None, Some(d)) => return Ok(d),
            (None, None) => self.required(key)?,
            (Some(v), _) => v,
        };
        v.as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| expected(&self.place(key), "a whole number from 0 to 4294967295", v))
    }

    /// One of the named values: its name as a string (or, as serde also reads it, an object
    /// whose one key is the name and whose value is `null`).
    fn choice<T: Copy>(&self, key: &str, options: &[(&str, T)]) -> Read<T> {
        let v = self.required(key)?;
        let name = match v {
            Value::Object(map) if map.len() == 1 => map
                .iter()
                .next()
                .filter(|(_, unit)| unit.is_null())
                .map(|(n, _)| n.as_str()),
            _ => v.as_str(),
        };
        match options.iter().find(|(n, _)| Some(*n) == name) {
            Some((_, value)) => Ok(*value),
            None => {
                let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
                Err(expected(
                    &self.place(key),
                    &format!("one of {}", names.join(", ")),
                    v,
                ))
            }
        }
    }

    /// A list read item by item; absent is empty unless `required`.
    fn list<T>(
        &self,
        key: &str,
        required: bool,
        read: fn(&Value, &str) -> Read<T>,
    ) -> Read<Vec<T>> {
        let items = match self.get(key) {
            None if !required => return Ok(Vec::new()),
            None => self.required(key)?,
            Some(v) => v,
        };
        let Some(items) = items.as_array() else {
            return Err(expected(&self.place(key), "a list", items));
        };
        let place = self.place(key);
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(read(item, &format!("{place}[{i}]"))?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::world::DEFAULT_WORLD_JSON;
    use proptest::prelude::*;

    /// The default world with every field set, written out in full by serde: every field of
    /// every type appears at least once.
    fn full_world() -> Value {
        let mut w: World = serde_json::from_str(DEFAULT_WORLD_JSON).unwrap();
        w.faults = Faults {
            operation_forbidden: true,
            bid_user: true,
            dispatch_error: true,
            slr_creating: true,
            slr_no_permission: true,
            temporary_access_key_invalid: true,
            parameter_store_no_permission: true,
            idempotent_processing: true,
            force_error: Some("InvalidCmdId.NotFound".into()),
        };
        w.instances[0].faults = InstanceFaults {
            agent_down: true,
            not_responding: true,
            upgrading: true,
            released: true,
        };
        serde_json::to_value(&w).unwrap()
    }

    /// Both readers' outcome for `value`: serde's derived one is the reference.
    fn both(value: &Value) -> (Result<World, String>, Result<World, String>) {
        let ours = world(value);
        let theirs = serde_json::from_str::<World>(&value.to_string()).map_err(|e| e.to_string());
        (ours, theirs)
    }

    /// JSON pointers to every value in `value`.
    fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let here = format!("{at}/{k}");
                    out.push(here.clone());
                    pointers(v, here, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let here = format!("{at}/{i}");
                    out.push(here.clone());
                    pointers(v, here, out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn reads_the_default_and_the_full_world_as_serde_does() {
        let default: Value = serde_json::from_str(DEFAULT_WORLD_JSON).unwrap();
        for value in [default, full_world()] {
            let (ours, theirs) = both(&value);
            assert_eq!(ours, Ok(theirs.unwrap()));
        }
    }

    #[test]
    fn messages_name_the_place() {
        let mut value = full_world();
        value["instances"][2]["status"] = Value::from("Runing");
        assert_eq!(
            world(&value).unwrap_err(),
            "world.instances[2].status: expected one of Running, Stopped, Starting, Stopping, \
             Pending, found \"Runing\""
        );
        let mut value = full_world();
        value["regions"][0]["colour"] = Value::from(1);
        assert!(world(&value)
            .unwrap_err()
            .starts_with("world.regions[0]: unknown field `colour`, expected one of regionId"));
        let mut value = full_world();
        value["regions"][0]["savedCommandQuota"] = Value::from(-1);
        assert_eq!(
            world(&value).unwrap_err(),
            "world.regions[0].savedCommandQuota: expected a whole number from 0 to 4294967295, \
             found the number -1"
        );
        value.as_object_mut().unwrap().remove("accountId");
        assert_eq!(
            world(&value).unwrap_err(),
            "world: missing field `accountId`"
        );
        assert_eq!(
            world(&Value::from(3)).unwrap_err(),
            "world: expected an object, found the number 3"
        );
    }

    proptest! {
        /// Any one value of the full world replaced, or any one field left out or added:
        /// the reader accepts what serde accepts, and reads the same world.
        #[test]
        fn agrees_with_serde_on_every_single_change(
            at in any::<prop::sample::Index>(),
            change in 0usize..13,
        ) {
            let mut value = full_world();
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let pointer = all[at.index(all.len())].clone();
            let replacement = [
                Value::Null,
                Value::from(true),
                Value::from(5),
                Value::from(-1),
                Value::from(1.5),
                Value::from(4_294_967_296u64),
                Value::from("Running"),
                Value::from("x"),
                Value::Array(Vec::new()),
                serde_json::json!({}),
                serde_json::json!({"Running": null}),
            ];
            match change {
                11 => {
                    // Leave the field out (or the list item).
                    let (parent, last) = pointer.rsplit_once('/').unwrap();
                    match value.pointer_mut(parent).unwrap() {
                        Value::Object(map) => { map.remove(last); }
                        Value::Array(items) => { items.remove(last.parse::<usize>().unwrap()); }
                        _ => unreachable!(),
                    }
                }
                12 => {
                    // Add an unknown field next to it.
                    let (parent, _) = pointer.rsplit_once('/').unwrap();
                    if let Value::Object(map) = value.pointer_mut(parent).unwrap() {
                        map.insert("unknownField".into(), Value::Null);
                    }
                }
                k => *value.pointer_mut(&pointer).unwrap() = replacement[k].clone(),
            }
            let (ours, theirs) = both(&value);
            // The one form serde reads and this reader refuses: a struct written as the list of
            // its fields in order (`"faults": []`), which no world is written as.
            let list_for_object = matches!(&ours, Err(e) if e.ends_with("expected an object, found a list"));
            prop_assume!(!(list_for_object && theirs.is_ok()));
            prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{} → {:?} / {:?}", pointer, ours, theirs);
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                prop_assert_eq!(ours, theirs);
            }
        }
    }
}
