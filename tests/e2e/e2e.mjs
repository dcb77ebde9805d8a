// End-to-end test of the built site (dist/): serves it on 127.0.0.1 under a sub-path (the site must work
// from any static host and any sub-path), opens it in Debian's headless Chromium with playwright-core,
// loads every gallery example, moves the playhead, asserts what kubectl shows, and saves a screenshot per
// case under target/e2e/. No request may leave the site.
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BASE, root, serveDist, launchChromium } from './site.mjs';

const shots = join(root, 'target', 'e2e');
const site = await serveDist();
const origin = site.origin;
const browser = await launchChromium();
await mkdir(shots, { recursive: true });

let passed = 0;
let failed = 0;
// E2E_ONLY=regex runs only the checks whose name matches (for iterating on one part).
const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;
async function check(name, fn, { width = 1280, height = 800, colorScheme = 'light', path = '', locale = 'en-US' } = {}) {
  if (only && !only.test(name)) return;
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, locale, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  const foreign = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // Exports are saved through object URLs of the page itself (blob:<origin>/…), which never leave it.
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith(`blob:${origin}/`)) foreign.push(r.url()); });
  page.on('dialog', (d) => d.accept());
  const t0 = Date.now();
  try {
    await page.goto(origin + BASE + path, { waitUntil: 'load' });
    await page.waitForSelector('.status', { timeout: 15000 });
    await fn(page, context);
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    if (foreign.length) throw new Error(`requests outside the site: ${foreign.join(', ')}`);
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${e.message.split('\n').join('\n     ')}`);
  } finally {
    await page.screenshot({ path: join(shots, `${name}.png`) }).catch(() => {});
    await context.close();
  }
}

function expectEq(got, want, what) {
  if (got !== want) throw new Error(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}
function expectHas(text, want, what) {
  if (!text.includes(want)) throw new Error(`${what}: expected ${JSON.stringify(want)} in:\n${text}`);
}

async function seek(page, ms) {
  await page.$eval('input.scrub', (el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
}
async function end(page) {
  return Number(await page.$eval('input.scrub', (el) => el.max));
}
async function tab(page, id) {
  await page.click(`#tab-${id}`);
  return page.textContent('.terminal');
}

// ---------------------------------------------------------------------------------------------------
// Basics

await check('default-example', async (page) => {
  expectEq(await page.textContent('.status'), 'pod "pod-live-exec" simulated to 10m', 'status');
  const text = await page.inputValue('textarea');
  if (!text.includes('livenessProbe:')) throw new Error('the default example is not in the editor');
  expectHas(await page.textContent('.figures'), 'Ready at', 'key figures');
  expectHas(await page.textContent('.version'), 'v', 'version tag');
});

await check('type-a-pod', async (page) => {
  const pod = [
    'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: myapp-pod', 'spec:', '  initContainers:',
    '  - name: init-myservice', '    image: busybox:1.28', '  - name: init-mydb', '    image: busybox:1.28',
    '  containers:', '  - name: myapp-container', '    image: busybox:1.28', '',
  ].join('\n');
  await page.fill('textarea', '');
  await page.locator('textarea').pressSequentially(pod, { delay: 0 });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'pod "myapp-pod" simulated to 10m');
  const lanes = await page.$$eval('.lane', (els) => els.map((e) => e.getAttribute('data-lane')));
  expectEq(lanes.filter((l) => l.startsWith('c:')).join(','), 'c:init-myservice,c:init-mydb,c:myapp-container', 'container lanes');
  expectEq(await page.textContent('.init-label'), 'Init:0/2', 'init progress at 0 s');
});

await check('syntax-error-points-at-the-line', async (page) => {
  await page.fill('textarea', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n');
  await page.waitForSelector('.gutter .mark-error');
  const marked = await page.textContent('.gutter .mark-error');
  const pos = await page.textContent('.problem-pos');
  expectEq(pos.split(':')[0], marked, 'the listed line is the marked line');
  expectEq(await page.inputValue('textarea'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n', 'text kept');
  await page.waitForSelector('.status-error');
});

await check('playback-on-timers', async (page) => {
  await page.selectOption('.controls select', '300');
  await page.click('.controls .play');
  await page.waitForTimeout(600);
  await page.keyboard.press('Space');
  const t = Number(await page.$eval('input.scrub', (el) => el.value));
  if (!(t > 60000)) throw new Error(`300× for 0.6 s should pass a minute, got ${t} ms`);
  expectEq(await page.getAttribute('.controls .play', 'aria-label'), 'Play', 'paused by Space');
});

await check('text-survives-reload', async (page) => {
  const text = (await page.inputValue('textarea')).replace('pod-live-exec', 'kept-pod');
  await page.fill('textarea', text);
  await page.waitForFunction(() => document.querySelector('.status')?.textContent.includes('kept-pod'));
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('.status');
  expectEq(await page.inputValue('textarea'), text, 'restored text');
});

await check('share-link-round-trip', async (page, context) => {
  await page.selectOption('select.examples', 'crashloop');
  await seek(page, 42000);
  await page.click('.topbar .share');
  const url = page.url();
  if (!url.includes('#') || !url.includes('d=')) throw new Error(`no fragment in ${url}`);
  const other = await context.newPage();
  await other.goto(url, { waitUntil: 'load' });
  await other.waitForSelector('.status');
  expectHas(await other.inputValue('textarea'), 'name: crash', 'shared text');
  expectEq(await other.$eval('input.scrub', (el) => el.value), '42000', 'shared playhead');
  expectHas(await other.textContent('.notice'), 'shared document', 'notice');
  await other.close();
});

await check('damaged-link-falls-back', async (page) => {
  expectHas(await page.inputValue('textarea'), 'pod-live-exec', 'default text');
  expectHas(await page.textContent('.notice'), 'damaged', 'notice');
}, { path: '#t=0&d=%%%not-base64' });

await check('dark-theme', async (page) => {
  expectEq(await page.getAttribute('html', 'data-theme'), 'dark', 'follows prefers-color-scheme');
  await page.click('[aria-label="Toggle dark theme"]');
  expectEq(await page.getAttribute('html', 'data-theme'), 'light', 'toggled');
  await page.click('[aria-label="Toggle dark theme"]');
}, { colorScheme: 'dark' });

await check('narrow-420', async (page) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 2) throw new Error(`page is ${overflow}px wider than the viewport`);
  await page.waitForSelector('.timeline svg');
}, { width: 420, height: 900 });

// ---------------------------------------------------------------------------------------------------
// The editor's colouring, the Service endpoints, the version selector and the exports.

const SVC = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', '  labels:', '    app: web', 'spec:', '  containers:',
  '  - name: app', '    image: nginx:1.27', '    readinessProbe:', '      httpGet: {path: /, port: 80}', '---', 'apiVersion: v1',
  'kind: Service', 'metadata:', '  name: web-svc', 'spec:', '  selector:', '    app: web', '  ports:', '  - port: 80', ''].join('\n');

async function layerMatchesTextarea(page) {
  const r = await page.evaluate(() => {
    const t = document.querySelector('textarea.code-input');
    const l = document.querySelector('.code-hl');
    const a = t.getBoundingClientRect(); const b = l.getBoundingClientRect();
    const ct = getComputedStyle(t); const cl = getComputedStyle(l);
    return { dx: a.left - b.left, dy: a.top - b.top, dw: a.width - b.width, font: ct.font === cl.font, pad: ct.padding === cl.padding,
      text: l.textContent === t.value + '\n', scroll: t.scrollLeft - l.scrollLeft };
  });
  if (r.dx || r.dy || r.dw || !r.font || !r.pad || !r.text || r.scroll) throw new Error(`the coloured layer is not under the text: ${JSON.stringify(r)}`);
}

await check('highlighting', async (page) => {
  await layerMatchesTextarea(page);
  expectEq(await page.textContent('.code-hl .tk-key'), 'apiVersion', 'first key');
  if ((await page.$$('.code-hl .tk-com')).length < 1) throw new Error('comments are not coloured');
  const colors = await page.$$eval('.code-hl .tk-key, .code-hl .tk-com', (els) => new Set(els.map((e) => getComputedStyle(e).color)).size);
  if (colors < 2) throw new Error('keys and comments have the same colour');
  // Typing in the middle keeps the caret and the scroll; the run follows.
  await page.fill('textarea', SVC);
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'pod "web" simulated to 10m');
  await page.$eval('textarea', (t) => { t.focus(); t.setSelectionRange(46, 46); });
  await page.keyboard.type('-x');
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'pod "web-x" simulated to 10m');
  expectEq(await page.$eval('textarea', (t) => t.selectionStart), 48, 'caret after re-simulation');
  await layerMatchesTextarea(page);
  // A long line scrolls the textarea sideways: the layer follows.
  await page.$eval('textarea', (t) => { t.setSelectionRange(t.value.length, t.value.length); });
  await page.keyboard.type('# ' + 'long '.repeat(80));
  await page.waitForTimeout(100);
  await layerMatchesTextarea(page);
  // A diagnostic is underlined.
  await page.fill('textarea', SVC.replace('  containers:', '  restartPolicy: Sometimes\n  containers:'));
  await page.waitForSelector('.code-hl .sq-error');
  expectEq((await page.$$eval('.code-hl .sq-error', (els) => els.map((e) => e.textContent))).join(''), 'restartPolicy: Sometimes', 'squiggle');
});

await check('highlighting-2000-lines', async (page) => {
  const pod = SVC.split('---')[0];
  const big = pod + Array.from({ length: 2000 }, (_, i) => `# line ${i}: padding: "x" ${i}`).join('\n') + '\n';
  await page.$eval('textarea', (t, v) => { t.value = v; t.dispatchEvent(new InputEvent('input', { bubbles: true })); }, big);
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'pod "web" simulated to 10m');
  // Only the lines around the view are coloured.
  const coloured = await page.$$eval('.code-hl .tk-com', (els) => els.length);
  if (!(coloured > 200 && coloured <= 300)) throw new Error(`${coloured} comment lines coloured at the top`);
  await page.$eval('textarea', (t) => { t.focus(); t.setSelectionRange(20, 20); });
  const t0 = Date.now();
  for (let i = 0; i < 10; i++) await page.keyboard.type('a');
  await page.waitForFunction(() => document.querySelector('.code-hl').textContent.includes('aaaaaaaaaa'));
  const per = (Date.now() - t0) / 10;
  console.log(`     2,000 lines: ${per.toFixed(0)} ms per keystroke`);
  expectEq(await page.$eval('textarea', (t) => t.selectionStart), 30, 'caret');
  // Scrolled to the end, the last lines are coloured, in place.
  await page.$eval('.editor-scroll', (el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction(() => [...document.querySelectorAll('.code-hl .tk-com')].some((e) => e.textContent === '# line 1999: padding: "x" 1999'));
  // The textarea is as tall as its text (the pane scrolls it, not itself), and the coloured last line
  // sits level with its number.
  const m = await page.evaluate(() => {
    const t = document.querySelector('textarea');
    const last = [...document.querySelectorAll('.code-hl .tk-com')].find((e) => e.textContent.startsWith('# line 1999'));
    const num = [...document.querySelectorAll('.gutter .ln')].find((e) => e.textContent === '2012');
    const mid = (r) => r.top + r.height / 2;
    return { inner: t.scrollHeight - t.clientHeight, a: mid(last.getBoundingClientRect()), b: mid(num.getBoundingClientRect()) };
  });
  if (m.inner > 1 || Math.abs(m.a - m.b) > 3) throw new Error(`layer misplaced: ${JSON.stringify(m)}`);
  if (per > 250) throw new Error(`typing in 2,000 lines takes ${per} ms per key`);
});

await check('service-endpoints', async (page) => {
  await page.fill('textarea', SVC);
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'pod "web" simulated to 10m');
  await seek(page, 60000);
  const text = await tab(page, 'endpoints');
  expectEq(await page.textContent('.prompt'), '$ podlife run --output endpoints', 'command');
  expectEq(text, 'TIME      SERVICE   READY         NOT READY\n0.0s      web-svc   <none>        <none>\n0.89s     web-svc   <none>        10.244.0.50\n10.065s   web-svc   10.244.0.50   <none>\n', 'endpoints at 60 s');
  await seek(page, 5000);
  expectEq((await page.textContent('.terminal')).trim().split('\n').pop(), '0.89s     web-svc   <none>        10.244.0.50', 'not ready at 5 s');
});

await check('version-selector', async (page) => {
  expectEq(await page.inputValue('.kube-version-select'), '1.35', 'default release');
  await page.selectOption('.kube-version-select', '1.31');
  await page.waitForFunction(() => document.querySelector('textarea').value.includes('kubernetesVersion: "1.31"'));
  await page.waitForFunction(() => document.querySelector('.status-ok'));
  expectEq(await page.inputValue('.kube-version-select'), '1.31', 'selected release');
  await page.click('.semantics summary');
  expectHas(await page.textContent('.semantics-pop .sem-later'), 'PodHasInitialized (≥ 1.32)', 'semantics of 1.31: not yet');
  const text = await page.inputValue('textarea');
  expectEq((text.match(/kind: Scenario/g) ?? []).length, 1, 'one Scenario document');
  await page.selectOption('.kube-version-select', '1.36');
  await page.waitForFunction(() => document.querySelector('textarea').value.includes('kubernetesVersion: "1.36"'));
  expectEq(((await page.inputValue('textarea')).match(/kubernetesVersion/g) ?? []).length, 1, 'replaced, not added');
  expectHas(await page.textContent('.semantics-pop .sem-on'), 'RestartAllContainersOnContainerExits (≥ 1.36)', 'semantics of 1.36');
});

async function download(page, item) {
  await page.click('.export summary');
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(`.export .${item}`)]);
  return { name: d.suggestedFilename(), body: await readFile(await d.path()) };
}

await check('exports', async (page) => {
  await page.selectOption('select.examples', 'crashloop');
  await page.waitForFunction(() => document.querySelector('.status-ok'));
  await seek(page, 60000);
  const json = await download(page, 'export-json');
  expectEq(json.name, 'crash-trace.json', 'json name');
  const trace = JSON.parse(json.body.toString('utf8'));
  expectEq(trace.pod, 'crash', 'json pod');
  if (!trace.events.some((e) => e.reason === 'BackOff')) throw new Error('no BackOff event in the JSON');
  const svg = await download(page, 'export-svg');
  expectEq(svg.name, 'crash-timeline.svg', 'svg name');
  const s = svg.body.toString('utf8');
  expectHas(s, '<svg', 'svg');
  expectHas(s, 'xmlns="http://www.w3.org/2000/svg"', 'svg namespace');
  expectHas(s, 'fill="rgb(198, 40, 40)"', 'resolved crash colour');
  // The SVG stands alone: it renders in a page without the site's stylesheet.
  const png = await download(page, 'export-png');
  expectEq(png.name, 'crash-timeline.png', 'png name');
  expectEq(png.body.subarray(1, 4).toString('latin1'), 'PNG', 'png magic');
  const w = png.body.readUInt32BE(16);
  const svgW = await page.$eval('.timeline .plot svg', (el) => el.width.baseVal.value);
  expectEq(w, Math.round(svgW) * 2, 'png width (2× the timeline)');
  const txt = await download(page, 'export-text');
  expectEq(txt.name, 'crash-kubectl-1m.txt', 'text name');
  const t = txt.body.toString('utf8');
  if (!t.startsWith('$ kubectl get pod crash -w\nNAME')) throw new Error(`transcript:\n${t}`);
  expectHas(t, 'CrashLoopBackOff', 'transcript watch');
  expectHas(t, '\n$ kubectl describe pod crash\nName:', 'transcript describe');
  const sh = await download(page, 'export-script');
  expectEq(sh.name, 'crash-kubectl.sh', 'script name');
  expectHas(sh.body.toString('utf8'), 'kubectl apply', 'script');
  await page.click('.export summary');
  await page.waitForSelector('.export[open] .menu');
});

await check('why-and-warnings', async (page) => {
  await page.selectOption('select.examples', 'crashloop');
  await page.waitForFunction(() => document.querySelector('.status-ok'));
  await page.$$eval('.events-lane .event', (els) => els.find((e) => e.querySelector('title')?.textContent.includes('BackOff'))
    .dispatchEvent(new MouseEvent('click', { bubbles: true })));
  await page.waitForSelector('p.why');
  expectHas(await page.textContent('p.why'), 'Why?', 'why label');
  const href = await page.getAttribute('.why-doc', 'href');
  if (!href.startsWith('https://kubernetes.io/docs/')) throw new Error(`docs link ${href}`);
  if ((await page.$$('.gutter .ln.why')).length < 1) throw new Error('no YAML line marked');
  await page.fill('textarea', ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', 'spec:', '  containers:', '  - name: app',
    '    image: nginx:1.27', '    readinessProbe:', '      httpGet: {path: /, port: 80}', '    livenessProbe:', '      httpGet: {path: /, port: 80}', ''].join('\n'));
  await page.waitForFunction(() => document.querySelector('.problem.warning')?.textContent.includes('identical to its livenessProbe'));
  expectEq(await page.textContent('.gutter .mark-warning'), '9', 'marked line');
});

await check('exports-dark', async (page) => {
  await page.selectOption('select.examples', 'crashloop');
  await page.waitForFunction(() => document.querySelector('.status-ok'));
  const svg = (await download(page, 'export-svg')).body.toString('utf8');
  // The dark theme's label colour and its dark background are written into the file.
  expectHas(svg, 'fill="rgb(230, 232, 234)"', 'dark label colour');
  expectHas(svg, 'fill="rgb(29, 32, 36)"', 'dark background');
  await page.click('.semantics summary');
}, { colorScheme: 'dark' });

await check('narrow-420-tools', async (page) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 2) throw new Error(`page is ${overflow}px wider than the viewport`);
  await layerMatchesTextarea(page);
  await page.click('.export summary');
}, { width: 420, height: 900 });

// ---------------------------------------------------------------------------------------------------
// Key figures in the header, and the A/B comparison (pin A, edit B: both timelines on one axis).

async function headerRows(page) {
  // Distinct tops of the header's visible items: 1 means it fits on one line.
  return page.$$eval('.topbar > *', (els) => new Set(els.filter((e) => e.offsetParent !== null)
    .map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))).size);
}

await check('header-figures', async (page) => {
  await page.selectOption('select.examples', 'crashloop');
  await page.waitForFunction(() => document.querySelector('.figures .backoff-cap'));
  const chips = await page.$$eval('.figures li', (els) => els.map((e) => e.textContent));
  expectEq(chips.join(' | '), 'Ready at 3.761s | not Ready 9m53s | 6 restarts | back-off cap at 322.761s', 'chips');
  expectHas(await page.getAttribute('.figures', 'title'), 'back-off at its 5-minute cap: 322.761s', 'tooltip');
  const h = await page.$eval('.topbar', (e) => e.getBoundingClientRect().height);
  if (h > 48) throw new Error(`the header wraps at 1280 px (${h} px high)`);
});

await check('header-figures-zh', async (page) => {
  await page.selectOption('select.examples', 'crashloop');
  await page.waitForFunction(() => document.querySelector('.figures .backoff-cap'));
  expectEq(await page.textContent('.figures .backoff-cap'), '退避于 322.761s 封顶', 'zh chip');
  const h = await page.$eval('.topbar', (e) => e.getBoundingClientRect().height);
  if (h > 48) throw new Error(`the Chinese header wraps at 1280 px (${h} px high)`);
}, { locale: 'zh-CN' });

const AB = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', 'spec:', '  initContainers:', '  - name: setup',
  '    image: busybox:1.36', '    command: ["sh", "-c", "sleep 2"]', '  containers:', '  - name: nginx', '    image: nginx:1.27', ''].join('\n');

async function compareFlow(page) {
  await page.fill('textarea', AB);
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'pod "web" simulated to 10m');
  await page.click('.compare-toggle');
  await page.waitForSelector('.compare-table');
  await page.fill('textarea', AB.replace('sleep 2', 'sleep 12'));
  await page.waitForFunction(() => document.querySelector(".compare-table tr[data-figure='initialized'].diff"));
  const row = await page.$$eval(".compare-table tr[data-figure='ready'] > *", (els) => els.map((e) => e.textContent));
  expectEq(row[0], 'first Ready', 'ready row label');
  expectEq(row[3], '+10s', 'ready Δ');
  const captions = await page.$$eval('.ab-caption', (els) => els.map((e) => e.textContent));
  expectEq(captions.join(','), 'A (pinned),B (editing)', 'captions');
  const axes = await page.$$eval('.timeline', (els) => els.map((t) => [...t.querySelectorAll('.axis-label')].map((l) => l.textContent).join(' ')));
  expectEq(axes[0], axes[1], 'shared axis');
  // The playhead is shared: both timelines draw it at the same x.
  await seek(page, 30000);
  const heads = await page.$$eval('.timeline .playhead line', (els) => els.map((e) => e.getAttribute('x1')));
  expectEq(heads.length, 2, 'two playheads');
  expectEq(heads[0], heads[1], 'same playhead x');
}

await check('compare', async (page) => {
  await compareFlow(page);
  await page.$eval('.side-pane', (el) => { el.scrollTop = 0; });
});

await check('compare-swap-close', async (page) => {
  await compareFlow(page);
  await page.click('.compare-swap');
  await page.waitForFunction(() => document.querySelector(".compare-table tr[data-figure='ready'] .delta")?.textContent === '−10s');
  await page.click('.compare-close');
  expectEq((await page.$$('.timeline')).length, 1, 'one timeline after closing');
});

await check('compare-narrow-dark', async (page) => {
  await compareFlow(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 2) throw new Error(`page is ${overflow}px wider than the viewport`);
}, { width: 420, height: 900, colorScheme: 'dark' });

// ---------------------------------------------------------------------------------------------------
// Simplified Chinese: a zh-CN browser gets the Chinese page; what kubectl prints stays English, byte for
// byte; the language travels in share links (l=zh). The screenshot (zh-CN.png) shows the CJK glyphs.

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
async function kubectlTexts(page) {
  const out = [];
  for (const id of ['get', 'describe', 'status', 'watch']) out.push(`${await page.textContent('.prompt')}\n${await tab(page, id)}`);
  return out;
}

await check('zh-CN', async (page, context) => {
  await page.waitForFunction(() => document.querySelector('.status-ok'));
  expectEq(await page.getAttribute('html', 'lang'), 'zh-CN', 'html lang');
  expectEq(await page.textContent('.tagline'), 'Pod 生命周期演练场', 'tagline');
  expectEq(await page.textContent('.status'), 'pod "pod-live-exec" 已模拟到 10m', 'status');
  expectEq(await page.textContent('.lang-toggle'), 'English', 'language toggle');
  expectEq(await page.textContent('.controls .play'), '▶ 播放', 'play button');
  expectEq(await page.textContent('.problems'), '没有问题', 'problems');
  expectHas(await page.textContent('.figures'), 'Ready 就绪于', 'key figures');
  expectHas(await page.textContent('select.examples'), '存活探针：exec', 'gallery titles');
  await seek(page, 120000);
  const zh = await kubectlTexts(page);
  for (const t of zh) if (CJK.test(t)) throw new Error(`kubectl output holds Chinese:\n${t}`);
  if (!/1\/1\s+Running\s+1 /.test(zh[3])) throw new Error(`kubectl get -w:\n${zh[3]}`);
  expectHas(zh[1], 'Liveness probe failed', 'describe keeps the kubelet message');
  // The same moment in English: kubectl is identical.
  await page.click('.lang-toggle');
  expectEq(await page.textContent('.tagline'), 'Pod Lifecycle Playground', 'English tagline');
  const en = await kubectlTexts(page);
  expectEq(JSON.stringify(en), JSON.stringify(zh), 'kubectl output in both languages');
  await page.click('.lang-toggle');
  expectEq(await page.evaluate(() => localStorage.getItem('podlife.lang')), 'zh', 'saved choice');
  // The share link carries the language to an English browser.
  await page.click('.topbar .share');
  expectHas(page.url(), 'l=zh', 'share link language');
  expectHas(await page.textContent('.notice'), '分享链接已复制', 'share notice');
  const other = await browser.newContext({ locale: 'en-US' });
  const p2 = await other.newPage();
  await p2.goto(page.url(), { waitUntil: 'load' });
  await p2.waitForSelector('.status-ok');
  expectEq(await p2.textContent('.tagline'), 'Pod 生命周期演练场', 'language from the link');
  expectHas(await p2.textContent('.notice'), '已从链接载入', 'notice');
  await other.close();
  // The shot: Chinese labels, English kubectl, an init container's glosses.
  await page.selectOption('select.examples', 'myapp-pod');
  await page.waitForFunction(() => document.querySelector('.status-ok'));
  await seek(page, 30000);
  await tab(page, 'watch');
  expectHas(await page.textContent('.init-progress'), '初始化中', 'gloss beside Init:N/M');
}, { locale: 'zh-CN' });

// ---------------------------------------------------------------------------------------------------
// Every gallery example: load it from the gallery, move the playhead, assert what kubectl shows.

const EXAMPLES = {
  'pod-live-exec': { watch: [/1\/1\s+Running\s+1 /] },
  'myapp-pod': { watch: ['Init:0/2', 'Init:1/2', 'PodInitializing', /1\/1\s+Running/] },
  'init-services': { watch: ['Init:0/2', 'Init:1/2', 'PodInitializing', /1\/1\s+Running/], init: 'Running' },
  'pod-live-httpget': { watch: [/1\/1\s+Running/, /Running\s+1 /] },
  'liveness-tcp': { watch: [/0\/1\s+Running/, /1\/1\s+Running/] },
  'readiness-404-fixed': { watch: [/1\/1\s+Running[\s\S]*0\/1\s+Running[\s\S]*1\/1\s+Running/] },
  'startup-probe-slow': { watch: [/0\/1\s+Running/, /1\/1\s+Running\s+0 /] },
  // As the notes narrate (执行失败): httpd starts before the hook made its directory, exits, and the
  // hook then fails against a stopped container.
  'pod-poststart': { watch: ['PostStartHookError', 'CrashLoopBackOff'], describe: 'FailedPostStartHook' },
  'poststart-fail': { watch: ['PostStartHookError', 'CrashLoopBackOff'], describe: 'FailedPostStartHook' },
  'prestop-grace': { watch: [/2\/2\s+Running/, /2\/2\s+Terminating/, /1\/2\s+Terminating/] },
  crashloop: { watch: ['Error', 'CrashLoopBackOff'], describe: 'Back-off restarting failed container' },
  'job-never': { watch: ['Error'], figures: 'Failed at' },
  'job-onfailure': { watch: ['CrashLoopBackOff'] },
  'native-sidecar': { watch: ['Init:0/1', /2\/2\s+Running/, 'Completed'], figures: 'Succeeded at' },
  'readiness-gate': { at: 30000, describe: 'www.example.com/feature-1' },
  'active-deadline': { watch: ['DeadlineExceeded'], figures: 'Failed at' },
  'image-pull-backoff': { watch: ['ErrImagePull', 'ImagePullBackOff'] },
  'scheduling-gates': { watch: ['SchedulingGated'] },
  'shared-emptydir': { watch: [/2\/2\s+Running/] },
};

const ids = await (async () => {
  const page = await browser.newPage();
  await page.goto(origin + BASE, { waitUntil: 'load' });
  await page.waitForSelector('select.examples');
  const v = await page.$$eval('select.examples option', (els) => els.map((e) => e.value).filter(Boolean));
  await page.close();
  return v;
})();
for (const id of Object.keys(EXAMPLES)) {
  if (!ids.includes(id)) { failed++; console.log(`FAIL example ${id} is not in the gallery`); }
}

const matches = (text, w) => (typeof w === 'string' ? text.includes(w) : w.test(text));
for (const id of ids) {
  const want = EXAMPLES[id];
  await check(`example-${id}`, async (page) => {
    if (!want) throw new Error(`no expectations written for ${id}`);
    if (id !== 'pod-live-exec') await page.selectOption('select.examples', id);
    await page.waitForFunction(() => document.querySelector('.status-ok'));
    // Simulation warnings are welcome (several examples show a problem on purpose); errors are not.
    expectEq((await page.$$('.problem.error')).length, 0, 'errors');
    const horizon = await end(page);
    await seek(page, want.at ?? horizon);
    const watch = await tab(page, 'watch');
    for (const w of want.watch ?? []) {
      if (!matches(watch, w)) throw new Error(`kubectl get -w lacks ${w}:\n${watch}`);
    }
    if (want.describe) expectHas(await tab(page, 'describe'), want.describe, 'describe');
    if (want.figures) expectHas(await page.textContent('.figures'), want.figures, 'key figures');
    if (want.init) expectEq(await page.textContent('.init-label'), want.init, 'init progress');
    await tab(page, 'watch');
    await page.$eval('.side-pane', (el) => { el.scrollTop = 0; });
  });
}

await browser.close();
site.close();
console.log(`\nscreenshots: ${shots}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
