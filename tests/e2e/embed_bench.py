#!/usr/bin/env python3
"""Benchmark of the documentation embeds in the release build (reported, not a timed test: it
fails only when the fires differ from croner's or the page breaks, never on speed).

Serves dist/ on loopback (and croner's ES module at /croner/, from .tools/node_modules/croner or
$CRONER_DIR, installed by ./x setup) and, in one headless Chromium page (embed-demo.html),
measures:
- nextFiresMs(expr, start, 10000) (with and without warnings) against croner's nextRuns(10000)
  on the same expressions in named zones, and checks that both give the same fires (ours may
  end earlier only with an end reason: years end at 2099 for the agent);
- timelineRuns against simulate(…, {lean: true}) on a day of runs (and that their runs agree);
- the first paint of the demo page's widgets after embed.js starts, and that its three widgets
  (iframe aside) loaded the wasm once.
"""
import functools
import os
import pathlib
import sys

from smoke import QuietHandler, ROOT, WebDriver, dist_dir, js_async, served_chromium

# Quartz-style expressions (ours: zone in the expression; croner: the same fields, zone option).
CASES = [
    ("*/10 * * * * ?", "America/Los_Angeles"),
    ("0 */20 * * * ?", "Asia/Shanghai"),
    ("0 15 10 ? * MON-FRI", "Europe/London"),
    ("0 0 */6 * * ?", "America/New_York"),
    ("0 0 12 L * ?", "Australia/Lord_Howe"),
]
FIRES = 10_000


def croner_dir() -> pathlib.Path:
    for candidate in [os.environ.get("CRONER_DIR"), ROOT / ".tools" / "node_modules" / "croner"]:
        if candidate and (pathlib.Path(candidate) / "dist" / "croner.js").is_file():
            return pathlib.Path(candidate) / "dist"
    raise SystemExit("croner is not installed: npm install --prefix .tools croner (or set CRONER_DIR)")


class BenchHandler(QuietHandler):
    """dist/ at the root, croner's dist/ under /croner/."""

    croner = pathlib.Path()

    def translate_path(self, path):
        if path.startswith("/croner/"):
            return str(self.croner / pathlib.Path(path.split("?", 1)[0]).name)
        return super().translate_path(path)


def bench(wd: WebDriver) -> dict:
    return js_async(wd, """
        const [cases, count, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
        import('/croner/croner.js').then(({ Cron }) => { try {
        const api = window.runcommandPlayground;
        const start = '2026-01-01T00:00:00Z';
        const best = (f) => { let b = Infinity, out; for (let i = 0; i < 3; i++) {
          const t0 = performance.now(); out = f(); b = Math.min(b, performance.now() - t0); } return [b, out]; };
        const rows = [];
        for (const [expr, zone] of cases) {
          const [ours, answer] = best(() => api.nextFiresMs(expr + ' ' + zone, start, count));
          if (!answer.ok) { done({error: expr + ': ' + answer.message}); return; }
          const [bare] = best(() => api.nextFiresMs(expr + ' ' + zone, start, count, null, {warnings: false}));
          const [objects] = best(() => api.nextFires(expr + ' ' + zone, start, count));
          const job = new Cron(expr, { timezone: zone, paused: true });
          // As many fires as ours (fewer when the agent's schedule ends, at 2099).
          const [theirs, dates] = best(() => job.nextRuns(answer.fires.length, new Date(start)));
          let same = 0;
          for (let i = 0; i < Math.min(dates.length, answer.fires.length); i++) {
            if (dates[i].getTime() === answer.fires[i]) same++;
          }
          rows.push({expr, zone, fires: answer.fires.length, croner: dates.length, same,
                     end: answer.end || null, oursMs: ours, bareMs: bare, objectsMs: objects,
                     cronerMs: theirs});
        }
        // A day of rate(1m) runs on two instances: typed columns against the lean objects.
        const request = {RegionId: 'cn-hangzhou', Type: 'RunShellScript', CommandContent: 'echo ok',
          Frequency: 'rate(1m)', Timeout: 30,
          InstanceId: ['i-bp1a00000000000001', 'i-bp1a00000000000002']};
        const [now, until] = ['2026-11-27T12:00:00Z', '2026-11-28T12:00:00Z'];
        const [leanMs, lean] = best(() => api.simulate(request, until, null, now, {lean: true}));
        const [typedMs, typed] = best(() => api.timelineRuns(request, until, null, now));
        if (!typed.ok) { done({error: 'timelineRuns: ' + (typed.message || JSON.stringify(typed.error))}); return; }
        const leanRuns = lean.instances.reduce((n, i) => n + i.runs.length, 0);
        const leanStarts = lean.instances.flatMap((i) => i.runs.map((r) => r.startMs ?? NaN));
        const sameRuns = leanStarts.length === typed.runs.startMs.length
          && leanStarts.every((v, i) => Object.is(v, typed.runs.startMs[i]));
        done({rows, runs: {count: typed.runs.startMs.length, leanRuns, sameRuns, leanMs, typedMs}});
        } catch (e) { done({error: String(e)}); } }, (e) => done({error: 'croner: ' + e}));
    """, CASES, FIRES)


def main() -> int:
    dist = dist_dir("embed-demo.html")
    BenchHandler.croner = croner_dir()
    handler = functools.partial(BenchHandler, directory=str(dist))
    with served_chromium(handler, "rc-e2e-bench-") as (wd, http_port):
        paints = []
        for _ in range(3):
            wd.get(f"http://127.0.0.1:{http_port}/embed-demo.html")
            paints.append(wd.wait_js("return window.__rcEmbedFirstPaintMs || null", "the widgets' first paint"))
        # A third in-page widget, mounted by the API of the instance already loaded.
        wd.js("const el = document.createElement('div'); document.body.appendChild(el); "
              "window.runcommandPlayground.mountWidget(el, 'schedule', null);")
        widgets = wd.wait_js("const n = document.querySelectorAll('.app.embed').length; return n >= 3 && n",
                             "three in-page widgets")
        wasm = wd.js("return performance.getEntriesByType('resource')"
                     ".filter(r => r.name.endsWith('.wasm')).length")
        print(f"    embed first paint after embed.js starts: {', '.join(f'{p:.0f}' for p in paints)} ms "
              f"(budget 300 ms); {widgets} in-page widgets, wasm loaded {wasm}x")
        result = bench(wd)
        if "error" in result:
            print(f"    bench FAILED: {result['error']}", file=sys.stderr)
            return 1
        differ = []
        for r in result["rows"]:
            print(f"    {r['expr']!r} in {r['zone']}: {r['fires']} fires; nextFiresMs {r['oursMs']:.2f} ms "
                  f"({r['cronerMs'] / max(r['oursMs'], 1e-3):.0f}x croner), without warnings "
                  f"{r['bareMs']:.2f} ms ({r['cronerMs'] / max(r['bareMs'], 1e-3):.0f}x), nextFires "
                  f"{r['objectsMs']:.2f} ms, croner {r['cronerMs']:.2f} ms; same fires {r['same']}/{r['fires']}")
            if r["same"] != r["fires"] or r["croner"] != r["fires"] or (r["fires"] < FIRES and not r["end"]):
                differ.append(f"{r['expr']} {r['zone']}")
        runs = result["runs"]
        print(f"    a day of rate(1m) on 2 instances: {runs['count']} runs; timelineRuns {runs['typedMs']:.2f} ms, "
              f"simulate lean {runs['leanMs']:.2f} ms; same run starts: {runs['sameRuns']}")
        if not runs["sameRuns"] or runs["count"] != runs["leanRuns"]:
            differ.append("timelineRuns against simulate's lean runs")
        if differ:
            print(f"    bench FAILED: answers differ: {', '.join(differ)}", file=sys.stderr)
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main())
