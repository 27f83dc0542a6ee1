//! The marks of the timeline and the per-instance table: a status's class, and SVG paths whose
//! class is a plain attribute.

use yew::virtual_dom::{AttributeOrProperty, Attributes, VTag};
use yew::{AttrValue, Html};

/// The `class` of an element showing an `InvocationStatus`: `"<base> st-<status in lower
/// case>"`.
pub(crate) fn status_class(base: &str, status: &str) -> AttrValue {
    AttrValue::from(format!("{base} st-{}", status.to_ascii_lowercase()))
}

/// An SVG `<path class d>` whose class is set as a plain attribute: `html!` turns every
/// `class` into a hashed set of names and back, which the timeline would do for hundreds of
/// bars on every render.
pub(crate) fn class_path(class: AttrValue, d: String) -> Html {
    let mut path = VTag::new("path");
    path.set_attributes(Attributes::Dynamic {
        keys: &["class", "d"],
        values: Box::new([
            Some(AttributeOrProperty::Attribute(class)),
            Some(AttributeOrProperty::Attribute(d.into())),
        ]),
    });
    path.into()
}
