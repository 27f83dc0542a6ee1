#!/usr/bin/env python3
"""End-to-end check that the release build works where documentation lives: under a sub-path.

Serves a trunk dist/ folder at http://127.0.0.1:PORT/docs/runcommand/ (and nothing at the root),
drives headless Chromium with the WebDriver helpers of smoke.py and checks: the app renders, the
iframe embed renders and reports a height equal to its content, the app's Executions frame
(the full build) renders in the page's theme, embed.js and the
<runcommand-playground> element render, a schedule-only widget is at most 600 px tall, the
embed options work, the three widgets of the demo page share one wasm instance, and the server
answered no request with a 404. Exits non-zero on the first failed check.
"""
import functools
import http.server
import pathlib
import sys
import time

from smoke import EXEC_DOC, QuietHandler, WebDriver, dist_dir, js_async, served_chromium

PREFIX = "/docs/runcommand"
MAX_SCHEDULE_WIDGET_PX = 600


class SubPathHandler(QuietHandler):
    """Serves dist/ under PREFIX only and records every path it could not serve."""

    missing: list = []

    def translate_path(self, path):
        route = path.split("?", 1)[0].split("#", 1)[0]
        if route != PREFIX and not route.startswith(PREFIX + "/"):
            return str(pathlib.Path(self.directory) / "__outside_the_prefix__")
        return super().translate_path(path[len(PREFIX):] or "/")

    def send_error(self, code, message=None, explain=None):
        if code == 404:
            SubPathHandler.missing.append(self.path)
        super().send_error(code, message, explain)


def check_app(wd: WebDriver, base: str):
    wd.get(base + "/?theme=dark")
    wd.wait_js("return document.querySelector('#request-form') !== null", "the app under the sub-path")
    theme = wd.js("return document.documentElement.dataset.theme || null")
    assert theme == "dark", f"?theme=dark sets the page's theme: {theme!r}"
    wd.js("document.querySelector('#tab-executions').click()")
    wd.wait_js(f"return {EXEC_DOC}.querySelectorAll('#timeline path.bar').length > 0 || null",
               "the Executions frame's runs under the sub-path")
    framed_theme = wd.js(f"return {EXEC_DOC}.documentElement.dataset.theme || null")
    assert framed_theme == "dark", f"the Executions frame takes the page's theme: {framed_theme!r}"
    print(f"    app renders at {PREFIX}/ (theme {theme} from the query), its Executions frame too")


def iframe_fits(wd: WebDriver):
    """The iframe's last reported height, once the frame is that tall and shows it all."""
    return wd.js("""
        const frame = document.getElementById('iframe-embed');
        const d = frame.contentDocument;
        const reported = window.__rcIframeHeight;
        if (!d || !reported || !d.querySelector('#field-CommandContent')) return null;
        const box = Math.ceil(d.documentElement.getBoundingClientRect().height);
        const viewport = d.documentElement.clientHeight;
        const scroll = d.documentElement.scrollHeight;
        return box === reported && viewport === reported && scroll === reported ? reported : null;
    """)


def check_demo_page(wd: WebDriver, base: str):
    wd.get(base + "/embed-demo.html")
    wd.wait_js("return document.querySelector('#inline-embed #schedule-fires') !== null", "the in-page widget")
    wd.wait_js("return document.querySelector('#element-embed #rendered') !== null", "the custom element")
    framed = wd.wait_js(
        "const d = document.getElementById('iframe-embed').contentDocument; "
        "const f = d && d.querySelector('#field-CommandContent'); return f && f.value", "the iframe widget")
    assert "find /var/log" in framed, f"the iframe took its state from the parent: {framed!r}"
    height = None
    deadline = time.time() + 10
    while time.time() < deadline and height is None:
        height = iframe_fits(wd)
        time.sleep(0.05)
    assert height is not None, "the iframe's reported height equals its content " + repr(wd.js("""
        const d = document.getElementById('iframe-embed').contentDocument;
        return [window.__rcIframeHeight, d.documentElement.getBoundingClientRect().height,
                d.documentElement.clientHeight, d.documentElement.scrollHeight];"""))

    # Show every parameter: the iframe grows and reports its new height.
    wd.js("document.getElementById('iframe-embed').contentDocument.querySelector('.show-all').click()")
    grown = wd.wait_js(f"return window.__rcIframeHeight > {height} && window.__rcIframeHeight",
                       "a new height after expanding the form")
    deadline = time.time() + 10
    while time.time() < deadline and iframe_fits(wd) != grown:
        time.sleep(0.05)
    assert iframe_fits(wd) == grown, "the grown iframe's reported height equals its content"

    widget = wd.js("""
        const w = document.querySelector('#inline-embed');
        return {height: w.getBoundingClientRect().height,
                rows: w.querySelectorAll('#schedule-fires tbody tr').length,
                link: w.querySelector('.open-in-playground a').href,
                pinned: w.querySelector('#pinned-now').value};
    """)
    assert widget["rows"] == 4, f"data-fires=4 lists four fires: {widget}"
    assert widget["pinned"] == "2026-03-01T00:00:00Z", f"data-now pins now: {widget}"
    assert widget["height"] <= MAX_SCHEDULE_WIDGET_PX, f"the schedule widget is {widget['height']} px tall"
    assert widget["link"].startswith(base + "/index.html#"), f"the playground link is {widget['link']!r}"
    wd.js("document.querySelector('#inline-embed #more-fires').click()")
    wd.wait_js("return document.querySelectorAll('#inline-embed #schedule-fires tbody tr').length === 8",
               "four more fires after 'Show more'")

    element = wd.js("""
        const e = document.querySelector('#element-embed');
        const main = e.querySelector('.app.embed');
        const body = e.querySelector('.embed-body');
        return {theme: main.dataset.theme, body: body.getBoundingClientRect().height,
                scrolls: body.scrollHeight > body.clientHeight,
                bg: getComputedStyle(main).backgroundColor,
                linkVisible: e.querySelector('.open-in-playground a').getBoundingClientRect().height > 0};
    """)
    assert element["theme"] == "dark" and element["bg"] == "rgb(17, 20, 24)", f"theme=dark: {element}"
    assert element["body"] <= 240 and element["scrolls"], f"height=240 caps the panels: {element}"
    assert element["linkVisible"], f"the playground link is visible below the capped panels: {element}"

    wasm_loads = wd.js(
        "return performance.getEntriesByType('resource').filter(r => r.name.endsWith('.wasm')).length")
    assert wasm_loads == 1, f"the page's widgets share one wasm instance, loaded {wasm_loads} times"
    first_paint = wd.js("return window.__rcEmbedFirstPaintMs || null")
    print(f"    demo page at {PREFIX}/: iframe reported {height} px = its content (then {grown} px after "
          f"expanding), in-page schedule widget {widget['height']:.0f} px with {widget['rows']} fires, "
          f"custom element dark and capped at {element['body']:.0f} px, wasm loaded {wasm_loads}x; "
          f"first paint {first_paint:.0f} ms after embed.js started")
    wd.screenshot("subpath-embed-demo.png")


def check_default_schedule_widget(wd: WebDriver):
    """A schedule-only widget with no options, on the busiest schedule: at most 600 px tall."""
    result = js_async(wd, """
        const done = arguments[arguments.length - 1];
        const el = document.createElement('div');
        document.querySelector('article').appendChild(el);
        const request = {RegionId: 'cn-hangzhou', Type: 'RunShellScript', CommandContent: 'date',
          RepeatMode: 'Period', Frequency: '0 30 2 * * ? America/New_York', InstanceId: ['i-bp1a00000000000001']};
        const answer = window.runcommandPlayground.mountWidget(el, 'schedule', request);
        if (!answer.ok) { done({error: answer.message}); return; }
        const wait = () => el.querySelector('#schedule-fires')
          ? requestAnimationFrame(() => done({height: el.getBoundingClientRect().height,
              rows: el.querySelectorAll('#schedule-fires tbody tr').length}))
          : setTimeout(wait, 20);
        wait();
    """)
    assert "error" not in result, result
    assert result["height"] <= MAX_SCHEDULE_WIDGET_PX, f"a default schedule widget is {result} px tall"
    print(f"    a default schedule-only widget: {result['height']:.0f} px, {result['rows']} fires listed")


def main() -> int:
    dist = dist_dir()
    handler = functools.partial(SubPathHandler, directory=str(dist))
    with served_chromium(handler, "rc-e2e-subpath-") as (wd, http_port):
        try:
            base = f"http://127.0.0.1:{http_port}{PREFIX}"
            check_app(wd, base)
            check_demo_page(wd, base)
            check_default_schedule_widget(wd)
            missing = [p for p in SubPathHandler.missing if not p.endswith("/favicon.ico")]
            assert not missing, f"404s under the sub-path: {missing}"
            print("    e2e sub-path: all checks passed (no 404s)")
            return 0
        except AssertionError as e:
            print(f"    e2e sub-path FAILED: {e}", file=sys.stderr)
            try:
                wd.screenshot("subpath-failure.png")
            except Exception:
                pass
            return 1


if __name__ == "__main__":
    sys.exit(main())
