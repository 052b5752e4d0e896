#include "models/named_series_forecasts.h"

#include <fmt/core.h>

#include <algorithm>

#include "common/errors.h"
#include "models/registry.h"

namespace fleetcast::models {

std::vector<NamedForecast> forecast_named_series(const std::vector<series::NamedSeries>& named, const ForecastRequest& request,
                                                 const WarningSink& warn) {
  std::vector<series::TimeSeries> histories;
  for (const auto& entry : named) histories.push_back(entry.series);
  auto forecasts = forecast_each(histories, request);

  // With --by, every caller usually leaves out the same models for the same reason (the budget is
  // shared): one warning per reason naming the callers, not one per caller and model.
  std::vector<std::pair<std::string, std::vector<std::string>>> skipped_by_reason;
  std::vector<NamedForecast> results;
  for (std::size_t i = 0; i < named.size(); ++i) {
    if (forecasts[i].result) {
      for (const auto& skipped : forecasts[i].result->backtest.skipped) {
        auto same = std::find_if(skipped_by_reason.begin(), skipped_by_reason.end(),
                                 [&](const auto& entry) { return entry.first == skipped; });
        if (same == skipped_by_reason.end()) same = skipped_by_reason.insert(skipped_by_reason.end(), {skipped, {}});
        same->second.push_back(named[i].name);
      }
      results.emplace_back(named[i].name, std::move(*forecasts[i].result));
    } else if (named.size() == 1) {
      throw InputError(fmt::format("{}: {}", named[i].name, forecasts[i].error));
    } else {
      warn(fmt::format("warning: skipping {}: {}", named[i].name, forecasts[i].error));
    }
  }
  for (const auto& [reason, names] : skipped_by_reason) {
    std::string who = names.front();
    for (std::size_t i = 1; i < names.size(); ++i) who += ", " + names[i];
    warn(fmt::format("warning: {}: left out {}", who, reason));
  }
  if (results.empty()) throw InputError("no series could be forecast");
  return results;
}

std::vector<std::string> backtest_candidates(const std::vector<std::string>& asked) {
  if (std::find(asked.begin(), asked.end(), "all") == asked.end()) return asked;
  std::vector<std::string> all = single_model_names();
  all.emplace_back("ensemble");
  return all;
}

std::vector<NamedBacktest> backtest_named_series(const std::vector<series::NamedSeries>& named, const ForecastRequest& request) {
  std::vector<NamedBacktest> results;
  for (const auto& entry : named) results.emplace_back(entry.name, backtest(entry.series, request));
  return results;
}

}  // namespace fleetcast::models
