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
/// The draft in localStorage.
fn stored_draft() -> String {
    use runcommand_playground::ui::persistence::DRAFT_KEY;
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(DRAFT_KEY)
        .unwrap()
        .unwrap_or_default()
}

/// Earlier tests' playgrounds are still mounted: waits until the draft has stayed the same for
/// longer than the autosave delay, so that none of them has a save pending.
async fn drafts_quiet() {
    use runcommand_playground::ui::persistence::AUTOSAVE_DELAY_MS;
    let (mut last, mut since) = (stored_draft(), js_sys::Date::now());
    wait_until("the earlier playgrounds' saves", || {
        let now = stored_draft();
        if now != last {
            (last, since) = (now, js_sys::Date::now());
        }
        js_sys::Date::now() - since > f64::from(AUTOSAVE_DELAY_MS + 50)
    })
    .await;
}

async fn fresh_playground() -> (Element, yew::AppHandle<runcommand_playground::ui::App>) {
    set_hash("");
    drafts_quiet().await;
    clear_draft();
    let (root, app) = load_playground().await;
    wait_for(&root, "#request-form").await;
    (root, app)
}

/// Mounts the playground in a new root once it has decided how to start, as a page load does
/// (from the address's link or the stored draft).
async fn load_playground() -> (Element, yew::AppHandle<runcommand_playground::ui::App>) {
    let root = new_root();
    let app = runcommand_playground::ui::mount(root.clone()).await;
    (root, app)
}

/// Puts a share link of `snapshot` in the page's address.
async fn set_link(snapshot: &Snapshot) {
    set_hash(&share::encode(snapshot).await.unwrap());
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

/// Waits until an element matching `selector` is in `root`.
async fn wait_for(root: &Element, selector: &str) {
    wait_until(selector, || find(root, selector).is_some()).await;
}

/// Yields to the browser once, so that the render yew scheduled for the last event runs (a
/// component that keeps what was typed compares the next props with the rendered ones).
async fn next_render() {
    TimeoutFuture::new(0).await;
}

fn export_json(root: &Element) -> serde_json::Value {
    serde_json::from_str(&text(root, "#export-text")).unwrap()
}

#[wasm_bindgen_test]
async fn playground_renders_the_form_and_the_request_json() {
    let (root, _app) = fresh_playground().await;
    click(&root, "#tab-exports");
    wait_for(&root, "#export-text").await;
    let json = export_json(&root);
    assert_eq!(json["RegionId"], "cn-hangzhou");
    assert!(json["InstanceId"].is_array());

    type_into(&root, "#field-RegionId", "cn-shanghai");
    wait_until("the exported RegionId", || {
        export_json(&root)["RegionId"] == "cn-shanghai"
    })
    .await;
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
    wait_until("the error", || {
        find(&root, "#error-Type").is_some() && text(&root, "#validation").contains("HTTP 404")
    })
    .await;
    let error = text(&root, "#error-Type");
    assert!(error.contains("InvalidCmdType.NotFound"), "{error}");
    assert!(text(&root, "#api-error-code").contains("InvalidCmdType.NotFound"));
    assert!(text(&root, "#validation").contains("HTTP 404"));
    type_into(&root, "#field-Type", "RunShellScript");
    wait_until("the error to clear", || {
        find(&root, "#error-Type").is_none() && text(&root, "#validation").contains("200 OK")
    })
    .await;
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
    set_link(&snapshot).await;
    let (root, _app) = load_playground().await;
    wait_for(&root, "#field-Name").await;
    let name: HtmlInputElement = find(&root, "#field-Name").unwrap().unchecked_into();
    assert_eq!(name.value(), "deploy-web");
    let selected = find(&root, "#tab-rendered")
        .unwrap()
        .get_attribute("aria-selected");
    assert_eq!(selected.as_deref(), Some("true"));
    click(&root, "#tab-exports");
    wait_for(&root, "#export-text").await;
    assert_eq!(export_json(&root), preset.request);
    set_hash("");
}

/// Links and drafts are read by serde: optional fields may be absent or `null`, unknown fields
/// are ignored, and a field of the wrong type is refused with its name.
#[wasm_bindgen_test]
fn a_snapshot_reads_optional_fields_and_names_a_wrong_one() {
    use serde_json::json;
    let request = presets::by_id("rate-5m").unwrap().request;
    let read = |value: serde_json::Value| {
        runcommand_playground::sim::json::read::<Snapshot>(&value, "").map_err(|e| e.to_string())
    };
    let snapshot =
        read(json!({"request": request, "world": null, "now": null, "unknown": 1})).unwrap();
    assert_eq!(*snapshot.request, request);
    assert_eq!(
        (snapshot.world, snapshot.now, snapshot.tab),
        (None, None, String::new())
    );
    let snapshot = read(json!({"request": {}, "world": {"accountId": "1"}, "now": "2026-01-02T03:04:05Z", "tab": "world"})).unwrap();
    assert_eq!(snapshot.world.as_deref(), Some(&json!({"accountId": "1"})));
    assert_eq!(snapshot.now.as_deref(), Some("2026-01-02T03:04:05Z"));
    assert_eq!(snapshot.tab, "world");
    assert_eq!(
        read(json!({"now": null})),
        Err("missing field `request`".to_string())
    );
    let wrong = read(json!({"request": {}, "now": 5})).unwrap_err();
    assert!(
        wrong.starts_with("now: invalid type: integer `5`"),
        "{wrong}"
    );
    let wrong = read(json!({"request": {}, "tab": ["a"]})).unwrap_err();
    assert!(wrong.starts_with("tab: invalid type: sequence"), "{wrong}");
}

#[wasm_bindgen_test]
async fn a_corrupt_fragment_shows_the_notice() {
    set_hash("v1.this-is-not-a-valid-state");
    let (root, _app) = load_playground().await;
    wait_for(&root, "#notice").await;
    let notice = text(&root, "#notice");
    assert!(notice.contains("could not be opened"), "{notice}");
    assert!(find(&root, "#request-form").is_some());
    set_hash("");
}

#[wasm_bindgen_test]
async fn the_draft_is_saved_once_edits_pause() {
    let (root, _app) = fresh_playground().await;
    click(&root, "#tab-rendered");
    wait_for(&root, "#rendered-script").await;
    let draft = stored_draft;
    drafts_quiet().await;
    clear_draft();
    type_into(&root, "#field-CommandContent", "echo saved-while-typing");
    wait_until("the draft", || draft().contains("saved-while-typing")).await;
    // The pagehide flush: a change saved at once when the page goes away.
    type_into(&root, "#field-CommandContent", "echo saved-on-pagehide");
    wait_until("the edit to render", || {
        find(&root, "#rendered-script")
            .and_then(|e| e.text_content())
            .is_some_and(|t| t.contains("saved-on-pagehide"))
    })
    .await;
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
    click(&root, "#tab-exports");
    wait_until("the exported tag", || {
        find(&root, "#export-text")
            .and_then(|e| e.text_content())
            .is_some_and(|t| t.contains("\"Tag\"") && t.contains("<b id=injected>"))
    })
    .await;
    for tab in ["rendered", "executions", "exports", "schedule"] {
        click(&root, &format!("#tab-{tab}"));
        wait_for(&root, &format!("#panel-{tab}")).await;
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
    wait_until("the rendered script", || {
        find(&root, "#rendered-script")
            .and_then(|e| e.text_content())
            .is_some_and(|t| t.contains("<img src=x"))
    })
    .await;
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
    wait_until("both parameter rows", || {
        find(&root, "#param-greeting").is_some() && find(&root, "#param-who").is_some()
    })
    .await;
    let table = text(&root, "#parameters-table");
    assert!(
        table.contains("greeting") && table.contains("who"),
        "{table}"
    );
    type_into(&root, "#param-greeting", "hello");
    let script = || {
        find(&root, "#rendered-script")
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    wait_until("web-1's script", || {
        script().trim() == "echo hello from  on web-1"
    })
    .await;
    click(&root, "#rendered-tab-1");
    wait_until("web-2's script", || {
        script().trim() == "echo hello from  on web-2"
    })
    .await;
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
    wait_until("the three instances' timeline", || {
        find(&root, "#instance-statuses")
            .is_some_and(|s| s.text_content().is_some_and(|t| t.contains("db-1")))
            && find(&root, "#exec-cursor").is_some()
    })
    .await;
    move_cursor(&root, "0").await;
    let statuses = text(&root, "#instance-statuses");
    assert!(
        statuses.contains("Pending") || statuses.contains("Running"),
        "{statuses}"
    );
    assert!(find(&root, "#timeline path.bar").is_none() || statuses.contains("Running"));
    move_cursor(&root, "10").await;
    wait_until("running bars", || {
        text(&root, "#instance-statuses").contains("Running")
            && find(&root, "#timeline path.st-running").is_some()
    })
    .await;
    move_cursor(&root, "60").await;
    wait_until("three successes", || {
        text(&root, "#instance-statuses").matches("Success").count() == 3
            && find(&root, "#timeline path.st-success").is_some()
            && text(&root, "#overall-status").contains("Success")
    })
    .await;
    // The Describe* texts are written when their section opens.
    assert!(find(&root, "#describe-invocation-results").is_none());
    find(&root, "details.describe:nth-of-type(2)")
        .expect("the DescribeInvocationResults section")
        .set_attribute("open", "")
        .unwrap();
    wait_for(&root, "#describe-invocation-results").await;
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
    wait_for(&a, "#schedule-description").await;
    wait_for(&b, "#schedule-description").await;
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
        iframe: true,
        ..Default::default()
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

/// The button of `root` whose text contains `label`.
fn button_with(root: &Element, label: &str) -> Option<web_sys::HtmlElement> {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().unwrap_or_default().contains(label))
        .map(|b| b.unchecked_into())
}

#[wasm_bindgen_test]
async fn the_executions_frame_takes_the_pages_state_and_posts_back_the_users_actions() {
    use runcommand_playground::ui::embed::{EVENTS_MESSAGE, FRAME_READY_MESSAGE};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    // In the test page the frame's parent is the page itself, so its messages come back here.
    let ready = Rc::new(RefCell::new(0));
    let posted: Rc<RefCell<Vec<serde_json::Value>>> = Rc::default();
    let (seen_ready, seen_events) = (ready.clone(), posted.clone());
    let listener =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = json_of(&e.data());
            if data["type"] == FRAME_READY_MESSAGE {
                *seen_ready.borrow_mut() += 1;
            } else if data["type"] == EVENTS_MESSAGE {
                seen_events.borrow_mut().push(data["events"].clone());
            }
        });
    let window = web_sys::window().unwrap();
    window
        .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
        .unwrap();
    set_hash("");
    let root = new_root();
    let props = runcommand_playground::ui::AppProps {
        embed: Some(runcommand_playground::ui::EmbedOptions::from_texts(
            Some("executions"),
            None,
            None,
            None,
            None,
        )),
        iframe: true,
        executions_frame: true,
        ..Default::default()
    };
    let _app =
        yew::Renderer::<runcommand_playground::ui::App>::with_root_and_props(root.clone(), props)
            .render();
    wait_until("the frame's ready message", || *ready.borrow() == 1).await;
    // Only the panel: no form, no "Open in the playground" link.
    assert!(find(&root, "#request-form").is_none() && find(&root, ".open-in-playground").is_none());

    let state = |events: &str| {
        js_sys::JSON::parse(&format!(
            r#"{{"type": "runcommand-playground:executions", "now": "2026-01-01T00:00:00Z", "world": null,
                "request": {{"RegionId": "cn-hangzhou", "Type": "RunShellScript",
                  "CommandContent": "echo from-page; exit 3", "InstanceId": ["i-bp1a00000000000001"]}},
                "events": {events}}}"#
        ))
        .unwrap()
    };
    let stop = r#"[{"at": "2026-01-01T00:00:30Z", "action": "StopInvocation"}]"#;
    window.post_message(&state(stop), "*").unwrap();
    wait_until("the page's request and events", || {
        find(&root, "#timeline path.bar.st-failed").is_some()
            && button_with(&root, "Forget 1 action(s)").is_some()
    })
    .await;
    next_render().await;
    assert!(
        posted.borrow().is_empty(),
        "the page's own events are not posted back"
    );

    // A reboot made in the frame goes to the page, after the page's stop.
    button_with(&root, "Reboot instance now").unwrap().click();
    wait_until("the frame's events message", || !posted.borrow().is_empty()).await;
    let events = posted.borrow().last().cloned().unwrap();
    assert_eq!(events.as_array().map(Vec::len), Some(2), "{events}");
    assert_eq!(events[0]["action"], "StopInvocation");
    assert_eq!(events[1]["action"], "RebootInstance");
    assert_eq!(events[1]["InstanceId"], "i-bp1a00000000000001");

    // The page's Reset (no events) clears them.
    window.post_message(&state("[]"), "*").unwrap();
    wait_until("the events cleared", || {
        button_with(&root, "Forget").is_none()
    })
    .await;
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
    wait_for(&root, "#exec-cursor").await;
    move_cursor(&root, "60").await;
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
    wait_until("web-2's run", || {
        text(&root, "#run-details").contains("web-2")
    })
    .await;
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
    set_link(&snapshot).await;
    let started = js_sys::Date::now();
    let (root, _app) = load_playground().await;
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

// playground

/// Evaluates a JavaScript expression (computed styles, which web-sys would need features for).
fn js(expression: &str) -> String {
    js_sys::eval(expression)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Puts the page's style sheet into the test page (once).
fn with_style_sheet() {
    if document().get_element_by_id("playground-css").is_none() {
        let style = document().create_element("style").unwrap();
        style.set_id("playground-css");
        style.set_text_content(Some(include_str!("../static/style.css")));
        document().head().unwrap().append_child(&style).unwrap();
    }
}

fn input_value(root: &Element, selector: &str) -> String {
    find(root, selector)
        .map(|f| f.unchecked_into::<HtmlInputElement>().value())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn results_stay_in_view_with_a_skip_link_and_a_result_bar() {
    with_style_sheet();
    let (root, _app) = fresh_playground().await;
    let skip = find(&root, "a.skip-link").expect("a skip link");
    assert_eq!(skip.get_attribute("href").as_deref(), Some("#results"));
    assert!(find(&root, "#results").is_some());
    type_into(&root, "#field-Type", "RunPythonScript");
    type_into(&root, "#field-Timeout", "x");
    wait_for(&root, "#result-bar a[href='#row-Timeout']").await;
    let bar = text(&root, "#result-bar");
    assert!(bar.contains("InvalidCmdType.NotFound"), "{bar}");
    let links: Vec<String> = (0..root
        .query_selector_all("#result-bar a.field-link")
        .unwrap()
        .length())
        .filter_map(|i| {
            root.query_selector_all("#result-bar a.field-link")
                .unwrap()
                .item(i)
        })
        .filter_map(|n| n.unchecked_into::<Element>().get_attribute("href"))
        .collect();
    assert!(links.contains(&"#row-Type".to_string()), "{links:?}");
    assert!(links.contains(&"#row-Timeout".to_string()), "{links:?}");
    for link in &links {
        assert!(
            root.query_selector(link).unwrap().is_some(),
            "{link} leads nowhere"
        );
    }
    let wide = web_sys::window()
        .unwrap()
        .inner_width()
        .unwrap()
        .as_f64()
        .unwrap()
        > 900.0;
    if wide {
        assert_eq!(
            js("getComputedStyle(document.querySelector('#results')).position"),
            "sticky"
        );
        assert_eq!(
            js("getComputedStyle(document.querySelector('#result-bar')).display"),
            "none"
        );
    } else {
        assert_eq!(
            js("getComputedStyle(document.querySelector('#result-bar')).position"),
            "fixed"
        );
    }
}

#[wasm_bindgen_test]
async fn the_theme_selector_colours_the_whole_page() {
    with_style_sheet();
    let (root, _app) = fresh_playground().await;
    let background = || js("getComputedStyle(document.body).backgroundColor");
    type_into(&root, "#theme-select", "dark");
    wait_until("the dark theme", || background() == "rgb(17, 20, 24)").await;
    assert_eq!(js("document.documentElement.dataset.theme"), "dark");
    type_into(&root, "#theme-select", "light");
    wait_until("the light theme", || background() == "rgb(247, 248, 250)").await;
    // White text on the strong orange of the selected tab and the Presets button.
    assert_eq!(
        js("getComputedStyle(document.querySelector('.tab.selected')).backgroundColor"),
        "rgb(194, 65, 12)"
    );
    type_into(&root, "#theme-select", "system");
    wait_until("the system theme", || {
        js("document.documentElement.dataset.theme || 'none'") == "none"
    })
    .await;
    assert_eq!(
        js("document.documentElement.dataset.theme || 'none'"),
        "none"
    );
}

#[wasm_bindgen_test]
async fn reset_and_presets_can_be_undone_and_drafts_restored() {
    let (root, _app) = fresh_playground().await;
    type_into(&root, "#field-Name", "my precious work");
    wait_until("the typed name", || {
        input_value(&root, "#field-Name") == "my precious work"
    })
    .await;
    next_render().await;
    click(&root, "#reset-button");
    wait_until("the reset", || input_value(&root, "#field-Name").is_empty()).await;
    assert!(text(&root, "#undo-notice").contains("Reset"));
    click(&root, "#undo-button");
    wait_until("the undo", || {
        input_value(&root, "#field-Name") == "my precious work"
    })
    .await;
    assert!(find(&root, "#undo-notice").is_none());

    click(&root, "#preset-daily-cron-shanghai");
    wait_until("the preset", || {
        input_value(&root, "#field-Frequency") == "0 0 2 * * ? Asia/Shanghai"
    })
    .await;
    assert!(text(&root, "#undo-notice").contains("Preset"));
    click(&root, "#undo-button");
    wait_until("the undo of the preset", || {
        input_value(&root, "#field-Name") == "my precious work"
    })
    .await;

    // The history keeps the drafts: the work before the preset is one click away.
    click(&root, "#preset-hello-world");
    wait_until("another preset", || {
        input_value(&root, "#field-Name").is_empty()
    })
    .await;
    assert!(text(&root, "#history summary").contains("History ("));
    assert!(text(&root, "#draft-0").contains("my precious work"));
    click(&root, "#draft-0");
    wait_until("the restored draft", || {
        input_value(&root, "#field-Name") == "my precious work"
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_frequency_builder_edits_the_expression_in_place() {
    let (root, _app) = fresh_playground().await;
    type_into(&root, "#field-Frequency", "0 */5 * * * ?");
    wait_until("the builder's cells", || {
        input_value(&root, "#cron-1") == "*/5"
    })
    .await;
    assert_eq!(input_value(&root, "#cron-1"), "*/5");
    assert_eq!(input_value(&root, "#cron-5"), "?");
    assert_eq!(input_value(&root, "#cron-zone"), "");
    type_into(&root, "#cron-2", "3");
    wait_until("the edited cron", || {
        input_value(&root, "#field-Frequency") == "0 */5 3 * * ?"
    })
    .await;
    // Emptying a cell to retype it does not shift the others.
    type_into(&root, "#cron-2", "");
    wait_until("the emptied cell", || {
        input_value(&root, "#cron-2").is_empty()
    })
    .await;
    assert_eq!(input_value(&root, "#cron-3"), "*");
    type_into(&root, "#cron-2", "4");
    wait_until("the retyped cell", || {
        input_value(&root, "#field-Frequency") == "0 */5 4 * * ?"
    })
    .await;

    type_into(&root, "#field-Frequency", "rate(2h)");
    wait_for(&root, "#rate-value").await;
    assert_eq!(input_value(&root, "#rate-value"), "2");
    // What the builder cannot show is left alone, and it says so.
    type_into(&root, "#field-Frequency", "every tuesday");
    wait_for(&root, "#builder-unreadable").await;
    assert!(find(&root, "#builder-unreadable").is_some());
    assert!(find(&root, "#cron-2").is_none());
    assert_eq!(input_value(&root, "#field-Frequency"), "every tuesday");
}

#[wasm_bindgen_test]
async fn a_schedule_the_agent_never_fires_is_said_so_everywhere() {
    let (root, _app) = fresh_playground().await;
    click(&root, "#tab-schedule");
    type_into(&root, "#field-Frequency", "0 0 10 ? * MON-SUN");
    wait_for(&root, "#validation.amber").await;
    wait_for(&root, "#schedule-headline").await;
    assert!(text(&root, "#validation").contains("accepted, but the agent never fires it"));
    assert!(text(&root, "#frequency-never-fires").contains("never fires"));
    let headline = text(&root, "#schedule-headline");
    assert!(headline.contains("never fires"), "{headline}");
    assert!(
        find(&root, "#schedule-fires").is_none(),
        "no empty table of fires"
    );
    let schedule = text(&root, "#schedule");
    assert!(!schedule.contains('`'), "{schedule}");
    assert!(!schedule.contains("dow_range_to_sunday"), "{schedule}");

    // A schedule that fires: 10 rows, then 10 more; a UTC schedule has no second UTC column.
    type_into(&root, "#field-Frequency", "0 0 * * * ? UTC");
    wait_until("the green banner", || {
        find(&root, "#validation.amber").is_none() && find(&root, "#schedule-fires").is_some()
    })
    .await;
    assert_eq!(
        root.query_selector_all("#schedule-fires tbody tr")
            .unwrap()
            .length(),
        10
    );
    assert_eq!(
        root.query_selector_all("#schedule-fires thead th")
            .unwrap()
            .length(),
        3
    );
    click(&root, "#more-fires");
    wait_until("10 more fires", || {
        root.query_selector_all("#schedule-fires tbody tr")
            .unwrap()
            .length()
            == 20
    })
    .await;
    assert_eq!(
        root.query_selector_all("#schedule-fires tbody tr")
            .unwrap()
            .length(),
        20
    );
    assert!(
        root.query_selector_all("#schedule-strip .strip-date")
            .unwrap()
            .length()
            >= 2
    );
}

#[wasm_bindgen_test]
async fn hints_fix_the_frequency_in_one_click() {
    let (root, _app) = fresh_playground().await;
    for (typed, fixed) in [
        ("0 2 * * *", "0 0 2 * * ?"),
        (
            "at(2026-12-24T20:00:00+08:00)",
            "at(2026-12-24 20:00:00 GMT+8:00)",
        ),
        ("0 0 10 ? * MON-SUN", "0 0 10 ? * *"),
    ] {
        type_into(&root, "#field-Frequency", typed);
        wait_for(&root, ".frequency-note button.fix").await;
        click(&root, ".frequency-note button.fix");
        wait_until("the fix", || {
            input_value(&root, "#field-Frequency") == fixed
        })
        .await;
        wait_until("the fixed answer", || {
            text(&root, "#validation").contains("200 OK")
        })
        .await;
        assert!(find(&root, "#frequency-never-fires").is_none(), "{fixed}");
        assert!(
            find(&root, ".frequency-note button.fix").is_none(),
            "{fixed}"
        );
    }
}

#[wasm_bindgen_test]
async fn parameters_sent_literally_or_empty_are_pointed_out() {
    let (root, _app) = fresh_playground().await;
    type_into(
        &root,
        "#field-CommandContent",
        "echo Hello {{name}} from {{ACS::InstanceName}}",
    );
    wait_for(&root, "#parameters-literal").await;
    let literal = text(&root, "#parameters-literal");
    assert!(
        literal.contains("{{name}} will be sent literally"),
        "{literal}"
    );
    assert!(!literal.contains("ACS::"), "{literal}");
    type_into(&root, "#field-EnableParameter", "true");
    wait_for(&root, "#parameters-empty").await;
    assert!(find(&root, "#parameters-literal").is_none());
    assert!(text(&root, "#parameters-empty").contains("{{name}} has no value"));
    type_into(&root, "#param-name", "Ada");
    wait_until("the value", || find(&root, "#parameters-empty").is_none()).await;
}

#[wasm_bindgen_test]
async fn exports_are_readable_and_highlighted() {
    let (root, _app) = fresh_playground().await;
    click(&root, "#tab-exports");
    wait_for(&root, "#export-text .tok-key").await;
    let json = text(&root, "#export-text");
    assert!(json.starts_with("{\n  \""), "{json}");
    assert!(find(&root, "#export-text .tok-key").is_some());
    // A number is a literal (the default request has none).
    type_into(&root, "#field-Timeout", "90");
    wait_for(&root, "#export-text .tok-lit").await;
    assert_eq!(text(&root, "#export-text .tok-lit"), "90");
    click(&root, "#export-cli");
    wait_until("the CLI", || {
        text(&root, "#export-text").starts_with("aliyun")
    })
    .await;
    let cli = text(&root, "#export-text");
    assert!(cli.starts_with("aliyun ecs RunCommand \\\n  --"), "{cli}");
    assert_eq!(text(&root, "#export-text .tok-key"), "--RegionId");
    click(&root, "#export-query");
    wait_until("the query", || {
        text(&root, "#export-text").starts_with("Action=")
    })
    .await;
    let query = text(&root, "#export-text");
    assert!(
        query.starts_with("Action=RunCommand&Version=2014-05-26&Format=JSON&"),
        "{query}"
    );
    assert!(query.contains("&RegionId=cn-hangzhou"), "{query}");
    assert!(!query.contains("Signature="), "{query}");
}

#[wasm_bindgen_test]
async fn the_fleet_preset_brings_a_world_of_a_hundred_instances() {
    let (root, _app) = fresh_playground().await;
    click(&root, "#preset-fleet");
    wait_until("the fleet", || {
        input_value(&root, "#field-Name") == "fleet-uptime"
    })
    .await;
    wait_until("the fleet's answer", || {
        text(&root, "#validation").contains("200 OK")
    })
    .await;
    assert!(
        text(&root, "#validation").contains("200 OK"),
        "{}",
        text(&root, "#validation")
    );
    let ids = find(&root, "#field-InstanceId")
        .unwrap()
        .unchecked_into::<HtmlTextAreaElement>()
        .value();
    assert_eq!(ids.lines().count(), 100);
    // Undo brings back the default world with the request.
    click(&root, "#undo-button");
    wait_until("the undo", || input_value(&root, "#field-Name").is_empty()).await;
    wait_until("the default answer", || {
        text(&root, "#validation").contains("200 OK")
    })
    .await;
}

// timeline

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

/// Two instances run `content`, and the Executions tab opens.
async fn executions_of_two(root: &Element, content: &str) {
    type_into(
        root,
        "#field-InstanceId",
        "i-bp1a00000000000001\ni-bp1a00000000000002",
    );
    open_executions(root, content).await;
}

/// The default instances run `content`, and the Executions tab opens.
async fn open_executions(root: &Element, content: &str) {
    type_into(root, "#field-CommandContent", content);
    click(root, "#tab-executions");
    wait_for(root, "#timeline path.bar").await;
}

/// Moves the playback cursor to `secs` after the call (or the window's edge the slider keeps
/// it to) and waits until the timeline shows it there.
async fn move_cursor(root: &Element, secs: &str) {
    type_into(root, "#exec-cursor", secs);
    let at = input_value(root, "#exec-cursor");
    let offset = || find(root, "#cursor-time").map(|c| attr(&c, "data-offset-s"));
    for _ in 0..250 {
        if offset().as_deref() == Some(at.as_str()) {
            return;
        }
        TimeoutFuture::new(20).await;
    }
    panic!(
        "the cursor: asked {secs}, slider {at} (now {}), label at {:?}",
        input_value(root, "#exec-cursor"),
        offset()
    );
}

fn tick_labels(root: &Element) -> Vec<String> {
    all(root, "#timeline .tick text")
        .iter()
        .map(|t| t.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn pointing_at_a_bar_with_the_mouse_or_focus_shows_its_run_card() {
    let (root, _app) = fresh_playground().await;
    executions_of_two(&root, "echo first; sleep 5; exit 3").await;
    // Keyboard focus alone shows the first run.
    let svg: HtmlElement = find(&root, "#timeline").unwrap().unchecked_into();
    svg.focus().unwrap();
    wait_until("the focused run's card", || {
        text(&root, "#run-details").contains("run 1 of 1")
    })
    .await;
    let card = text(&root, "#run-details");
    assert!(
        card.contains("web-1") && card.contains("run 1 of 1"),
        "{card}"
    );
    // The second row's bar, pointed at with the mouse.
    let bars = all(&root, "#timeline path.bar.st-failed");
    assert_eq!(bars.len(), 2, "one failed bar per instance");
    let rect = bars[1].get_bounding_client_rect();
    let point = js_sys::Function::new_with_args(
        "el, x, y",
        "el.dispatchEvent(new MouseEvent('mousemove', {clientX: x, clientY: y, bubbles: true}))",
    );
    point
        .call3(
            &wasm_bindgen::JsValue::NULL,
            &bars[1],
            &(rect.left() + rect.width() / 2.0).into(),
            &(rect.top() + rect.height() / 2.0).into(),
        )
        .unwrap();
    wait_until("the pointed run's card", || {
        text(&root, "#run-details").contains("web-2")
    })
    .await;
    let card = text(&root, "#run-details");
    assert!(card.contains("web-2"), "{card}");
    assert!(
        card.contains("Failed") && card.contains("legacy Finished"),
        "{card}"
    );
    assert!(
        card.contains("exit code 3") && card.contains("ExitCodeNonzero"),
        "{card}"
    );
    assert!(card.contains("Duration"), "{card}");
    assert!(find(&root, "#timeline rect.selected-run").is_some());
}

#[wasm_bindgen_test]
async fn the_legend_lists_every_status_drawn_with_its_legacy_name() {
    let (root, _app) = fresh_playground().await;
    executions_of_two(&root, "sleep 5; exit 1").await;
    let legend = all(&root, "#timeline-legend li");
    assert_eq!(legend.len(), 12, "every InvocationStatus");
    let listed: Vec<String> = legend
        .iter()
        .map(|li| attr(li, "data-status").to_ascii_lowercase())
        .collect();
    let drawn = all(&root, "#timeline path.bar, #timeline path.glyph");
    assert!(!drawn.is_empty());
    for path in drawn {
        let class = attr(&path, "class");
        let status = class
            .split(' ')
            .find_map(|c| c.strip_prefix("st-"))
            .expect("a status class");
        assert!(
            listed.iter().any(|l| l == status),
            "{status} not in the legend"
        );
        let item = find(
            &root,
            &format!("#timeline-legend li.drawn[data-status='{}']", {
                let mut s = status.to_string();
                s[..1].make_ascii_uppercase();
                s
            }),
        );
        assert!(item.is_some(), "{status} is marked as drawn");
    }
    assert!(text(&root, "#timeline-legend").contains("Timeout"));
    assert!(text(&root, "#timeline-legend").contains("legacy Failed"));
}

#[wasm_bindgen_test]
async fn the_axis_reads_in_the_schedule_zone_and_zooming_changes_its_ticks() {
    let (root, _app) = fresh_playground().await;
    click(&root, "#preset-dst-trap");
    wait_until("the preset", || find(&root, "#schedule-fires").is_some()).await;
    click(&root, "#tab-executions");
    wait_until("the preset's timeline", || {
        find(&root, "#cursor-time")
            .and_then(|c| c.text_content())
            .is_some_and(|c| c.starts_with("2027-03-16"))
    })
    .await;
    wait_until("the fitted axis", || tick_labels(&root).len() == 5).await;
    let labels = tick_labels(&root);
    // From 04:00 PST on 2027-03-13 to just after the third day's fire, every 12 hours: the
    // dates at the day boundaries in Los Angeles (Mar 16's, at the right edge, has no room),
    // and the spring-forward change marked.
    assert_eq!(labels, ["12:00", "Mar 14", "12:00", "Mar 15", "12:00"]);
    assert!(
        labels
            .iter()
            .all(|l| l.starts_with("Mar") || l.ends_with(":00")),
        "{labels:?}"
    );
    assert!(
        text(&root, "#timeline").contains("DST UTC−08:00 → UTC−07:00"),
        "{}",
        text(&root, "#timeline")
    );
    let cursor = text(&root, "#cursor-time");
    assert!(
        cursor.starts_with("2027-03-16") && cursor.ends_with("UTC-07:00"),
        "{cursor}"
    );
    click(&root, "#zoom-in");
    wait_until("a zoomed axis", || tick_labels(&root) != labels).await;
    let zoomed = tick_labels(&root);
    click(&root, "#zoom-in");
    wait_until("a closer axis", || tick_labels(&root) != zoomed).await;
    assert!(tick_labels(&root).len() >= 3, "{:?}", tick_labels(&root));
    // In UTC the same window reads other wall times, and has no DST.
    type_into(&root, "#timeline-zone", "utc");
    click(&root, "#zoom-fit");
    wait_until("the cursor in UTC", || {
        text(&root, "#cursor-time").ends_with(" UTC+00:00")
    })
    .await;
    assert!(!text(&root, "#timeline").contains("DST"), "UTC has no DST");
}

#[wasm_bindgen_test]
async fn a_fresh_rate_5m_shows_its_first_runs_without_touching_the_window() {
    let (root, _app) = fresh_playground().await;
    type_into(&root, "#field-Frequency", "rate(5m)");
    click(&root, "#tab-executions");
    // The fit shows the first fires; the last one may sit on the window's edge.
    wait_until("bars and the first fire ticks", || {
        find(&root, "#timeline path.bar").is_some()
            && find(&root, "#timeline path.fire")
                .is_some_and(|f| attr(&f, "d").matches('M').count() >= 2)
    })
    .await;
    let statuses = text(&root, "#instance-statuses");
    assert!(!statuses.contains(" 0 "), "{statuses}");
    let cursor = text(&root, "#cursor-time");
    assert!(!cursor.contains("t = "), "{cursor}");
}

#[wasm_bindgen_test]
async fn stop_and_reboot_markers_appear_at_the_cursor() {
    let (root, _app) = fresh_playground().await;
    open_executions(&root, "echo start; sleep 20; echo done").await;
    move_cursor(&root, "5").await;
    click(&root, "#reboot-instance");
    wait_for(&root, "#timeline .marker-reboot line").await;
    let cursor_x = || attr(&find(&root, "#timeline line.cursor").unwrap(), "x1");
    let reboot = find(&root, "#timeline .marker-reboot line").expect("a reboot marker");
    assert_eq!(attr(&reboot, "x1"), cursor_x());
    assert!(text(&root, "#timeline").contains("reboot"));
    move_cursor(&root, "8").await;
    click(&root, "#stop-invocation");
    wait_for(&root, "#timeline .marker-stop line").await;
    let stop = find(&root, "#timeline .marker-stop line").expect("a stop marker");
    assert_eq!(attr(&stop, "x1"), cursor_x());
    assert!(text(&root, "#timeline").contains("StopInvocation"));
    // Before the stop, the marker is not drawn yet.
    move_cursor(&root, "2").await;
    assert!(find(&root, "#timeline .marker-stop").is_none());
}

/// The `x` and `y` (client pixels) of SVG point `(x, y)` in the timeline's rows.
fn client_point(root: &Element, (x, y): (f64, f64)) -> (f64, f64) {
    let body = find(root, "#timeline svg.timeline-body").expect("the rows' svg");
    let rect = body.get_bounding_client_rect();
    let view_width: f64 = attr(&body, "viewBox")
        .split(' ')
        .nth(2)
        .and_then(|w| w.parse().ok())
        .expect("the viewBox's width");
    let scale = rect.width() / view_width;
    (rect.left() + x * scale, rect.top() + y * scale)
}

/// Sends a mousemove to `el` at client `(x, y)`.
fn mouse_at(el: &Element, (x, y): (f64, f64)) {
    js_sys::Function::new_with_args(
        "el, x, y",
        "el.dispatchEvent(new MouseEvent('mousemove', {clientX: x, clientY: y, bubbles: true}))",
    )
    .call3(&wasm_bindgen::JsValue::NULL, el, &x.into(), &y.into())
    .unwrap();
}

#[wasm_bindgen_test]
async fn a_skipped_fire_is_drawn_and_its_card_tells_why() {
    let (root, _app) = fresh_playground().await;
    // Runs of 90 s every minute, no Timeout: every other fire finds the previous run going.
    type_into(&root, "#field-Frequency", "rate(1m)");
    type_into(&root, "#field-Timeout", "0");
    open_executions(&root, "sleep 90").await;
    type_into(&root, "#exec-window", "3600");
    wait_for(&root, "#timeline path.skipped").await;
    let cross = find(&root, "#timeline path.skipped").unwrap();
    // `M<x-4> <y-4>l8 8…`: the first cross's centre.
    let d = attr(&cross, "d");
    let start: Vec<f64> = d[1..]
        .split('l')
        .next()
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    mouse_at(
        &cross,
        client_point(&root, (start[0] + 4.0, start[1] + 4.0)),
    );
    wait_until("the skipped fire's card", || {
        text(&root, "#run-details").contains("fire skipped")
    })
    .await;
    let card = text(&root, "#run-details");
    assert!(card.contains("the previous run is still going"), "{card}");
    assert!(card.contains("web-1"), "{card}");
}

#[wasm_bindgen_test]
async fn a_zoomed_out_window_draws_density_strips_instead_of_runs() {
    let (root, _app) = fresh_playground().await;
    type_into(&root, "#field-Frequency", "rate(1m)");
    type_into(&root, "#field-Timeout", "30");
    open_executions(&root, "sleep 5").await;
    // The fit shows a few runs, each its own bar.
    assert!(find(&root, "#timeline path.dense").is_none());
    type_into(&root, "#exec-window", "86400");
    wait_for(&root, "#timeline path.dense").await;
    let bars = all(&root, "#timeline path.bar");
    assert!(
        bars.iter().all(|b| attr(b, "class").contains("dense")),
        "every row is a strip"
    );
    // 1 440 runs in one row: a strip is a handful of rectangles, not a path per run.
    let rects: usize = bars.iter().map(|b| attr(b, "d").matches('M').count()).sum();
    assert!(rects <= 168, "{rects} rectangles");
    assert!(all(&root, "#timeline-legend li.drawn")
        .iter()
        .any(|li| attr(li, "data-status") == "Success"));
}

#[wasm_bindgen_test]
async fn rows_are_filtered_by_instance_and_status_and_summarised_on_top() {
    let (root, _app) = fresh_playground().await;
    executions_of_two(&root, "sleep 5; exit 3").await;
    let labels = || {
        all(&root, "#timeline svg.timeline-body .row-label")
            .iter()
            .map(|t| t.text_content().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(), ["web-1", "web-2"]);
    // The summary row counts both rows' Failed runs.
    wait_for(&root, "#timeline-summary path.summary.st-failed").await;
    let summary = find(&root, "#timeline-summary path.summary.st-failed").unwrap();
    assert!(
        attr(&summary, "d").contains("v20.0"),
        "{}",
        attr(&summary, "d")
    );
    type_into(&root, "#timeline-instance", "WEB-2");
    wait_until("one row", || labels() == ["web-2"]).await;
    assert_eq!(text(&root, "#timeline-rows-shown"), "1 of 2 instances");
    type_into(&root, "#timeline-instance", "");
    type_into(&root, "#timeline-status", "Running");
    wait_until("no row", || labels().is_empty()).await;
    // The status both instances have at the cursor, as the table shows it.
    let status = text(&root, "#instance-statuses tbody td span");
    type_into(&root, "#timeline-status", &status);
    wait_until(
        &format!(
            "both rows of {status:?}: {}",
            text(&root, "#timeline-rows-shown")
        ),
        || labels().len() == 2,
    )
    .await;
    type_into(&root, "#timeline-group", "status");
    assert_eq!(text(&root, "#timeline-rows-shown"), "2 of 2 instances");
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
    // The link carries the state once the browser has compressed it.
    let link = || {
        find(&root, ".open-in-playground a")
            .and_then(|a| a.get_attribute("href"))
            .unwrap_or_default()
    };
    wait_until("the link to the playground with the state", || {
        link().starts_with("https://docs.example/runcommand/index.html#v1.")
    })
    .await;
    click(&root, "#more-fires");
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
    assert!(find(&root, "#more-fires").is_some());
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
        let typed = js_api::next_fires_ms(
            frequency.into(),
            start.into(),
            count.into(),
            zone_js.clone(),
            JsValue::UNDEFINED,
        );
        // Without warnings: the same fires and fields, no `warnings`.
        let bare = js_api::next_fires_ms(
            frequency.into(),
            start.into(),
            count.into(),
            zone_js,
            js_sys::JSON::parse(r#"{"warnings": false}"#).unwrap(),
        );
        let mut bare_rest = json_of(&bare);
        assert!(bare_rest.get("warnings").is_none(), "{frequency}");
        let fires = js_sys::Reflect::get(&typed, &"fires".into()).unwrap();
        let mut rest = json_of(&typed);
        if objects["ok"] == true {
            let fires: js_sys::Float64Array = fires.clone().dyn_into().expect("a Float64Array");
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
        let mut without = objects.clone();
        without.as_object_mut().unwrap().remove("warnings");
        if objects["ok"] == true {
            let bare_fires = js_sys::Reflect::get(&bare, &"fires".into()).unwrap();
            let bare_fires: js_sys::Float64Array = bare_fires.dyn_into().expect("a Float64Array");
            let fires: js_sys::Float64Array = fires.dyn_into().expect("a Float64Array");
            assert_eq!(bare_fires.to_vec(), fires.to_vec(), "{frequency}");
            bare_rest["next"] = objects["next"].clone();
            bare_rest.as_object_mut().unwrap().remove("fires");
        }
        assert_eq!(bare_rest, without, "{frequency}");
    }
    let wrong = json_of(&js_api::next_fires_ms(
        "rate(5m)".into(),
        JsValue::from(5),
        3.into(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    ));
    assert_eq!(wrong["code"], "InvalidArgumentType");
    let wrong = json_of(&js_api::next_fires_ms(
        "rate(5m)".into(),
        "2026-01-01T00:00:00Z".into(),
        3.into(),
        JsValue::UNDEFINED,
        js_sys::JSON::parse(r#"{"warnings": "no"}"#).unwrap(),
    ));
    assert_eq!(wrong["code"], "InvalidArgumentType");
}

#[wasm_bindgen_test]
fn timeline_runs_gives_the_runs_of_the_lean_simulation_as_typed_arrays() {
    use runcommand_playground::ui::js_api;
    use wasm_bindgen::JsValue;
    let get = |object: &JsValue, key: &str| js_sys::Reflect::get(object, &key.into()).unwrap();
    for (id, hours) in [("rate-5m", 2), ("partial-failure", 1), ("timeout-demo", 1)] {
        let preset = presets::by_id(id).unwrap();
        let request = js_sys::JSON::parse(&preset.request.to_string()).unwrap();
        let now = preset.now.unwrap_or("2026-11-27T12:00:00Z");
        let until =
            chrono::DateTime::parse_from_rfc3339(now).unwrap() + chrono::Duration::hours(hours);
        let until = until
            .to_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let lean = json_of(&js_api::simulate(
            request.clone(),
            until.as_str().into(),
            JsValue::UNDEFINED,
            now.into(),
            js_sys::JSON::parse(r#"{"lean": true}"#).unwrap(),
        ));
        let typed = js_api::timeline_runs(
            request,
            until.as_str().into(),
            JsValue::UNDEFINED,
            now.into(),
            JsValue::UNDEFINED,
        );
        let runs = get(&typed, "runs");
        assert!(runs.is_object(), "{id}: {}", json_of(&typed));
        let instance: js_sys::Uint32Array = get(&runs, "instance").dyn_into().unwrap();
        let status: js_sys::Uint8Array = get(&runs, "status").dyn_into().unwrap();
        let statuses = json_of(&get(&runs, "statuses"));
        let column = |key: &str| -> Vec<f64> {
            get(&runs, key)
                .dyn_into::<js_sys::Float64Array>()
                .unwrap()
                .to_vec()
        };
        let (start, end, exit, stop) = (
            column("startMs"),
            column("endMs"),
            column("exitCode"),
            column("stopMs"),
        );
        let number = |v: f64| {
            if v.is_nan() {
                serde_json::Value::Null
            } else {
                serde_json::json!(v as i64)
            }
        };
        // The lean answer rebuilt from the columns.
        let mut rebuilt = json_of(&typed);
        rebuilt.as_object_mut().unwrap().remove("runs");
        let (instance, status) = (instance.to_vec(), status.to_vec());
        assert!(!instance.is_empty(), "{id}: runs");
        for (i, inst) in rebuilt["instances"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .enumerate()
        {
            let runs: Vec<serde_json::Value> = (0..instance.len())
                .filter(|r| instance[*r] as usize == i)
                .map(|r| {
                    serde_json::json!({"startMs": number(start[r]), "endMs": number(end[r]),
                        "exitCode": number(exit[r]), "stopMs": number(stop[r]),
                        "status": statuses[usize::from(status[r])]})
                })
                .collect();
            inst["runs"] = serde_json::Value::Array(runs);
        }
        assert_eq!(rebuilt, lean, "{id}");
    }
    let wrong = json_of(&js_api::timeline_runs(
        JsValue::from(5),
        "2026-01-01T00:00:00Z".into(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    ));
    assert_eq!(wrong["code"], "InvalidArgumentType");
}

// drafts and secrets

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A draft kept aside, as stored.
#[derive(serde::Deserialize)]
struct Kept {
    reason: String,
    text: String,
}

/// The drafts kept aside, as stored.
fn kept_drafts() -> Vec<Kept> {
    use runcommand_playground::ui::persistence::KEPT_KEY;
    let text = local_storage().get_item(KEPT_KEY).unwrap();
    serde_json::from_str(&text.unwrap_or_else(|| "[]".into())).unwrap()
}

/// Stores `text` as the draft with no drafts kept aside, once the earlier playgrounds are quiet.
async fn store_draft(text: &str) {
    use runcommand_playground::ui::persistence::{DRAFT_KEY, KEPT_KEY};
    drafts_quiet().await;
    local_storage().remove_item(KEPT_KEY).unwrap();
    local_storage().set_item(DRAFT_KEY, text).unwrap();
}

/// A draft of the hello-world preset with its own script.
fn draft_with_script(script: &str) -> String {
    let mut request = presets::by_id("hello-world").unwrap().request;
    request["CommandContent"] = serde_json::json!(script);
    serde_json::to_string(&Snapshot {
        request: request.into(),
        world: None,
        now: None,
        tab: "exports".into(),
    })
    .unwrap()
}

fn check(root: &Element, selector: &str, on: bool) {
    let input: HtmlInputElement = find(root, selector)
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into();
    input.set_checked(on);
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn opening_a_link_keeps_the_draft_and_restores_it() {
    set_hash("");
    store_draft(&draft_with_script("echo my-own-draft")).await;
    let preset = presets::by_id("parameterised-deploy").unwrap();
    let link = Snapshot {
        request: preset.request.clone().into(),
        world: None,
        now: Some("2026-01-02T03:04:05Z".into()),
        tab: "rendered".into(),
    };
    set_link(&link).await;
    let (root, _app) = load_playground().await;
    wait_for(&root, "#kept-notice").await;
    assert!(
        text(&root, "#kept-notice").contains("Opened a shared link"),
        "{}",
        text(&root, "#kept-notice")
    );
    assert_eq!(input_value(&root, "#field-Name"), "deploy-web");
    // The draft is kept aside before the link's state is autosaved over it.
    assert!(kept_drafts()[0].text.contains("my-own-draft"));
    wait_until("the link's state saved", || {
        stored_draft().contains("deploy-web")
    })
    .await;
    assert!(text(&root, "#history").contains("History (1)"));

    click(&root, "#restore-draft");
    wait_until("the restored draft", || {
        input_value(&root, "#field-CommandContent") == "echo my-own-draft"
    })
    .await;
    assert!(find(&root, "#kept-notice").is_none());
    // The link's state is kept aside in its turn, and Undo brings it back.
    assert!(kept_drafts()[0].text.contains("deploy-web"));
    assert_eq!(web_sys::window().unwrap().location().hash().unwrap(), "");
    assert!(text(&root, "#undo-notice").contains("Restore of your draft"));
    wait_until("the restored draft saved", || {
        stored_draft().contains("my-own-draft")
    })
    .await;
    click(&root, "#undo-button");
    wait_until("the link's state again", || {
        input_value(&root, "#field-Name") == "deploy-web"
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_unreadable_draft_is_kept_and_announced() {
    let default_script = presets::by_id("hello-world").unwrap().request["CommandContent"]
        .as_str()
        .unwrap()
        .to_string();
    for (bad, why) in [
        (r#"{"request": {"Name": "half"#, "it is not JSON"),
        (
            r#"{"request": 5, "tab": "world"}"#,
            "request: expected an object, found a number",
        ),
    ] {
        set_hash("");
        store_draft(bad).await;
        let root = new_root();
        let _app = runcommand_playground::ui::mount(root.clone()).await;
        wait_for(&root, "#kept-notice").await;
        let notice = text(&root, "#kept-notice");
        assert!(notice.contains("could not be read"), "{notice}");
        assert!(notice.contains(why), "{notice}");
        assert!(find(&root, "#restore-draft").is_none());
        let href = find(&root, "#download-draft")
            .unwrap()
            .get_attribute("href")
            .unwrap();
        let downloaded: String = js_sys::decode_uri_component(
            href.trim_start_matches("data:application/json;charset=utf-8,"),
        )
        .unwrap()
        .into();
        assert_eq!(downloaded, bad);
        assert_eq!(kept_drafts()[0].text, bad);
        assert_eq!(kept_drafts()[0].reason, "Unreadable draft");
        // The page opened with the defaults.
        assert_eq!(
            input_value(&root, "#field-CommandContent"),
            default_script,
            "{bad}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_half_finished_load_opens_in_safe_mode() {
    use runcommand_playground::ui::persistence::{LOADING_KEY, LOAD_GRACE_MS};
    store_draft(&draft_with_script("echo before-the-freeze")).await;
    // The last load wrote its marker and never finished; its link is still in the address.
    let started = js_sys::Date::now() - LOAD_GRACE_MS - 1_000.0;
    local_storage()
        .set_item(LOADING_KEY, &started.to_string())
        .unwrap();
    set_link(&Snapshot {
        request: presets::by_id("parameterised-deploy")
            .unwrap()
            .request
            .into(),
        world: None,
        now: None,
        tab: "rendered".into(),
    })
    .await;
    let (root, _app) = load_playground().await;
    wait_for(&root, "#kept-notice").await;
    assert!(text(&root, "#kept-notice").contains("safe mode"));
    assert!(text(&root, "#notice").contains("share link in the address was not opened"));
    let script = input_value(&root, "#field-CommandContent");
    assert!(!script.contains("before-the-freeze"), "{script}");
    assert_ne!(input_value(&root, "#field-Name"), "deploy-web");
    assert!(kept_drafts()[0].text.contains("before-the-freeze"));
    // This load finished: the next one opens normally.
    wait_until("the marker removed", || {
        local_storage().get_item(LOADING_KEY).unwrap().is_none()
    })
    .await;
    click(&root, "#restore-draft");
    wait_until("the restored draft", || {
        input_value(&root, "#field-CommandContent") == "echo before-the-freeze"
    })
    .await;
    set_hash("");
}

/// A custom world with the default world's secrets, made by toggling a fault.
async fn playground_with_a_custom_world(
) -> (Element, yew::AppHandle<runcommand_playground::ui::App>) {
    let (root, app) = fresh_playground().await;
    click(&root, "#tab-world");
    wait_for(&root, "#fault-0-agentDown").await;
    check(&root, "#fault-0-agentDown", true);
    wait_until("the custom world", || {
        text(&root, "#world-title").contains("custom")
    })
    .await;
    (root, app)
}

/// The state in the share link the header shows.
async fn shared_state(root: &Element) -> serde_json::Value {
    click(root, "#share-button");
    wait_for(root, "#share-url").await;
    let url = input_value(root, "#share-url");
    let fragment = url.split_once('#').map(|(_, f)| f).unwrap_or_default();
    share::decode(fragment).await.unwrap()
}

#[wasm_bindgen_test]
async fn links_and_the_draft_carry_secret_values_only_when_asked() {
    let (root, _app) = playground_with_a_custom_world().await;
    wait_until("the custom world saved", || {
        stored_draft().contains(r#""agentDown":true"#)
    })
    .await;
    let draft = stored_draft();
    assert!(draft.contains("db-password"), "{draft}");
    assert!(!draft.contains("S3cr3t-Pa55w0rd") && !draft.contains("W1n-Depl0y!"));
    let link = shared_state(&root).await.to_string();
    assert!(link.contains("win-deploy-password"), "{link}");
    assert!(!link.contains("S3cr3t-Pa55w0rd") && !link.contains("W1n-Depl0y!"));

    check(&root, "#include-secrets", true);
    wait_until("the draft with secrets", || {
        stored_draft().contains("S3cr3t-Pa55w0rd")
    })
    .await;
    wait_until("the old link hidden", || {
        find(&root, "#share-url").is_none()
    })
    .await;
    assert!(shared_state(&root)
        .await
        .to_string()
        .contains("S3cr3t-Pa55w0rd"));
    check(&root, "#include-secrets", false);
    wait_until("the draft without secrets", || {
        !stored_draft().contains("S3cr3t-Pa55w0rd")
    })
    .await;
}

#[wasm_bindgen_test]
async fn opening_a_link_without_secret_values_names_the_secrets() {
    let mut world = api::default_world();
    world["instances"][0]["faults"]["agentDown"] = serde_json::json!(true);
    let world = share::without_secret_values(&world).unwrap();
    set_hash("");
    drafts_quiet().await;
    clear_draft();
    set_link(&Snapshot {
        request: presets::by_id("hello-world").unwrap().request.into(),
        world: Some(world.into()),
        now: None,
        tab: "world".into(),
    })
    .await;
    let (root, _app) = load_playground().await;
    wait_for(&root, "#notice").await;
    let notice = text(&root, "#notice");
    assert!(
        notice.contains("db-password (cn-hangzhou), win-deploy-password (cn-hangzhou)"),
        "{notice}"
    );
    wait_for(&root, "#parameter-store").await;
    assert_eq!(input_value(&root, "#store-value-1"), "");
    assert_eq!(input_value(&root, "#store-value-0"), "10.0.0.5");
    // A value typed in the World tab is the secret's value.
    type_into(&root, "#store-value-1", "typed-secret");
    find(&root, "#store-value-1")
        .unwrap()
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    click(&root, "#reveal-secrets");
    wait_until("the revealed value in the editor", || {
        find(&root, "#world-json")
            .map(|e| e.unchecked_into::<HtmlTextAreaElement>().value())
            .is_some_and(|t| t.contains("typed-secret"))
    })
    .await;
    set_hash("");
}

#[wasm_bindgen_test]
async fn the_world_tab_masks_secret_values() {
    let (root, _app) = fresh_playground().await;
    click(&root, "#tab-world");
    wait_for(&root, "#parameter-store").await;
    let editor = || {
        find(&root, "#world-json")
            .unwrap()
            .unchecked_into::<HtmlTextAreaElement>()
            .value()
    };
    let kind = |at: usize| {
        find(&root, &format!("#store-value-{at}"))
            .unwrap()
            .get_attribute("type")
            .unwrap_or_default()
    };
    assert_eq!(
        (kind(0), kind(1), kind(2)),
        ("text".into(), "password".into(), "password".into())
    );
    assert!(editor().contains(r#""value": "******""#), "{}", editor());
    assert!(!editor().contains("S3cr3t-Pa55w0rd"));
    assert!(!root.inner_html().contains("S3cr3t-Pa55w0rd"));
    assert!(editor().contains("10.0.0.5"), "plain values show");

    // Applying the masked JSON keeps the secret values.
    let edited = editor().replace("\"web-1\"", "\"web-one\"");
    type_into(&root, "#world-json", &edited);
    next_render().await;
    click(&root, "#world-apply");
    wait_until("the applied world", || {
        text(&root, "#fleet").contains("web-one")
    })
    .await;
    check(&root, "#reveal-secrets", true);
    wait_until("the revealed secrets", || kind(1) == "text").await;
    assert!(editor().contains("S3cr3t-Pa55w0rd"), "{}", editor());
    assert_eq!(input_value(&root, "#store-value-2"), "W1n-Depl0y!");
}

/// A snapshot's request is an object: `"request": 5` is refused with its place, not read as `{}`.
#[wasm_bindgen_test]
async fn a_snapshot_whose_request_is_not_an_object_is_refused() {
    use runcommand_playground::ui::persistence::{read_draft, snapshot_of_link};
    use serde_json::json;
    for (wrong, found) in [
        (json!(5), "a number"),
        (json!("x"), "a string"),
        (json!([]), "an array"),
        (json!(null), "null"),
    ] {
        let state = json!({ "request": wrong });
        let error = read_draft(&state.to_string()).unwrap_err().to_string();
        assert_eq!(error, format!("request: expected an object, found {found}"));
        let error = snapshot_of_link(&share::encode(&state).await.unwrap())
            .await
            .unwrap_err()
            .to_string();
        assert!(
            error.ends_with(&format!("request: expected an object, found {found}")),
            "{error}"
        );
    }
    let snapshot = read_draft(r#"{"request": {"Name": "n"}}"#).unwrap();
    assert_eq!(*snapshot.request, json!({"Name": "n"}));
    assert!(snapshot_of_link(&share::encode(&snapshot).await.unwrap())
        .await
        .is_ok());
}

/// A marker younger than the grace is another tab's load in progress: the draft opens.
#[wasm_bindgen_test]
async fn another_tabs_load_in_progress_is_not_safe_mode() {
    use runcommand_playground::ui::persistence::LOADING_KEY;
    set_hash("");
    store_draft(&draft_with_script("echo opened-normally")).await;
    local_storage()
        .set_item(LOADING_KEY, &js_sys::Date::now().to_string())
        .unwrap();
    let (root, _app) = load_playground().await;
    wait_until("the draft", || {
        find(&root, "#field-CommandContent").is_some()
            && input_value(&root, "#field-CommandContent") == "echo opened-normally"
    })
    .await;
    assert!(find(&root, "#kept-notice").is_none());
}

// share links

/// The state the share-link tests write and read.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct LinkState {
    request: serde_json::Value,
    tab: String,
}

/// The browser's decompression opens links written by `miniz_oxide` (one with dynamic-code
/// blocks, one of a repetitive script) and by the hand-written encoder of an earlier build: the
/// fixture of `share::tests::opens_links_made_by_earlier_builds`.
#[wasm_bindgen_test]
async fn the_browser_codec_opens_links_made_by_earlier_builds() {
    let script = "echo 你好 {{name}}\necho 你好 {{name}} again";
    for (link, tab, content) in [
        ("v1.bcsxDsIwEETRq0RTJxKhTJsqLS1QbJyVbQmvAdsNlu9CwzFyG7gHpqPIlE_zM-58SxwihozRO0eyjF4iSxWwMr55r8_Pa21yFnJcykm2tCFNVtBikhBJFE8LhiNsN1972v2vr6cN3uPc4sDaevmlUNIZEv0wPqG0iDRXDMrwki6M8gU", "schedule", script.to_string()),
        ("v1.q1YqSi0sTS0uUbKqVnLOz81NzEtxzs8rSc0DiiilJmfkKzzZu-Dp0r0K1dV5ibmptbUxedhEFRLTEzPzYvKUFfWTMvP0kxKLM2Ly0vKLFDIVMvMUDBWMFIytFVLyFcB6Y5RUMmOUQPy8VCUdJc-84pLEvORUzxQlq2ilTN2kAsNEA2RgCFSERdhIKVZHKSg1PTM_D6RVKTlPNyMxL70qI79UqVZHqSQxCShYnl-Uk6JUCwA", "world", format!("{script}\n#!/bin/bash\nfor i in 1 2 3; do echo \"$i\"; done")),
    ] {
        let state: LinkState = share::decode(link).await.unwrap();
        assert_eq!(state.tab, tab);
        assert_eq!(state.request["CommandContent"], content.as_str());
        assert_eq!(state.request["InstanceId"][1], "i-bp1a00000000000002");
    }
    let repetitive = "v1.7daxDYAgEIXhVcyrncCWNWxQL6GAu6hnYkLYHXagfd2Xf4K_4pH7k9exVQQrJeoVTF10FMiZbEmSs-1K0zRN0zRNzxtthcdjnNaP1gE";
    let state: LinkState = share::decode(repetitive).await.unwrap();
    assert_eq!(state.request["CommandContent"], "echo hello\n".repeat(200));
}

/// A state goes through the browser's compression and back, in a URL-safe fragment that is
/// shorter than its JSON.
#[wasm_bindgen_test]
async fn the_browser_codec_round_trips_a_state() {
    let state = LinkState {
        request: presets::by_id("parameterised-deploy").unwrap().request,
        tab: "schedule".into(),
    };
    let link = share::encode(&state).await.unwrap();
    assert!(link.starts_with(share::VERSION_PREFIX), "{link}");
    assert!(link
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
    assert!(link.len() < serde_json::to_string(&state).unwrap().len());
    assert_eq!(share::decode::<LinkState>(&link).await.unwrap(), state);
    assert_eq!(
        share::decode::<LinkState>(&format!("#{link}"))
            .await
            .unwrap(),
        state
    );
}

/// A small link that inflates past the limit is refused with the error of a native build, as
/// are a truncated one, a payload that is not DEFLATE, and one that is not UTF-8 JSON.
#[wasm_bindgen_test]
async fn the_browser_codec_refuses_a_bomb_and_damaged_links() {
    use share::ShareError;
    let bomb = LinkState {
        request: serde_json::json!({"CommandContent": "x".repeat(share::MAX_STATE_BYTES + 1)}),
        tab: "x".into(),
    };
    let link = share::encode(&bomb).await.unwrap();
    assert!(link.len() < 10_000, "{}", link.len());
    assert_eq!(
        share::decode::<LinkState>(&link).await,
        Err(ShareError::TooLarge)
    );
    let good = share::encode(&LinkState {
        request: serde_json::json!({"RegionId": "cn-hangzhou"}),
        tab: "world".into(),
    })
    .await
    .unwrap();
    // Cut to whole Base64 quads, so that only the DEFLATE stream is incomplete.
    let payload = &good[share::VERSION_PREFIX.len()..];
    let cut = &payload[..payload.len() / 2 / 4 * 4];
    assert_eq!(
        share::decode::<LinkState>(&format!("v1.{cut}")).await,
        Err(ShareError::NotCompressed)
    );
    assert_eq!(
        share::decode::<LinkState>("v1.AA").await,
        Err(ShareError::NotCompressed)
    );
    assert_eq!(
        share::decode::<LinkState>("v1.***").await,
        Err(ShareError::NotBase64)
    );
    // A stored block holding the two bytes FF FE (not UTF-8).
    assert_eq!(
        share::decode::<LinkState>("v1.AQIA_f___g").await,
        Err(ShareError::BadState("it is not UTF-8 text".into()))
    );
}

/// A browser without compression streams gets an error that says so, not a panic.
#[wasm_bindgen_test]
async fn without_compression_streams_links_are_refused_with_a_clear_error() {
    let global = js_sys::global();
    let saved = js_sys::Reflect::get(&global, &"CompressionStream".into()).unwrap();
    js_sys::Reflect::set(
        &global,
        &"CompressionStream".into(),
        &wasm_bindgen::JsValue::UNDEFINED,
    )
    .unwrap();
    let made = share::encode(&serde_json::json!({"request": {}})).await;
    js_sys::Reflect::set(&global, &"CompressionStream".into(), &saved).unwrap();
    let error = made.unwrap_err();
    assert_eq!(error, share::ShareError::Unsupported);
    assert!(error.to_string().contains("CompressionStream"), "{error}");
}
