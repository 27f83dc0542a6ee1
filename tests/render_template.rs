//! The `{{ … }}` scanner (runcommand-api.txt CommandContent; agent-behaviour.md §2.2–2.3).

use runcommand_playground::sim::template::{scan, PlaceholderKind};

#[test]
fn spaces_and_line_breaks_around_names_are_ignored() {
    let s = scan("echo {{ name }} {{\n  other\n}}");
    let names: Vec<&str> = s.placeholders.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["name", "other"]);
    assert_eq!(s.placeholders[0].span, 5..15);
    assert!(s
        .placeholders
        .iter()
        .all(|p| p.kind == PlaceholderKind::Custom));
}

#[test]
fn names_are_case_insensitive_and_counted_once() {
    let s = scan("{{Name}} {{name}} {{NAME}} {{x}}");
    assert_eq!(s.custom_names(), vec!["Name", "x"]);
    assert!(s.defines("nAmE"));
}

#[test]
fn builtins_need_upper_case_acs() {
    let s = scan("{{ACS::InstanceId}} {{ ACS :: RegionId }} {{acs::InstanceId}} {{Acs::X}} {{ACS:InstanceId}}");
    let kinds: Vec<(&str, bool)> = s
        .placeholders
        .iter()
        .map(|p| (p.name.as_str(), p.kind == PlaceholderKind::BuiltIn))
        .collect();
    assert_eq!(kinds[0], ("InstanceId", true));
    assert_eq!(kinds[1], ("RegionId", true));
    // Reserved prefix in another case, and a single colon: invalid custom names.
    assert!(matches!(
        s.placeholders[2].kind,
        PlaceholderKind::InvalidName(_)
    ));
    assert!(matches!(
        s.placeholders[3].kind,
        PlaceholderKind::InvalidName(_)
    ));
    assert!(matches!(
        s.placeholders[4].kind,
        PlaceholderKind::InvalidName(_)
    ));
}

#[test]
fn parameter_store_references() {
    let s = scan("{{oos:db-host}} {{ oos-secret : p-a.ra_m }} {{OOS:x}} {{oos:/a/b}}");
    assert_eq!(
        s.placeholders[0].kind,
        PlaceholderKind::ParameterStore { secret: false }
    );
    assert_eq!(s.placeholders[0].name, "db-host");
    assert_eq!(
        s.placeholders[1].kind,
        PlaceholderKind::ParameterStore { secret: true }
    );
    assert_eq!(s.placeholders[1].name, "p-a.ra_m");
    assert!(matches!(
        s.placeholders[2].kind,
        PlaceholderKind::InvalidName(_)
    ));
    assert!(matches!(
        s.placeholders[3].kind,
        PlaceholderKind::InvalidName(_)
    ));
}

#[test]
fn innermost_braces_open_the_placeholder() {
    let s = scan("{{{ACS::InstanceId}}}");
    assert_eq!(s.placeholders.len(), 1);
    assert_eq!(s.placeholders[0].span, 1..20);
    let s = scan("{{oos-secret: p-a{{oos-secret:youyong}}ra_m}}");
    assert_eq!(s.placeholders.len(), 1);
    assert_eq!(s.placeholders[0].name, "youyong");
    assert_eq!(s.warnings.len(), 1);
}

#[test]
fn malformed_braces_are_warnings_not_parameters() {
    let s = scan("a {{}} b {{ }} c {{open");
    assert!(s.placeholders.is_empty());
    assert_eq!(s.warnings.len(), 3);
    let s = scan("{name} {{name} }}");
    assert_eq!(s.placeholders.len(), 1, "the first closing pair ends it");
    assert!(matches!(
        s.placeholders[0].kind,
        PlaceholderKind::InvalidName(_)
    ));
}

#[test]
fn multibyte_text_keeps_byte_spans() {
    let text = "échо «{{名前}}» {{ok}}";
    let s = scan(text);
    assert_eq!(&text[s.placeholders[0].span.clone()], "{{名前}}");
    assert!(
        matches!(s.placeholders[0].kind, PlaceholderKind::InvalidName(_)),
        "only ASCII letters"
    );
    assert_eq!(&text[s.placeholders[1].span.clone()], "{{ok}}");
}
