// Page-level benchmarks of the built site (dist/, release build) in headless Chromium:
//  - first paint and first timeline: from navigation start to the first contentful paint, and to the
//    timeline of the default example drawn (wasm fetched, compiled, run, rendered), on loopback;
//  - playback smoothness with a huge trace: the 24-hour crash loop (≈ 170k probe results, thousands of
//    events) played at 300×, measuring the interval between animation frames.
// `node tests/e2e/bench.mjs` prints the figures (./dev bench); `--quick` (what ./dev test runs) does one
// short pass of each to prove the harness still works. Figures, not pass/fail: budgets are in the README.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BASE, root, serveDist, launchChromium } from './site.mjs';

const quick = process.argv.includes('--quick');
const churn = await readFile(join(root, 'tests/fixtures/bench/churn-24h.yaml'), 'utf8');
const site = await serveDist();
const browser = await launchChromium();

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; }
function pct(xs, p) { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length, Math.max(1, Math.ceil(p / 100 * s.length))) - 1]; }

async function page(init) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  if (init) await context.addInitScript(init.fn, init.arg);
  const p = await context.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { p, context, errors };
}

// First paint and first timeline, each in a fresh context (cold cache: nothing is reused).
const fcp = [];
const ready = [];
for (let i = 0; i < (quick ? 1 : 7); i++) {
  const { p, context, errors } = await page();
  await p.goto(site.origin + BASE, { waitUntil: 'commit' });
  await p.waitForSelector('.timeline svg', { timeout: 20000 });
  const t = await p.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    ready: performance.now(),
  }));
  if (errors.length) throw new Error(errors.join(' | '));
  fcp.push(t.fcp);
  ready.push(t.ready);
  await context.close();
}
console.log(`first contentful paint: median ${median(fcp).toFixed(0)} ms, max ${Math.max(...fcp).toFixed(0)} ms over ${fcp.length} cold loads (budget 500 ms)`);
console.log(`default example's timeline drawn: median ${median(ready).toFixed(0)} ms, max ${Math.max(...ready).toFixed(0)} ms`);

// Playback of the 24-hour crash loop at 300×: the autosaved text is what the page opens.
{
  const { p, context, errors } = await page({ fn: (text) => localStorage.setItem('podlife.text', text), arg: churn });
  await p.goto(site.origin + BASE, { waitUntil: 'load' });
  await p.waitForSelector('.timeline svg', { timeout: 60000 });
  const shape = await p.evaluate(() => ({
    nodes: document.querySelectorAll('.timeline svg *').length,
    status: document.querySelector('.status')?.textContent ?? '',
  }));
  await p.selectOption('.controls select', '300');
  await p.click('.controls .play');
  const seconds = quick ? 1 : 5;
  const frames = await p.evaluate((ms) => new Promise((done) => {
    const gaps = [];
    let last = performance.now();
    const t0 = last;
    function frame(now) {
      gaps.push(now - last);
      last = now;
      if (now - t0 < ms) requestAnimationFrame(frame); else done(gaps);
    }
    requestAnimationFrame(frame);
  }), seconds * 1000);
  await p.click('.controls .play');
  const t = Number(await p.$eval('input.scrub', (el) => el.value));
  if (errors.length) throw new Error(errors.join(' | '));
  const fps = frames.length / seconds;
  const slow = frames.filter((g) => g > 1000 / 60 * 1.5).length;
  console.log(`24 h crash loop playing at 300× for ${seconds} s: ${fps.toFixed(1)} frames/s, frame interval p50 ${median(frames).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms, ${slow} frames over 25 ms; playhead reached ${(t / 1000).toFixed(0)} s; ${shape.nodes} SVG nodes drawn (${shape.status})`);
  await context.close();
}

await browser.close();
site.close();
