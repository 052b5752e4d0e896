#include "decisions/report/report_pipeline.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "common/errors.h"
#include "decisions/planning/capacity_plan.h"
#include "decisions/planning/pool_demand.h"
#include "decisions/planning/pools.h"
#include "decisions/report/report_anomalies.h"
#include "events/windows.h"
#include "models/backtest.h"
#include "models/forecaster.h"
#include "series/telemetry_series.h"

namespace fleetcast::decisions {
namespace {

constexpr std::int64_t kHourSeconds = 3600;

// Hourly counts without the last, still-filling hour.
series::TimeSeries complete_hours(series::TimeSeries hourly) {
  if (!hourly.values.empty()) hourly.values.pop_back();
  return hourly;
}

void check_horizon(double horizon_hours) {
  if (!(horizon_hours >= kMinReportHorizonHours) || !std::isfinite(horizon_hours)) {
    throw InputError(fmt::format("--horizon must be at least 5m (0.0833 h), got {:g} h", horizon_hours));
  }
}

// nullopt when the pool's demand cannot be forecast: the report then stands without replica counts.
std::optional<PrewarmAdvice> plan_prewarm(const events::MetricStore& store, const ReportRequest& request,
                                          const WarningSink& warn) {
  const auto pools = load_pools(request.pools_file);
  const Pool& pool = select_pool(pools, request.pool_name);
  if (!pool.demand_csv.empty()) throw InputError("pool '" + pool.name + "' reads its demand from a CSV file; report needs a telemetry pool");
  if (pool.demand == "prometheus") {
    throw InputError("pool '" + pool.name + "' reads its demand from Prometheus; report needs a telemetry pool (plan reads Prometheus pools)");
  }
  send_warnings(warn, missing_caller_warnings(pool, store.caller_names()));
  const series::TimeSeries history = complete_hours(pool_demand(store, pool, kHourSeconds).series);
  models::ForecastRequest forecast_request;
  forecast_request.horizon = static_cast<std::size_t>(std::ceil(request.horizon_hours)) + 1;
  forecast_request.seed = request.seed;
  std::optional<models::ForecastResult> forecast;
  try {
    forecast = models::forecast(history, forecast_request);
  } catch (const std::runtime_error& error) {
    warn(fmt::format("warning: pool '{}': no forecast to size the pre-warm from, so no replica count: {}", pool.name,
                     error.what()));
    return std::nullopt;
  }
  const auto given = request.current_replicas.find(pool.name);
  PrewarmAdvice advice = plan_prewarm_advice(
      pool, history, *forecast, given != request.current_replicas.end() ? std::optional(given->second) : pool.current_replicas);
  // The plan starts with the hour still filling up, so a start time before the latest event has passed.
  if (advice.replicas > 0) advice.late = advice.start_at < store.latest();
  return advice;
}

}  // namespace

RateForecast forecast_request_rate(const series::TimeSeries& hourly_counts, TimestampUs latest, double horizon_hours,
                                   std::uint64_t seed) {
  const TimestampUs history_end = hourly_counts.time_at(hourly_counts.size());
  const TimestampUs window_end = latest + static_cast<TimestampUs>(std::llround(horizon_hours * 3600e6));
  const auto step = static_cast<TimestampUs>(kHourSeconds * kMicrosPerSecond);
  models::ForecastRequest forecast_request;
  forecast_request.horizon = static_cast<std::size_t>((window_end - history_end + step - 1) / step);
  forecast_request.seed = seed;
  if (models::max_rolling_origins(hourly_counts.size(), forecast_request.horizon) < forecast_request.folds) {
    throw InputError(fmt::format("a {:g} h horizon ({} hourly steps ahead) needs about {} complete hours of history to "
                                 "backtest {} folds, and there are {}",
                                 horizon_hours, forecast_request.horizon,
                                 2 * (forecast_request.horizon + forecast_request.folds - 1) + 2, forecast_request.folds,
                                 hourly_counts.size()));
  }
  const models::ForecastResult result = models::forecast(hourly_counts, forecast_request);

  RateForecast rate{result.model, result.levels.front(), 0, 0, 0};
  for (const auto& forecast_step : result.steps) {
    const TimestampUs overlap_start = std::max(forecast_step.timestamp, latest);
    const TimestampUs overlap_end = std::min(forecast_step.timestamp + step, window_end);
    if (overlap_end <= overlap_start) continue;
    const double hours = static_cast<double>(overlap_end - overlap_start) / 3600e6;  // counts are per hour
    rate.mean += forecast_step.mean * hours;
    rate.lower += forecast_step.lower.front() * hours;
    rate.upper += forecast_step.upper.front() * hours;
  }
  rate.mean /= horizon_hours;
  rate.lower /= horizon_hours;
  rate.upper /= horizon_hours;
  return rate;
}

ReportRun run_demand_report(const ReportRequest& request, const WarningSink& warn) {
  check_horizon(request.horizon_hours);
  const auto reads_standard_input = [](const std::vector<std::string>& paths) { return std::find(paths.begin(), paths.end(), "-") != paths.end(); };
  if (reads_standard_input(request.metric_paths) && reads_standard_input(request.heartbeat_paths)) {
    throw InputError("standard input ('-') can feed only one of --metrics and --heartbeat");
  }
  const std::vector<std::string> metric_paths = request.metric_paths.empty() ? std::vector<std::string>{"metrics"} : request.metric_paths;
  events::MetricLoad metrics = events::load_metrics(metric_paths, request.now);
  send_warnings(warn, events::skipped_warnings(metrics.summary, "metrics"));
  send_warning(warn, events::anonymous_metrics_warning(metrics.store));
  const auto horizon = static_cast<TimestampUs>(std::llround(request.horizon_hours * 3600.0 * 1e6));
  if (request.history && *request.history < 2 * horizon) {
    throw InputError(fmt::format("--history must cover two --horizon windows (the recent one and its baseline): at least "
                                 "{:g} h for --horizon {:g} h",
                                 2 * request.horizon_hours, request.horizon_hours));
  }
  const TimestampUs history = request.history.value_or(std::min(events::kMaxHistory, std::max(events::kDefaultHistory, 2 * horizon)));
  send_warning(warn, events::history_note(events::keep_recent_history(metrics.store, history), history));
  if (metrics.store.empty()) {
    throw InputError(fmt::format("no metric events in {} ({} file{}, {} lines, {} skipped)", fmt::join(metric_paths, ", "),
                                 metrics.summary.files, metrics.summary.files == 1 ? "" : "s", metrics.summary.lines,
                                 metrics.summary.skipped));
  }

  std::vector<sources::HeartbeatTick> ticks;
  std::optional<events::SourceSummary> heartbeat_summary;
  std::vector<std::string> heartbeat_paths = request.heartbeat_paths;
  if (heartbeat_paths.empty() && std::filesystem::exists("heartbeat")) heartbeat_paths = {"heartbeat"};
  if (!heartbeat_paths.empty()) {
    auto heartbeats = events::load_heartbeats(heartbeat_paths, request.heartbeat_fields, request.now);
    send_warnings(warn, events::skipped_warnings(heartbeats.summary, "heartbeat"));
    send_warnings(warn, events::missing_field_warnings(heartbeats, request.heartbeat_fields));
    ticks = std::move(heartbeats.ticks);
    heartbeat_summary = std::move(heartbeats.summary);
  }

  const LoadedTelemetry telemetry{
      metrics.store,
      [&metrics](const std::vector<std::int64_t>& seconds) { return events::load_events_in_seconds(metrics, seconds); },
      ticks, std::move(metrics.summary), std::move(heartbeat_summary)};
  return build_report_run(telemetry, request, warn);
}

ReportRun build_report_run(const LoadedTelemetry& telemetry, const ReportRequest& request, const WarningSink& warn) {
  check_horizon(request.horizon_hours);
  const events::MetricStore& store = telemetry.store;
  if (store.empty()) throw InputError("no metric events to report on");
  const auto horizon = static_cast<TimestampUs>(std::llround(request.horizon_hours * 3600.0 * 1e6));
  const events::DemandWindows windows = events::measure_windows(store, horizon, telemetry.exact_events);
  const HealthSummary health = summarize_health(telemetry.ticks, horizon);
  std::optional<RateForecast> forecast;
  std::string forecast_note;
  if (store.latest() - store.earliest() >= kForecastHistory) {
    const auto hourly = complete_hours(series::telemetry_series(store, series::Measure::requests, kHourSeconds));
    try {
      forecast = forecast_request_rate(hourly, store.latest(), request.horizon_hours, request.seed);
    } catch (const std::runtime_error& error) {  // the report stands without its optional forecast
      forecast_note = fmt::format("no fitted forecast: {}; the predicted rate follows the damped trend", error.what());
    }
  } else {
    forecast_note = fmt::format("no fitted forecast: the history spans {:.1f} h, under the {} h a fitted forecast needs; "
                                "the predicted rate follows the damped trend",
                                static_cast<double>(store.latest() - store.earliest()) / 3600e6,
                                kForecastHistory / (3600 * kMicrosPerSecond));
  }
  std::optional<PrewarmAdvice> prewarm;
  if (!request.pools_file.empty()) prewarm = plan_prewarm(store, request, warn);
  ReportRun run;
  const auto anomalies = recent_anomalies(store, windows.recent, request.thresholds.fail_min_requests, request.seed);
  run.report = build_demand_report(windows, store.caller_names(), health, request.horizon_hours, request.thresholds,
                                   forecast, prewarm, anomalies);
  run.report.forecast_note = std::move(forecast_note);
  run.metrics = telemetry.metrics;
  run.heartbeat = telemetry.heartbeat;
  return run;
}

}  // namespace fleetcast::decisions
