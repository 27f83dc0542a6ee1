//! Browser tests (wasm-bindgen-test in headless Chromium): `./x test` runs them with
//! `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn new_root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

async fn settle() {
    TimeoutFuture::new(30).await;
}

fn set_value(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.set_value(value);
    let event = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn playground_renders_the_form_and_the_request_json() {
    let root = new_root();
    let _app = runcommand_playground::ui::mount(root.clone());
    settle().await;
    assert!(root.query_selector("#request-form").unwrap().is_some());
    let json: serde_json::Value = serde_json::from_str(&text(&root, "#request-json")).unwrap();
    assert_eq!(json["RegionId"], "cn-hangzhou");
    assert!(json["InstanceId"].is_array());

    set_value(&root, "#field-RegionId", "cn-shanghai");
    settle().await;
    let json: serde_json::Value = serde_json::from_str(&text(&root, "#request-json")).unwrap();
    assert_eq!(json["RegionId"], "cn-shanghai");
}
