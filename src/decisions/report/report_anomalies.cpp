#include "decisions/report/report_anomalies.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <tuple>

#include "models/anomaly/anomaly_detector.h"
#include "series/telemetry_series.h"

namespace fleetcast::decisions {
namespace {

constexpr std::int64_t kAnomalyStepSeconds = 3600;
// A caller's window scoring this much (where a detector counts as agreeing) but below the threshold is
// named when it overlaps the fleet's anomaly of the same kind: the fleet's window is the evidence of the
// incident, the caller's the evidence of its share. The novelty cap holds a caller's surge low when the
// caller has reached such levels on other days (a weekday peak hour), while the fleet's sum has not.
constexpr double kSupportingScore = 0.5;

struct ScoredSeries {
  series::Measure measure;
  std::optional<std::string> caller;
  series::TimeSeries hourly;
  std::vector<ReportAnomaly> anomalies;
  std::vector<ReportAnomaly> supporting;  // a caller's windows at kSupportingScore or more, below the threshold
};

series::TimeSeries without_last_hour(series::TimeSeries hourly) {
  if (!hourly.values.empty()) hourly.values.pop_back();
  return hourly;
}

std::vector<ScoredSeries> series_to_score(const events::MetricStore& store, const events::WindowTotals& recent) {
  std::vector<ScoredSeries> all;
  for (const auto measure : {series::Measure::requests, series::Measure::failures}) {
    all.push_back({measure, std::nullopt, without_last_hour(series::telemetry_series(store, measure, kAnomalyStepSeconds)), {}, {}});
  }
  const auto active = [&](const std::string& caller) {
    const events::CallerId id = store.find_caller(caller);
    return id < recent.by_caller.size() && recent.by_caller[id].requests > 0;
  };
  for (const auto measure : {series::Measure::requests, series::Measure::failures}) {
    for (auto& [caller, hourly] : series::telemetry_series_by_caller(store, measure, kAnomalyStepSeconds)) {
      if (active(caller)) all.push_back({measure, caller, without_last_hour(std::move(hourly)), {}, {}});
    }
  }
  return all;
}

void find_recent_windows(ScoredSeries& scored, const events::WindowTotals& recent, std::uint64_t min_burst_failures,
                         std::uint64_t seed) {
  if (scored.hourly.values.empty()) return;
  models::anomaly::AnomalyOptions options;
  options.failure_series = scored.measure == series::Measure::failures;
  options.seed = seed;
  const auto scores = models::anomaly::score_anomalies(scored.hourly, options);
  const auto keep = [&](const models::anomaly::AnomalyWindow& window, std::vector<ReportAnomaly>& into) {
    if (window.end <= recent.start || window.start > recent.end) return;  // recent is (start, end]
    if (window.kind == models::anomaly::AnomalyKind::failure_burst &&
        window.peak_value < static_cast<double>(min_burst_failures)) {
      return;
    }
    into.push_back({std::string(models::anomaly::anomaly_kind_name(window.kind)),
                    options.failure_series ? "failures" : "requests", scored.caller, window.start, window.end,
                    window.peak, window.score, window.peak_value,
                    std::isfinite(window.expected_value) ? std::optional(window.expected_value) : std::nullopt});
  };
  for (const auto& window : models::anomaly::anomaly_windows(scored.hourly, scores, options)) keep(window, scored.anomalies);
  if (!scored.caller) return;
  models::anomaly::AnomalyOptions supporting = options;
  supporting.threshold = kSupportingScore;
  for (const auto& window : models::anomaly::anomaly_windows(scored.hourly, scores, supporting)) {
    if (window.score < options.threshold) keep(window, scored.supporting);
  }
}

bool same_fleet_incident(const ReportAnomaly& fleet, const ReportAnomaly& caller) {
  return !fleet.caller && fleet.kind == caller.kind && fleet.series == caller.series && fleet.start < caller.end &&
         caller.start < fleet.end;
}

}  // namespace

std::vector<ReportAnomaly> recent_anomalies(const events::MetricStore& store, const events::WindowTotals& recent,
                                            std::uint64_t min_burst_failures, std::uint64_t seed) {
  std::vector<ScoredSeries> all = series_to_score(store, recent);
  tbb::parallel_for(std::size_t{0}, all.size(),
                    [&](std::size_t i) { find_recent_windows(all[i], recent, min_burst_failures, seed); });
  std::vector<ReportAnomaly> anomalies;
  for (auto& scored : all) anomalies.insert(anomalies.end(), scored.anomalies.begin(), scored.anomalies.end());
  const std::size_t confirmed = anomalies.size();
  for (auto& scored : all) {
    for (const auto& weak : scored.supporting) {
      const auto fleet_begin = anomalies.begin();
      const auto fleet_end = anomalies.begin() + static_cast<std::ptrdiff_t>(confirmed);
      if (std::any_of(fleet_begin, fleet_end, [&](const ReportAnomaly& fleet) { return same_fleet_incident(fleet, weak); })) {
        anomalies.push_back(weak);
      }
    }
  }
  std::stable_sort(anomalies.begin(), anomalies.end(), [](const ReportAnomaly& a, const ReportAnomaly& b) {
    return std::tie(b.score, a.start) < std::tie(a.score, b.start);
  });
  return anomalies;
}

}  // namespace fleetcast::decisions
