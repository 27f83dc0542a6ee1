//! SDK code snippets for a RunCommand request: Python, Go, Java and Node.js.
//!
//! Each snippet is built from the request as SDK-style JSON (the `to_map()` field names:
//! `RegionId`, `InstanceId: [..]`, `Tag: [{Key, Value}]`, `Parameters: {..}`). String literals are
//! written as JSON string literals, which are valid string literals in all four languages, so
//! whatever the user typed (quotes, new lines, `${}`, non-ASCII) stays inert text.

use serde_json::{Map, Value};

/// A language an SDK snippet can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Language {
    /// `alibabacloud_ecs20140526` for Python 3.
    Python,
    /// `github.com/alibabacloud-go/ecs-20140526/v4`.
    Go,
    /// `com.aliyun:ecs20140526`.
    Java,
    /// `@alicloud/ecs20140526` for Node.js.
    NodeJs,
}

/// The parameters in the order the API page lists them; unknown keys follow in their own order.
const ORDER: [&str; 26] = crate::sim::request::FIELD_NAMES;

fn ordered(request: &Value) -> Vec<(&str, &Value)> {
    let Some(map) = request.as_object() else {
        return Vec::new();
    };
    let mut fields: Vec<(&str, &Value)> = ORDER
        .iter()
        .filter_map(|k| map.get_key_value(*k).map(|(k, v)| (k.as_str(), v)))
        .collect();
    fields.extend(
        map.iter()
            .filter(|(k, _)| !ORDER.contains(&k.as_str()))
            .map(|(k, v)| (k.as_str(), v)),
    );
    fields.retain(|(_, v)| !v.is_null());
    fields
}

fn lit(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn lower_camel(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .map(|items| {
            items
                .iter()
                .map(|t| {
                    let get = |k: &str| t.get(k).map(text_of).unwrap_or_default();
                    (get("Key"), get("Value"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(text_of).collect())
        .unwrap_or_default()
}

fn params(v: &Value) -> Vec<(String, String)> {
    v.as_object()
        .map(|m: &Map<String, Value>| m.iter().map(|(k, v)| (k.clone(), text_of(v))).collect())
        .unwrap_or_default()
}

fn region(request: &Value) -> String {
    request
        .get("RegionId")
        .map(text_of)
        .unwrap_or_else(|| "cn-hangzhou".into())
}

/// How one language writes the pieces of a request.
trait Dialect {
    /// A list of instance ids.
    fn strings(&self, items: &[String]) -> String;
    /// A list of `{Key, Value}` tags of the list field `list` (`Tag` or `ResourceTag`).
    fn tags(&self, list: &str, pairs: &[(String, String)]) -> String;
    /// The `Parameters` map.
    fn map(&self, pairs: &[(String, String)]) -> String;
    /// A boolean, an integer and a string value.
    fn scalar(&self, value: &Value) -> String;
    /// One field of the request (`key` as the API spells it).
    fn field(&self, key: &str, value: String) -> String;
    /// The whole program around the fields.
    fn program(&self, endpoint: &str, fields: &[String]) -> String;
}

fn joined<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(", ")
}

/// Writes the snippet for `language`.
pub(crate) fn snippet(language: Language, request: &Value) -> String {
    let dialect: &dyn Dialect = match language {
        Language::Python => &Python,
        Language::Go => &Go,
        Language::Java => &Java,
        Language::NodeJs => &NodeJs,
    };
    let fields: Vec<String> = ordered(request)
        .into_iter()
        .map(|(key, v)| {
            let value = match key {
                "InstanceId" => dialect.strings(&strings(v)),
                "Tag" | "ResourceTag" => dialect.tags(key, &pairs(v)),
                "Parameters" => dialect.map(&params(v)),
                _ => dialect.scalar(v),
            };
            dialect.field(key, value)
        })
        .collect();
    dialect.program(&format!("ecs.{}.aliyuncs.com", region(request)), &fields)
}

struct Python;

impl Dialect for Python {
    fn strings(&self, items: &[String]) -> String {
        format!("[{}]", joined(items, |s| lit(s)))
    }
    fn tags(&self, list: &str, pairs: &[(String, String)]) -> String {
        format!(
            "[{}]",
            joined(pairs, |(k, v)| format!(
                "ecs_models.RunCommandRequest{list}(key={}, value={})",
                lit(k),
                lit(v)
            ))
        )
    }
    fn map(&self, pairs: &[(String, String)]) -> String {
        format!(
            "{{{}}}",
            joined(pairs, |(k, v)| format!("{}: {}", lit(k), lit(v)))
        )
    }
    fn scalar(&self, value: &Value) -> String {
        match value {
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Number(n) => n.to_string(),
            v => lit(&text_of(v)),
        }
    }
    fn field(&self, key: &str, value: String) -> String {
        format!("    {}={},", snake(key), value)
    }
    fn program(&self, endpoint: &str, fields: &[String]) -> String {
        format!(
            "# pip install alibabacloud_ecs20140526\nimport os\n\n\
from alibabacloud_ecs20140526.client import Client as EcsClient\n\
from alibabacloud_ecs20140526 import models as ecs_models\n\
from alibabacloud_tea_openapi import models as open_api_models\n\
from alibabacloud_tea_util import models as util_models\n\n\
config = open_api_models.Config(\n    access_key_id=os.environ[\"ALIBABA_CLOUD_ACCESS_KEY_ID\"],\n    \
access_key_secret=os.environ[\"ALIBABA_CLOUD_ACCESS_KEY_SECRET\"],\n    endpoint={},\n)\n\
client = EcsClient(config)\nrequest = ecs_models.RunCommandRequest(\n{}\n)\n\
response = client.run_command_with_options(request, util_models.RuntimeOptions())\n\
print(response.body.command_id, response.body.invoke_id)\n",
            lit(endpoint),
            fields.join("\n")
        )
    }
}

struct Go;

impl Dialect for Go {
    fn strings(&self, items: &[String]) -> String {
        format!(
            "[]*string{{{}}}",
            joined(items, |s| format!("tea.String({})", lit(s)))
        )
    }
    fn tags(&self, list: &str, pairs: &[(String, String)]) -> String {
        format!(
            "[]*ecs.RunCommandRequest{list}{{{}}}",
            joined(pairs, |(k, v)| format!(
                "{{Key: tea.String({}), Value: tea.String({})}}",
                lit(k),
                lit(v)
            ))
        )
    }
    fn map(&self, pairs: &[(String, String)]) -> String {
        format!(
            "map[string]interface{{}}{{{}}}",
            joined(pairs, |(k, v)| format!("{}: {}", lit(k), lit(v)))
        )
    }
    fn scalar(&self, value: &Value) -> String {
        match value {
            Value::Bool(b) => format!("tea.Bool({b})"),
            Value::Number(n) => format!("tea.Int64({n})"),
            v => format!("tea.String({})", lit(&text_of(v))),
        }
    }
    fn field(&self, key: &str, value: String) -> String {
        format!("\t\t{key}: {value},")
    }
    fn program(&self, endpoint: &str, fields: &[String]) -> String {
        format!(
            "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\topenapi \"github.com/alibabacloud-go/darabonba-openapi/v2/client\"\n\t\
ecs \"github.com/alibabacloud-go/ecs-20140526/v4/client\"\n\tutil \"github.com/alibabacloud-go/tea-utils/v2/service\"\n\t\
\"github.com/alibabacloud-go/tea/tea\"\n)\n\nfunc main() {{\n\tconfig := &openapi.Config{{\n\t\t\
AccessKeyId:     tea.String(os.Getenv(\"ALIBABA_CLOUD_ACCESS_KEY_ID\")),\n\t\t\
AccessKeySecret: tea.String(os.Getenv(\"ALIBABA_CLOUD_ACCESS_KEY_SECRET\")),\n\t\t\
Endpoint:        tea.String({}),\n\t}}\n\tclient, err := ecs.NewClient(config)\n\tif err != nil {{\n\t\tpanic(err)\n\t}}\n\t\
request := &ecs.RunCommandRequest{{\n{}\n\t}}\n\t\
response, err := client.RunCommandWithOptions(request, &util.RuntimeOptions{{}})\n\tif err != nil {{\n\t\tpanic(err)\n\t}}\n\t\
fmt.Println(tea.StringValue(response.Body.CommandId), tea.StringValue(response.Body.InvokeId))\n}}\n",
            lit(endpoint),
            fields.join("\n")
        )
    }
}

struct Java;

impl Dialect for Java {
    fn strings(&self, items: &[String]) -> String {
        format!("java.util.Arrays.asList({})", joined(items, |s| lit(s)))
    }
    fn tags(&self, list: &str, pairs: &[(String, String)]) -> String {
        format!(
            "java.util.Arrays.asList({})",
            joined(pairs, |(k, v)| format!(
                "new RunCommandRequest.RunCommandRequest{list}().setKey({}).setValue({})",
                lit(k),
                lit(v)
            ))
        )
    }
    fn map(&self, pairs: &[(String, String)]) -> String {
        format!(
            "java.util.Map.ofEntries({})",
            joined(pairs, |(k, v)| format!(
                "java.util.Map.entry({}, (Object) {})",
                lit(k),
                lit(v)
            ))
        )
    }
    fn scalar(&self, value: &Value) -> String {
        match value {
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => format!("{n}L"),
            v => lit(&text_of(v)),
        }
    }
    fn field(&self, key: &str, value: String) -> String {
        format!("            .set{key}({value})")
    }
    fn program(&self, endpoint: &str, fields: &[String]) -> String {
        format!(
            "// Maven: com.aliyun:ecs20140526\nimport com.aliyun.ecs20140526.Client;\n\
import com.aliyun.ecs20140526.models.RunCommandRequest;\nimport com.aliyun.ecs20140526.models.RunCommandResponse;\n\
import com.aliyun.teaopenapi.models.Config;\nimport com.aliyun.teautil.models.RuntimeOptions;\n\n\
public class RunCommandExample {{\n    public static void main(String[] args) throws Exception {{\n        \
Config config = new Config()\n            .setAccessKeyId(System.getenv(\"ALIBABA_CLOUD_ACCESS_KEY_ID\"))\n            \
.setAccessKeySecret(System.getenv(\"ALIBABA_CLOUD_ACCESS_KEY_SECRET\"))\n            .setEndpoint({});\n        \
Client client = new Client(config);\n        RunCommandRequest request = new RunCommandRequest()\n{};\n        \
RunCommandResponse response = client.runCommandWithOptions(request, new RuntimeOptions());\n        \
System.out.println(response.getBody().getCommandId() + \" \" + response.getBody().getInvokeId());\n    }}\n}}\n",
            lit(endpoint),
            fields.join("\n")
        )
    }
}

struct NodeJs;

impl Dialect for NodeJs {
    fn strings(&self, items: &[String]) -> String {
        format!("[{}]", joined(items, |s| lit(s)))
    }
    fn tags(&self, list: &str, pairs: &[(String, String)]) -> String {
        format!(
            "[{}]",
            joined(pairs, |(k, v)| format!(
                "new Ecs.RunCommandRequest{list}({{ key: {}, value: {} }})",
                lit(k),
                lit(v)
            ))
        )
    }
    fn map(&self, pairs: &[(String, String)]) -> String {
        format!(
            "{{ {} }}",
            joined(pairs, |(k, v)| format!("{}: {}", lit(k), lit(v)))
        )
    }
    fn scalar(&self, value: &Value) -> String {
        match value {
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            v => lit(&text_of(v)),
        }
    }
    fn field(&self, key: &str, value: String) -> String {
        format!("  {}: {},", lower_camel(key), value)
    }
    fn program(&self, endpoint: &str, fields: &[String]) -> String {
        format!(
            "// npm install @alicloud/ecs20140526 @alicloud/openapi-client @alicloud/tea-util\n\
const Ecs = require(\"@alicloud/ecs20140526\");\nconst OpenApi = require(\"@alicloud/openapi-client\");\n\
const Util = require(\"@alicloud/tea-util\");\n\nconst client = new Ecs.default(new OpenApi.Config({{\n  \
accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,\n  accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,\n  \
endpoint: {},\n}}));\nconst request = new Ecs.RunCommandRequest({{\n{}\n}});\n\
client.runCommandWithOptions(request, new Util.RuntimeOptions({{}}))\n  \
.then((response) => console.log(response.body.commandId, response.body.invokeId));\n",
            lit(endpoint),
            fields.join("\n")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request() -> Value {
        json!({
            "Type": "RunShellScript",
            "RegionId": "cn-hangzhou",
            "CommandContent": "echo \"{{name}}\"\nexit 0",
            "InstanceId": ["i-bp1a00000000000001", "i-bp1a00000000000002"],
            "Timeout": 120,
            "EnableParameter": true,
            "Parameters": {"name": "Jack"},
            "Tag": [{"Key": "team", "Value": "ops"}],
        })
    }

    #[test]
    fn python_uses_snake_case_models_and_escaped_literals() {
        let s = snippet(Language::Python, &request());
        assert!(s.contains("    region_id=\"cn-hangzhou\",\n"), "{s}");
        assert!(
            s.contains("command_content=\"echo \\\"{{name}}\\\"\\nexit 0\","),
            "{s}"
        );
        assert!(s.contains("instance_id=[\"i-bp1a00000000000001\", \"i-bp1a00000000000002\"],"));
        assert!(s.contains("enable_parameter=True,"));
        assert!(s.contains("timeout=120,"));
        assert!(s.contains("tag=[ecs_models.RunCommandRequestTag(key=\"team\", value=\"ops\")],"));
        assert!(s.contains("endpoint=\"ecs.cn-hangzhou.aliyuncs.com\""));
        // Parameters come in the API page's order, RegionId first.
        assert!(s.find("region_id").unwrap() < s.find("type=").unwrap());
    }

    #[test]
    fn go_java_and_node_name_fields_their_own_way() {
        let go = snippet(Language::Go, &request());
        assert!(go.contains("\t\tInstanceId: []*string{tea.String(\"i-bp1a00000000000001\"), tea.String(\"i-bp1a00000000000002\")},"));
        assert!(go.contains("Timeout: tea.Int64(120),"));
        assert!(go.contains("Tag: []*ecs.RunCommandRequestTag{{Key: tea.String(\"team\"), Value: tea.String(\"ops\")}},"));
        let java = snippet(Language::Java, &request());
        assert!(java.contains(".setTimeout(120L)"));
        assert!(java.contains(".setParameters(java.util.Map.ofEntries(java.util.Map.entry(\"name\", (Object) \"Jack\")))"));
        let node = snippet(Language::NodeJs, &request());
        assert!(node.contains("  regionId: \"cn-hangzhou\","));
        assert!(node.contains("  enableParameter: true,"));
        assert!(node.contains("parameters: { \"name\": \"Jack\" },"));
    }

    #[test]
    fn hostile_text_stays_inside_string_literals() {
        let req =
            json!({"RegionId": "cn-hangzhou", "Name": "x\"); os.system(\"rm -rf /\") #\n${evil}`"});
        for lang in [
            Language::Python,
            Language::Go,
            Language::Java,
            Language::NodeJs,
        ] {
            let s = snippet(lang, &req);
            assert!(
                s.contains("x\\\"); os.system(\\\"rm -rf /\\\") #\\n${evil}`"),
                "{lang:?}: {s}"
            );
        }
    }
}
