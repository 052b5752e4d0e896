#include "service/refresher.h"

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <chrono>
#include <cmath>
#include <limits>

#include "common/errors.h"
#include "decisions/planning/pool_demand.h"
#include "decisions/planning/pool_planning.h"
#include "decisions/planning/pools.h"
#include "decisions/report/report_pipeline.h"
#include "models/metrics.h"
#include "outputs/json_text.h"
#include "outputs/plan_output.h"
#include "outputs/report_output.h"
#include "service/forecast_ledger.h"

namespace fleetcast::service {

// What the refresher remembers of one pool between refreshes. Outside the anonymous namespace because
// Refresher::State, a class with external linkage, holds a vector of it.
struct PoolState {
  decisions::Pool pool;
  std::string model;                     // chosen by the last selection; empty before the first
  std::optional<double> backtest_mase;   // of that model, in that selection's backtest
  TimestampUs selected_at = 0;           // wall clock of the last selection
  // The drift check reads the forecasts issued from here on: after a re-selection for drift, only the
  // new selection's own forecasts may call for another.
  TimestampUs judged_since = std::numeric_limits<TimestampUs>::min();
  bool warned_callers = false;
  std::string logged_error;              // the last error logged, so each is logged once, not every refresh
};

namespace {

constexpr std::int64_t kStepSeconds = 3600;
constexpr TimestampUs kStep = kStepSeconds * kMicrosPerSecond;
constexpr TimestampUs kDay = 86400LL * kMicrosPerSecond;
constexpr TimestampUs kWeek = 7 * kDay;
// The forecast endpoint shows two days of actual demand before the forecast, for the dashboard.
constexpr std::size_t kHistorySteps = 48;
// Drift: the live MASE over a day, on at least this many scored steps, above this multiple of the
// backtest's MASE re-runs the model selection at once.
constexpr std::uint64_t kDriftMinScored = 6;
constexpr double kDriftRatio = 1.5;


nlohmann::ordered_json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

// The hour-step demand value whose step starts at `target`, if the series holds it.
std::optional<double> value_at(const series::TimeSeries& series, TimestampUs target) {
  if (target < series.start || (target - series.start) % kStep != 0) return std::nullopt;
  const auto index = static_cast<std::size_t>((target - series.start) / kStep);
  if (index >= series.size()) return std::nullopt;
  return series.values[index];
}

std::optional<double> backtest_mase_of(const models::ForecastResult& forecast) {
  for (const auto& score : forecast.backtest.scores) {
    if (score.model == forecast.model) return score.mase;
  }
  return std::nullopt;
}

std::string forecast_json(const PoolState& state, const series::TimeSeries& history,
                          const models::ForecastResult& forecast, double level, TimestampUs issued_at) {
  nlohmann::ordered_json json;
  json["pool"] = state.pool.name;
  json["model"] = forecast.model;
  json["step_seconds"] = kStepSeconds;
  json["level"] = level;
  json["issued_at"] = format_iso8601(issued_at);
  json["history"] = nlohmann::ordered_json::array();
  // The last step holds the latest event and is still filling up: only complete steps are actuals.
  const std::size_t complete = history.size() > 0 ? history.size() - 1 : 0;
  for (std::size_t i = complete > kHistorySteps ? complete - kHistorySteps : 0; i < complete; ++i) {
    json["history"].push_back({{"timestamp", format_iso8601(history.time_at(i))}, {"value", history.values[i]}});
  }
  json["steps"] = nlohmann::ordered_json::array();
  for (const auto& step : forecast.steps) {
    json["steps"].push_back({{"timestamp", format_iso8601(step.timestamp)},
                             {"mean", step.mean},
                             {"lower", step.lower.front()},
                             {"upper", step.upper.front()}});
  }
  return outputs::json_text(json);
}

// A Prometheus pool's answers say whether they are fresh: while its source fails they are the last good
// ones, "stale": true, since when and why.
void mark_staleness(PoolSnapshot& pool, const PrometheusPoolDemand& demand) {
  pool.from_prometheus = true;
  pool.stale = demand.stale;
  pool.stale_since = demand.stale ? demand.stale_since : 0;
  pool.stale_reason = demand.stale ? demand.stale_reason : "";
  for (std::string* document : {&pool.forecast_json, &pool.plan_json, &pool.keda_json}) {
    if (document->empty()) continue;
    auto json = nlohmann::ordered_json::parse(*document);
    json["stale"] = pool.stale;
    json["stale_since"] = pool.stale ? nlohmann::ordered_json(format_iso8601(pool.stale_since)) : nlohmann::ordered_json(nullptr);
    json["stale_reason"] = pool.stale ? nlohmann::ordered_json(pool.stale_reason) : nlohmann::ordered_json(nullptr);
    *document = outputs::json_text(json);
  }
}

}  // namespace

bool in_shard(const std::string& pool_name, const Shard& shard) {
  if (shard.count == 0 || shard.index >= shard.count) {
    throw InputError(fmt::format("--shard {}/{}: the index must be below the count", shard.index, shard.count));
  }
  // Prometheus' hashmod: the MD5 digest's last 8 bytes as a big-endian integer, modulo the count.
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(pool_name.data(), pool_name.size(), digest, &length, EVP_md5(), nullptr) != 1 || length != 16) {
    throw RuntimeFailure("MD5 of a pool name failed (OpenSSL)");
  }
  std::uint64_t hash = 0;
  for (unsigned int i = 8; i < 16; ++i) hash = (hash << 8) | digest[i];
  return hash % shard.count == shard.index;
}

struct Refresher::State {
  RefreshOptions options;
  ForecastLedger ledger;
  std::vector<PoolState> pools;
  std::shared_ptr<const ServiceSnapshot> previous;

  State(RefreshOptions given, StateDatabase& database) : options(std::move(given)), ledger(database) {}

  void build_report(ServiceSnapshot& snapshot, const decisions::LoadedTelemetry& telemetry) const;
  PoolSnapshot telemetry_pool(PoolState& state, const events::MetricStore& store, TimestampUs now);
  PoolSnapshot prometheus_pool(PoolState& state, const PrometheusPoolDemand& demand, TimestampUs now);
  PoolSnapshot plan_pool(PoolState& state, const series::TimeSeries& history, TimestampUs latest, TimestampUs now);
  void render_lists(ServiceSnapshot& snapshot) const;
};

void Refresher::State::build_report(ServiceSnapshot& snapshot, const decisions::LoadedTelemetry& telemetry) const {
  if (telemetry.store.empty()) {
    snapshot.report_error = "no metric events yet";
    return;
  }
  decisions::ReportRequest request;
  request.horizon_hours = options.horizon_hours;
  request.thresholds = options.thresholds;
  request.seed = options.seed;
  try {
    const decisions::ReportRun run = decisions::build_report_run(telemetry, request);
    snapshot.report_json = outputs::json_text(outputs::report_json(run.report, {run.metrics, run.heartbeat}));
  } catch (const std::exception& error) {
    snapshot.report_error = error.what();
  }
}

PoolSnapshot Refresher::State::telemetry_pool(PoolState& state, const events::MetricStore& store, TimestampUs now) {
  PoolSnapshot snapshot;
  snapshot.name = state.pool.name;
  snapshot.model = state.model;
  snapshot.level = options.level;
  if (!state.pool.demand_csv.empty()) {
    snapshot.error = "the pool reads its demand from a CSV file; serve plans the pools whose demand is telemetry";
    return snapshot;
  }
  if (store.empty()) {
    snapshot.error = "no metric events yet";
    return snapshot;
  }
  const decisions::PoolDemand demand = decisions::pool_demand(store, state.pool, kStepSeconds);
  if (!state.warned_callers) {  // once: a misspelt caller would otherwise just add no demand
    decisions::warn_missing_callers(state.pool, store.caller_names());
    state.warned_callers = true;
  }
  if (!demand.callers_seen) {
    snapshot.error = "none of the pool's callers appears in the metric logs";
    return snapshot;
  }
  return plan_pool(state, demand.series, store.latest(), now);
}

PoolSnapshot Refresher::State::prometheus_pool(PoolState& state, const PrometheusPoolDemand& demand, TimestampUs now) {
  if (demand.hourly) return plan_pool(state, *demand.hourly, demand.latest, now);
  PoolSnapshot snapshot;
  snapshot.name = state.pool.name;
  snapshot.model = state.model;
  snapshot.level = options.level;
  if (!demand.error.empty()) {
    snapshot.error = "Prometheus refused the pool's query: " + demand.error;
  } else if (demand.stale) {
    snapshot.error = "no demand from Prometheus yet: " + demand.stale_reason;
  } else {
    snapshot.error = "Prometheus holds no demand for the pool in the history window";
  }
  return snapshot;
}

// `latest`: the newest event (or sample) in `history`, whose hour is still filling.
PoolSnapshot Refresher::State::plan_pool(PoolState& state, const series::TimeSeries& history, TimestampUs latest, TimestampUs now) {
  PoolSnapshot snapshot;
  snapshot.name = state.pool.name;
  snapshot.model = state.model;
  snapshot.level = options.level;
  ledger.score(state.pool.name, latest, [&history](TimestampUs target) { return value_at(history, target); });

  const bool refit_due = state.model.empty() || now - state.selected_at >= options.refit_every;
  std::string drift;
  if (!refit_due && state.backtest_mase) {
    const LiveAccuracy live = ledger.accuracy(state.pool.name, latest, kDay, state.judged_since);
    if (live.scored >= kDriftMinScored && *live.mase > kDriftRatio * *state.backtest_mase) {
      drift = fmt::format("live MASE {:.3f} over the last 24 h ({} steps scored) is above {:g} x the backtest MASE {:.3f}",
                          *live.mase, live.scored, kDriftRatio, *state.backtest_mase);
    }
  }
  const bool select = refit_due || !drift.empty();

  decisions::PoolPlanRequest request;
  request.model = select ? "auto" : state.model;
  request.horizon_steps = static_cast<std::size_t>(std::max(1.0, std::ceil(options.horizon_hours - 1e-9)));
  request.level = options.level;
  request.seed = options.seed;
  decisions::ForecastPlan planned;
  try {
    planned = decisions::forecast_and_plan(state.pool, history, request);
  } catch (const std::exception& error) {
    snapshot.error = error.what();
    return snapshot;
  }
  const models::ForecastResult& forecast = planned.forecast;
  if (select) {
    const std::string previous = state.model;
    state.model = forecast.model;
    state.backtest_mase = backtest_mase_of(forecast);
    state.selected_at = now;
    if (drift.empty()) {
      fmt::print(stderr, "fleetcast serve: pool '{}': model selection: {}\n", state.pool.name, forecast.selection);
    } else {
      fmt::print(stderr, "fleetcast serve: pool '{}': re-selected the model at once: {}; {} -> {}\n", state.pool.name, drift, previous,
                 forecast.model);
      ledger.record_reselection({now, state.pool.name, drift, previous, forecast.model});
      state.judged_since = now;
    }
  }

  ForecastIssue issue;
  issue.pool = state.pool.name;
  issue.model = forecast.model;
  issue.issued_at = now;
  issue.origin = history.time_at(history.size());
  issue.step_seconds = kStepSeconds;
  issue.level = options.level;
  issue.scale = models::seasonal_naive_scale(history.values, forecast.season_periods.empty() ? 1 : forecast.season_periods.front());
  for (const auto& step : forecast.steps) issue.steps.push_back({step.timestamp, step.mean, step.lower.front(), step.upper.front()});
  ledger.record(issue);

  const decisions::PoolPlan& plan = planned.plan;
  snapshot.model = forecast.model;
  // The first planned step is the hour after the one holding the latest event (that hour's requests are
  // still arriving): the replicas to hold by the time it starts.
  snapshot.desired_replicas = plan.steps.front().desired;
  for (const auto& step : plan.steps) snapshot.steps.push_back({step.timestamp, step.mean, step.lower, step.upper, step.desired});
  snapshot.forecast_json = forecast_json(state, history, forecast, options.level, now);
  snapshot.plan_json = outputs::json_text(outputs::plan_json(plan));
  nlohmann::ordered_json keda;
  keda["pool"] = state.pool.name;
  keda["desired_replicas"] = snapshot.desired_replicas;
  keda["issued_at"] = format_iso8601(now);
  keda["model"] = forecast.model;
  snapshot.keda_json = outputs::json_text(keda);
  return snapshot;
}

void Refresher::State::render_lists(ServiceSnapshot& snapshot) const {
  nlohmann::ordered_json pools_list = {{"pools", nlohmann::ordered_json::array()}};
  nlohmann::ordered_json accuracy_list = {{"pools", nlohmann::ordered_json::array()}};
  for (const auto& state : pools) {
    const PoolSnapshot& pool = snapshot.pools.at(state.pool.name);
    const bool planned = pool.error.empty();
    pools_list["pools"].push_back({{"name", pool.name},
                                   {"model", pool.model.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(pool.model)},
                                   {"desired_replicas", planned ? nlohmann::ordered_json(pool.desired_replicas) : nullptr},
                                   {"error", planned ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(pool.error)},
                                   {"stale", pool.stale}});
    const AccuracyFigures& figures = pool.accuracy;
    const auto window = [](std::optional<double> mase, std::optional<double> coverage, std::uint64_t scored) {
      return nlohmann::ordered_json{{"mase", optional_number(mase)}, {"coverage", optional_number(coverage)}, {"scored", scored}};
    };
    nlohmann::ordered_json reselections = nlohmann::ordered_json::array();
    for (const auto& reselection : ledger.reselections(state.pool.name)) {
      reselections.push_back({{"at", format_iso8601(reselection.at)},
                              {"reason", reselection.reason},
                              {"from", reselection.from_model},
                              {"to", reselection.to_model}});
    }
    accuracy_list["pools"].push_back(
        {{"pool", pool.name},
         {"model", pool.model.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(pool.model)},
         {"backtest_mase", optional_number(figures.backtest_mase)},
         {"live",
          {{"24h", window(figures.live_mase_24h, figures.live_coverage_24h, figures.scored_24h)},
           {"7d", window(figures.live_mase_7d, figures.live_coverage_7d, figures.scored_7d)}}},
         {"reselections", std::move(reselections)}});
  }
  snapshot.pools_json = outputs::json_text(pools_list);
  snapshot.accuracy_json = outputs::json_text(accuracy_list);
}

Refresher::Refresher(RefreshOptions options, StateDatabase& database)
    : state_(std::make_unique<State>(std::move(options), database)) {
  if (state_->options.pools_file.empty()) return;
  for (auto& pool : decisions::load_pools(state_->options.pools_file)) {
    if (!in_shard(pool.name, state_->options.shard)) continue;
    PoolState& state = state_->pools.emplace_back();
    state.pool = std::move(pool);
    // A restart keeps judging drift from the last re-selection on, not from forecasts that led to it.
    const auto reselections = state_->ledger.reselections(state.pool.name);
    if (!reselections.empty()) state.judged_since = reselections.back().at;
  }
}

Refresher::~Refresher() = default;

std::vector<decisions::Pool> Refresher::pools() const {
  std::vector<decisions::Pool> pools;
  for (const auto& state : state_->pools) pools.push_back(state.pool);
  return pools;
}

std::shared_ptr<const ServiceSnapshot> Refresher::refresh(const decisions::LoadedTelemetry& telemetry, double ingest_lag_seconds,
                                                          const IngestPass& pass, TimestampUs now, const PrometheusFeed* prometheus) {
  const auto started = std::chrono::steady_clock::now();
  auto snapshot = std::make_shared<ServiceSnapshot>();
  State& state = *state_;
  const ServiceSnapshot* previous = state.previous.get();
  // A refresh that read nothing new keeps the report and the telemetry pools' answers as they were; a
  // Prometheus pool is planned again when its source brought new samples.
  const bool telemetry_changed = !previous || pass.new_lines > 0;
  if (telemetry_changed) {
    state.build_report(*snapshot, telemetry);
  } else {
    snapshot->report_json = previous->report_json;
    snapshot->report_error = previous->report_error;
  }
  const events::MetricStore& store = telemetry.store;
  for (auto& pool : state.pools) {
    const PrometheusPoolDemand* demand = nullptr;
    if (prometheus) {
      const auto found = prometheus->pools().find(pool.pool.name);
      if (found != prometheus->pools().end()) demand = &found->second;
    }
    const auto kept = previous ? previous->pools.find(pool.pool.name) : std::map<std::string, PoolSnapshot>::const_iterator{};
    const bool replan = !previous || kept == previous->pools.end() || (demand ? demand->changed || !demand->hourly : telemetry_changed);
    PoolSnapshot pool_snapshot;
    if (!replan) {
      pool_snapshot = kept->second;
    } else {
      pool_snapshot = demand ? state.prometheus_pool(pool, *demand, now) : state.telemetry_pool(pool, store, now);
      if (pool_snapshot.error != pool.logged_error && !pool_snapshot.error.empty()) {
        fmt::print(stderr, "fleetcast serve: pool '{}': no forecast or plan: {}\n", pool.pool.name, pool_snapshot.error);
      }
      pool.logged_error = pool_snapshot.error;
      pool_snapshot.accuracy.backtest_mase = pool.backtest_mase;
      const std::optional<TimestampUs> latest =
          demand ? (demand->hourly ? std::optional(demand->latest) : std::nullopt) : (store.empty() ? std::nullopt : std::optional(store.latest()));
      if (latest) {
        const LiveAccuracy day = state.ledger.accuracy(pool.pool.name, *latest, kDay);
        const LiveAccuracy week = state.ledger.accuracy(pool.pool.name, *latest, kWeek);
        pool_snapshot.accuracy.live_mase_24h = day.mase;
        pool_snapshot.accuracy.live_coverage_24h = day.coverage;
        pool_snapshot.accuracy.scored_24h = day.scored;
        pool_snapshot.accuracy.live_mase_7d = week.mase;
        pool_snapshot.accuracy.live_coverage_7d = week.coverage;
        pool_snapshot.accuracy.scored_7d = week.scored;
      }
    }
    if (demand) mark_staleness(pool_snapshot, *demand);
    snapshot->pools[pool.pool.name] = std::move(pool_snapshot);
  }
  state.render_lists(*snapshot);
  if (prometheus) {
    for (const auto& source : prometheus->sources()) {
      snapshot->prometheus_sources.push_back({source.source, source.up, static_cast<int>(source.breaker)});
    }
  }
  const events::SourceSummary& metrics = telemetry.metrics;
  snapshot->metrics = {metrics.lines, metrics.events, metrics.skipped, metrics.bytes};
  if (const auto& heartbeat = telemetry.heartbeat) {
    snapshot->heartbeat = {heartbeat->lines, heartbeat->events, heartbeat->skipped, heartbeat->bytes};
  }
  snapshot->ingest_lag_seconds = ingest_lag_seconds;
  snapshot->ready = true;
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  snapshot->refresh_seconds = took.count();
  snapshot->refreshed_at = now + static_cast<TimestampUs>(std::llround(took.count() * 1e6));
  state.previous = snapshot;
  return snapshot;
}

}  // namespace fleetcast::service
