//! Browser tests (wasm-bindgen-test in headless Chromium): `./x test` runs them with
//! `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use runcommand_playground::api::{self, presets};
use runcommand_playground::share;
use runcommand_playground::ui::state::Snapshot;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn new_root() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn set_hash(fragment: &str) {
    let history = web_sys::window().unwrap().history().unwrap();
    let url = if fragment.is_empty() {
        "#".to_string()
    } else {
        format!("#{fragment}")
    };
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
}

fn clear_draft() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage
        .remove_item(runcommand_playground::ui::persistence::DRAFT_KEY)
        .unwrap();
}

/// Mounts a full playground with no link and no draft.
async fn fresh_playground() -> (Element, yew::AppHandle<runcommand_playground::ui::App>) {
    set_hash("");
    clear_draft();
    let root = new_root();
    let app = runcommand_playground::ui::mount(root.clone());
    settle().await;
    (root, app)
}

async fn settle() {
    TimeoutFuture::new(80).await;
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn click(root: &Element, selector: &str) {
    let el: HtmlElement = find(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into();
    el.click();
}

fn type_into(root: &Element, selector: &str, value: &str) {
    let el = find(root, selector).unwrap_or_else(|| panic!("no {selector}"));
    if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    } else if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
        select.set_value(value);
        el.dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        return;
    } else {
        el.dyn_ref::<HtmlInputElement>()
            .expect("an input")
            .set_value(value);
    }
    let event = web_sys::InputEvent::new("input").unwrap();
    el.dispatch_event(&event).unwrap();
}

/// Waits (up to 5 s) until `cond` holds; yew renders asynchronously.
async fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..250 {
        if cond() {
            return;
        }
        TimeoutFuture::new(20).await;
    }
    panic!("timed out waiting for {what}");
}

fn export_json(root: &Element) -> serde_json::Value {
    serde_json::from_str(&text(root, "#export-text")).unwrap()
}

#[wasm_bindgen_test]
async fn playground_renders_the_form_and_the_request_json() {
    let (root, _app) = fresh_playground().await;
    assert!(find(&root, "#request-form").is_some());
    click(&root, "#tab-exports");
    settle().await;
    let json = export_json(&root);
    assert_eq!(json["RegionId"], "cn-hangzhou");
    assert!(json["InstanceId"].is_array());

    type_into(&root, "#field-RegionId", "cn-shanghai");
    settle().await;
    assert_eq!(export_json(&root)["RegionId"], "cn-shanghai");
}

#[wasm_bindgen_test]
async fn a_preset_loads_and_evaluates() {
    let (root, _app) = fresh_playground().await;
    click(&root, "#preset-daily-cron-shanghai");
    let frequency = || {
        find(&root, "#field-Frequency")
            .map(|f| f.unchecked_into::<HtmlInputElement>().value())
            .unwrap_or_default()
    };
    wait_until("the preset's Frequency", || {
        frequency() == "0 0 2 * * ? Asia/Shanghai"
    })
    .await;
    wait_until("the schedule tab", || {
        find(&root, "#schedule-fires").is_some()
    })
    .await;
    assert!(
        text(&root, "#validation").contains("200 OK"),
        "{}",
        text(&root, "#validation")
    );
    // The preset opens its schedule, with the agent's fires at 02:00 Beijing = 18:00 UTC.
    let fires = text(&root, "#schedule-fires");
    assert!(fires.contains("2026-11-27T18:00:00Z"), "{fires}");
    assert!(fires.contains("2026-11-28T18:00:00Z"), "{fires}");
}

#[wasm_bindgen_test]
async fn an_edit_shows_an_inline_error_and_fixing_it_clears_it() {
    let (root, _app) = fresh_playground().await;
    type_into(&root, "#field-Type", "RunPythonScript");
    settle().await;
    let error = text(&root, "#error-Type");
    assert!(error.contains("InvalidCmdType.NotFound"), "{error}");
    assert!(text(&root, "#api-error-code").contains("InvalidCmdType.NotFound"));
    assert!(text(&root, "#validation").contains("HTTP 404"));
    type_into(&root, "#field-Type", "RunShellScript");
    settle().await;
    assert!(find(&root, "#error-Type").is_none());
    assert!(text(&root, "#validation").contains("200 OK"));
}

#[wasm_bindgen_test]
async fn the_share_link_round_trips_the_state() {
    let preset = presets::by_id("parameterised-deploy").unwrap();
    let snapshot = Snapshot {
        request: preset.request.clone().into(),
        world: None,
        now: Some("2026-01-02T03:04:05Z".into()),
        tab: "rendered".into(),
    };
    set_hash(&share::encode(&snapshot));
    let root = new_root();
    let _app = runcommand_playground::ui::mount(root.clone());
    settle().await;
    let name: HtmlInputElement = find(&root, "#field-Name").unwrap().unchecked_into();
    assert_eq!(name.value(), "deploy-web");
    let selected = find(&root, "#tab-rendered")
        .unwrap()
        .get_attribute("aria-selected");
    assert_eq!(selected.as_deref(), Some("true"));
    click(&root, "#tab-exports");
    settle().await;
    assert_eq!(export_json(&root), preset.request);
    set_hash("");
}

/// `Snapshot::from_value` (the hand-written reader of links and drafts) accepts and reads what
/// serde's derived reader does.
#[wasm_bindgen_test]
fn the_snapshot_reader_agrees_with_serde() {
    use serde_json::json;
    let request = presets::by_id("rate-5m").unwrap().request;
    let pool = [
        None,
        Some(json!(null)),
        Some(json!(true)),
        Some(json!(5)),
        Some(json!("2026-01-02T03:04:05Z")),
        Some(json!(["a"])),
        Some(json!({"accountId": "1"})),
    ];
    // serde also reads a struct written as the list of its fields; no link or draft is one.
    assert!(Snapshot::from_value(json!([request.clone()])).is_err());
    let mut cases = vec![json!(null), json!("text"), json!({})];
    for world in &pool {
        for now in &pool {
            for tab in &pool {
                for with_request in [true, false] {
                    let mut map = serde_json::Map::new();
                    if with_request {
                        map.insert("request".into(), request.clone());
                    }
                    for (key, value) in [("world", world), ("now", now), ("tab", tab)] {
                        if let Some(v) = value {
                            map.insert(key.into(), v.clone());
                        }
                    }
                    map.insert("unknown".into(), json!(1));
                    cases.push(serde_json::Value::Object(map));
                }
            }
        }
    }
    for value in cases {
        let ours = Snapshot::from_value(value.clone());
        let theirs = serde_json::from_value::<Snapshot>(value.clone());
        assert_eq!(ours.is_ok(), theirs.is_ok(), "{value}: {ours:?}");
        if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
            assert_eq!(ours, theirs, "{value}");
        }
    }
}

#[wasm_bindgen_test]
async fn a_corrupt_fragment_shows_the_notice() {
    set_hash("v1.this-is-not-a-valid-state");
    let root = new_root();
    let _app = runcommand_playground::ui::mount(root.clone());
    settle().await;
    let notice = text(&root, "#notice");
    assert!(notice.contains("could not be opened"), "{notice}");
    assert!(find(&root, "#request-form").is_some());
    set_hash("");
}

#[wasm_bindgen_test]
async fn the_draft_is_saved_once_edits_pause() {
    use runcommand_playground::ui::persistence::{AUTOSAVE_DELAY_MS, DRAFT_KEY};
    let (root, _app) = fresh_playground().await;
    // Earlier tests' playgrounds are still mounted: let their pending saves land first.
    TimeoutFuture::new(AUTOSAVE_DELAY_MS + 100).await;
    clear_draft();
    let draft = || {
        web_sys::window()
            .unwrap()
            .local_storage()
            .unwrap()
            .unwrap()
            .get_item(DRAFT_KEY)
            .unwrap()
            .unwrap_or_default()
    };
    type_into(&root, "#field-CommandContent", "echo saved-while-typing");
    TimeoutFuture::new(AUTOSAVE_DELAY_MS + 200).await;
    assert!(draft().contains("saved-while-typing"), "{}", draft());
    // The pagehide flush: a change saved at once when the page goes away.
    type_into(&root, "#field-CommandContent", "echo saved-on-pagehide");
    settle().await;
    assert!(
        !draft().contains("saved-on-pagehide"),
        "saved before the pause"
    );
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("pagehide").unwrap())
        .unwrap();
    assert!(draft().contains("saved-on-pagehide"), "{}", draft());
}

#[wasm_bindgen_test]
fn svg_coordinates_are_written_with_one_decimal() {
    use runcommand_playground::ui::markup::{tenths, whole};
    let cases = [
        (12.34, "12.3"),
        (12.36, "12.4"),
        (0.0, "0.0"),
        (-0.04, "0.0"),
        (-3.25, "-3.3"),
        (640.0, "640.0"),
        (f64::NAN, "0.0"),
    ];
    for (value, want) in cases {
        assert_eq!(tenths(value), want, "{value}");
    }
    assert_eq!(whole(41.5), "42");
    assert_eq!(whole(-0.2), "0");
}

#[wasm_bindgen_test]
fn the_cli_export_of_a_preset_is_the_expected_command() {
    let preset = presets::by_id("hello-world").unwrap();
    let exports = api::exports(&preset.request);
    assert_eq!(
        exports["cli"],
        "aliyun ecs RunCommand --RegionId cn-hangzhou --Type RunShellScript \
         --CommandContent 'echo \"hello from $(hostname)\"' \
         --InstanceId.1 i-bp1a00000000000001 --InstanceId.2 i-bp1a00000000000002"
    );
}

#[wasm_bindgen_test]
async fn user_text_is_rendered_as_text_never_as_markup() {
    let (root, _app) = fresh_playground().await;
    let evil = "<img src=x onerror=\"window.__pwned=1\"><b id=injected>x</b>";
    type_into(&root, "#field-Name", evil);
    type_into(
        &root,
        "#field-CommandContent",
        &format!("echo '{evil}' {{{{p}}}}"),
    );
    type_into(&root, "#field-EnableParameter", "true");
    wait_until("the parameter row", || find(&root, "#param-p").is_some()).await;
    type_into(&root, "#param-p", evil);
    type_into(&root, "#field-Tag", &format!("{evil}={evil}"));
    settle().await;
    for tab in ["rendered", "executions", "exports", "schedule"] {
        click(&root, &format!("#tab-{tab}"));
        settle().await;
        assert!(
            find(&root, "img").is_none(),
            "markup was interpreted in the {tab} tab"
        );
        assert!(
            find(&root, "#injected").is_none(),
            "markup was interpreted in the {tab} tab"
        );
    }
    click(&root, "#tab-rendered");
    settle().await;
    assert!(text(&root, "#rendered-script").contains("<img src=x"));
}

#[wasm_bindgen_test]
async fn typing_placeholders_updates_the_parameters_table_and_the_rendered_tabs() {
    let (root, _app) = fresh_playground().await;
    click(&root, "#tab-rendered");
    type_into(&root, "#field-EnableParameter", "true");
    type_into(
        &root,
        "#field-CommandContent",
        "echo {{ greeting }} from {{who}} on {{ACS::InstanceName}}",
    );
    settle().await;
    let table = text(&root, "#parameters-table");
    assert!(
        table.contains("greeting") && table.contains("who"),
        "{table}"
    );
    type_into(&root, "#param-greeting", "hello");
    settle().await;
    let script = text(&root, "#rendered-script");
    assert_eq!(script.trim(), "echo hello from  on web-1");
    click(&root, "#rendered-tab-1");
    settle().await;
    assert_eq!(
        text(&root, "#rendered-script").trim(),
        "echo hello from  on web-2"
    );
}

#[wasm_bindgen_test]
async fn playback_draws_bars_and_advances_statuses() {
    let (root, _app) = fresh_playground().await;
    type_into(
        &root,
        "#field-InstanceId",
        "i-bp1a00000000000001\ni-bp1a00000000000002\ni-bp1a00000000000003",
    );
    type_into(
        &root,
        "#field-CommandContent",
        "echo start; sleep 20; echo done",
    );
    click(&root, "#tab-executions");
    settle().await;
    type_into(&root, "#exec-cursor", "0");
    settle().await;
    let statuses = text(&root, "#instance-statuses");
    assert!(
        statuses.contains("Pending") || statuses.contains("Running"),
        "{statuses}"
    );
    assert!(find(&root, "#timeline path.bar").is_none() || statuses.contains("Running"));
    type_into(&root, "#exec-cursor", "10");
    settle().await;
    assert!(text(&root, "#instance-statuses").contains("Running"));
    assert!(find(&root, "#timeline path.st-running").is_some());
    type_into(&root, "#exec-cursor", "60");
    settle().await;
    let statuses = text(&root, "#instance-statuses");
    assert_eq!(statuses.matches("Success").count(), 3, "{statuses}");
    assert!(find(&root, "#timeline path.st-success").is_some());
    assert!(text(&root, "#overall-status").contains("Success"));
    // The Describe* texts are written when their section opens.
    assert!(find(&root, "#describe-invocation-results").is_none());
    find(&root, "details.describe:nth-of-type(2)")
        .expect("the DescribeInvocationResults section")
        .set_attribute("open", "")
        .unwrap();
    settle().await;
    let results = text(&root, "#describe-invocation-results");
    assert!(results.contains("\"InvocationResult\""), "{results}");
    assert_eq!(
        results.matches("\"InvocationStatus\": \"Success\"").count(),
        3,
        "{results}"
    );
}

#[wasm_bindgen_test]
async fn two_widgets_on_one_page_are_independent() {
    let a = new_root();
    let b = new_root();
    let request_a = presets::by_id("daily-cron-shanghai").unwrap().request;
    let request_b = presets::by_id("rate-5m").unwrap().request;
    runcommand_playground::ui::mount_widget(a.clone(), "form,schedule", Some(request_a));
    runcommand_playground::ui::mount_widget(b.clone(), "form,schedule", Some(request_b));
    settle().await;
    assert!(text(&a, "#schedule-description").contains("Asia/Shanghai"));
    assert!(text(&b, "#schedule-description")
        .to_lowercase()
        .contains("5 minutes"));
    type_into(&a, "#field-Frequency", "0 0 3 * * ? Asia/Shanghai");
    wait_until("the first widget's new fires", || {
        text(&a, "#schedule-fires").contains("T19:00:00Z")
    })
    .await;
    assert!(text(&b, "#schedule-description")
        .to_lowercase()
        .contains("5 minutes"));
    assert!(find(&a, ".open-in-playground a").is_some());
}

#[wasm_bindgen_test]
fn the_js_api_answers_like_the_facade() {
    let request = presets::by_id("parameterised-deploy").unwrap().request;
    let js_request = js_sys::JSON::parse(&request.to_string()).unwrap();
    let rendered =
        runcommand_playground::ui::js_api::render(js_request, wasm_bindgen::JsValue::UNDEFINED);
    let rendered: serde_json::Value =
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&rendered).unwrap())).unwrap();
    assert_eq!(rendered, api::render(&request, None));
    let fires = runcommand_playground::ui::js_api::next_fires(
        "rate(5m)".into(),
        "2026-01-01T00:00:00Z".into(),
        3.into(),
        wasm_bindgen::JsValue::UNDEFINED,
    );
    let fires: serde_json::Value =
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&fires).unwrap())).unwrap();
    assert_eq!(fires["ok"], true);
    assert_eq!(
        fires["next"],
        serde_json::json!([
            "2026-01-01T00:05:00Z",
            "2026-01-01T00:10:00Z",
            "2026-01-01T00:15:00Z"
        ])
    );
}

#[wasm_bindgen_test]
async fn an_iframe_embed_posts_its_height_and_takes_a_state_from_its_own_origin() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    // In the test page the embed's parent is the page itself, so its messages come back here.
    let heights: Rc<RefCell<Vec<f64>>> = Rc::default();
    let seen = heights.clone();
    let listener =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            let kind = js_sys::Reflect::get(&data, &"type".into())
                .ok()
                .and_then(|v| v.as_string());
            if kind.as_deref() == Some(runcommand_playground::ui::embed::HEIGHT_MESSAGE) {
                let h = js_sys::Reflect::get(&data, &"height".into())
                    .ok()
                    .and_then(|v| v.as_f64());
                seen.borrow_mut().push(h.unwrap_or(-1.0));
            }
        });
    let window = web_sys::window().unwrap();
    window
        .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
        .unwrap();
    set_hash("");
    let root = new_root();
    let props = runcommand_playground::ui::AppProps {
        embed: Some(runcommand_playground::ui::EmbedOptions::default()),
        initial_request: None,
        iframe: true,
    };
    let _app =
        yew::Renderer::<runcommand_playground::ui::App>::with_root_and_props(root.clone(), props)
            .render();
    wait_until("a height message", || !heights.borrow().is_empty()).await;
    assert!(
        heights.borrow().iter().all(|h| *h > 0.0),
        "{:?}",
        heights.borrow()
    );
    // The header and tabs of the full playground are not there.
    assert!(find(&root, ".app-header").is_none() && find(&root, ".tabs").is_none());

    // A state from this (own) origin is taken; a message of another shape is ignored.
    let other =
        js_sys::JSON::parse(r#"{"type": "something-else", "request": {"RegionId": "x"}}"#).unwrap();
    window.post_message(&other, "*").unwrap();
    let state = js_sys::JSON::parse(
        r#"{"type": "runcommand-playground:state", "request": {"RegionId": "cn-hangzhou", "Type": "RunShellScript",
            "CommandContent": "echo from-parent", "Frequency": "rate(10m)", "InstanceId": ["i-bp1a00000000000001"]}}"#,
    )
    .unwrap();
    window.post_message(&state, "*").unwrap();
    let content = || {
        find(&root, "#field-CommandContent")
            .map(|f| f.unchecked_into::<HtmlTextAreaElement>().value())
            .unwrap_or_default()
    };
    wait_until("the parent's state", || content() == "echo from-parent").await;
    assert!(text(&root, "#schedule-description").contains("10 minutes"));
    window
        .remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_frequency_builder_writes_the_frequency_field() {
    let (root, _app) = fresh_playground().await;
    let frequency = || {
        find(&root, "#field-Frequency")
            .map(|f| f.unchecked_into::<HtmlInputElement>().value())
            .unwrap_or_default()
    };
    type_into(&root, "#cron-2", "3");
    wait_until("the cron Frequency", || {
        frequency() == "0 0 3 * * ? Asia/Shanghai"
    })
    .await;
    click(&root, ".frequency-builder [role=tab]:first-child");
    wait_until("the rate tab", || find(&root, "#rate-value").is_some()).await;
    type_into(&root, "#rate-value", "10");
    wait_until("the rate Frequency", || frequency() == "rate(10m)").await;
    // What the builder wrote is evaluated like typed text.
    click(&root, "#tab-schedule");
    let schedule = || {
        find(&root, "#schedule")
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    wait_until("the schedule", || schedule().contains("10 minutes")).await;
}

#[wasm_bindgen_test]
fn the_js_api_simulates_lean_and_gives_one_run_in_full() {
    use runcommand_playground::ui::js_api;
    let request = presets::by_id("rate-5m").unwrap().request;
    let now = "2026-11-27T12:00:00Z";
    let until = "2026-11-27T12:20:00Z";
    let js = |v: &serde_json::Value| js_sys::JSON::parse(&v.to_string()).unwrap();
    let back = |v: wasm_bindgen::JsValue| -> serde_json::Value {
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&v).unwrap())).unwrap()
    };
    let options = api::SimulateOptions {
        now: now.into(),
        ..Default::default()
    };
    let lean = back(js_api::simulate(
        js(&request),
        until.into(),
        wasm_bindgen::JsValue::UNDEFINED,
        now.into(),
        js(&serde_json::json!({"lean": true})),
    ));
    assert_eq!(
        lean,
        api::simulate_as(&request, None, until, &options, api::RunDetail::Lean)
    );
    assert!(lean["instances"][0]["runs"][0].get("output").is_none());
    let full = back(js_api::simulate(
        js(&request),
        until.into(),
        wasm_bindgen::JsValue::UNDEFINED,
        now.into(),
        wasm_bindgen::JsValue::UNDEFINED,
    ));
    assert_eq!(full, api::simulate(&request, None, until, &options));
    let one = back(js_api::simulate_run(
        js(&request),
        until.into(),
        wasm_bindgen::JsValue::UNDEFINED,
        now.into(),
        1.into(),
        0.into(),
        wasm_bindgen::JsValue::UNDEFINED,
    ));
    assert_eq!(one["run"], full["instances"][1]["runs"][0]);
}

#[wasm_bindgen_test]
fn the_js_api_reads_its_world_argument_like_the_facade() {
    use runcommand_playground::ui::js_api;
    let js = |v: &serde_json::Value| js_sys::JSON::parse(&v.to_string()).unwrap();
    let back = |v: wasm_bindgen::JsValue| -> serde_json::Value {
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&v).unwrap())).unwrap()
    };
    let request = presets::by_id("hello-world").unwrap().request;
    let default_answer = api::validate(&request, None);
    // No world is the default world; a world that is not an object is refused.
    for no_world in [
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::NULL,
    ] {
        assert_eq!(
            back(js_api::validate(js(&request), no_world)),
            default_answer
        );
    }
    for not_a_world in [
        wasm_bindgen::JsValue::from_str("a world"),
        js(&serde_json::json!([1, 2])),
    ] {
        let answer = back(js_api::validate(js(&request), not_a_world));
        assert_eq!(answer["code"], "InvalidArgumentType", "{answer}");
    }
    // The default world passed back in is the default world.
    let world = api::default_world();
    assert_eq!(
        back(js_api::validate(js(&request), js(&world))),
        default_answer
    );
    assert_eq!(
        back(js_api::render(js(&request), js(&world))),
        api::render(&request, None)
    );
    // A broken world is refused with the facade's answer for it; the position in the message
    // is in the world's own JSON text (the facade's is in its re-written text).
    let mut broken = world.clone();
    broken["instances"][0]["status"] = serde_json::json!(7);
    let answer = back(js_api::validate(js(&request), js(&broken)));
    let facade = api::validate(&request, Some(&broken));
    assert_eq!(answer["ok"], false, "{answer}");
    assert_eq!(answer["error"]["Code"], facade["error"]["Code"]);
    let without_position = |a: &serde_json::Value| {
        let m = a["error"]["Message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        m.split(" at line ").next().unwrap_or_default().to_string()
    };
    assert!(
        without_position(&answer).starts_with("world JSON: "),
        "{answer}"
    );
    assert_eq!(without_position(&answer), without_position(&facade));
}

#[wasm_bindgen_test]
async fn choosing_a_run_with_the_keyboard_shows_its_details() {
    let (root, _app) = fresh_playground().await;
    type_into(
        &root,
        "#field-InstanceId",
        "i-bp1a00000000000001\ni-bp1a00000000000002",
    );
    type_into(&root, "#field-CommandContent", "echo first; exit 3");
    click(&root, "#tab-executions");
    settle().await;
    type_into(&root, "#exec-cursor", "60");
    settle().await;
    let press = js_sys::Function::new_with_args(
        "el, key",
        "el.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true}))",
    );
    let svg = find(&root, "#timeline").expect("the timeline");
    press
        .call2(
            &wasm_bindgen::JsValue::NULL,
            &svg,
            &wasm_bindgen::JsValue::from_str("ArrowDown"),
        )
        .unwrap();
    settle().await;
    let details = text(&root, "#run-details");
    assert!(details.contains("web-2"), "{details}");
    assert!(details.contains("Failed"), "{details}");
    assert!(details.contains("exit code 3"), "{details}");
    assert!(details.contains("ExitCodeNonzero"), "{details}");
    assert!(details.contains("first"), "the output: {details}");
    assert!(find(&root, "#timeline rect.selected-run").is_some());
    assert!(text(&root, "#instance-statuses").contains("3 ExitCodeNonzero"));
}

#[wasm_bindgen_test]
fn coordinates_are_appended_in_place() {
    use runcommand_playground::ui::markup::push_tenths;
    let mut d = String::from("M");
    push_tenths(&mut d, 1234.56);
    d.push(' ');
    push_tenths(&mut d, -0.06);
    d.push(' ');
    push_tenths(&mut d, 9.95);
    assert_eq!(d, "M1234.6 -0.1 10.0");
}

// The JS API and the parameters table under hostile input.

#[wasm_bindgen_test]
fn the_js_api_answers_wrong_arguments_with_an_error_value() {
    use runcommand_playground::ui::js_api;
    use wasm_bindgen::JsValue;
    let function = js_sys::Function::new_no_args("return 1");
    let cyclic = js_sys::eval("(() => { const o = {}; o.self = o; return o; })()").unwrap();
    let request =
        js_sys::JSON::parse(&presets::by_id("hello-world").unwrap().request.to_string()).unwrap();
    let back = |v: JsValue| -> serde_json::Value {
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&v).unwrap())).unwrap()
    };
    let cases: Vec<(&str, JsValue, &str)> = vec![
        (
            "validate(()=>1)",
            js_api::validate(function.clone().into(), JsValue::UNDEFINED),
            "InvalidArgumentType",
        ),
        (
            "validate()",
            js_api::validate(JsValue::UNDEFINED, JsValue::UNDEFINED),
            "MissingArgument",
        ),
        (
            "validate([])",
            js_api::validate(js_sys::Array::new().into(), JsValue::UNDEFINED),
            "InvalidArgumentType",
        ),
        (
            "validate(cyclic)",
            js_api::validate(cyclic.clone(), JsValue::UNDEFINED),
            "UnreadableArgument",
        ),
        (
            "render(5)",
            js_api::render(5.into(), JsValue::UNDEFINED),
            "InvalidArgumentType",
        ),
        (
            "render(req, 'w')",
            js_api::render(request.clone(), "w".into()),
            "InvalidArgumentType",
        ),
        (
            "nextFires(null, …)",
            js_api::next_fires(
                JsValue::NULL,
                "2026-01-01T00:00:00Z".into(),
                3.into(),
                JsValue::UNDEFINED,
            ),
            "MissingArgument",
        ),
        (
            "nextFires(5, …)",
            js_api::next_fires(
                5.into(),
                "2026-01-01T00:00:00Z".into(),
                3.into(),
                JsValue::UNDEFINED,
            ),
            "InvalidArgumentType",
        ),
        (
            "nextFires(…, 10001)",
            js_api::next_fires(
                "rate(5m)".into(),
                "2026-01-01T00:00:00Z".into(),
                10_001.into(),
                JsValue::UNDEFINED,
            ),
            "ArgumentOutOfRange",
        ),
        (
            "nextFires(…, -1)",
            js_api::next_fires(
                "rate(5m)".into(),
                "2026-01-01T00:00:00Z".into(),
                (-1).into(),
                JsValue::UNDEFINED,
            ),
            "ArgumentOutOfRange",
        ),
        (
            "nextFires(…, 2.5)",
            js_api::next_fires(
                "rate(5m)".into(),
                "2026-01-01T00:00:00Z".into(),
                2.5.into(),
                JsValue::UNDEFINED,
            ),
            "ArgumentOutOfRange",
        ),
        (
            "nextFires(…, '3')",
            js_api::next_fires(
                "rate(5m)".into(),
                "2026-01-01T00:00:00Z".into(),
                "3".into(),
                JsValue::UNDEFINED,
            ),
            "InvalidArgumentType",
        ),
        (
            "nextFires(…, zone 7)",
            js_api::next_fires(
                "rate(5m)".into(),
                "2026-01-01T00:00:00Z".into(),
                3.into(),
                7.into(),
            ),
            "InvalidArgumentType",
        ),
        (
            "evaluate(req, …, 0)",
            js_api::evaluate(
                request.clone(),
                JsValue::UNDEFINED,
                "2026-01-01T00:00:00Z".into(),
                0.into(),
            ),
            "ArgumentOutOfRange",
        ),
        (
            "evaluate(req, …, now 1)",
            js_api::evaluate(
                request.clone(),
                JsValue::UNDEFINED,
                1.into(),
                JsValue::UNDEFINED,
            ),
            "InvalidArgumentType",
        ),
        (
            "simulate({}, null)",
            js_api::simulate(
                js_sys::Object::new().into(),
                JsValue::NULL,
                JsValue::UNDEFINED,
                JsValue::UNDEFINED,
                JsValue::UNDEFINED,
            ),
            "MissingArgument",
        ),
        (
            "simulate(req, until, …, {lean: 1})",
            js_api::simulate(
                request.clone(),
                "2026-01-02T00:00:00Z".into(),
                JsValue::UNDEFINED,
                "2026-01-01T00:00:00Z".into(),
                js_sys::JSON::parse("{\"lean\": 1}").unwrap(),
            ),
            "InvalidArgumentType",
        ),
        (
            "simulate(req, until, …, {seed: -1})",
            js_api::simulate(
                request.clone(),
                "2026-01-02T00:00:00Z".into(),
                JsValue::UNDEFINED,
                "2026-01-01T00:00:00Z".into(),
                js_sys::JSON::parse("{\"seed\": -1}").unwrap(),
            ),
            "InvalidArgumentType",
        ),
        (
            "simulateRun(…, -1, 0)",
            js_api::simulate_run(
                request.clone(),
                "2026-01-02T00:00:00Z".into(),
                JsValue::UNDEFINED,
                "2026-01-01T00:00:00Z".into(),
                (-1).into(),
                0.into(),
                JsValue::UNDEFINED,
            ),
            "ArgumentOutOfRange",
        ),
        (
            "mountWidget('x', …)",
            js_api::mount_widget(
                "x".into(),
                "form".into(),
                JsValue::UNDEFINED,
                JsValue::UNDEFINED,
            ),
            "InvalidArgumentType",
        ),
    ];
    for (call, answer, code) in cases {
        let answer = back(answer);
        assert_eq!(answer["ok"], false, "{call}: {answer}");
        assert_eq!(answer["code"], code, "{call}: {answer}");
        assert!(
            answer["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{call}: {answer}"
        );
    }
    // The count range's ends.
    let fires = |count: i32| {
        back(js_api::next_fires(
            "rate(5m)".into(),
            "2026-01-01T00:00:00Z".into(),
            count.into(),
            JsValue::UNDEFINED,
        ))
    };
    let within = fires(10_000);
    assert_eq!(within["ok"], true, "{within}");
    assert_eq!(within["next"].as_array().map(Vec::len), Some(10_000));
    assert_eq!(fires(1)["next"].as_array().map(Vec::len), Some(1));
    assert_eq!(fires(10_001)["code"], "ArgumentOutOfRange");
}

#[wasm_bindgen_test]
async fn a_link_with_ten_thousand_parameters_is_refused_quickly() {
    clear_draft();
    let parameters: serde_json::Map<String, serde_json::Value> = (0..10_000)
        .map(|i| (format!("k{i}"), serde_json::json!("v")))
        .collect();
    let mut request = presets::by_id("hello-world").unwrap().request;
    request["EnableParameter"] = serde_json::json!(true);
    request["CommandContent"] = serde_json::json!("echo {{k1}}");
    request["Parameters"] = serde_json::Value::Object(parameters);
    let snapshot = Snapshot {
        request: request.into(),
        world: None,
        now: Some("2026-01-02T03:04:05Z".into()),
        tab: "rendered".into(),
    };
    set_hash(&share::encode(&snapshot));
    let started = js_sys::Date::now();
    let root = new_root();
    let _app = runcommand_playground::ui::mount(root.clone());
    wait_until("the refusal", || {
        find(&root, "#api-error-code")
            .and_then(|e| e.text_content())
            .is_some_and(|code| code == "ParameterCount.ExceedLimit")
    })
    .await;
    let elapsed = js_sys::Date::now() - started;
    assert!(elapsed < 5_000.0, "{elapsed} ms");
    let validation = text(&root, "#validation");
    assert!(
        validation.contains("beyond the API's limits"),
        "the notice: {validation}"
    );
    // The table shows at most 100 rows (the API takes 10 pairs and 20 names).
    let rows = root
        .query_selector_all("#parameters-table tbody tr")
        .unwrap()
        .length();
    assert!(rows <= 100, "{rows} rows");
    set_hash("");
}

// embeds

/// A JS value as JSON.
fn json_of(value: &wasm_bindgen::JsValue) -> serde_json::Value {
    serde_json::from_str(&String::from(js_sys::JSON::stringify(value).unwrap())).unwrap()
}

#[wasm_bindgen_test]
fn embed_options_read_their_text_forms_and_ignore_bad_values() {
    use runcommand_playground::ui::EmbedOptions;
    let o = EmbedOptions::from_texts(
        Some(" Schedule ,"),
        Some("400px"),
        Some("DARK"),
        Some("2026-01-01T00:00:00Z"),
        Some("8"),
    );
    assert_eq!(o.panels, vec!["schedule"]);
    assert_eq!(o.height, Some(400));
    assert_eq!(o.theme.as_deref(), Some("dark"));
    assert_eq!(o.now.as_deref(), Some("2026-01-01T00:00:00Z"));
    assert_eq!(o.fires, 8);
    let bad = EmbedOptions::from_texts(Some(""), Some("10"), Some("blue"), Some(" "), Some("0"));
    assert_eq!(bad, EmbedOptions::default());
    let too_many = EmbedOptions::from_texts(None, Some("-5"), None, None, Some("51"));
    assert_eq!(too_many, EmbedOptions::default());
}

#[wasm_bindgen_test]
async fn a_widget_takes_its_options_and_lists_more_fires_on_request() {
    use runcommand_playground::ui::js_api;
    let root = new_root();
    let request = presets::by_id("daily-cron-shanghai").unwrap().request;
    let options = js_sys::JSON::parse(
        r#"{"height": "300", "theme": "dark", "now": "2026-03-01T00:00:00Z", "fires": 3,
            "playgroundUrl": "https://docs.example/runcommand/index.html"}"#,
    )
    .unwrap();
    let answer = js_api::mount_widget(
        root.clone().into(),
        "schedule".into(),
        js_sys::JSON::parse(&request.to_string()).unwrap(),
        options,
    );
    assert_eq!(json_of(&answer)["ok"], true);
    wait_until("the schedule", || find(&root, "#schedule-fires").is_some()).await;
    let rows = || {
        root.query_selector_all("#schedule-fires tbody tr")
            .unwrap()
            .length()
    };
    assert_eq!(rows(), 3);
    // The pinned now: the first fire is 2026-03-02 02:00 in Shanghai.
    let first = text(&root, "#schedule-fires tbody tr td:nth-child(3)");
    assert_eq!(first, "2026-03-01T18:00:00Z");
    assert!(find(&root, "#request-form").is_none(), "only the schedule");
    let main = find(&root, ".app.embed").unwrap();
    assert_eq!(main.get_attribute("data-theme").as_deref(), Some("dark"));
    let body = find(&root, ".embed-body").unwrap();
    assert!(body
        .get_attribute("style")
        .unwrap_or_default()
        .contains("max-height: 300px"));
    let link = find(&root, ".open-in-playground a")
        .unwrap()
        .get_attribute("href")
        .unwrap();
    assert!(
        link.starts_with("https://docs.example/runcommand/index.html#"),
        "{link}"
    );
    click(&root, "#schedule-more");
    wait_until("three more fires", || rows() == 6).await;
}

#[wasm_bindgen_test]
async fn an_embed_without_options_lists_a_few_fires() {
    let root = new_root();
    let request = presets::by_id("rate-5m").unwrap().request;
    runcommand_playground::ui::mount_widget(root.clone(), "schedule", Some(request));
    wait_until("the schedule", || find(&root, "#schedule-fires").is_some()).await;
    let rows = root
        .query_selector_all("#schedule-fires tbody tr")
        .unwrap()
        .length();
    assert_eq!(
        rows as usize,
        runcommand_playground::ui::embed_options::DEFAULT_FIRES
    );
    assert!(find(&root, "#schedule-more").is_some());
    assert!(find(&root, ".embed-body")
        .unwrap()
        .get_attribute("style")
        .is_none());
}

#[wasm_bindgen_test]
fn next_fires_ms_gives_the_fires_of_next_fires_as_epoch_milliseconds() {
    use runcommand_playground::ui::js_api;
    use wasm_bindgen::JsValue;
    let cases: [(&str, &str, u32, Option<&str>); 5] = [
        ("rate(5m)", "2026-01-01T00:00:00Z", 10, None),
        (
            "0 30 2 * * ? America/New_York",
            "2026-03-01T00:00:00Z",
            40,
            None,
        ),
        (
            "0 0 12 ? * 6L",
            "2026-01-01T00:00:00Z",
            10_000,
            Some("Asia/Shanghai"),
        ),
        ("0 0 0 1 1 ? 2027", "2026-01-01T00:00:00Z", 5, None),
        ("not a cron", "2026-01-01T00:00:00Z", 3, None),
    ];
    for (frequency, start, count, zone) in cases {
        let zone_js = zone.map_or(JsValue::UNDEFINED, JsValue::from);
        let objects = json_of(&js_api::next_fires(
            frequency.into(),
            start.into(),
            count.into(),
            zone_js.clone(),
        ));
        let typed = js_api::next_fires_ms(frequency.into(), start.into(), count.into(), zone_js);
        let fires = js_sys::Reflect::get(&typed, &"fires".into()).unwrap();
        let mut rest = json_of(&typed);
        if objects["ok"] == true {
            let fires: js_sys::Float64Array = fires.dyn_into().expect("a Float64Array");
            let as_iso: Vec<serde_json::Value> = fires
                .to_vec()
                .iter()
                .map(|ms| {
                    let iso: String = js_sys::Date::new(&JsValue::from(*ms))
                        .to_iso_string()
                        .into();
                    serde_json::json!(iso.replace(".000Z", "Z"))
                })
                .collect();
            assert_eq!(serde_json::json!(as_iso), objects["next"], "{frequency}");
            rest["next"] = objects["next"].clone();
            rest.as_object_mut().unwrap().remove("fires");
        } else {
            assert!(fires.is_undefined(), "{frequency}");
        }
        assert_eq!(rest, objects, "{frequency}");
    }
    let wrong = json_of(&js_api::next_fires_ms(
        "rate(5m)".into(),
        JsValue::from(5),
        3.into(),
        JsValue::UNDEFINED,
    ));
    assert_eq!(wrong["code"], "InvalidArgumentType");
}
