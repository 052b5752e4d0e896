#include "models/anomaly/series_anomalies.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstdint>

#include "models/anomaly/seasonal_residual.h"
#include "series/failure_rate.h"
#include "sources/prometheus/settings.h"

namespace fleetcast::models::anomaly {

std::vector<SeriesAnomalies> find_anomalies(std::vector<series::NamedSeries> named, const AnomalyOptions& options,
                                            const std::string& since, const WarningSink& warn) {
  std::uint64_t points = 0;
  for (const series::NamedSeries& input : named) points += input.series.size();
  // 100,000 minutes score in about 12 s.
  ProgressBar progress("scoring anomalies", points);
  std::vector<SeriesAnomalies> results;
  for (series::NamedSeries& input : named) {
    SeriesAnomalies result{std::move(input.name), std::move(input.series), {}, {}};
    const std::size_t warm_up = anomaly_warm_up_steps(options, result.series.step_seconds);
    if (result.series.size() <= warm_up) {
      send_warning(warn, fmt::format("warning: {}: {} steps, no more than the {} the detectors learn from before they score: "
                                     "no anomaly can be reported",
                                     result.name, result.series.size(), warm_up));
    }
    result.scores = score_anomalies(result.series, options, &progress);
    result.windows = anomaly_windows(result.series, result.scores, options);
    if (!since.empty()) {
      const TimestampUs from =
          sources::prometheus::parse_when("--since", since, result.series.time_at(result.series.size()));
      std::erase_if(result.windows, [&](const AnomalyWindow& window) { return window.end <= from; });
    }
    results.push_back(std::move(result));
  }
  progress.finish();
  return results;
}

std::vector<SeriesAnomalies> find_input_anomalies(const series::SeriesRequest& input, AnomalyOptions options,
                                                  const std::string& since, const WarningSink& warn) {
  const bool failure_rate = input.measure == "failure_rate";
  const bool telemetry = !input.metrics.empty();
  options.failure_series = telemetry && (failure_rate || input.measure == "failures");
  options.counts = telemetry && !failure_rate;
  std::vector<series::NamedSeries> named =
      failure_rate ? series::load_failure_rate_series(input, warn) : series::load_series(input, warn);
  return find_anomalies(std::move(named), options, since, warn);
}

}  // namespace fleetcast::models::anomaly
