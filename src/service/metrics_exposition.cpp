#include "service/metrics_exposition.h"

#include <fmt/format.h>

#include "outputs/prometheus_text.h"

namespace fleetcast::service {
namespace {

using outputs::MetricLabels;
using outputs::MetricType;
using outputs::PrometheusText;

void source_counter(PrometheusText& text, const ServiceSnapshot& snapshot, const char* name, const char* help,
                    std::uint64_t SourceCounters::*field) {
  text.family(name, MetricType::counter, help);
  text.sample({{"source", "metrics"}}, static_cast<double>(snapshot.metrics.*field));
  text.sample({{"source", "heartbeat"}}, static_cast<double>(snapshot.heartbeat.*field));
}

// One family with a sample per pool and forecast step.
template <typename Value>
void per_step(PrometheusText& text, const ServiceSnapshot& snapshot, const char* name, const char* help, bool with_level,
              Value value) {
  text.family(name, MetricType::gauge, help);
  for (const auto& [pool_name, pool] : snapshot.pools) {
    for (std::size_t step = 0; step < pool.steps.size(); ++step) {
      MetricLabels labels{{"pool", pool_name}, {"step", std::to_string(step + 1)}};
      if (with_level) labels.emplace_back("level", fmt::format("{}", pool.level));
      text.sample(labels, value(pool.steps[step]));
    }
  }
}

void per_window(PrometheusText& text, const ServiceSnapshot& snapshot, const char* name, const char* help,
                std::optional<double> AccuracyFigures::*day, std::optional<double> AccuracyFigures::*week) {
  text.family(name, MetricType::gauge, help);
  for (const auto& [pool_name, pool] : snapshot.pools) {
    if (const auto value = pool.accuracy.*day) text.sample({{"pool", pool_name}, {"window", "24h"}}, *value);
    if (const auto value = pool.accuracy.*week) text.sample({{"pool", pool_name}, {"window", "7d"}}, *value);
  }
}

}  // namespace

std::string metrics_exposition(const ServiceSnapshot& snapshot) {
  PrometheusText text;
  text.family("fleetcast_ready", MetricType::gauge, "1 once the first complete ingest and refresh are done, else 0");
  text.sample(snapshot.ready ? 1 : 0);
  text.family("fleetcast_last_refresh_timestamp_seconds", MetricType::gauge, "When the last refresh ended, seconds since the epoch");
  text.sample(static_cast<double>(snapshot.refreshed_at) / kMicrosPerSecond);
  text.family("fleetcast_refresh_duration_seconds", MetricType::gauge, "How long the last refresh took");
  text.sample(snapshot.refresh_seconds);
  text.family("fleetcast_ingest_lag_seconds", MetricType::gauge, "Seconds between the newest event read and the last refresh");
  text.sample(snapshot.ingest_lag_seconds);

  source_counter(text, snapshot, "fleetcast_lines_read_total", "Log lines read", &SourceCounters::lines);
  source_counter(text, snapshot, "fleetcast_lines_skipped_total", "Malformed log lines skipped", &SourceCounters::skipped);
  source_counter(text, snapshot, "fleetcast_events_read_total", "Events read from the logs", &SourceCounters::events);
  source_counter(text, snapshot, "fleetcast_bytes_read_total", "Bytes of log read", &SourceCounters::bytes);

  text.family("fleetcast_source_up", MetricType::gauge,
              "1 when the last fetch from the Prometheus source succeeded, 0 while it fails or its breaker is open");
  for (const auto& source : snapshot.prometheus_sources) text.sample({{"source", source.source}}, source.up ? 1 : 0);
  text.family("fleetcast_source_breaker_state", MetricType::gauge, "Circuit breaker of the Prometheus source: 0 closed, 1 open, 2 half-open");
  for (const auto& source : snapshot.prometheus_sources) text.sample({{"source", source.source}}, source.breaker_state);
  text.family("fleetcast_pool_stale", MetricType::gauge, "1 while the pool's forecast and plan are the last good ones of a failing source");
  for (const auto& [pool_name, pool] : snapshot.pools) {
    if (pool.from_prometheus) text.sample({{"pool", pool_name}}, pool.stale ? 1 : 0);
  }

  text.family("fleetcast_desired_replicas", MetricType::gauge, "Replicas the plan wants for each pool now");
  for (const auto& [pool_name, pool] : snapshot.pools) {
    if (pool.error.empty()) text.sample({{"pool", pool_name}}, pool.desired_replicas);
  }
  per_step(text, snapshot, "fleetcast_forecast_mean_per_hour", "Forecast mean demand per hour, by steps ahead", false,
           [](const ForecastStepFigures& step) { return step.mean; });
  per_step(text, snapshot, "fleetcast_forecast_lower_per_hour", "Lower bound of the forecast interval, demand per hour", true,
           [](const ForecastStepFigures& step) { return step.lower; });
  per_step(text, snapshot, "fleetcast_forecast_upper_per_hour", "Upper bound of the forecast interval, demand per hour", true,
           [](const ForecastStepFigures& step) { return step.upper; });
  per_step(text, snapshot, "fleetcast_planned_replicas", "Replicas the plan wants, by steps ahead", false,
           [](const ForecastStepFigures& step) { return static_cast<double>(step.desired_replicas); });

  text.family("fleetcast_backtest_mase", MetricType::gauge, "MASE of the chosen model in its backtest");
  for (const auto& [pool_name, pool] : snapshot.pools) {
    if (pool.accuracy.backtest_mase) text.sample({{"pool", pool_name}}, *pool.accuracy.backtest_mase);
  }
  per_window(text, snapshot, "fleetcast_live_mase", "MASE of the forecasts issued, scored against the actuals",
             &AccuracyFigures::live_mase_24h, &AccuracyFigures::live_mase_7d);
  per_window(text, snapshot, "fleetcast_live_interval_coverage_ratio", "Share of actuals inside the issued forecast intervals",
             &AccuracyFigures::live_coverage_24h, &AccuracyFigures::live_coverage_7d);
  text.family("fleetcast_forecasts_scored", MetricType::gauge, "Forecast steps scored against actuals in the window");
  for (const auto& [pool_name, pool] : snapshot.pools) {
    text.sample({{"pool", pool_name}, {"window", "24h"}}, static_cast<double>(pool.accuracy.scored_24h));
    text.sample({{"pool", pool_name}, {"window", "7d"}}, static_cast<double>(pool.accuracy.scored_7d));
  }
  return text.text();
}

}  // namespace fleetcast::service
