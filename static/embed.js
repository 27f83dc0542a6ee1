// RunCommand Playground — live examples for documentation pages. Three ways to embed:
//
//   <div data-runcommand-playground data-panels="schedule">{ "Frequency": "0 0 2 * * ? Asia/Shanghai", … }</div>
//   <runcommand-playground panels="schedule" theme="dark">{ … }</runcommand-playground>
//   <iframe src="…/index.html?embed=1&panels=schedule&theme=dark#<state>"></iframe>  (no embed.js)
//
//   <script type="module" src="…/embed.js"></script>
//
// Options (data-* on the div, plain attributes on the element, query parameters of the iframe):
// panels (form, validation, rendered, schedule, executions, exports, world; default
// "form,schedule"), height (a cap in px; the panels scroll inside it), theme (light | dark),
// now (a pinned RFC 3339 "now"), fires (how many next fires before "Show more", default 5).
//
// embed.js loads the playground's full build once, from the folder it is served from, and mounts one
// independent widget per element; the page links that folder's style.css. The JavaScript API is
// then window.runcommandPlayground (validate, evaluate, render, nextFires, nextFiresMs, simulate,
// simulateRun, timelineRuns, mountWidget, defaultWorld), and 'runcommand-playground:ready' fires
// on window.
window.__rcNoAutostart = true;
const loadedAt = performance.now();
const base = new URL('.', import.meta.url);
const playgroundUrl = new URL('index.html', base).href;
const mod = await import(new URL('runcommand-playground-full.js', base).href);
await mod.default({ module_or_path: new URL('runcommand-playground-full_bg.wasm', base) });

/** Mounts a widget in `el` from its JSON text and its options (`attr(name)` reads one). */
function mount(el, attr) {
  const text = el.textContent.trim();
  let request = null;
  if (text) {
    try {
      request = JSON.parse(text);
    } catch (e) {
      el.textContent = 'RunCommand Playground: the request JSON in this element is invalid: ' + e.message;
      return;
    }
  }
  el.textContent = '';
  const options = { playgroundUrl };
  for (const name of ['height', 'theme', 'now', 'fires']) {
    const value = attr(name);
    if (value != null) options[name] = value;
  }
  const answer = mod.mountWidget(el, attr('panels') || 'form,schedule', request, options);
  if (!answer.ok) el.textContent = 'RunCommand Playground: ' + answer.message;
}

for (const el of document.querySelectorAll('[data-runcommand-playground]')) {
  mount(el, (name) => el.dataset[name] ?? null);
}

/** `<runcommand-playground>`: a widget per element, mounted when it joins the page. */
class RunCommandPlaygroundElement extends HTMLElement {
  connectedCallback() {
    if (this.mounted) return;
    this.mounted = true;
    mount(this, (name) => this.getAttribute(name));
  }
}
customElements.define('runcommand-playground', RunCommandPlaygroundElement);

window.runcommandPlayground = mod;
requestAnimationFrame(() => {
  // How long the first widgets took to paint after embed.js started (wasm load included).
  window.__rcEmbedFirstPaintMs = performance.now() - loadedAt;
});
window.dispatchEvent(new CustomEvent('runcommand-playground:ready'));
