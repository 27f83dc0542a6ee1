//! The playground's one app state, the actions that change it, and the snapshot that share
//! links and the autosaved draft hold.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use serde_json::{Map, Value};
use yew::Reducible;

use super::fields::{field, FieldKind, FIELDS};
use crate::api::presets::Preset;

/// The panels of the result side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tab {
    /// Per-instance rendered scripts.
    Rendered,
    /// The schedule timeline.
    Schedule,
    /// The simulated executions.
    Executions,
    /// JSON, wire query, CLI and SDK snippets.
    Exports,
    /// The simulated account.
    World,
}

impl Tab {
    /// Every tab, in display order.
    pub(crate) const ALL: [Tab; 5] = [
        Tab::Rendered,
        Tab::Schedule,
        Tab::Executions,
        Tab::Exports,
        Tab::World,
    ];

    /// The tab's id (used in share links and element ids).
    pub(crate) fn id(self) -> &'static str {
        match self {
            Tab::Rendered => "rendered",
            Tab::Schedule => "schedule",
            Tab::Executions => "executions",
            Tab::Exports => "exports",
            Tab::World => "world",
        }
    }

    /// The tab's label.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Tab::Rendered => "Rendered",
            Tab::Schedule => "Schedule",
            Tab::Executions => "Executions",
            Tab::Exports => "Exports",
            Tab::World => "World",
        }
    }

    /// The tab with this id.
    pub(crate) fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == id)
    }
}

/// What the share link and the autosaved draft hold. Read by serde: `request` is required (and
/// [`Snapshot::checked`] requires an object), `world` and `now` may be absent or `null`, `tab`
/// may be absent, unknown fields are ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The request, as SDK-style JSON (an object).
    pub request: Rc<Value>,
    /// A custom world (None = the embedded default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub world: Option<Rc<Value>>,
    /// A pinned "now" (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// The selected tab's id.
    #[serde(default)]
    pub tab: String,
}

impl Snapshot {
    /// The snapshot, when its request is an object (`"request": 5` is refused, not read as
    /// `{}`).
    pub fn checked(self) -> Result<Snapshot, crate::sim::json::ShapeError> {
        let found = match &*self.request {
            Value::Object(_) => return Ok(self),
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
        };
        Err(crate::sim::json::ShapeError {
            place: "request".into(),
            message: format!("expected an object, found {found}"),
        })
    }

    /// The snapshot as a link or the draft holds it: without the values of the world's secret
    /// parameters unless `include_secrets`.
    pub(crate) fn for_storage(&self, include_secrets: bool) -> Snapshot {
        Snapshot {
            world: world_for_storage(&self.world, include_secrets),
            ..self.clone()
        }
    }

    /// Whether the snapshot's world holds secret values (the user chose to include them).
    pub(crate) fn has_secret_values(&self) -> bool {
        self.world
            .as_deref()
            .is_some_and(crate::share::has_secret_values)
    }

    /// Gives the secrets left out of the snapshot an empty value; returns their names.
    pub(crate) fn fill_secrets(&mut self) -> Vec<String> {
        let Some(world) = &self.world else {
            return Vec::new();
        };
        let mut world = (**world).clone();
        let named = crate::share::fill_secrets_without_value(&mut world);
        if !named.is_empty() {
            self.world = Some(Rc::new(world));
        }
        named
    }
}

/// The world as a link or the draft holds it: without secret values unless `include_secrets`
/// (the same `Rc` when there is nothing to leave out).
pub(crate) fn world_for_storage(
    world: &Option<Rc<Value>>,
    include_secrets: bool,
) -> Option<Rc<Value>> {
    let stripped = world
        .as_deref()
        .filter(|_| !include_secrets)
        .and_then(crate::share::without_secret_values);
    stripped.map(Rc::new).or_else(|| world.clone())
}

/// The notice sentence for secrets opened without a value (None when there are none).
pub(crate) fn secrets_notice(whose: &str, named: &[String]) -> Option<String> {
    (!named.is_empty()).then(|| {
        format!(
            "{whose} world has secret parameters without a value: {}. Give them a value in the World tab.",
            named.join(", ")
        )
    })
}

/// A draft kept aside when the page opened (a share link, safe mode, an unreadable draft),
/// offered back in a notice.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Offer {
    /// What happened and where the draft is.
    pub(crate) message: String,
    /// The draft, when it reads (None: only its text can be copied or downloaded).
    pub(crate) draft: Option<Snapshot>,
    /// The notice for its secrets without a value, shown once it is restored.
    pub(crate) secrets_notice: Option<String>,
    /// Whether it carried secret values (the user had asked to include them).
    pub(crate) carried_secrets: bool,
    /// The draft's stored text.
    pub(crate) text: String,
    /// The share link's state the page opened, kept aside when the draft is restored.
    pub(crate) link: Option<Snapshot>,
}

/// Everything that can happen to the app state.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    /// The user edited a field (its text as typed).
    Edit(&'static str, String),
    /// Load a preset.
    LoadPreset(Preset),
    /// Load a snapshot (share link or draft).
    LoadSnapshot(Snapshot),
    /// Back to the default request and world.
    Reset,
    /// Select a tab.
    SelectTab(Tab),
    /// Pin "now" to an instant (RFC 3339), or follow the clock (None).
    PinNow(Option<String>),
    /// Use a custom world (None = the default).
    SetWorld(Option<Value>),
    /// Show a notice (or clear it).
    Notice(Option<String>),
    /// A user action at the cursor: `StopInvocation` or `RebootInstance`.
    #[cfg_attr(feature = "framed-executions", allow(dead_code))]
    AddEvent(Value),
    /// Forget the user actions.
    #[cfg_attr(feature = "framed-executions", allow(dead_code))]
    ClearEvents,
    /// Replace the user actions (those the Executions frame posts to the page).
    #[cfg_attr(not(feature = "framed-executions"), allow(dead_code))]
    SetEvents(Vec<Value>),
    /// The page's state and actions, in its Executions frame.
    LoadExecutions(Snapshot, Vec<Value>),
    /// Go back to the work before the last Reset, preset or restore.
    Undo,
    /// Hide the undo notice (the work stays in the history).
    DismissUndo,
    /// Go back to one of the earlier drafts ([`AppState::history`], newest first).
    RestoreDraft(usize),
    /// Put secret values in share links and the draft (true) or leave them out.
    IncludeSecrets(bool),
    /// Restore the draft the page's start kept aside ([`AppState::offer`]).
    RestoreOffered,
    /// Hide the offer (the draft stays kept aside, and under History).
    DismissOffer,
}

/// How many earlier drafts the history keeps.
pub(crate) const HISTORY_LEN: usize = 5;

/// Work replaced by a Reset, a preset or a restore, kept so that it is never lost.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Draft {
    /// What replaced it ("Reset", "Preset: …").
    pub(crate) replaced_by: String,
    /// The work itself.
    pub(crate) snapshot: Snapshot,
}

impl Draft {
    /// A one-line summary of the draft's request: its Name, else its script's first line.
    pub(crate) fn summary(&self) -> String {
        let request = &self.snapshot.request;
        let name = request["Name"].as_str().filter(|n| !n.trim().is_empty());
        let first_line = || {
            request["CommandContent"]
                .as_str()
                .and_then(|c| c.lines().find(|l| !l.trim().is_empty()))
                .map(|l| l.chars().take(60).collect())
                .unwrap_or_else(|| "(empty script)".to_string())
        };
        name.map(str::to_string).unwrap_or_else(first_line)
    }
}

/// The form's texts by field key, sorted by key: a map of a few dozen entries, without the
/// code of a `BTreeMap` of its own type in the wasm.
#[derive(Clone, Debug, Default, PartialEq)]
struct Texts(Vec<(&'static str, String)>);

impl Texts {
    fn get(&self, key: &str) -> Option<&str> {
        let at = self.0.binary_search_by(|(k, _)| (*k).cmp(key)).ok()?;
        Some(self.0[at].1.as_str())
    }

    fn insert(&mut self, key: &'static str, text: String) {
        match self.0.binary_search_by(|(k, _)| (*k).cmp(key)) {
            Ok(at) => self.0[at].1 = text,
            Err(at) => self.0.insert(at, (key, text)),
        }
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

/// The app state.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AppState {
    /// Every field's text as typed (nothing is ever lost).
    texts: Texts,
    /// Request keys the form has no field for (kept from loaded requests).
    extra: Map<String, Value>,
    /// The request built from `texts` and `extra`, rebuilt by every change to them: renders
    /// share it instead of building and comparing it again.
    request: Rc<Value>,
    /// A custom world (None = the embedded default), shared: the state is cloned on every
    /// action and the world can hold hundreds of instances.
    pub(crate) world: Option<Rc<Value>>,
    /// A pinned "now" (RFC 3339).
    pub(crate) pinned_now: Option<String>,
    /// The real clock when the page loaded (RFC 3339), used when "now" is not pinned.
    pub(crate) clock_now: String,
    /// The selected tab.
    pub(crate) tab: Tab,
    /// A notice for the user (bad share link, …).
    pub(crate) notice: Option<String>,
    /// User actions (`StopInvocation`, `RebootInstance`) with their instants.
    pub(crate) events: Vec<Value>,
    /// The work replaced most recently, while its undo notice shows.
    pub(crate) undo: Option<Rc<Draft>>,
    /// Earlier drafts, newest first (at most [`HISTORY_LEN`]), shared: the state is cloned on
    /// every action.
    pub(crate) history: Rc<Vec<Draft>>,
    /// Whether share links and the draft carry the world's secret values.
    pub(crate) include_secrets: bool,
    /// A draft the page's start kept aside, while its notice shows.
    pub(crate) offer: Option<Rc<Offer>>,
}

/// The request a fresh playground shows.
pub(crate) fn default_request() -> Value {
    crate::api::presets::all()
        .into_iter()
        .next()
        .map(|p| p.request)
        .unwrap_or(Value::Null)
}

/// The text a form field shows for a JSON value.
pub(crate) fn text_of(kind: FieldKind, value: &Value) -> String {
    match (kind, value) {
        (_, Value::Null) => String::new(),
        (_, Value::String(s)) => s.clone(),
        (FieldKind::Lines, Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (FieldKind::KeyValues, Value::Array(items)) => items
            .iter()
            .map(|t| {
                let part = |k: &str| match t.get(k) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                };
                format!("{}={}", part("Key"), part("Value"))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (FieldKind::KeyValues, Value::Object(map)) => map
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (_, other) => other.to_string(),
    }
}

/// The JSON value of a field's text (None = omit the parameter).
pub(crate) fn value_of(key: &str, kind: FieldKind, text: &str) -> Option<Value> {
    if text.trim().is_empty() {
        return None;
    }
    Some(match kind {
        FieldKind::Integer => match text.trim().parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::from(text),
        },
        FieldKind::Boolean => match text.trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => Value::from(other),
        },
        FieldKind::Lines => Value::Array(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(Value::from)
                .collect(),
        ),
        FieldKind::KeyValues => {
            let pairs =
                text.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| match l.split_once('=') {
                        Some((k, v)) => (k.trim().to_string(), v.to_string()),
                        None => (l.trim().to_string(), String::new()),
                    });
            if key == "Parameters" {
                // Inserted one by one (a later duplicate wins, as with `collect`): collecting
                // a map sorts its pairs first, and that sort's code is several KB of wasm.
                let mut map = Map::new();
                for (k, v) in pairs {
                    map.insert(k, Value::from(v));
                }
                Value::Object(map)
            } else {
                Value::Array(
                    pairs
                        .map(|(k, v)| serde_json::json!({"Key": k, "Value": v}))
                        .collect(),
                )
            }
        }
        FieldKind::Text | FieldKind::Multiline | FieldKind::Choice(_) => Value::from(text),
    })
}

impl AppState {
    /// A state showing `request`, at the real clock `clock_now`.
    pub(crate) fn new(request: &Value, clock_now: String) -> Self {
        let mut state = AppState {
            texts: Texts::default(),
            extra: Map::new(),
            request: Rc::new(Value::Null),
            world: None,
            pinned_now: None,
            clock_now,
            tab: Tab::Executions,
            notice: None,
            events: Vec::new(),
            undo: None,
            history: Rc::default(),
            include_secrets: false,
            offer: None,
        };
        state.load_request(request);
        state
    }

    fn load_request(&mut self, request: &Value) {
        self.texts.clear();
        self.extra = Map::new();
        if let Some(map) = request.as_object() {
            for (k, v) in map {
                match field(k) {
                    Some(spec) => {
                        self.texts.insert(spec.key, text_of(spec.kind, v));
                    }
                    None => {
                        self.extra.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        self.request = Rc::new(self.build_request());
        self.events.clear();
    }

    /// The text of a field as typed.
    pub(crate) fn text(&self, key: &str) -> &str {
        self.texts.get(key).unwrap_or("")
    }

    fn build_request(&self) -> Value {
        let mut map = Map::new();
        for spec in FIELDS {
            if let Some(v) = self
                .texts
                .get(spec.key)
                .and_then(|t| value_of(spec.key, spec.kind, t))
            {
                map.insert(spec.key.to_string(), v);
            }
        }
        for (k, v) in &self.extra {
            map.insert(k.clone(), v.clone());
        }
        Value::Object(map)
    }

    /// The effective "now" (RFC 3339).
    pub(crate) fn now(&self) -> &str {
        self.pinned_now.as_deref().unwrap_or(&self.clock_now)
    }

    /// What a share link or the draft holds.
    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot {
            request: self.request.clone(),
            world: self.world.clone(),
            now: self.pinned_now.clone(),
            tab: self.tab.id().to_string(),
        }
    }

    /// Applies a snapshot.
    pub(crate) fn apply_snapshot(&mut self, snapshot: &Snapshot) {
        self.load_request(&snapshot.request);
        self.world = snapshot.world.clone();
        self.pinned_now = snapshot.now.clone();
        if let Some(tab) = Tab::from_id(&snapshot.tab) {
            self.tab = tab;
        }
    }
}

impl AppState {
    /// Keeps the current work before `replaced_by` replaces it: it becomes the undo point and
    /// the newest draft of the history (unless it is the newest already).
    fn keep_draft(&mut self, replaced_by: String) {
        let draft = Draft {
            replaced_by,
            snapshot: self.snapshot(),
        };
        let mut history = (*self.history).clone();
        if history.first().map(|d| &d.snapshot) != Some(&draft.snapshot) {
            history.insert(0, draft.clone());
            history.truncate(HISTORY_LEN);
        }
        self.history = Rc::new(history);
        self.undo = Some(Rc::new(draft));
    }

    /// Brings back the work the last Reset, preset or restore replaced.
    fn undo_replacement(&mut self) {
        if let Some(draft) = self.undo.take() {
            self.apply_snapshot(&draft.snapshot);
        }
    }

    /// Restores the offered draft; the current work is kept in the history in its place.
    fn restore_offered(&mut self) {
        let Some(offer) = self.offer.take() else {
            return;
        };
        if let Some(draft) = &offer.draft {
            self.keep_draft("Restore of your draft".to_string());
            self.apply_snapshot(draft);
            self.notice = offer.secrets_notice.clone();
            self.include_secrets = offer.carried_secrets;
        }
    }

    /// Brings back an earlier draft; the current work is kept in the history in its place.
    fn restore_draft(&mut self, at: usize) {
        let Some(draft) = self.history.get(at).cloned() else {
            return;
        };
        self.keep_draft(format!("Restore of \"{}\"", draft.summary()));
        self.apply_snapshot(&draft.snapshot);
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(key, text) => {
                next.texts.insert(key, text);
                next.request = Rc::new(next.build_request());
            }
            Action::LoadPreset(preset) => {
                next.keep_draft(format!("Preset: {}", preset.title));
                next.load_request(&preset.request);
                next.pinned_now = preset.now.map(str::to_string);
                next.world = preset.world.map(|w| Rc::new(w.value()));
                if let Some(tab) = Tab::from_id(preset.tab) {
                    next.tab = tab;
                }
                next.notice = None;
            }
            Action::LoadSnapshot(snapshot) => next.apply_snapshot(&snapshot),
            Action::Reset => {
                next.keep_draft("Reset".to_string());
                let fresh = AppState::new(&default_request(), next.clock_now.clone());
                next = AppState {
                    tab: next.tab,
                    undo: next.undo.take(),
                    history: next.history.clone(),
                    include_secrets: next.include_secrets,
                    offer: next.offer.take(),
                    ..fresh
                };
            }
            Action::Undo => next.undo_replacement(),
            Action::DismissUndo => next.undo = None,
            Action::RestoreDraft(at) => next.restore_draft(at),
            Action::SelectTab(tab) => next.tab = tab,
            Action::PinNow(now) => next.pinned_now = now,
            Action::SetWorld(world) => next.world = world.map(Rc::new),
            Action::Notice(notice) => next.notice = notice,
            Action::AddEvent(event) => next.events.push(event),
            Action::ClearEvents => next.events.clear(),
            Action::SetEvents(events) => next.events = events,
            Action::LoadExecutions(snapshot, events) => {
                // The page posts its world with every edit: an equal one keeps its `Rc`, so the
                // world is not read again.
                let world = if next.world == snapshot.world {
                    next.world.clone()
                } else {
                    snapshot.world.clone()
                };
                next.apply_snapshot(&snapshot);
                next.world = world;
                next.events = events;
            }
            Action::IncludeSecrets(include) => next.include_secrets = include,
            Action::RestoreOffered => next.restore_offered(),
            Action::DismissOffer => next.offer = None,
        }
        Rc::new(next)
    }
}
