// Where a scenario's click → paint goes in Chromium, phase by phase: serves the built
// bench site, opens each contender's page in headless Chromium (puppeteer-core), warms
// the scenario up (`benchDriver.prepare`), records a DevTools trace of the measured clicks
// (`benchDriver.act`) and prints, per contender, the click → paint times and the renderer
// main thread's frames: script in them, style, layout, pre-paint, paint (medians over the
// frames that took more than 2 ms, and the total per click).
//
//   node bench/trace/trace.js --site target/bench-browser/site --scenario toggle-10k \
//        [--contenders plain-yew,yew-collections] [--reps 5] [--chromium /usr/bin/chromium]
//
// Scenarios: those of `benchDriver.prepare` (bench/driver/driver.js). Build the site first
// (`cargo xtask bench --browser ...` builds it).
'use strict';

const puppeteer = require('puppeteer-core');
const http = require('http');
const fs = require('fs');
const path = require('path');

function args() {
  const o = { site: 'target/bench-browser/site', scenario: 'toggle-10k', reps: 5, chromium: '/usr/bin/chromium', contenders: null };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) {
    const [k, v] = [a[i], a[i + 1]];
    if (v === undefined) throw new Error('missing value for ' + k);
    if (k === '--site') o.site = v;
    else if (k === '--scenario') o.scenario = v;
    else if (k === '--reps') o.reps = Number(v);
    else if (k === '--chromium') o.chromium = v;
    else if (k === '--contenders') o.contenders = v.split(',');
    else throw new Error('unknown option ' + k);
  }
  if (!o.contenders) {
    o.contenders = fs.readdirSync(o.site).filter((d) => fs.existsSync(path.join(o.site, d, 'index.html')));
  }
  return o;
}

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.css': 'text/css' };

function serve(site) {
  const root = path.resolve(site);
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(req.url.split('?')[0]);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(root, path.normalize(p));
    if (!file.startsWith(root)) {
      res.writeHead(403);
      return res.end();
    }
    fs.readFile(file, (e, body) => {
      if (e) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

// The renderer main thread's frames (`ProxyMain::BeginMainFrame`) and, within each, the
// time of each lifecycle phase.
function frames(traceEvents) {
  const names = {};
  for (const e of traceEvents) if (e.name === 'thread_name') names[e.pid + ':' + e.tid] = e.args.name;
  const main = traceEvents.filter((e) => e.ph === 'X' && e.dur && names[e.pid + ':' + e.tid] === 'CrRendererMain');
  const phases = {
    script: ['FunctionCall'],
    style: ['UpdateLayoutTree'],
    layout: ['Layout'],
    prepaint: ['PrePaint'],
    paint: ['Paint', 'CullRectUpdate'],
  };
  return main
    .filter((e) => e.name === 'ProxyMain::BeginMainFrame')
    .map((f) => {
      const out = { total: f.dur / 1000 };
      for (const [phase, events] of Object.entries(phases)) {
        out[phase] = main
          .filter((e) => events.includes(e.name) && e.ts >= f.ts && e.ts + e.dur <= f.ts + f.dur)
          .reduce((sum, e) => sum + e.dur / 1000, 0);
      }
      return out;
    });
}

async function main() {
  const o = args();
  const server = await serve(o.site);
  const port = server.address().port;
  const browser = await puppeteer.launch({
    executablePath: o.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu-vsync', '--disable-frame-rate-limit', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
  });
  try {
    for (const contender of o.contenders) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(`http://127.0.0.1:${port}/${contender}/`);
      await page.waitForFunction(() => window.benchApp && window.benchDriver, { timeout: 60000 });
      await page.evaluate((s) => window.benchDriver.prepare({ scenario: s, latency: 30 }), o.scenario);
      await page.tracing.start({ categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc'] });
      const samples = await page.evaluate((s, r) => window.benchDriver.act({ scenario: s, reps: r }), o.scenario, o.reps);
      const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8'));
      await page.evaluate(() => window.benchDriver.finish());
      await page.close();
      const all = frames(trace.traceEvents || trace);
      const big = all.filter((f) => f.total > 2);
      const perClick = (k) => all.reduce((sum, f) => sum + f[k], 0) / samples.length;
      const fmt = (x) => x.toFixed(1);
      console.log(`\n${contender}, ${o.scenario}: click → paint (ms) ${samples.map((s) => fmt(s.paint)).join(', ')}`);
      console.log(`  frames over 2 ms: ${big.length} (of ${all.length}); median ms: total ${fmt(median(big.map((f) => f.total)))}, ` +
        ['script', 'style', 'layout', 'prepaint', 'paint'].map((k) => `${k} ${fmt(median(big.map((f) => f[k])))}`).join(', '));
      console.log('  per click, all frames (ms): ' +
        ['total', 'script', 'style', 'layout', 'prepaint', 'paint'].map((k) => `${k} ${fmt(perClick(k))}`).join(', '));
    }
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error('trace: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
