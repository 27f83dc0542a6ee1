"""Runs the official Alibaba Cloud Python SDKs against `runcommand-sim serve`.

For each SDK generation -- `alibabacloud_ecs20140526` (V3, ACS3-HMAC-SHA256) and
`aliyun-python-sdk-ecs` on `aliyun-python-sdk-core` (V1, HMAC-SHA1) -- it runs a command with
RunCommand, advances the simulator's pinned clock and polls DescribeInvocationResults until the
execution is Success with the expected output, then checks that a wrong secret is refused with
SignatureDoesNotMatch. Usage: check_sdks.py PATH/TO/runcommand-sim
"""

import base64
import json
import socket
import subprocess
import sys
import time
import urllib.request

KEY_ID, SECRET = "sdk-check", "sdk-check-secret"
REGION, INSTANCE = "cn-hangzhou", "i-bp1a00000000000001"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def advance(port, seconds):
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/_simulator/clock?advance={seconds}", method="POST"
    )
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def poll(port, describe, invoke_id, want_output):
    """Calls describe(invoke_id) -> (status, output) until Success, moving the clock 5 s a time."""
    for _ in range(60):
        status, output = describe(invoke_id)
        if status == "Success":
            if output != want_output:
                raise AssertionError(f"output {output!r}, expected {want_output!r}")
            return
        if status in ("Failed", "Error", "Timeout", "Cancelled", "Terminated", "Invalid", "Aborted"):
            raise AssertionError(f"execution ended {status}")
        advance(port, 5)
    raise AssertionError("the execution never reached Success")


def check_v3(port):
    from alibabacloud_ecs20140526.client import Client
    from alibabacloud_ecs20140526 import models
    from alibabacloud_tea_openapi import models as open_api_models

    def client(secret):
        return Client(open_api_models.Config(
            access_key_id=KEY_ID, access_key_secret=secret,
            endpoint=f"127.0.0.1:{port}", protocol="http", region_id=REGION,
        ))

    ecs = client(SECRET)
    run = ecs.run_command(models.RunCommandRequest(
        region_id=REGION, type="RunShellScript", command_content="echo hello-v3",
        instance_id=[INSTANCE],
    ))
    invoke_id = run.body.invoke_id

    def describe(invoke_id):
        r = ecs.describe_invocation_results(models.DescribeInvocationResultsRequest(
            region_id=REGION, invoke_id=invoke_id,
        ))
        results = r.body.invocation.invocation_results.invocation_result
        if not results:
            return None, None
        out = base64.b64decode(results[0].output or "").decode()
        return results[0].invocation_status, out

    poll(port, describe, invoke_id, "hello-v3\n")
    try:
        client("wrong-secret").describe_invocations(
            models.DescribeInvocationsRequest(region_id=REGION))
    except Exception as e:  # Tea raises TeaException / ClientException
        refused = getattr(e, "code", "") or ""
        if refused != "SignatureDoesNotMatch":
            raise AssertionError(f"wrong secret refused with {refused!r}: {e}")
    else:
        raise AssertionError("a wrong secret was accepted")
    print(f"alibabacloud_ecs20140526 (V3): RunCommand {invoke_id} -> Success; "
          f"wrong secret -> {refused}")


def check_v1(port):
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
    from aliyunsdkecs.request.v20140526.RunCommandRequest import RunCommandRequest
    from aliyunsdkecs.request.v20140526.DescribeInvocationResultsRequest import (
        DescribeInvocationResultsRequest,
    )
    from aliyunsdkecs.request.v20140526.DescribeInvocationsRequest import DescribeInvocationsRequest

    endpoint = f"127.0.0.1:{port}"

    def prepared(request):
        request.set_endpoint(endpoint)
        request.set_protocol_type("http")
        return request

    ecs = AcsClient(KEY_ID, SECRET, REGION)
    run = prepared(RunCommandRequest())
    run.set_Type("RunShellScript")
    run.set_CommandContent("echo hello-v1")
    run.set_InstanceIds([INSTANCE])
    invoke_id = json.loads(ecs.do_action_with_exception(run))["InvokeId"]

    def describe(invoke_id):
        req = prepared(DescribeInvocationResultsRequest())
        req.set_InvokeId(invoke_id)
        body = json.loads(ecs.do_action_with_exception(req))
        results = body["Invocation"]["InvocationResults"]["InvocationResult"]
        if not results:
            return None, None
        return results[0]["InvocationStatus"], base64.b64decode(results[0].get("Output") or "").decode()

    poll(port, describe, invoke_id, "hello-v1\n")
    wrong = AcsClient(KEY_ID, "wrong-secret", REGION)
    try:
        wrong.do_action_with_exception(prepared(DescribeInvocationsRequest()))
    except (ClientException, ServerException) as e:
        # The core SDK compares the server's string to sign with its own; when they are equal
        # it reports the wrong secret as InvalidAccessKeySecret.
        refused = e.get_error_code()
        if refused not in ("SignatureDoesNotMatch", "InvalidAccessKeySecret"):
            raise AssertionError(f"wrong secret refused with {refused!r}: {e}")
    else:
        raise AssertionError("a wrong secret was accepted")
    print(f"aliyun-python-sdk-ecs (V1): RunCommand {invoke_id} -> Success; "
          f"wrong secret -> {refused}")


def main():
    binary = sys.argv[1]
    port = free_port()
    server = subprocess.Popen(
        [binary, "serve", "--listen", f"127.0.0.1:{port}", "--access-key", f"{KEY_ID}:{SECRET}",
         "--now", "2026-01-05T08:00:00Z"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        line = server.stdout.readline()
        if "listening on" not in line:
            raise SystemExit(f"the server did not start: {line!r}")
        check_v3(port)
        check_v1(port)
    finally:
        server.kill()
        server.wait()
    print("SDK checks passed")


if __name__ == "__main__":
    main()
