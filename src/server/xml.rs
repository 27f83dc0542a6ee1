//! The XML form of an answer (`Format=XML`): the JSON body as elements under
//! `<ActionResponse>` (`<Error>` for errors); a list becomes the repeated element of its key,
//! as in `<Invocations><Invocation>…</Invocation><Invocation>…</Invocation></Invocations>`.

use serde_json::Value;

/// The XML document of `body` under the root element `root`.
pub fn document(root: &str, body: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    element(&mut out, root, body);
    out
}

fn element(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Array(items) => {
            for item in items {
                element(out, name, item);
            }
        }
        Value::Object(fields) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in fields {
                element(out, k, v);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Null => out.push_str(&format!("<{name}/>")),
        Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", escape(s))),
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_repeat_their_element_and_text_is_escaped() {
        let body = serde_json::json!({
            "RequestId": "R",
            "Invocations": {"Invocation": [{"InvokeId": "t-1"}, {"InvokeId": "t-<2>"}]},
            "TotalCount": 2,
        });
        assert_eq!(
            document("DescribeInvocationsResponse", &body),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DescribeInvocationsResponse>\
             <Invocations><Invocation><InvokeId>t-1</InvokeId></Invocation>\
             <Invocation><InvokeId>t-&lt;2&gt;</InvokeId></Invocation></Invocations>\
             <RequestId>R</RequestId><TotalCount>2</TotalCount></DescribeInvocationsResponse>"
        );
    }
}
