//! A builder for `Frequency`: rate(), at() and cron tabs that write the expression into the
//! free-text field (which stays the source of truth, so nothing typed is lost).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::state::Action;

/// Properties of [`FrequencyBuilder`].
#[derive(Properties, PartialEq)]
pub(crate) struct FrequencyBuilderProps {
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Rate,
    At,
    Cron,
}

const CRON_FIELDS: [(&str, &str); 7] = [
    ("second", "0"),
    ("minute", "0"),
    ("hour", "2"),
    ("day of month", "*"),
    ("month", "*"),
    ("day of week", "?"),
    ("year", ""),
];

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The builder: pick a kind, fill its fields, and the Frequency field is written.
#[function_component(FrequencyBuilder)]
pub(crate) fn frequency_builder(props: &FrequencyBuilderProps) -> Html {
    let kind = use_state(|| Kind::Cron);
    let rate = use_state(|| ("5".to_string(), "m".to_string()));
    let at = use_state(|| {
        (
            "2026-12-24T20:00:00".to_string(),
            "Asia/Shanghai".to_string(),
        )
    });
    let cron = use_state(|| CRON_FIELDS.map(|(_, v)| v.to_string()));
    let zone = use_state(|| "Asia/Shanghai".to_string());

    let write = {
        let on_action = props.on_action.clone();
        move |text: String| on_action.emit(Action::Edit("Frequency", text))
    };
    let cron_text = |fields: &[String; 7], zone: &str| {
        let mut parts: Vec<&str> = fields
            .iter()
            .map(String::as_str)
            .filter(|f| !f.trim().is_empty())
            .collect();
        if !zone.trim().is_empty() {
            parts.push(zone.trim());
        }
        parts.join(" ")
    };
    let tab = |k: Kind, label: &str| {
        let kind_state = kind.clone();
        html! {
            <button type="button" role="tab" aria-selected={(*kind == k).to_string()}
                class={classes!("subtab", (*kind == k).then_some("selected"))}
                onclick={Callback::from(move |_| kind_state.set(k))}>{ label.to_string() }</button>
        }
    };
    let body = match *kind {
        Kind::Rate => {
            let (n, unit) = (*rate).clone();
            let on_n = {
                let (rate, write, unit) = (rate.clone(), write.clone(), unit.clone());
                Callback::from(move |e: InputEvent| {
                    let v = input_value(&e);
                    write(format!("rate({v}{unit})"));
                    rate.set((v, unit.clone()));
                })
            };
            let on_unit = {
                let (rate, write, n) = (rate.clone(), write.clone(), n.clone());
                Callback::from(move |e: Event| {
                    let u = e.target_unchecked_into::<HtmlSelectElement>().value();
                    write(format!("rate({n}{u})"));
                    rate.set((n.clone(), u));
                })
            };
            html! {
                <div class="builder-row">
                    <label for="rate-value">{ "Every" }</label>
                    <input id="rate-value" inputmode="numeric" value={n} oninput={on_n} />
                    <label for="rate-unit" class="visually-hidden">{ "Unit" }</label>
                    <select id="rate-unit" onchange={on_unit}>
                        { for [("s", "seconds"), ("m", "minutes"), ("h", "hours"), ("d", "days")].iter().map(|(u, l)| html! {
                            <option value={*u} selected={unit == *u}>{ *l }</option>
                        }) }
                    </select>
                </div>
            }
        }
        Kind::At => {
            let (when, zone_text) = (*at).clone();
            let text = |w: &str, z: &str| {
                let w = w.replace('T', " ");
                let w = if w.len() == 16 { format!("{w}:00") } else { w };
                if z.trim().is_empty() {
                    format!("at({w})")
                } else {
                    format!("at({w} {})", z.trim())
                }
            };
            let on_when = {
                let (at, write, zone_text) = (at.clone(), write.clone(), zone_text.clone());
                Callback::from(move |e: InputEvent| {
                    let v = input_value(&e);
                    write(text(&v, &zone_text));
                    at.set((v, zone_text.clone()));
                })
            };
            let on_zone = {
                let (at, write, when) = (at.clone(), write.clone(), when.clone());
                Callback::from(move |e: InputEvent| {
                    let z = input_value(&e);
                    write(text(&when, &z));
                    at.set((when.clone(), z));
                })
            };
            html! {
                <div class="builder-row">
                    <label for="at-when">{ "At" }</label>
                    <input id="at-when" type="datetime-local" step="1" value={when} oninput={on_when} />
                    <label for="at-zone">{ "Zone" }</label>
                    <input id="at-zone" value={zone_text} oninput={on_zone} placeholder="UTC, GMT+8:00 or Asia/Shanghai" />
                </div>
            }
        }
        Kind::Cron => {
            let fields = (*cron).clone();
            html! {
                <div class="builder-row cron-fields">
                    { for CRON_FIELDS.iter().enumerate().map(|(i, (label, _))| {
                        let (cron, write, zone) = (cron.clone(), write.clone(), zone.clone());
                        let on_input = Callback::from(move |e: InputEvent| {
                            let mut f = (*cron).clone();
                            f[i] = input_value(&e);
                            write(cron_text(&f, &zone));
                            cron.set(f);
                        });
                        let id = format!("cron-{i}");
                        html! { <span class="cron-field"><label for={id.clone()}>{ *label }</label>
                            <input id={id} value={fields[i].clone()} oninput={on_input} spellcheck="false" /></span> }
                    }) }
                    <span class="cron-field"><label for="cron-zone">{ "zone" }</label>
                        <input id="cron-zone" value={(*zone).clone()} spellcheck="false" oninput={{
                            let (cron, write, zone) = (cron.clone(), write.clone(), zone.clone());
                            Callback::from(move |e: InputEvent| {
                                let z = input_value(&e);
                                write(cron_text(&cron, &z));
                                zone.set(z);
                            })
                        }} /></span>
                </div>
            }
        }
    };
    html! {
        <details class="frequency-builder">
            <summary>{ "Build a Frequency" }</summary>
            <div class="subtabs" role="tablist" aria-label="Kind of schedule">
                { tab(Kind::Rate, "rate()") }{ tab(Kind::At, "at()") }{ tab(Kind::Cron, "cron") }
            </div>
            { body }
        </details>
    }
}
