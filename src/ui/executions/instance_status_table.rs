//! The per-instance table of the Executions panel: status, run count and last outcome at the
//! cursor.
//!
//! Its rows are plain values compared by value: an edit that leaves every row as it was (most
//! keystrokes in a script, on a long window) re-renders nothing here, instead of rebuilding and
//! reconciling 100 rows.

use yew::prelude::*;

use super::marks::status_class;

/// One instance's row.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct InstanceStatusRow {
    /// `name i-…`.
    pub(crate) instance: String,
    /// The per-instance `InvocationStatus` ("" before delivery).
    pub(crate) status: &'static str,
    /// Runs started by the cursor.
    pub(crate) runs: usize,
    /// The last run's exit code and error code, as `"<exit> <code>"`.
    pub(crate) last: String,
}

/// Properties of [`InstanceStatusTable`].
#[derive(Properties, PartialEq)]
pub(crate) struct InstanceStatusTableProps {
    /// The rows, in the request's instance order.
    pub(crate) rows: Vec<InstanceStatusRow>,
}

/// The table `#instance-statuses`.
#[function_component(InstanceStatusTable)]
pub(crate) fn instance_status_table(props: &InstanceStatusTableProps) -> Html {
    html! {
        <div class="instance-statuses-box">
        <table class="grid" id="instance-statuses">
            <caption>{ "Per instance, at the cursor" }</caption>
            <thead><tr><th scope="col">{ "Instance" }</th><th scope="col">{ "InvocationStatus" }</th><th scope="col">{ "Runs" }</th><th scope="col">{ "Last exit / error" }</th></tr></thead>
            <tbody>
                { for props.rows.iter().map(|row| html! { <tr>
                    <th scope="row">{ row.instance.clone() }</th>
                    <td><span class={status_class("status", row.status)}>{ row.status }</span></td>
                    <td>{ row.runs }</td>
                    <td>{ row.last.clone() }</td>
                </tr> }) }
            </tbody>
        </table>
        </div>
    }
}
