// podlife's loader, an external script so that the Content-Security-Policy needs no 'unsafe-inline'.
// Trunk writes the hashed names of the wasm-bindgen glue and the wasm module into this tag's data
// attributes (Trunk.toml, build.pattern_script); URLs resolve against the page, so any sub-path works.
const tag = document.querySelector('script[data-podlife-wasm]');
const url = (name) => new URL(tag.getAttribute(name), document.baseURI).href;
const { default: init } = await import(url('data-podlife-js'));
const wasm = await init({ module_or_path: url('data-podlife-wasm') });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
