//! The test's own signers against the published worked examples, then the endpoint accepting
//! what they sign and refusing what it must (each code and HTTP status of docs/endpoint.md).

mod serve_client;

use serve_client::*;

#[test]
fn the_v1_signer_reproduces_the_published_example() {
    // The RPC signature example of the Alibaba Cloud docs (ECS DescribeRegions, secret
    // "testsecret").
    let params = [
        ("AccessKeyId", "testid"),
        ("Action", "DescribeRegions"),
        ("Format", "XML"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Version", "2014-05-26"),
    ];
    let sts = v1_string_to_sign("GET", &params);
    assert_eq!(
        sts,
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML\
         %26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\
         %26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
    );
    assert_eq!(
        v1_signature("testsecret", &sts),
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    );
}

#[test]
fn the_v3_signer_reproduces_the_published_example() {
    // The worked example of "Request syntax and signature method V3" (ECS RunInstances).
    let headers = [
        ("host", "ecs.cn-shanghai.aliyuncs.com"),
        ("x-acs-action", "RunInstances"),
        ("x-acs-version", "2014-05-26"),
        ("x-acs-date", "2023-10-26T10:22:32Z"),
        ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
        (
            "x-acs-content-sha256",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
    ];
    let query = [
        (
            "ImageId",
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
        ),
        ("RegionId", "cn-shanghai"),
    ];
    let (auth, _) = v3_authorization(
        "POST",
        &query,
        &headers,
        b"",
        "YourAccessKeyId",
        "YourAccessKeySecret",
    );
    assert_eq!(
        auth,
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
         x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
         Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    );
}

fn pinned() -> Server {
    Server::start(&["--now", "2026-01-05T08:00:00Z"])
}

#[test]
fn v1_and_v3_calls_run_a_command_to_success() {
    let s = pinned();
    let run = s.v1(
        "RunCommand",
        &[
            ("RegionId", REGION),
            ("Type", "RunShellScript"),
            ("CommandContent", "echo hi there"),
            ("InstanceId.1", INSTANCE),
        ],
    );
    assert_eq!(run.status, 200, "{}", run.text);
    assert!(run.content_type.starts_with("application/json"));
    let invoke_id = run.json()["InvokeId"].as_str().unwrap().to_string();
    assert!(invoke_id.starts_with("t-"));
    assert_eq!(s.advance(30).status, 200);
    let results = s.v3(
        "DescribeInvocationResults",
        &[
            ("RegionId", REGION),
            ("InvokeId", &invoke_id),
            ("ContentEncoding", "PlainText"),
        ],
        SECRET,
    );
    assert_eq!(results.status, 200, "{}", results.text);
    let result = &results.json()["Invocation"]["InvocationResults"]["InvocationResult"][0];
    assert_eq!(result["InvocationStatus"], "Success", "{result}");
    assert_eq!(result["Output"], "hi there\n");
}

#[test]
fn v3_parameters_in_a_form_body_are_signed_and_read() {
    let s = pinned();
    let body = b"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo%20form&InstanceId.1=i-bp1a00000000000002";
    let nonce = s.fresh_nonce();
    let date = iso(real_now());
    let hash = sha256_hex(body);
    let headers = [
        ("host", s.addr.as_str()),
        ("x-acs-action", "RunCommand"),
        ("x-acs-version", "2014-05-26"),
        ("x-acs-date", date.as_str()),
        ("x-acs-signature-nonce", nonce.as_str()),
        ("x-acs-content-sha256", hash.as_str()),
        ("content-type", "application/x-www-form-urlencoded"),
    ];
    let (auth, _) = v3_authorization("POST", &[], &headers, body, KEY, SECRET);
    let mut send = headers[1..].to_vec();
    send.push(("Authorization", auth.as_str()));
    let reply = s.http("POST", "/", &send, body);
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(reply.json()["InvokeId"].as_str().unwrap().starts_with("t-"));
    // The same body with a changed byte no longer matches its x-acs-content-sha256.
    let tampered = b"RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo%20fork&InstanceId.1=i-bp1a00000000000002";
    let reply = s.http("POST", "/", &send, tampered);
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "SignatureDoesNotMatch")
    );
}

#[test]
fn a_wrong_secret_is_refused_with_the_servers_string_to_sign() {
    let s = pinned();
    let params = s.v1_common("DescribeInvocations", KEY, real_now());
    let mut all = params.clone();
    all.push(("RegionId".into(), REGION.into()));
    let reply = s.v1_send(&all, "not-the-secret");
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "SignatureDoesNotMatch")
    );
    let borrowed: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let message = reply.json()["Message"].as_str().unwrap().to_string();
    let (_, server_sts) = message.split_once("server string to sign is:").unwrap();
    assert_eq!(server_sts, v1_string_to_sign("GET", &borrowed));

    let v3 = s.v3(
        "DescribeInvocations",
        &[("RegionId", REGION)],
        "not-the-secret",
    );
    assert_eq!(
        (v3.status, v3.code().as_str()),
        (400, "SignatureDoesNotMatch")
    );
    assert!(v3.json()["Message"]
        .as_str()
        .unwrap()
        .contains("server string to sign is:ACS3-HMAC-SHA256\n"));
}

#[test]
fn keys_nonces_timestamps_actions_and_versions_are_checked() {
    let s = pinned();
    let region = ("RegionId".to_string(), REGION.to_string());

    let mut unknown_key = s.v1_common("DescribeInvocations", "nobody", real_now());
    unknown_key.push(region.clone());
    let r = s.v1_send(&unknown_key, SECRET);
    assert_eq!(
        (r.status, r.code().as_str()),
        (404, "InvalidAccessKeyId.NotFound")
    );

    let mut once = s.v1_common("DescribeInvocations", KEY, real_now());
    once.push(region.clone());
    assert_eq!(s.v1_send(&once, SECRET).status, 200);
    let r = s.v1_send(&once, SECRET);
    assert_eq!((r.status, r.code().as_str()), (400, "SignatureNonceUsed"));

    for minutes in [-16, 16] {
        let mut stale = s.v1_common("DescribeInvocations", KEY, minutes_from_now(minutes));
        stale.push(region.clone());
        let r = s.v1_send(&stale, SECRET);
        assert_eq!(
            (r.status, r.code().as_str()),
            (400, "InvalidTimeStamp.Expired")
        );
    }
    let mut close = s.v1_common("DescribeInvocations", KEY, minutes_from_now(-14));
    close.push(region.clone());
    assert_eq!(s.v1_send(&close, SECRET).status, 200);

    let mut no_action = s.v1_common("DescribeInvocations", KEY, real_now());
    no_action.retain(|(k, _)| k != "Action");
    let r = s.v1_send(&no_action, SECRET);
    assert_eq!((r.status, r.code().as_str()), (400, "MissingParameter"));
    assert!(r.json()["Message"].as_str().unwrap().contains("\"Action\""));

    let r = s.v1("DescribeInstances", &[("RegionId", REGION)]);
    assert_eq!(
        (r.status, r.code().as_str()),
        (404, "InvalidAction.NotFound")
    );

    let mut old = s.v1_common("DescribeInvocations", KEY, real_now());
    old.retain(|(k, _)| k != "Version");
    old.push(("Version".into(), "2016-03-14".into()));
    let r = s.v1_send(&old, SECRET);
    assert_eq!((r.status, r.code().as_str()), (400, "InvalidVersion"));
}

#[test]
fn format_xml_answers_xml() {
    let s = pinned();
    let mut params = s.v1_common("DescribeInvocations", KEY, real_now());
    params.retain(|(k, _)| k != "Format");
    params.push(("Format".into(), "XML".into()));
    params.push(("RegionId".into(), REGION.into()));
    let r = s.v1_send(&params, SECRET);
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("application/xml"));
    assert!(r
        .text
        .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DescribeInvocationsResponse>"));
    assert!(r.text.contains("<TotalCount>0</TotalCount>"), "{}", r.text);
    params.retain(|(k, _)| k != "AccessKeyId");
    params.push(("AccessKeyId".into(), "nobody".into()));
    let r = s.v1_send(&params, SECRET);
    assert_eq!(r.status, 404);
    assert!(
        r.text.contains("<Error>") && r.text.contains("<Code>InvalidAccessKeyId.NotFound</Code>")
    );
}
