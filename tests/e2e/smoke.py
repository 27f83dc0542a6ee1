#!/usr/bin/env python3
"""End-to-end smoke test of the release build.

Serves a trunk dist/ folder on loopback, drives Debian's headless Chromium through chromedriver's
WebDriver HTTP API (standard library only) and checks that the playground renders and works.
Screenshots go to target/e2e/. Exits non-zero on the first failed check.
"""
import base64
import functools
import http.server
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHOTS = ROOT / "target" / "e2e"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


class WebDriver:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None

    def call(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return json.loads(resp.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.code} {e.read()[:500]!r}") from None

    def start(self, profile_dir: str):
        caps = json.loads((ROOT / "webdriver.json").read_text())
        caps["goog:chromeOptions"]["args"] = caps["goog:chromeOptions"]["args"] + [
            f"--user-data-dir={profile_dir}", "--window-size=1280,900"]
        value = self.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        self.session = value["sessionId"]

    def s(self, path: str) -> str:
        return f"/session/{self.session}{path}"

    def get(self, url: str):
        self.call("POST", self.s("/url"), {"url": url})

    def js(self, script: str, *args):
        return self.call("POST", self.s("/execute/sync"), {"script": script, "args": list(args)})

    def wait_js(self, script: str, what: str, timeout: float = 30.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.js(script)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    def screenshot(self, name: str):
        SHOTS.mkdir(parents=True, exist_ok=True)
        png = base64.b64decode(self.call("GET", self.s("/screenshot")))
        (SHOTS / name).write_bytes(png)
        print(f"    screenshot: {SHOTS / name}")

    def quit(self):
        if self.session:
            try:
                self.call("DELETE", self.s(""))
            except Exception:
                pass


def check_playground(wd: WebDriver, base: str):
    t0 = time.time()
    wd.get(base + "/index.html")
    wd.wait_js("return document.querySelector('#request-form') !== null", "the request form")
    wall_ms = (time.time() - t0) * 1000
    title = wd.js("return document.title")
    assert title == "RunCommand Playground", f"title is {title!r}"
    heading = wd.js("return document.querySelector('h1') && document.querySelector('h1').textContent")
    assert heading and "RunCommand Playground" in heading, f"heading is {heading!r}"
    first_render = wd.js("return window.__rcFirstRenderMs || null")
    print(f"    form rendered; first render at {first_render} ms after navigation start "
          f"(wall clock incl. WebDriver: {wall_ms:.0f} ms)")
    json_panel = wd.wait_js(
        "const e = document.querySelector('#request-json'); return e && e.textContent", "the JSON panel")
    request = json.loads(json_panel)
    assert request.get("RegionId") == "cn-hangzhou", f"request JSON: {request}"
    assert isinstance(request.get("InstanceId"), list), f"InstanceId is a list: {request}"
    wd.screenshot("playground.png")


def main() -> int:
    dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist").resolve()
    if not (dist / "index.html").is_file():
        print(f"no {dist}/index.html: run trunk build --release first", file=sys.stderr)
        return 1
    http_port = free_port()
    handler = functools.partial(QuietHandler, directory=str(dist))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", http_port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver_port = free_port()
    chromedriver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = subprocess.Popen([chromedriver, f"--port={driver_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    profile = tempfile.mkdtemp(prefix="rc-e2e-")
    wd = WebDriver(driver_port)
    try:
        for _ in range(100):
            try:
                wd.call("GET", "/status")
                break
            except Exception:
                time.sleep(0.1)
        wd.start(profile)
        base = f"http://127.0.0.1:{http_port}"
        check_playground(wd, base)
        print("    e2e smoke: all checks passed")
        return 0
    except AssertionError as e:
        print(f"    e2e smoke FAILED: {e}", file=sys.stderr)
        try:
            wd.screenshot("failure.png")
        except Exception:
            pass
        return 1
    finally:
        wd.quit()
        driver.terminate()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
