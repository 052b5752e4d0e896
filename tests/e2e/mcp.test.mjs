// `fleetcast mcp` end to end: the official TypeScript SDK client (@modelcontextprotocol/sdk, from
// web/node_modules) starts the real binary over stdio, lists the tools and calls each on the example
// fleet, comparing with what the matching command prints with --json. A raw session checks what the SDK
// never sends: malformed JSON, a batch, an unknown method, and the exit at the end of the input.
// Run by ctest (label e2e), which sets the paths below.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

function setting(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this test through ctest (ctest --test-dir build -R e2e_mcp)`);
  return value;
}

const binary = setting('FLEETCAST_BINARY');
// The server runs in the source tree, so the relative paths below also check that they resolve against
// its working directory.
const sourceDir = path.dirname(setting('FLEETCAST_EXAMPLES_DIR'));
const sdk = createRequire(path.join(setting('FLEETCAST_WEB_DIR'), 'package.json'));
const { Client } = sdk('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = sdk('@modelcontextprotocol/sdk/client/stdio.js');
const { McpError, ErrorCode } = sdk('@modelcontextprotocol/sdk/types.js');

const METRICS = 'examples/fleet/metrics';
const HEARTBEAT = 'examples/fleet/heartbeat';
const POOLS = 'examples/pools.yaml';
// A forecast over the example fleet's weeks of telemetry takes a while on a small machine.
const CALL_OPTIONS = { timeout: 600000 };

// Backtests time each fit; everything else must match exactly.
function withoutFitTimes(json) {
  return JSON.parse(JSON.stringify(json, (key, value) => (key === 'fit_seconds' ? undefined : value)));
}

function commandJson(args) {
  return JSON.parse(execFileSync(binary, [...args, '--json'], { cwd: sourceDir, encoding: 'utf8', maxBuffer: 64 << 20 }));
}

async function connect() {
  const transport = new StdioClientTransport({ command: binary, args: ['mcp'], cwd: sourceDir, stderr: 'pipe' });
  let stderr = '';
  transport.stderr.on('data', (chunk) => { stderr += chunk; });
  const transportErrors = [];
  const client = new Client({ name: 'fleetcast-e2e', version: '1.0.0' });
  client.onerror = (error) => transportErrors.push(error);
  await client.connect(transport);
  return { client, transportErrors, stderr: () => stderr };
}

// The result of a call that must succeed: its structured content, checked against the text item.
async function callTool(client, name, args) {
  const result = await client.callTool({ name, arguments: args }, undefined, CALL_OPTIONS);
  assert.notEqual(result.isError, true, `${name}: ${JSON.stringify(result.content)}`);
  assert.equal(result.content.length, 1);
  assert.equal(result.content[0].type, 'text');
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent);
  assert.ok(Array.isArray(result.structuredContent.warnings));
  return result.structuredContent;
}

test('the SDK client lists the tools and calls each on the example fleet', { timeout: 1800000 }, async () => {
  const { client, transportErrors, stderr } = await connect();
  try {
    assert.equal(client.getServerVersion().name, 'fleetcast');
    assert.deepEqual(client.getServerCapabilities().tools, { listChanged: false });
    assert.match(client.getInstructions(), /working directory/);

    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name),
      ['report', 'forecast', 'backtest', 'plan', 'simulate', 'breaker', 'anomalies', 'patterns']);
    for (const tool of tools) {
      assert.ok(tool.title && tool.description, `${tool.name} has a title and a description`);
      assert.equal(tool.inputSchema.type, 'object');
      assert.equal(tool.inputSchema.additionalProperties, false);
      assert.deepEqual(tool.outputSchema.required, [tool.name, 'warnings']);
    }

    // The SDK validates each structuredContent against the tool's outputSchema before returning it.
    const report = await callTool(client, 'report', { metrics: METRICS, heartbeat: HEARTBEAT, horizon: '6h' });
    assert.deepEqual(report.report, commandJson(['report', '--metrics', METRICS, '--heartbeat', HEARTBEAT, '--horizon', '6h']));
    assert.ok(report.report.top_callers.length > 0);

    const forecast = await callTool(client, 'forecast', { metrics: METRICS, horizon: 6, level: [0.8, 0.95] });
    assert.deepEqual(withoutFitTimes(forecast.forecast),
      withoutFitTimes(commandJson(['forecast', '--metrics', METRICS, '--horizon', '6', '--level', '0.8', '--level', '0.95'])));
    assert.equal(forecast.forecast.forecast.length, 6);

    const backtest = await callTool(client, 'backtest', { metrics: METRICS, models: ['naive', 'snaive'], horizon: '6h', folds: 3 });
    assert.deepEqual(withoutFitTimes(backtest.backtest),
      withoutFitTimes(commandJson(['backtest', '--metrics', METRICS, '--models', 'naive,snaive', '--horizon', '6h', '--folds', '3'])));
    assert.deepEqual(backtest.backtest.models.map((model) => model.model).sort(), ['naive', 'snaive']);

    const plan = await callTool(client, 'plan', { metrics: METRICS, pools: POOLS, horizon: '6h' });
    assert.deepEqual(plan.plan, commandJson(['plan', '--metrics', METRICS, '--pools', POOLS, '--horizon', '6h']));
    assert.ok(plan.plan.pools.length >= 2);

    const simulate = await callTool(client, 'simulate',
      { metrics: METRICS, pools: POOLS, pool: 'local-inference', step: '5m', policies: ['reactive', 'scheduled'] });
    assert.deepEqual(simulate.simulate, commandJson(['simulate', '--metrics', METRICS, '--pools', POOLS, '--pool',
      'local-inference', '--step', '5m', '--policies', 'reactive,scheduled']));
    assert.deepEqual(simulate.simulate.policies.map((policy) => policy.policy).sort(), ['reactive', 'scheduled']);
    const later = await callTool(client, 'simulate',
      { metrics: METRICS, pools: POOLS, pool: 'local-inference', step: '5m', policies: 'reactive', score_from: '0.7' });
    assert.deepEqual(later.simulate, commandJson(['simulate', '--metrics', METRICS, '--pools', POOLS, '--pool',
      'local-inference', '--step', '5m', '--policies', 'reactive', '--score-from', '0.7']));
    assert.notEqual(later.simulate.score_from, simulate.simulate.score_from);

    const breaker = await callTool(client, 'breaker', { metrics: METRICS });
    assert.deepEqual(breaker.breaker, commandJson(['breaker', '--metrics', METRICS]));
    assert.deepEqual(breaker.breaker.configurations.map((configuration) => configuration.name), ['seed', 'resilience4j']);

    const anomalies = await callTool(client, 'anomalies', { metrics: METRICS, series: 'failures', by: 'caller', since: '7d' });
    assert.deepEqual(anomalies.anomalies,
      commandJson(['anomalies', '--metrics', METRICS, '--series', 'failures', '--by', 'caller', '--since', '7d']));
    assert.ok(anomalies.anomalies.series.some((series) => series.windows.some((window) => window.kind === 'failure_burst')));
    const rate = await callTool(client, 'anomalies', { metrics: METRICS, series: 'failure_rate', threshold: 0.9, season: 24 });
    assert.deepEqual(rate.anomalies,
      commandJson(['anomalies', '--metrics', METRICS, '--series', 'failure_rate', '--threshold', '0.9', '--season', '24']));

    const patterns = await callTool(client, 'patterns', { metrics: METRICS, timezone: 'America/New_York' });
    assert.deepEqual(patterns.patterns, commandJson(['patterns', '--metrics', METRICS, '--timezone', 'America/New_York']));
    assert.equal(patterns.patterns.timezone, 'America/New_York');
    assert.equal(patterns.patterns.hour_of_day_mean.length, 24);
    const csvPatterns = await callTool(client, 'patterns', { csv: 'tests/data/nab/Twitter_volume_AMZN_tail.csv' });
    assert.deepEqual(csvPatterns.patterns, commandJson(['patterns', '--csv', 'tests/data/nab/Twitter_volume_AMZN_tail.csv']));
    assert.equal(csvPatterns.patterns.weekly, null);

    // Bad arguments come back as tool errors that name the argument, and the server keeps serving.
    const badHorizon = await client.callTool({ name: 'report', arguments: { metrics: METRICS, horizon: 'soon' } });
    assert.equal(badHorizon.isError, true);
    assert.match(badHorizon.content[0].text, /^--horizon: /);
    const unknownArgument = await client.callTool({ name: 'report', arguments: { metrics: METRICS, horizn: '6h' } });
    assert.equal(unknownArgument.isError, true);
    assert.equal(unknownArgument.content[0].text, "unknown argument 'horizn'; did you mean 'horizon'?");
    const missingFiles = await client.callTool({ name: 'report', arguments: { metrics: 'no/such/metrics' } });
    assert.equal(missingFiles.isError, true);
    assert.match(missingFiles.content[0].text, /no\/such\/metrics/);
    const noConfig = await client.callTool({ name: 'breaker', arguments: { metrics: METRICS, config: 'no/such/breaker.yaml' } });
    assert.equal(noConfig.isError, true);
    assert.match(noConfig.content[0].text, /no\/such\/breaker\.yaml/);
    const noPools = await client.callTool({ name: 'simulate', arguments: { metrics: METRICS } });
    assert.equal(noPools.isError, true);
    assert.equal(noPools.content[0].text, "missing the required argument 'pools'");
    const bothInputs = await client.callTool({ name: 'forecast', arguments: { metrics: METRICS, csv: 'demand.csv' } });
    assert.equal(bothInputs.isError, true);
    assert.match(bothInputs.content[0].text, /exactly one input/);

    const badZone = await client.callTool({ name: 'patterns', arguments: { metrics: METRICS, timezone: 'Mars/Olympus' } });
    assert.equal(badZone.isError, true);
    assert.match(badZone.content[0].text, /unknown time zone 'Mars\/Olympus'/);
    const badThreshold = await client.callTool({ name: 'anomalies', arguments: { metrics: METRICS, threshold: 2 } });
    assert.equal(badThreshold.isError, true);
    assert.match(badThreshold.content[0].text, /threshold/);

    await assert.rejects(client.callTool({ name: 'forcast', arguments: {} }),
      (error) => error instanceof McpError && error.code === ErrorCode.InvalidParams && /unknown tool 'forcast'/.test(error.message));
    await client.ping();
    assert.deepEqual(transportErrors, [], `stdout carried only protocol messages; stderr:\n${stderr()}`);
  } finally {
    await client.close();
  }
});

// Sends each line, then closes stdin; resolves with the answers and the exit code.
function rawSession(lines) {
  return new Promise((resolve, reject) => {
    const server = spawn(binary, ['mcp'], { cwd: sourceDir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    server.stdout.on('data', (chunk) => { stdout += chunk; });
    server.stderr.resume();
    const deadline = setTimeout(() => { server.kill('SIGKILL'); reject(new Error('fleetcast mcp did not exit at the end of its input')); }, 60000);
    server.on('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, answers: stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line)) });
    });
    server.stdin.end(lines.join('\n') + '\n');
  });
}

test('a raw session: protocol errors are answered and the end of the input exits 0', { timeout: 120000 }, async () => {
  const { code, answers } = await rawSession([
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}',
    '{"jsonrpc":"2.0","method":"notifications/initialized"}',
    '{"jsonrpc":"2.0","id":2,"method":',
    '[{"jsonrpc":"2.0","id":3,"method":"ping"}]',
    '{"jsonrpc":"2.0","id":4,"method":"prompts/list"}',
    '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"report","arguments":[]}}',
    '{"jsonrpc":"2.0","id":6,"method":"ping"}',
  ]);
  assert.equal(code, 0);
  assert.equal(answers.length, 6, JSON.stringify(answers));
  assert.equal(answers[0].result.protocolVersion, '2025-06-18');
  assert.deepEqual(answers.slice(1, 5).map((answer) => [answer.id, answer.error.code]),
    [[null, -32700], [null, -32600], [4, -32601], [5, -32602]]);
  assert.deepEqual(answers[5], { jsonrpc: '2.0', id: 6, result: {} });
});
