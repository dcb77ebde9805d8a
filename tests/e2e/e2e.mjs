// End-to-end test of the built site (dist/): serves it on 127.0.0.1 under a sub-path (the site must work
// from any static host and any sub-path), opens it in Debian's headless Chromium with playwright-core,
// types into the editor, asserts what the page shows, and saves screenshots under target/e2e/.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const dist = join(root, 'dist');
const shots = join(root, 'target', 'e2e');
const BASE = '/some/sub/path/';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (!url.pathname.startsWith(BASE)) { res.writeHead(404).end('outside the sub-path'); return; }
  const rel = normalize(url.pathname.slice(BASE.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
  try {
    const body = await readFile(join(dist, rel));
    res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
await mkdir(shots, { recursive: true });

let passed = 0;
let failed = 0;
async function check(name, fn) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  const foreign = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(origin)) foreign.push(r.url()); });
  try {
    await page.goto(origin + BASE, { waitUntil: 'load' });
    await page.waitForSelector('.status', { timeout: 15000 });
    await fn(page);
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    if (foreign.length) throw new Error(`requests outside the site: ${foreign.join(', ')}`);
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${e.message.split('\n').join('\n     ')}`);
  } finally {
    await page.screenshot({ path: join(shots, `${name}.png`) }).catch(() => {});
    await page.close();
  }
}

function expectEq(got, want, what) {
  if (got !== want) throw new Error(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}

await check('default-example', async (page) => {
  expectEq(await page.textContent('.status'), 'pod "pod-live-exec" is valid', 'status');
  expectEq(await page.textContent('.container-row .name'), 'container-live-exec', 'first container');
  const text = await page.inputValue('textarea');
  if (!text.includes('livenessProbe:')) throw new Error('the default example is not in the editor');
});

await check('type-a-pod', async (page) => {
  const pod = [
    'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: myapp-pod', 'spec:', '  initContainers:',
    '  - name: init-myservice', '    image: busybox:1.28', '  - name: init-mydb', '    image: busybox:1.28',
    '  containers:', '  - name: myapp-container', '    image: busybox:1.28', '',
  ].join('\n');
  await page.fill('textarea', '');
  await page.locator('textarea').pressSequentially(pod, { delay: 0 });
  await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'pod "myapp-pod" is valid');
  const names = await page.$$eval('.container-row .name', (els) => els.map((e) => e.textContent));
  expectEq(names.join(','), 'init-myservice,init-mydb,myapp-container', 'containers');
  const kinds = await page.$$eval('.container-row .kind', (els) => els.map((e) => e.textContent));
  expectEq(kinds.join(','), 'init,init,app', 'kinds');
});

await check('syntax-error-points-at-the-line', async (page) => {
  await page.fill('textarea', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n');
  await page.waitForSelector('.gutter .mark-error');
  const marked = await page.textContent('.gutter .mark-error');
  const pos = await page.textContent('.problem-pos');
  expectEq(pos.split(':')[0], marked, 'the listed line is the marked line');
  expectEq(await page.inputValue('textarea'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n', 'text kept');
});

await browser.close();
server.close();
console.log(`\nscreenshots: ${shots}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
