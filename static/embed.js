// RunCommand Playground — in-page widgets for documentation pages.
//
//   <div data-runcommand-playground data-panels="schedule">{ "RegionId": "cn-hangzhou", … }</div>
//   <script type="module" src="/path/to/embed.js"></script>
//
// Loads the playground's wasm once (from the folder embed.js is served from) and mounts one
// independent widget per element. The simulator's JavaScript API is then window.runcommandPlayground
// (validate, evaluate, render, nextFires, simulate, simulateRun, mountWidget); a
// 'runcommand-playground:ready' event
// fires on window when it is ready.
window.__rcNoAutostart = true;
const base = new URL('.', import.meta.url);
const mod = await import(new URL('runcommand-playground.js', base).href);
await mod.default({ module_or_path: new URL('runcommand-playground_bg.wasm', base) });
window.runcommandPlayground = mod;
for (const el of document.querySelectorAll('[data-runcommand-playground]')) {
  const text = el.textContent.trim();
  let request = null;
  if (text) {
    try {
      request = JSON.parse(text);
    } catch (e) {
      el.textContent = 'RunCommand Playground: the request JSON in this element is invalid: ' + e.message;
      continue;
    }
  }
  el.textContent = '';
  mod.mountWidget(el, el.dataset.panels || 'form,schedule', request);
}
window.dispatchEvent(new CustomEvent('runcommand-playground:ready'));
