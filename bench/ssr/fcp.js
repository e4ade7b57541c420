// First contentful paint and the time until the rows show: the server-rendering example
// (examples/ssr) against the client-only quickstart (examples/quickstart), same rows,
// same machine, each load in a fresh browser context (nothing cached), alternating.
//
//   node bench/ssr/fcp.js --ssr http://127.0.0.1:3001/ --csr http://127.0.0.1:3002/ \
//        [--runs 15] [--cpu 1,4]
//
// The quickstart's server must hold the same four rows in its list "quickstart" (this
// script adds them when the list is empty). Uses bench/trace's puppeteer-core
// (`cd bench/trace && npm ci`) and Chromium at $CHROMIUM or /usr/bin/chromium.
const path = require('path');
const puppeteer = require(path.join(__dirname, '..', 'trace', 'node_modules', 'puppeteer-core'));

function arg(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const ssr = arg('ssr');
const csr = arg('csr');
const runs = Number(arg('runs', '15'));
const cpus = arg('cpu', '1,4').split(',').map(Number);
if (!ssr || !csr) {
  console.error('usage: node bench/ssr/fcp.js --ssr URL --csr URL [--runs N] [--cpu 1,4]');
  process.exit(2);
}
const ROWS = ['Oat milk', 'Sourdough bread', 'Coffee beans', 'Tomatoes'];

// Recorded from the first byte: when the rows are first in the page.
const WATCH = `
window.__rowsAt = null;
const seen = () => {
  if (window.__rowsAt === null && document.querySelectorAll('li').length >= ${ROWS.length})
    window.__rowsAt = performance.now();
};
new MutationObserver(seen).observe(document, { childList: true, subtree: true });
`;

async function seedQuickstart() {
  const base = new URL(csr);
  const list = await (await fetch(new URL('/api/lists/quickstart', base))).json();
  if (list.length > 0) return;
  for (const [i, title] of ROWS.entries()) {
    const res = await fetch(new URL('/api/lists/quickstart/changes', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'bench-seed-' + i },
      body: JSON.stringify({ Add: { id: 'seed-' + (i + 1), title } }),
    });
    if (!res.ok) throw new Error('seeding the quickstart list: ' + res.status + ' ' + (await res.text()));
  }
}

async function load(browser, url, cpu) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await page.evaluateOnNewDocument(WATCH);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction('window.__rowsAt !== null', { timeout: 30000 });
  await page.waitForFunction("performance.getEntriesByName('first-contentful-paint').length > 0", { timeout: 30000 });
  const m = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
    rows: window.__rowsAt,
  }));
  await context.close();
  return { fcp: m.fcp, rowsShown: Math.max(m.fcp, m.rows) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

(async () => {
  await seedQuickstart();
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new'],
  });
  console.log(`| CPU | app | FCP median | rows shown median | FCP min–max | rows min–max | runs |`);
  console.log(`|---|---|---:|---:|---:|---:|---:|`);
  for (const cpu of cpus) {
    const results = { ssr: [], csr: [] };
    await load(browser, ssr, cpu); // warm the servers, not measured
    await load(browser, csr, cpu);
    for (let i = 0; i < runs; i++) {
      for (const which of i % 2 ? ['csr', 'ssr'] : ['ssr', 'csr']) {
        results[which].push(await load(browser, which === 'ssr' ? ssr : csr, cpu));
      }
    }
    for (const which of ['ssr', 'csr']) {
      const r = results[which];
      const f = r.map((x) => x.fcp), w = r.map((x) => x.rowsShown);
      const ms = (x) => x.toFixed(1) + ' ms';
      console.log(`| ${cpu}x | ${which === 'ssr' ? 'SSR example' : 'client-only quickstart'} | ${ms(median(f))} | ${ms(median(w))} | ${ms(Math.min(...f))}–${ms(Math.max(...f))} | ${ms(Math.min(...w))}–${ms(Math.max(...w))} | ${r.length} |`);
    }
  }
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
