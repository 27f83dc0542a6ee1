//! The timeline's box: its width watched (the narrow [`Geometry`] while the box is narrow),
//! and the run card scrolled into view after a tap.

use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::timeline_geometry::{Geometry, NARROW_BELOW};

/// Watches an element's width until dropped.
struct WidthWatch {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl WidthWatch {
    fn start(el: web_sys::Element, on_width: impl Fn(i32) + 'static) -> Option<Self> {
        let watched = el.clone();
        // Called after layout: reading the width then costs no layout of its own.
        let callback = Closure::<dyn FnMut()>::new(move || on_width(watched.client_width()));
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(&el);
        Some(Self {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for WidthWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The geometry for the box `target` refers to: wide until it is measured, then narrow while
/// it is narrower than [`NARROW_BELOW`] (a wide box's width changes re-render nothing).
#[hook]
pub fn use_geometry(target: NodeRef) -> Geometry {
    let narrow = use_mut_ref(|| None::<i32>);
    let update = use_force_update();
    {
        let narrow = narrow.clone();
        use_effect_with(target, move |target| {
            let watch = target.cast::<web_sys::Element>().and_then(|el| {
                WidthWatch::start(el, move |w| {
                    let now = (w > 0 && w < NARROW_BELOW).then_some(w);
                    if narrow.replace(now) != now {
                        update.force_update();
                    }
                })
            });
            move || drop(watch)
        });
    }
    let narrow = *narrow.borrow();
    Geometry::new(narrow)
}

/// Scrolls `target` into view (the least scroll that shows it) once the render under way is
/// done, unless the returned timeout is dropped first: the run card after a click or a tap on
/// the plot.
pub fn scroll_into_view_soon(target: NodeRef) -> Timeout {
    Timeout::new(0, move || {
        if let Some(el) = target.cast::<web_sys::Element>() {
            crate::ui::embed::fit_executions_frame();
            scroll_nearest(&el);
        }
    })
}

/// `el.scrollIntoView({block: "nearest"})`.
fn scroll_nearest(el: &web_sys::Element) {
    let Ok(scroll) = js_sys::Reflect::get(el, &"scrollIntoView".into()) else {
        return;
    };
    let Ok(scroll) = scroll.dyn_into::<js_sys::Function>() else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
    let _ = scroll.call1(el, &options);
}
