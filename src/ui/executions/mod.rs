//! The Executions tab: its panel ([`ExecutionsPanel`]), the timeline with its view state, the run
//! card and the per-instance table. The page's own build (feature `framed-executions`) leaves
//! all of it out: its Executions tab is a frame of the full build (`super::executions_frame`).

mod instance_select;
mod instance_status_table;
mod marks;
mod panel;
mod run_card;
mod timeline;
mod timeline_filter;
mod timeline_legend;
mod timeline_paths;
mod timeline_plot;
mod timeline_settled;
mod timeline_skipped_card;
mod timeline_view_state;
mod timeline_width;

pub(crate) use panel::ExecutionsPanel;
