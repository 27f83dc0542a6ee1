#!/usr/bin/env python3
"""Hostile share links against the release build (the page must answer, and stay responsive).

Serves a trunk dist/ folder on loopback and, in headless Chromium, opens the playground with
share links that carry states far beyond the API's limits (the cases of the hostile-input issue):
10,000 parameter keys, 90,000 placeholders, 30,000 and 100,000 tags, an 80,000-instance world.
For each it checks that the page shows the expected refusal (an API error code, or the notice
that the state is too large to open), and it reports how long after navigation the answer
showed and the longest main-thread stall in the second that follows (reported, not asserted:
the budget, the page responsive within 1 s, is a benchmark). Exits non-zero when a link does not
get its answer.
"""
import functools
import sys

from smoke import QuietHandler, dist_dir, js_async, served_chromium

TOO_LARGE = "larger than the playground opens"

# (name, what the page must show: an error code or a notice's words, JavaScript that returns the
# snapshot {request, world?, now, tab}).
CASES = [
    ("10,000 parameter keys", "ParameterCount.ExceedLimit", """
        const parameters = {};
        for (let i = 0; i < 10000; i++) parameters['k' + i] = 'v';
        return {request: {RegionId: 'cn-hangzhou', InstanceId: ['i-web1'], Type: 'RunShellScript',
                          CommandContent: 'echo {{k1}}', EnableParameter: true, Parameters: parameters},
                now: '2026-01-02T03:04:05Z', tab: 'rendered'};"""),
    ("90,000 placeholders", "CmdContent.ExceedLimit", """
        return {request: {RegionId: 'cn-hangzhou', InstanceId: ['i-web1'], Type: 'RunShellScript',
                          CommandContent: '{{a}}'.repeat(90000), EnableParameter: true},
                now: '2026-01-02T03:04:05Z', tab: 'rendered'};"""),
    ("30,000 tags", "Tag", """
        const tags = [];
        for (let i = 0; i < 30000; i++) tags.push({Key: 'k' + i, Value: 'v'});
        return {request: {RegionId: 'cn-hangzhou', InstanceId: ['i-web1'], Type: 'RunShellScript',
                          CommandContent: 'echo hi', Tag: tags},
                now: '2026-01-02T03:04:05Z', tab: 'rendered'};"""),
    ("100,000 tags", TOO_LARGE, """
        const tags = [];
        for (let i = 0; i < 100000; i++) tags.push({Key: 'k' + i, Value: 'v'});
        return {request: {RegionId: 'cn-hangzhou', InstanceId: ['i-web1'], Type: 'RunShellScript',
                          CommandContent: 'echo hi', Tag: tags},
                now: '2026-01-02T03:04:05Z', tab: 'rendered'};"""),
    ("an 80,000-instance world", TOO_LARGE, """
        const world = window.wasmBindings.defaultWorld();
        const template = world.instances[0];
        world.instances = [];
        for (let i = 0; i < 80000; i++) {
          world.instances.push(Object.assign({}, template, {instanceId: 'i-x' + i, name: 'x' + i,
                                                            containers: []}));
        }
        return {request: {RegionId: 'cn-hangzhou', InstanceId: ['i-x1'], Type: 'RunShellScript',
                          CommandContent: 'echo hi'},
                world, now: '2026-01-02T03:04:05Z', tab: 'executions'};"""),
]


def link(wd, snapshot_js: str) -> str:
    """The share fragment of the snapshot `snapshot_js` builds (the page's own link format)."""
    return js_async(wd, """
        const done = arguments[arguments.length - 1];
        const snapshot = (() => {""" + snapshot_js + """})();
        const stream = new Blob([JSON.stringify(snapshot)]).stream()
          .pipeThrough(new CompressionStream('deflate-raw'));
        new Response(stream).arrayBuffer().then((buf) => {
          let bin = '';
          for (const b of new Uint8Array(buf)) bin += String.fromCharCode(b);
          done('v1.' + btoa(bin).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, ''));
        });
    """)


def open_and_time(wd, base: str, fragment: str) -> dict:
    """Opens the playground at `fragment`; the answer shown, when it showed, the longest stall."""
    # Each case on its own: no draft or kept state from the one before.
    wd.js("localStorage.clear()")
    wd.get("about:blank")
    wd.get(f"{base}/index.html#{fragment}")
    return js_async(wd, """
        const done = arguments[arguments.length - 1];
        const answered = () => {
          const v = document.querySelector('#validation');
          return v && /\\d{3}/.test(v.textContent) ? v : null;
        };
        const started = performance.now();
        const wait = () => {
          const v = answered();
          if (v) {
            const at = performance.now();
            const code = document.querySelector('#api-error-code');
            const notice = document.querySelector('#notice');
            // The longest gap between timer callbacks over the next second: a main-thread stall.
            let last = performance.now(), worst = 0;
            const tick = () => {
              const now = performance.now();
              worst = Math.max(worst, now - last);
              last = now;
              if (now - at < 1000) setTimeout(tick, 0);
              else done({answerMs: at, code: code ? code.textContent : v.textContent.slice(0, 60),
                         notice: notice ? notice.textContent.slice(0, 160) : '', stallMs: worst});
            };
            setTimeout(tick, 0);
          } else if (performance.now() - started > 60000) {
            done({error: 'no answer within 60 s'});
          } else {
            setTimeout(wait, 20);
          }
        };
        wait();
    """)


def main() -> int:
    dist = dist_dir()
    handler = functools.partial(QuietHandler, directory=str(dist))
    failed = 0
    with served_chromium(handler, "rc-hostile-") as (wd, port):
        base = f"http://127.0.0.1:{port}"
        wd.get(f"{base}/index.html")
        wd.wait_js("return document.querySelector('#request-form') !== null", "the request form")
        for name, expected, snapshot_js in CASES:
            fragment = link(wd, snapshot_js)
            result = open_and_time(wd, base, fragment)
            if "error" in result:
                print(f"    {name} ({len(fragment)}-character link): FAILED, {result['error']}",
                      file=sys.stderr)
                failed += 1
                continue
            shown = result["code"] + " " + result["notice"]
            if expected not in shown:
                print(f"    {name}: FAILED, the page shows {shown!r}, not {expected!r}",
                      file=sys.stderr)
                failed += 1
                continue
            print(f"    {name} ({len(fragment)}-character link): answered {result['code']!r} "
                  f"{result['answerMs']:.0f} ms after navigation; longest stall in the next "
                  f"second {result['stallMs']:.0f} ms"
                  + (f"; notice: {result['notice']!r}" if result["notice"] else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
