//! Base64 `CommandContent`: read strictly, and its bytes kept when they are not UTF-8 text.

use runcommand_playground::api;
use serde_json::{json, Value};

fn request(content: &str) -> Value {
    json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript", "ContentEncoding": "Base64",
        "CommandContent": content, "InstanceId": ["i-bp1a00000000000001"]})
}

/// `echo ` + the bytes 0xFF 0xFE + ` ok`, then `你好`, in Base64.
const MIXED: &str = "ZWNobyD//iBvayDkvaDlpb0=";

#[test]
fn bytes_that_are_not_utf8_are_shown_escaped_with_a_warning() {
    let checked = api::validate(&request("//4="), None);
    assert_eq!(checked["ok"], true, "{checked}");
    let warnings = checked["warnings"].to_string();
    assert!(warnings.contains("not UTF-8"), "{warnings}");

    let rendered = api::render(&request("//4="), None);
    assert_eq!(
        rendered["instances"][0]["script"], "\\xFF\\xFE",
        "{rendered}"
    );
    let rendered = api::render(&request(MIXED), None);
    assert_eq!(
        rendered["instances"][0]["script"],
        "echo \\xFF\\xFE ok 你好"
    );
}

#[test]
fn utf8_content_has_no_such_warning() {
    // `echo 你好`
    let checked = api::validate(&request("ZWNobyDkvaDlpb0="), None);
    assert_eq!(checked["ok"], true, "{checked}");
    assert!(
        !checked["warnings"].to_string().contains("UTF-8"),
        "{checked}"
    );
    let rendered = api::render(&request("ZWNobyDkvaDlpb0="), None);
    assert_eq!(rendered["instances"][0]["script"], "echo 你好");
}

/// Strict Base64: canonical padding, `=` only at the end, the standard alphabet, zero unused
/// bits; white space between symbols is ignored as the API ignores it.
#[test]
fn content_that_is_not_strict_base64_is_a_decode_error() {
    for bad in [
        "Zg", "Zh==", "Zm9=", "Zg===", "Zg==Zg==", "Zm-v", "Zm_v", "Zm9v!",
    ] {
        let checked = api::validate(&request(bad), None);
        assert_eq!(checked["ok"], false, "{bad}");
        assert_eq!(
            checked["error"]["Code"], "CmdContent.DecodeError",
            "{bad}: {checked}"
        );
    }
    for good in ["Zm9v", "Zg==", "Zm 9v\nYmFy"] {
        let checked = api::validate(&request(good), None);
        assert_eq!(checked["ok"], true, "{good}: {checked}");
    }
}
