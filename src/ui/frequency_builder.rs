//! A builder for `Frequency`: rate(), at() and cron tabs that read the current expression and
//! edit it in place. The free-text field stays the source of truth: an expression the builder
//! cannot show is left alone, with a sentence saying so.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::state::Action;

/// Properties of [`FrequencyBuilder`].
#[derive(Properties, PartialEq)]
pub(crate) struct FrequencyBuilderProps {
    /// The Frequency as typed.
    pub(crate) text: AttrValue,
    /// Dispatches actions.
    pub(crate) on_action: Callback<Action>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Rate,
    At,
    Cron,
}

/// The builder's cells for one kind of expression.
#[derive(Clone, Debug, PartialEq)]
enum Cells {
    /// `rate(<n><unit>)`.
    Rate { n: String, unit: String },
    /// `at(<when> <zone>)`, `when` as a `datetime-local` value.
    At { when: String, zone: String },
    /// The seven cron fields (year may be empty) and the zone (may be empty).
    Cron { fields: [String; 7], zone: String },
}

const CRON_LABELS: [&str; 7] = [
    "second",
    "minute",
    "hour",
    "day of month",
    "month",
    "day of week",
    "year",
];

impl Cells {
    fn kind(&self) -> Kind {
        match self {
            Cells::Rate { .. } => Kind::Rate,
            Cells::At { .. } => Kind::At,
            Cells::Cron { .. } => Kind::Cron,
        }
    }

    /// A new expression of `kind`, for an empty field or a switch of tab.
    fn fresh(kind: Kind) -> Cells {
        match kind {
            Kind::Rate => Cells::Rate {
                n: "5".into(),
                unit: "m".into(),
            },
            Kind::At => Cells::At {
                when: "2026-12-24T20:00:00".into(),
                zone: "Asia/Shanghai".into(),
            },
            Kind::Cron => Cells::Cron {
                fields: ["0", "0", "2", "*", "*", "?", ""].map(String::from),
                zone: "Asia/Shanghai".into(),
            },
        }
    }

    /// The cells of an expression, or `None` when the builder cannot show it.
    fn read(text: &str) -> Option<Cells> {
        let t = text.trim();
        if let Some(inner) = t.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
            let split = inner.find(|c: char| !c.is_ascii_digit())?;
            let (n, unit) = inner.split_at(split);
            return matches!(unit, "s" | "m" | "h" | "d").then(|| Cells::Rate {
                n: n.into(),
                unit: unit.into(),
            });
        }
        if let Some(inner) = t.strip_prefix("at(").and_then(|r| r.strip_suffix(')')) {
            let parts: Vec<&str> = inner.split(' ').collect();
            let (date, time, zone) = match parts.as_slice() {
                [d, t] => (*d, *t, ""),
                [d, t, z] => (*d, *t, *z),
                _ => return None,
            };
            return Some(Cells::At {
                when: format!("{date}T{time}"),
                zone: zone.into(),
            });
        }
        let mut tokens: Vec<&str> = t.split_whitespace().collect();
        let zone_like = |z: &str| z.contains('/') || z == "UTC" || z.starts_with("GMT");
        let zone = match tokens.last() {
            Some(z) if tokens.len() >= 7 && zone_like(z) => tokens.pop().unwrap_or_default(),
            _ => "",
        };
        if !(6..=7).contains(&tokens.len()) || tokens.iter().any(|f| f.contains('(')) {
            return None;
        }
        let mut fields: [String; 7] = Default::default();
        for (cell, token) in fields.iter_mut().zip(&tokens) {
            *cell = (*token).to_string();
        }
        Some(Cells::Cron {
            fields,
            zone: zone.into(),
        })
    }

    /// The expression the cells spell.
    fn text(&self) -> String {
        match self {
            Cells::Rate { n, unit } => format!("rate({n}{unit})"),
            Cells::At { when, zone } => {
                let when = when.replace('T', " ");
                let when = if when.len() == 16 {
                    format!("{when}:00")
                } else {
                    when
                };
                match zone.trim() {
                    "" => format!("at({when})"),
                    z => format!("at({when} {z})"),
                }
            }
            Cells::Cron { fields, zone } => fields
                .iter()
                .chain(std::iter::once(zone))
                .map(|f| f.trim())
                .filter(|f| !f.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The builder: it shows the current expression's cells; an edit rewrites the expression.
#[function_component(FrequencyBuilder)]
pub(crate) fn frequency_builder(props: &FrequencyBuilderProps) -> Html {
    // The cells last written, with the text they gave: while the field still holds that text
    // the cells are shown as typed (an emptied cron cell does not shift the others).
    let written = use_state(|| None::<(String, Cells)>);
    // A tab picked by hand, with the text it was picked on (a new text shows its own kind).
    let chosen = use_state(|| None::<(Kind, String)>);
    let text = props.text.as_str();
    let read = match &*written {
        Some((t, cells)) if t == text => Some(cells.clone()),
        _ if text.trim().is_empty() => None,
        _ => Cells::read(text),
    };
    let picked = (*chosen)
        .as_ref()
        .filter(|(_, on)| on == text)
        .map(|(k, _)| *k);
    let unreadable = read.is_none() && !text.trim().is_empty() && picked.is_none();
    let kind = picked
        .or(read.as_ref().map(Cells::kind))
        .unwrap_or(Kind::Cron);
    let cells = read
        .filter(|c| c.kind() == kind)
        .unwrap_or_else(|| Cells::fresh(kind));

    let write = {
        let (on_action, written) = (props.on_action.clone(), written.clone());
        move |cells: Cells| {
            let text = cells.text();
            written.set(Some((text.clone(), cells)));
            on_action.emit(Action::Edit("Frequency", text));
        }
    };
    // An edit of one cell: `edit` changes a copy of the cells, which is then written.
    let on_cell = |edit: fn(&mut Cells, String)| {
        let (write, cells) = (write.clone(), cells.clone());
        Callback::from(move |e: InputEvent| {
            let mut next = cells.clone();
            edit(&mut next, input_value(&e));
            write(next);
        })
    };
    let tab = |k: Kind, label: &str| {
        let chosen = chosen.clone();
        let text = text.to_string();
        html! {
            <button type="button" role="tab" aria-selected={(kind == k).to_string()}
                class={classes!("subtab", (kind == k).then_some("selected"))}
                onclick={Callback::from(move |_| chosen.set(Some((k, text.clone()))))}>{ label.to_string() }</button>
        }
    };
    let body = if unreadable {
        html! {
            <p class="muted" id="builder-unreadable">{ "The builder cannot show this Frequency, so it leaves it as typed. Pick a kind above to start a new one." }</p>
        }
    } else {
        match &cells {
            Cells::Rate { n, unit } => {
                let on_unit = {
                    let (write, n) = (write.clone(), n.clone());
                    Callback::from(move |e: Event| {
                        let unit = e.target_unchecked_into::<HtmlSelectElement>().value();
                        write(Cells::Rate { n: n.clone(), unit });
                    })
                };
                html! {
                    <div class="builder-row">
                        <label for="rate-value">{ "Every" }</label>
                        <input id="rate-value" inputmode="numeric" value={n.clone()} oninput={on_cell(|c, v| if let Cells::Rate { n, .. } = c { *n = v })} />
                        <label for="rate-unit" class="visually-hidden">{ "Unit" }</label>
                        <select id="rate-unit" onchange={on_unit}>
                            { for [("s", "seconds"), ("m", "minutes"), ("h", "hours"), ("d", "days")].iter().map(|(u, l)| html! {
                                <option value={*u} selected={unit == *u}>{ *l }</option>
                            }) }
                        </select>
                    </div>
                }
            }
            Cells::At { when, zone } => html! {
                <div class="builder-row">
                    <label for="at-when">{ "At" }</label>
                    <input id="at-when" type="datetime-local" step="1" value={when.clone()} oninput={on_cell(|c, v| if let Cells::At { when, .. } = c { *when = v })} />
                    <label for="at-zone">{ "Zone" }</label>
                    <input id="at-zone" value={zone.clone()} oninput={on_cell(|c, v| if let Cells::At { zone, .. } = c { *zone = v })} placeholder="UTC, GMT+8:00 or Asia/Shanghai" />
                </div>
            },
            Cells::Cron { fields, zone } => html! {
                <div class="builder-row cron-fields">
                    { for CRON_LABELS.iter().enumerate().map(|(i, label)| {
                        let (write, cells) = (write.clone(), cells.clone());
                        let on_input = Callback::from(move |e: InputEvent| {
                            let mut next = cells.clone();
                            if let Cells::Cron { fields, .. } = &mut next {
                                fields[i] = input_value(&e);
                            }
                            write(next);
                        });
                        let id = format!("cron-{i}");
                        html! { <span class="cron-field"><label for={id.clone()}>{ *label }</label>
                            <input id={id} value={fields[i].clone()} oninput={on_input} spellcheck="false" /></span> }
                    }) }
                    <span class="cron-field"><label for="cron-zone">{ "zone" }</label>
                        <input id="cron-zone" value={zone.clone()} spellcheck="false" placeholder="instance's"
                            oninput={on_cell(|c, v| if let Cells::Cron { zone, .. } = c { *zone = v })} /></span>
                </div>
            },
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
