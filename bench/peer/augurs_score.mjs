// Scores grafana/augurs (MSTL + AutoETS, npm @bsull/augurs) and fleetcast (`forecast --json`, default
// auto, the real binary) on the same rolling origins of the NAB series: 6 hours ahead at the series' step,
// 5 origins ending the series, MASE scaled by the in-sample seasonal naive (daily period) and 90% interval
// coverage, both computed here, the same way for both. Run by bench/peer-augurs.sh, which installs augurs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { loadAugurs, markdownTable, mean } from './augurs_common.mjs';

const HORIZON_SECONDS = 6 * 3600;
const ORIGINS = 5;
const LEVEL = 0.9;
const DAY_SECONDS = 86400;
// Every real NAB series, those without a daily cycle too (auto must cope with them, and picking only the
// seasonal ones would favour MSTL); the artificial ones are left out: synthetic shapes, and a flat line has
// no MASE. The same set as bench/forecast_quality.cpp.
const NAB_FOLDERS = ['realTweets', 'realAWSCloudwatch'];

const { values: flags } = parseArgs({
  options: {
    augurs: { type: 'string' },
    nab: { type: 'string' },
    fleetcast: { type: 'string' },
    json: { type: 'string' },
    jobs: { type: 'string', default: '2' },
    series: { type: 'string' },
    model: { type: 'string', default: 'auto' },
    'calendar-seasons': { type: 'boolean', default: false },
  },
});
for (const required of ['augurs', 'nab', 'fleetcast']) {
  if (!flags[required]) throw new Error(`--${required} is required`);
}

// NAB timestamps are UTC wall-clock text; the grid is rebuilt the way fleetcast's regularize does (nearest
// step, shared steps averaged, empty steps linearly interpolated) so both sides read identical values.
function readNab(file) {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const points = lines.map((line) => {
    const [stamp, value] = line.split(',');
    return { t: Date.parse(stamp.replace(' ', 'T') + 'Z') / 1000, v: Number(value) };
  });
  const gaps = points.slice(1).map((p, i) => p.t - points[i].t).sort((a, b) => a - b);
  const step = Math.max(1, Math.round(gaps[Math.floor(gaps.length / 2)]));
  const start = points[0].t;
  const size = Math.round((points[points.length - 1].t - start) / step) + 1;
  const sums = new Array(size).fill(0);
  const counts = new Array(size).fill(0);
  for (const p of points) {
    const index = Math.round((p.t - start) / step);
    sums[index] += p.v;
    counts[index] += 1;
  }
  const values = sums.map((sum, i) => (counts[i] ? sum / counts[i] : NaN));
  for (let i = 0; i < size; ++i) {
    if (!Number.isNaN(values[i])) continue;
    let next = i;
    while (Number.isNaN(values[next])) ++next;
    for (let j = i; j < next; ++j) {
      const weight = (j - (i - 1)) / (next - (i - 1));
      values[j] = values[i - 1] + weight * (values[next] - values[i - 1]);
    }
  }
  return { start, step, values };
}

// Mean absolute error of the seasonal naive forecast inside the training part (the MASE denominator).
function seasonalNaiveScale(train, period) {
  let sum = 0;
  for (let t = period; t < train.length; ++t) sum += Math.abs(train[t] - train[t - period]);
  return sum / (train.length - period);
}

function score(forecast, truth, scale) {
  let absolute = 0;
  let covered = 0;
  for (let h = 0; h < truth.length; ++h) {
    absolute += Math.abs(truth[h] - forecast.mean[h]);
    covered += truth[h] >= forecast.lower[h] && truth[h] <= forecast.upper[h] ? 1 : 0;
  }
  return { mase: absolute / truth.length / scale, covered };
}

// Calendar periods in steps (day, week) with at least two full cycles in the training part: what a user
// who knows the data is minute-level demand would hand to augurs' MSTL.
function augursPeriods(trainLength, step) {
  const daily = Math.round(DAY_SECONDS / step);
  return [daily, 7 * daily].filter((period) => trainLength >= 2 * period);
}

function forecastAugurs(augurs, train, horizon, periods) {
  const began = performance.now();
  const model = augurs.mstl.MSTL.ets(periods);
  try {
    model.fit(train);
    const forecast = model.predict(horizon, LEVEL);
    return {
      mean: forecast.point,
      lower: forecast.intervals.lower,
      upper: forecast.intervals.upper,
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    model.free();
  }
}

function stamp(seconds) {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// One origin: the regular series up to the origin as a CSV, then `fleetcast forecast --json`.
// With --calendar-seasons fleetcast gets augurs' periods as --season instead of detecting its own.
async function forecastFleetcast(series, origin, horizon, scratch) {
  const file = path.join(scratch, `${series.name}-${origin}.csv`);
  const rows = ['timestamp,value'];
  for (let i = 0; i < origin; ++i) rows.push(`${stamp(series.start + i * series.step)},${series.values[i]}`);
  fs.writeFileSync(file, rows.join('\n') + '\n');
  const began = performance.now();
  const seasons = flags['calendar-seasons']
    ? augursPeriods(origin, series.step).flatMap((period) => ['--season', `${period}`]) : [];
  const args = ['forecast', '--csv', file, '--horizon', '6h', '--model', flags.model, ...seasons, '--json'];
  const result = await run(flags.fleetcast, args);
  const seconds = (performance.now() - began) / 1000;
  fs.rmSync(file);
  if (result.code !== 0) {
    throw new Error(`fleetcast exited ${result.code} on ${series.name} at ${origin}: ${result.stderr.trim()}`);
  }
  const json = JSON.parse(result.stdout);
  const steps = json.forecast;
  const first = series.start + origin * series.step;
  if (steps.length !== horizon || Date.parse(steps[0].timestamp) / 1000 !== first) {
    throw new Error(`fleetcast's forecast for ${series.name} at ${origin} is not the ${horizon} steps after it`);
  }
  return {
    mean: steps.map((s) => s.mean),
    lower: steps.map((s) => s.lower),
    upper: steps.map((s) => s.upper),
    model: json.model,
    seasons: json.season_periods,
    seconds,
  };
}

// Runs `tasks` (functions returning promises) with at most `limit` in flight, results in task order.
async function inParallel(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

const augurs = await loadAugurs(flags.augurs, ['mstl']);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetcast-peer-'));
const files = NAB_FOLDERS.flatMap((folder) => {
  const dir = path.join(flags.nab, folder);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(dir, f));
}).filter((file) => !flags.series || path.basename(file).includes(flags.series));
if (files.length === 0) {
  console.error(`no NAB series under ${flags.nab} (${NAB_FOLDERS.join(', ')}); nothing to score`);
  process.exit(0);
}

// One series: both forecasters on every origin, or an Error naming what failed.
async function scoreSeries(file) {
  const series = { name: path.basename(file, '.csv'), ...readNab(file) };
  const horizon = Math.round(HORIZON_SECONDS / series.step);
  const daily = Math.round(DAY_SECONDS / series.step);
  const origins = Array.from({ length: ORIGINS }, (_, k) => series.values.length - (ORIGINS - k) * horizon);
  const fleetcast = await inParallel(
    origins.map((origin) => () => forecastFleetcast(series, origin, horizon, scratch)), Number(flags.jobs));
  const folds = origins.map((origin, k) => {
    const train = series.values.slice(0, origin);
    const truth = series.values.slice(origin, origin + horizon);
    const scale = seasonalNaiveScale(train, daily);
    if (!(scale > 0)) throw new Error(`the seasonal naive error before origin ${origin} is zero: MASE is undefined`);
    const periods = augursPeriods(train.length, series.step);
    const peer = forecastAugurs(augurs, train, horizon, periods);
    return { origin, scale, periods, augurs: { ...score(peer, truth, scale), seconds: peer.seconds },
             fleetcast: { ...score(fleetcast[k], truth, scale), model: fleetcast[k].model,
                          seasons: fleetcast[k].seasons, seconds: fleetcast[k].seconds } };
  });
  const points = ORIGINS * horizon;
  return {
    series: series.name,
    points: series.values.length,
    step_seconds: series.step,
    augurs_periods: folds[0].periods,
    augurs_mase: mean(folds.map((f) => f.augurs.mase)),
    fleetcast_mase: mean(folds.map((f) => f.fleetcast.mase)),
    augurs_coverage: folds.reduce((sum, f) => sum + f.augurs.covered, 0) / points,
    fleetcast_coverage: folds.reduce((sum, f) => sum + f.fleetcast.covered, 0) / points,
    fleetcast_models: folds.map((f) => f.fleetcast.model),
    fleetcast_seasons: folds.map((f) => f.fleetcast.seasons),
    augurs_seconds: mean(folds.map((f) => f.augurs.seconds)),
    fleetcast_seconds: mean(folds.map((f) => f.fleetcast.seconds)),
    folds: folds.map((f) => ({ origin: f.origin, scale: f.scale, augurs_mase: f.augurs.mase,
                               fleetcast_mase: f.fleetcast.mase, fleetcast_model: f.fleetcast.model })),
  };
}

// A series that fails is reported and left out of both means, and the run exits 1: a mean over fewer
// series must not pass for the full comparison.
const rows = [];
const failures = [];
try {
  for (const file of files) {
    try {
      const row = await scoreSeries(file);
      rows.push(row);
      console.error(`${row.series}: augurs ${row.augurs_mase.toFixed(3)}, fleetcast ${row.fleetcast_mase.toFixed(3)} ` +
                    `(${row.fleetcast_models.join(' ')})`);
    } catch (error) {
      failures.push({ series: path.basename(file, '.csv'), error: error.message });
      console.error(`${path.basename(file, '.csv')}: failed: ${error.message}`);
    }
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
if (rows.length === 0) {
  console.error('no series could be scored');
  process.exit(1);
}

const summary = {
  series: rows.length,
  failed: failures.length,
  augurs_mase: mean(rows.map((r) => r.augurs_mase)),
  fleetcast_mase: mean(rows.map((r) => r.fleetcast_mase)),
  augurs_coverage: mean(rows.map((r) => r.augurs_coverage)),
  fleetcast_coverage: mean(rows.map((r) => r.fleetcast_coverage)),
  fleetcast_wins: rows.filter((r) => r.fleetcast_mase <= r.augurs_mase).length,
};
const fixed = (x) => x.toFixed(3);
const percent = (x) => `${(100 * x).toFixed(1)}%`;
const seasonsNote = flags['calendar-seasons'] ? ' with the calendar seasons' : '';
console.log(`## Accuracy on NAB: ${ORIGINS} rolling origins, ${HORIZON_SECONDS / 3600} h ahead, ${LEVEL * 100}% ` +
            `intervals, fleetcast --model ${flags.model}${seasonsNote}\n`);
console.log(markdownTable(
  ['series', 'augurs MASE', 'fleetcast MASE', 'augurs coverage', 'fleetcast coverage', 'fleetcast models'],
  [...rows.map((r) => [r.series, fixed(r.augurs_mase), fixed(r.fleetcast_mase), percent(r.augurs_coverage),
                       percent(r.fleetcast_coverage), [...new Set(r.fleetcast_models)].join(', ')]),
   [`**mean of ${summary.series}**`, fixed(summary.augurs_mase), fixed(summary.fleetcast_mase),
    percent(summary.augurs_coverage), percent(summary.fleetcast_coverage),
    `fleetcast as good or better on ${summary.fleetcast_wins}`],
   ...failures.map((f) => [f.series, '-', '-', '-', '-', `failed: ${f.error.replace(/[|\n]/g, ' ')}`])],
  [false, true, true, true, true, false]));
console.log(`\nMASE: mean absolute error over the ${HORIZON_SECONDS / 3600} h, divided by the training part's ` +
            'seasonal naive (one day) mean absolute error; averaged over origins, then series. augurs: ' +
            'MSTL.ets with the daily and weekly periods that fit twice in the training part.');
if (flags.json) {
  const report = { horizon_seconds: HORIZON_SECONDS, origins: ORIGINS, level: LEVEL, fleetcast_model: flags.model,
                   fleetcast_calendar_seasons: flags['calendar-seasons'],
                   summary, series: rows, failures };
  fs.writeFileSync(flags.json, JSON.stringify(report, null, 2) + '\n');
  console.error(`wrote ${flags.json}`);
}
if (failures.length > 0) process.exit(1);
