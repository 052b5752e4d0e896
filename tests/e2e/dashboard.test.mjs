// The dashboard end to end: the real `fleetcast serve` on a copy of the example fleet, its page at `/`
// in headless Chromium (puppeteer-core), every pool's chart drawn, no console errors, a screenshot kept.
// Run by ctest (label e2e), which sets the paths below; every wait has a deadline.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

function setting(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this test through ctest (ctest --test-dir build -R e2e_dashboard)`);
  return value;
}

const binary = setting('FLEETCAST_BINARY');
const examples = setting('FLEETCAST_EXAMPLES_DIR');
const artifacts = setting('FLEETCAST_ARTIFACTS_DIR');
const chromium = setting('CHROMIUM');
const puppeteer = createRequire(path.join(setting('FLEETCAST_WEB_DIR'), 'package.json'))('puppeteer-core');

const TOKEN = 'dashboard-e2e-token';
// The colours the page draws its series in (src/service/dashboard/dashboard.js).
const SERIES_COLORS = { actual: [31, 78, 156], forecast: [224, 123, 0], replicas: [46, 139, 87] };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts serve and resolves with its base URL once it logs the address it listens on.
function startServe(workDir) {
  const args = ['serve', '--metrics', path.join(workDir, 'fleet', 'metrics'),
    '--heartbeat', path.join(workDir, 'fleet', 'heartbeat'), '--pools', path.join(workDir, 'pools.yaml'),
    '--state', path.join(workDir, 'state.db'), '--listen', '127.0.0.1:0', '--refresh', '60s',
    '--token-file', path.join(workDir, 'token')];
  const server = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const address = new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`serve logged no address within 60 s; stderr:\n${stderr}`)), 60000);
    server.stderr.on('data', (chunk) => {
      stderr += chunk;
      const listening = /fleetcast serve: listening on (http:\/\/\S+)/.exec(stderr);
      if (listening) {
        clearTimeout(deadline);
        resolve(listening[1]);
      }
    });
    server.on('exit', (code, signal) => {
      clearTimeout(deadline);
      reject(new Error(`serve exited (${code ?? signal}) before listening; stderr:\n${stderr}`));
    });
  });
  return { server, address, stderr: () => stderr };
}

async function stopServe(server) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const escalation = setTimeout(() => server.kill('SIGKILL'), 15000);
  await exited;
  clearTimeout(escalation);
}

async function waitUntilReady(base) {
  const deadline = Date.now() + 180000;  // the first ingest and model selection over the example fleet
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/readyz`);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error.message;
    }
    await sleep(250);
  }
  throw new Error(`/readyz did not answer 200 within 180 s; last answer: ${last}`);
}

async function getJson(base, endpoint) {
  const response = await fetch(`${base}${endpoint}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200, `${endpoint}: ${await response.clone().text()}`);
  return response.json();
}

// Per pool: pixels painted at all, and pixels in each series colour (line centres are drawn opaque in
// exactly that colour; a tolerance allows for anti-aliasing). The canvas is the chart's plot area.
function paintedPixels(colors) {
  return [...document.querySelectorAll('section.pool')].map((section) => {
    const canvas = section.querySelector('canvas');
    if (!canvas) return { pool: section.dataset.pool, canvas: false };
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const counts = { painted: 0 };
    for (const name of Object.keys(colors)) counts[name] = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      counts.painted += 1;
      if (data[i + 3] < 250) continue;
      for (const [name, [r, g, b]] of Object.entries(colors)) {
        if (Math.abs(data[i] - r) <= 6 && Math.abs(data[i + 1] - g) <= 6 && Math.abs(data[i + 2] - b) <= 6) counts[name] += 1;
      }
    }
    return { pool: section.dataset.pool, canvas: true, drawn: section.dataset.drawn, pixels: canvas.width * canvas.height, counts };
  });
}

// The page shows no error, a row of the accuracy table per pool, a row of the anomalies table per
// anomaly of the report (kind, series, caller), and per pool a chart whose canvas holds each series.
async function expectDrawn(tab, pools, anomalies) {
  const names = pools.map((pool) => pool.name).sort();
  const state = await tab.evaluate(() => ({
    state: document.body.dataset.state,
    error: document.getElementById('error').textContent,
    accuracyRows: [...document.querySelectorAll('#accuracy-rows tr')].map((row) => row.cells[0].textContent),
    anomalyRows: [...document.querySelectorAll('#anomaly-rows tr')].map((row) => [...row.cells].slice(0, 3).map((cell) => cell.textContent)),
    anomaliesShown: !document.getElementById('anomalies-table').hidden,
  }));
  assert.equal(state.state, 'ok', `the page shows an error: ${state.error}`);
  assert.deepEqual(state.accuracyRows.sort(), names);
  assert.deepEqual(state.anomalyRows,
    anomalies.map((anomaly) => [anomaly.kind.replaceAll('_', ' '), anomaly.series, anomaly.caller ?? '(fleet)']));
  assert.equal(state.anomaliesShown, anomalies.length > 0);
  const charts = await tab.evaluate(paintedPixels, SERIES_COLORS);
  assert.deepEqual(charts.map((chart) => chart.pool).sort(), names);
  for (const chart of charts) {
    assert.ok(chart.canvas, `pool ${chart.pool} has a canvas`);
    assert.equal(chart.drawn, 'true', `pool ${chart.pool} is drawn`);
    assert.ok(chart.counts.painted > chart.pixels / 50, `pool ${chart.pool}: canvas nearly blank ${JSON.stringify(chart)}`);
    for (const series of Object.keys(SERIES_COLORS)) {
      assert.ok(chart.counts[series] >= 20, `pool ${chart.pool}: no ${series} line on the canvas ${JSON.stringify(chart)}`);
    }
  }
}

test('the dashboard draws every pool from the live server, without console errors', { timeout: 300000 }, async () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'fleetcast-dashboard-'));
  cpSync(path.join(examples, 'fleet'), path.join(workDir, 'fleet'), { recursive: true });
  cpSync(path.join(examples, 'pools.yaml'), path.join(workDir, 'pools.yaml'));
  writeFileSync(path.join(workDir, 'token'), `${TOKEN}\n`);
  const serve = startServe(workDir);
  let browser;
  try {
    const base = await serve.address;
    await waitUntilReady(base);

    // The page needs the token too: without it a Basic challenge, so a browser asks for it (any user
    // name, the token as the password).
    const challenged = await fetch(`${base}/`);
    assert.equal(challenged.status, 401);
    assert.match(challenged.headers.get('www-authenticate'), /^Basic /);
    const basic = `Basic ${Buffer.from(`fleetcast:${TOKEN}`).toString('base64')}`;
    const page = await fetch(`${base}/`, { headers: { Authorization: basic } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    assert.equal((await fetch(`${base}/api/v1/pools`)).status, 401);
    const { pools } = await getJson(base, '/api/v1/pools');
    assert.ok(pools.length > 0, 'the example pools file names pools');
    for (const pool of pools) assert.ok(!pool.error, `pool ${pool.name} has no forecast: ${pool.error}`);
    // The example fleet's surge and failure burst are in the report's recent window.
    const { anomalies } = await getJson(base, '/api/v1/report');
    assert.ok(anomalies.length > 0, 'the example fleet has anomalies in its last 6 h');

    browser = await puppeteer.launch({
      executablePath: chromium,
      headless: true,
      // Chromium refuses its sandbox to root, which CI and containers run as.
      args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
      timeout: 60000,
    });
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1200, height: 900, deviceScaleFactor: 1 });
    const problems = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    tab.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    tab.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });

    // As a person opens it: the browser's login prompt answered with the token, and the token in the
    // fragment for the page's own requests, refreshing every 30 s.
    await tab.authenticate({ username: 'fleetcast', password: TOKEN });
    await tab.goto(`${base}/#token=${TOKEN}`, { waitUntil: 'load', timeout: 30000 });
    await tab.waitForFunction(() => Number(document.body.dataset.refreshes) >= 1, { timeout: 60000 });
    await expectDrawn(tab, pools, anomalies);
    mkdirSync(artifacts, { recursive: true });
    await tab.screenshot({ path: path.join(artifacts, 'dashboard.png'), fullPage: true });

    // Refreshing every second: the charts take new data in place and stay drawn.
    await tab.goto('about:blank');
    await tab.goto(`${base}/#token=${TOKEN}&refresh=1`, { waitUntil: 'load', timeout: 30000 });
    await tab.waitForFunction(() => Number(document.body.dataset.refreshes) >= 3, { timeout: 30000 });
    await expectDrawn(tab, pools, anomalies);

    // Without the fragment, as after the browser's login prompt: the page's requests carry the Basic
    // credentials the browser keeps for the site.
    await tab.goto('about:blank');
    await tab.goto(`${base}/#refresh=1`, { waitUntil: 'load', timeout: 30000 });
    await tab.waitForFunction(() => Number(document.body.dataset.refreshes) >= 2, { timeout: 30000 });
    await expectDrawn(tab, pools, anomalies);
    assert.deepEqual(problems, []);
  } catch (error) {
    error.message += `\nserve's stderr:\n${serve.stderr()}`;
    throw error;
  } finally {
    if (browser) await browser.close();
    await stopServe(serve.server);
    rmSync(workDir, { recursive: true, force: true });
  }
});
