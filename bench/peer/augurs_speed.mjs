// Speed in one run, on the same data: augurs' AutoETS (2,000 hourly points, daily season; and its 6
// non-seasonal forms against fleetcast's, the only ones augurs fits) and MSTL
// (daily and weekly periods, fit and 24-step forecast) timed here in node, fleetcast's from bench_peer_speed
// reading the CSV files written here. Run by bench/peer-augurs.sh, which installs augurs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { loadAugurs, markdownTable } from './augurs_common.mjs';

const POINTS = 2000;
const REPETITIONS = 5;
const MIN_BATCH_SECONDS = 0.5;

const { values: flags } = parseArgs({
  options: {
    augurs: { type: 'string' },
    bench: { type: 'string' },
    inputs: { type: 'string' },
    json: { type: 'string' },
  },
});
for (const required of ['augurs', 'bench', 'inputs']) {
  if (!flags[required]) throw new Error(`--${required} is required`);
}

// A seeded generator (mulberry32) and Box-Muller normals: the inputs are the same from run to run.
function normals(seed) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

// Hourly demand: trend, daily cycle and noise, plus a weekly cycle when `weekly`.
function hourlyDemand(seed, weekly) {
  const noise = normals(seed);
  return Array.from({ length: POINTS }, (_, t) => 500 + 0.05 * t + 120 * Math.sin((2 * Math.PI * t) / 24) +
    (weekly ? 60 * Math.cos((2 * Math.PI * t) / 168) : 0) + 15 * noise());
}

function writeCsv(file, values) {
  const start = Date.parse('2026-01-05T00:00:00Z');
  const rows = values.map((v, i) => `${new Date(start + i * 3600e3).toISOString().slice(0, 19)}Z,${v}`);
  fs.writeFileSync(file, ['timestamp,value', ...rows].join('\n') + '\n');
}

// Median over repetitions of the mean wall and CPU time per call in a batch of at least
// MIN_BATCH_SECONDS. CPU time is the figure to compare on a busy machine: wall time there counts the
// waits for a core.
function time(work) {
  work();
  const walls = [];
  const cpus = [];
  for (let r = 0; r < REPETITIONS; ++r) {
    let calls = 0;
    const began = performance.now();
    const cpuBegan = process.cpuUsage();
    do {
      work();
      ++calls;
    } while (performance.now() - began < MIN_BATCH_SECONDS * 1000);
    const cpu = process.cpuUsage(cpuBegan);
    walls.push((performance.now() - began) / calls);
    cpus.push((cpu.user + cpu.system) / 1000 / calls);
  }
  return { wall_ms: median(walls), cpu_ms: median(cpus) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function fleetcastTimes() {
  const run = spawnSync(flags.bench, ['--benchmark_format=json', `--benchmark_repetitions=${REPETITIONS}`,
                                      '--benchmark_report_aggregates_only=true'],
                        { env: { ...process.env, FLEETCAST_PEER_INPUT_DIR: flags.inputs }, encoding: 'utf8',
                          maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${flags.bench} exited ${run.status}: ${run.stderr}`);
  const medians = {};
  for (const entry of JSON.parse(run.stdout).benchmarks) {
    if (entry.error_occurred) throw new Error(`${entry.name}: ${entry.error_message}`);
    if (entry.aggregate_name !== 'median') continue;
    const unit = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3 }[entry.time_unit];
    medians[entry.run_name.split('/')[0]] = { wall_ms: entry.real_time * unit, cpu_ms: entry.cpu_time * unit };
  }
  return medians;
}

fs.mkdirSync(flags.inputs, { recursive: true });
const daily = hourlyDemand(11, false);
const dailyWeekly = hourlyDemand(13, true);
writeCsv(path.join(flags.inputs, 'hourly_daily.csv'), daily);
writeCsv(path.join(flags.inputs, 'hourly_daily_weekly.csv'), dailyWeekly);

const augurs = await loadAugurs(flags.augurs, ['ets', 'mstl']);
const augursEts = time(() => {
  const model = new augurs.ets.AutoETS(24, 'ZZZ');
  model.fit(daily);
  model.free();
});
// augurs 0.10.2 has no seasonal ETS: AutoETS(24, 'ZZZ') drops the seasonal forms ('ZZA' finds no model)
// and fits the 6 non-seasonal ones. This row times both on those same 6 forms.
const augursEtsNonSeasonal = time(() => {
  const model = new augurs.ets.AutoETS(1, 'ZZN');
  model.fit(daily);
  model.free();
});
const augursMstl = time(() => {
  const model = augurs.mstl.MSTL.ets([24, 168]);
  model.fit(dailyWeekly);
  model.predict(24, 0.9);
  model.free();
});
const fleetcast = fleetcastTimes();

const rows = [
  { task: `AutoETS fit, ${POINTS} hourly points, daily season`, augurs: augursEts,
    fleetcast: fleetcast.BM_PeerAutoEtsDaily },
  { task: `AutoETS fit, ${POINTS} hourly points, the 6 non-seasonal forms in both`, augurs: augursEtsNonSeasonal,
    fleetcast: fleetcast.BM_PeerAutoEtsNonSeasonal },
  { task: `MSTL daily+weekly fit and 24-step forecast, ${POINTS} hourly points`, augurs: augursMstl,
    fleetcast: fleetcast.BM_PeerMstlDailyWeekly },
  { task: `fleetcast auto (backtest, selection, intervals), ${POINTS} hourly points`, augurs: null,
    fleetcast: fleetcast.BM_PeerAutoForecast },
];
const ms = (x) => x.toFixed(2);
const ratio = (r, key) => (r.augurs ? `${(r.augurs[key] / r.fleetcast[key]).toFixed(1)}x` : '-');
console.log(`## Speed, same inputs, same run (median of ${REPETITIONS})\n`);
console.log(markdownTable(
  ['task', 'augurs CPU ms', 'fleetcast CPU ms', 'augurs / fleetcast CPU', 'augurs wall ms', 'fleetcast wall ms',
   'augurs / fleetcast wall'],
  rows.map((r) => [r.task, r.augurs ? ms(r.augurs.cpu_ms) : '-', ms(r.fleetcast.cpu_ms), ratio(r, 'cpu_ms'),
                   r.augurs ? ms(r.augurs.wall_ms) : '-', ms(r.fleetcast.wall_ms), ratio(r, 'wall_ms')]),
  [false, true, true, true, true, true, true]));
console.log('\naugurs runs as wasm on one thread in node; fleetcast\'s CPU time is all its threads\'. ' +
            `Load average when done: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores.`);
if (flags.json) {
  fs.writeFileSync(flags.json, JSON.stringify({ points: POINTS, repetitions: REPETITIONS, rows }, null, 2) + '\n');
  console.error(`wrote ${flags.json}`);
}
