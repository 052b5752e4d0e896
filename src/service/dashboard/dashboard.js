'use strict';
// The fleetcast dashboard: per pool one uPlot chart of actual demand, the forecast with its interval
// band and the planned replicas, then the live accuracy table and the anomalies of the report's recent
// window (those `fleetcast report` lists, the same code each refresh). Everything it shows comes from the API
// of the server that sent the page; it refreshes itself.
(() => {
  // Settings ride in the URL fragment (#token=...&refresh=SECONDS), which never reaches a server or its logs.
  const settings = new URLSearchParams(window.location.hash.slice(1));
  const token = settings.get('token');
  const requestedRefresh = Number(settings.get('refresh'));
  const REFRESH_MS = Number.isFinite(requestedRefresh) && requestedRefresh >= 1 ? requestedRefresh * 1000 : 30000;
  const RETRY_MS = Math.min(5000, REFRESH_MS);  // sooner after a failure, e.g. a server still doing its first ingest
  const CHART_HEIGHT = 280;
  // The end-to-end test looks for these exact colours on each pool's canvas.
  const COLORS = {
    actual: 'rgb(31, 78, 156)',
    forecast: 'rgb(224, 123, 0)',
    bound: 'rgba(224, 123, 0, 0.45)',
    band: 'rgba(224, 123, 0, 0.18)',
    replicas: 'rgb(46, 139, 87)',
  };

  const requestHeaders = token ? { Authorization: `Bearer ${token}` } : {};

  const charts = new Map();  // pool name -> {section, chart}
  const poolsElement = document.getElementById('pools');
  const statusElement = document.getElementById('status');
  const errorElement = document.getElementById('error');

  async function getJson(path) {
    let response;
    try {
      response = await fetch(path, { headers: requestHeaders, cache: 'no-store' });
    } catch (networkError) {
      throw new Error(`${path}: ${networkError.message}`);
    }
    if (!response.ok) {
      const body = await response.text();
      let reason = body.trim();
      try {
        const parsed = JSON.parse(body);
        if (parsed && typeof parsed.error === 'string') reason = parsed.error;
      } catch {
        // not JSON: the body as it is says why
      }
      const hint = response.status === 401 ? ' (open the page as /#token=YOUR_TOKEN)' : '';
      throw new Error(`${path}: HTTP ${response.status}${reason ? `: ${reason}` : ''}${hint}`);
    }
    return response.json();
  }

  const seconds = (iso) => Date.parse(iso) / 1000;

  function formatUtc(date) {
    return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  }

  function formatNumber(value, digits) {
    return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
  }

  function formatShare(value) {
    return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(0)}%`;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // uPlot's columns: time, actual, forecast mean, lower, upper, planned replicas; null where a series
  // has no point at that time (history ends where the forecast starts).
  function chartData(forecast, plan) {
    const rows = new Map();
    const row = (time) => {
      if (!rows.has(time)) rows.set(time, [null, null, null, null, null]);
      return rows.get(time);
    };
    for (const point of forecast.history) row(seconds(point.timestamp))[0] = point.value;
    for (const step of forecast.steps) {
      const values = row(seconds(step.timestamp));
      values[1] = step.mean;
      values[2] = step.lower;
      values[3] = step.upper;
    }
    for (const step of plan.steps) row(seconds(step.timestamp))[4] = step.desired;
    const times = [...rows.keys()].sort((a, b) => a - b);
    return [times, ...[0, 1, 2, 3, 4].map((column) => times.map((time) => rows.get(time)[column]))];
  }

  // Axis ticks in UTC, 24-hour: the date at midnight, the hour otherwise.
  function timeTicks(u, ticks) {
    return ticks.map((time) => {
      const iso = new Date(time * 1000).toISOString();
      return iso.slice(11, 16) === '00:00' ? iso.slice(5, 10) : iso.slice(11, 16);
    });
  }

  function chartOptions(width, level) {
    const demandValue = (u, value) => formatNumber(value, 1);
    const percent = Math.round(level * 100);
    return {
      width,
      height: CHART_HEIGHT,
      tzDate: (time) => uPlot.tzDate(new Date(time * 1000), 'Etc/UTC'),
      scales: {
        x: { time: true },
        demand: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] },
        replicas: { range: (u, min, max) => [0, Math.max(1, max) * 1.2] },
      },
      series: [
        { label: 'Time (UTC)', value: (u, time) => (time === null ? '—' : formatUtc(new Date(time * 1000))) },
        { label: 'Actual', scale: 'demand', stroke: COLORS.actual, width: 2, value: demandValue },
        { label: 'Forecast', scale: 'demand', stroke: COLORS.forecast, width: 2, value: demandValue },
        {
          label: `Lower (${percent}%)`, scale: 'demand', stroke: COLORS.bound, width: 1,
          points: { show: false }, value: demandValue,
        },
        {
          label: `Upper (${percent}%)`, scale: 'demand', stroke: COLORS.bound, width: 1,
          points: { show: false }, value: demandValue,
        },
        {
          label: 'Planned replicas', scale: 'replicas', stroke: COLORS.replicas, width: 2,
          paths: uPlot.paths.stepped({ align: 1 }), value: (u, replicas) => (replicas === null ? '—' : String(replicas)),
        },
      ],
      bands: [{ series: [4, 3], fill: COLORS.band }],
      axes: [
        { values: timeTicks },
        { scale: 'demand', label: 'Demand per hour', size: 60 },
        { scale: 'replicas', label: 'Replicas', side: 1, grid: { show: false } },
      ],
    };
  }

  function chartWidth() {
    return Math.max(320, poolsElement.clientWidth - 34);  // the section's padding and border
  }

  // Rebuilds the pool sections when the set of pools changed; otherwise they are updated in place so a
  // refresh does not flicker or lose the legend's cursor.
  function ensureSections(pools) {
    const names = pools.map((pool) => pool.name);
    const same = names.length === charts.size && names.every((name) => charts.has(name));
    if (same) return;
    for (const { chart } of charts.values()) if (chart) chart.destroy();
    charts.clear();
    poolsElement.replaceChildren();
    for (const name of names) {
      const section = element('section', 'pool');
      section.dataset.pool = name;
      const head = element('div', 'pool-head');
      head.append(element('h2', null, name), element('span', 'replicas'), element('span', 'issued'));
      section.append(head, element('p', 'pool-error'), element('div', 'chart'));
      poolsElement.append(section);
      charts.set(name, { section, chart: null });
    }
  }

  function showPoolError(entry, message) {
    const errorLine = entry.section.querySelector('.pool-error');
    errorLine.textContent = message;
    errorLine.hidden = false;
    if (entry.chart) {
      entry.chart.destroy();
      entry.chart = null;
    }
    entry.section.dataset.drawn = 'false';
  }

  async function refreshPool(pool) {
    const entry = charts.get(pool.name);
    const head = entry.section.querySelector('.pool-head');
    head.querySelector('.replicas').textContent =
      pool.error ? '' : `${pool.desired_replicas} replicas now · model ${pool.model}`;
    if (pool.error) {
      head.querySelector('.issued').textContent = '';
      showPoolError(entry, `No forecast: ${pool.error}`);
      return;
    }
    const query = `pool=${encodeURIComponent(pool.name)}`;
    const [forecast, plan] = await Promise.all([
      getJson(`/api/v1/forecast?${query}`),
      getJson(`/api/v1/plan?${query}`),
    ]);
    // A pool read from Prometheus keeps its last good forecast while the source fails: say so.
    const issued = `forecast issued ${formatUtc(new Date(forecast.issued_at))}`;
    head.querySelector('.issued').textContent = forecast.stale
      ? `${issued} · stale since ${formatUtc(new Date(forecast.stale_since))}: ${forecast.stale_reason}`
      : issued;
    entry.section.dataset.stale = String(forecast.stale === true);
    entry.section.querySelector('.pool-error').hidden = true;
    const data = chartData(forecast, plan);
    if (entry.chart) {
      entry.chart.setData(data);
    } else {
      entry.chart = new uPlot(chartOptions(chartWidth(), forecast.level), data,
                              entry.section.querySelector('.chart'));
    }
    entry.section.dataset.drawn = 'true';
  }

  function accuracyRow(pool) {
    const row = document.createElement('tr');
    const live24 = (pool.live && pool.live['24h']) || {};
    const live7 = (pool.live && pool.live['7d']) || {};
    const reselections = pool.reselections || [];
    const mase24 = element('td', null, formatNumber(live24.mase, 2));
    // The refresh loop re-selects a pool's model when its live MASE drifts past 1.5x the backtest's.
    if (Number.isFinite(live24.mase) && Number.isFinite(pool.backtest_mase) && live24.mase > 1.5 * pool.backtest_mase) {
      mase24.className = 'worse';
    }
    const last = reselections[reselections.length - 1];
    const reselectionCell = element('td', null, last
      ? `${reselections.length}, last ${formatUtc(new Date(last.at))}: ${last.from} → ${last.to} (${last.reason})`
      : '0');
    row.append(
      element('td', null, pool.pool), element('td', null, pool.model),
      element('td', null, formatNumber(pool.backtest_mase, 2)),
      mase24, element('td', null, formatShare(live24.coverage)), element('td', null, String(live24.scored ?? 0)),
      element('td', null, formatNumber(live7.mase, 2)), element('td', null, formatShare(live7.coverage)),
      element('td', null, String(live7.scored ?? 0)), reselectionCell);
    return row;
  }

  async function refreshAccuracy() {
    const accuracy = await getJson('/api/v1/accuracy');
    document.getElementById('accuracy-rows').replaceChildren(...accuracy.pools.map(accuracyRow));
  }

  function anomalyRow(anomaly) {
    const row = document.createElement('tr');
    row.append(
      element('td', null, anomaly.kind.replaceAll('_', ' ')), element('td', null, anomaly.series),
      element('td', null, anomaly.caller ?? '(fleet)'), element('td', null, formatUtc(new Date(anomaly.start))),
      element('td', null, formatUtc(new Date(anomaly.end))), element('td', null, formatUtc(new Date(anomaly.peak))),
      element('td', null, formatNumber(anomaly.score, 2)), element('td', null, formatNumber(anomaly.value, 1)),
      element('td', null, formatNumber(anomaly.expected, 1)));
    return row;
  }

  async function refreshAnomalies() {
    const note = document.getElementById('anomalies-note');
    let report;
    try {
      report = await getJson('/api/v1/report');
    } catch (error) {
      // No report is no failure of the page: a serve fed by Prometheus alone has no metric events to
      // report on.
      note.textContent = `No report, so no anomalies: ${error.message}`;
      document.getElementById('anomalies-table').hidden = true;
      return;
    }
    const anomalies = report.anomalies || [];  // absent when the recent window holds none
    const hours = formatNumber(report.horizon_hours, 0);
    note.textContent = anomalies.length
      ? `In the report's last ${hours} h, highest score first: a spike, dip, level shift or failure burst of the fleet or a caller.`
      : `None in the report's last ${hours} h.`;
    document.getElementById('anomaly-rows').replaceChildren(...anomalies.map(anomalyRow));
    document.getElementById('anomalies-table').hidden = anomalies.length === 0;
  }

  function showErrors(errors) {
    for (const error of errors) console.error(`fleetcast dashboard: ${error.message}`);
    errorElement.textContent = errors.map((error) => error.message).join('\n');
    errorElement.hidden = errors.length === 0;
  }

  async function refresh() {
    const errors = [];
    try {
      const { pools } = await getJson('/api/v1/pools');
      ensureSections(pools);
      const results = await Promise.allSettled([...pools.map(refreshPool), refreshAccuracy(), refreshAnomalies()]);
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') return;
        errors.push(result.reason);
        if (index < pools.length) showPoolError(charts.get(pools[index].name), result.reason.message);
      });
    } catch (error) {
      errors.push(error);
    }
    showErrors(errors);
    const now = `${new Date().toISOString().slice(0, 19).replace('T', ' ')} UTC`;
    statusElement.textContent = errors.length
      ? `Refresh at ${now} failed; retrying in ${RETRY_MS / 1000} s`
      : `Refreshed ${now}; refreshes every ${REFRESH_MS / 1000} s`;
    document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
    document.body.dataset.state = errors.length ? 'error' : 'ok';
    window.setTimeout(refresh, errors.length ? RETRY_MS : REFRESH_MS);
  }

  window.addEventListener('resize', () => {
    for (const { chart } of charts.values()) if (chart) chart.setSize({ width: chartWidth(), height: CHART_HEIGHT });
  });

  refresh();
})();
