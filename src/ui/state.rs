//! The playground's one app state and the actions that change it.

use std::rc::Rc;

use yew::Reducible;

/// What the user typed in the request form, kept verbatim so nothing is ever lost.
#[derive(Clone, Debug, PartialEq)]
pub struct FormState {
    /// `RegionId`.
    pub region_id: String,
    /// `Type`.
    pub command_type: String,
    /// `CommandContent`.
    pub command_content: String,
    /// `InstanceId`, one per line.
    pub instance_ids: String,
    /// `Timeout` as typed.
    pub timeout: String,
}

impl Default for FormState {
    fn default() -> Self {
        Self {
            region_id: "cn-hangzhou".into(),
            command_type: "RunShellScript".into(),
            command_content: "echo hello from $(hostname)".into(),
            instance_ids: "i-bp1a00000000000001\ni-bp1a00000000000002".into(),
            timeout: "60".into(),
        }
    }
}

/// A form field the user can edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `RegionId`.
    RegionId,
    /// `Type`.
    CommandType,
    /// `CommandContent`.
    CommandContent,
    /// `InstanceId` (one per line).
    InstanceIds,
    /// `Timeout`.
    Timeout,
}

/// Everything that can happen to the app state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The user edited a field.
    Edit(Field, String),
}

/// The app state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    /// The request form as typed.
    pub form: FormState,
}

impl AppState {
    /// The request as the official SDK serialises it (`to_map()` field names).
    pub fn request_json(&self) -> String {
        let f = &self.form;
        let ids: Vec<&str> = f
            .instance_ids
            .lines()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let mut map = serde_json::Map::new();
        map.insert("RegionId".into(), f.region_id.clone().into());
        map.insert("Type".into(), f.command_type.clone().into());
        map.insert("CommandContent".into(), f.command_content.clone().into());
        map.insert("InstanceId".into(), ids.into());
        match f.timeout.trim().parse::<i64>() {
            Ok(n) => map.insert("Timeout".into(), n.into()),
            Err(_) => map.insert("Timeout".into(), f.timeout.clone().into()),
        };
        serde_json::to_string_pretty(&serde_json::Value::Object(map)).unwrap_or_default()
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(field, value) => {
                let slot = match field {
                    Field::RegionId => &mut next.form.region_id,
                    Field::CommandType => &mut next.form.command_type,
                    Field::CommandContent => &mut next.form.command_content,
                    Field::InstanceIds => &mut next.form.instance_ids,
                    Field::Timeout => &mut next.form.timeout,
                };
                *slot = value;
            }
        }
        Rc::new(next)
    }
}
