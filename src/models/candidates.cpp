#include "models/candidates.h"

#include <algorithm>

#include "models/ets.h"
#include "models/forecaster.h"
#include "series/intermittency.h"

namespace fleetcast::models {
namespace {

// Intermittent demand is forecast as a rate per step: the one forecast that sums correctly over callers and
// over the steps of a plan. MAE-based scores favour forecasting zero there (zero is the median of a series
// that is mostly zeros), which the naive model does after every zero step, and ets and mstl treat the
// series as continuous; so, as the Syntetos-Boylan classification prescribes, the rate models replace them.
// With a season, snaive and mstl stay: a caller busy by day and idle at night is intermittent by its ADI,
// yet its daily shape forecasts it better than any flat rate.
std::vector<std::string> intermittent_candidates(std::span<const std::size_t> season_periods) {
  std::vector<std::string> candidates;
  if (!season_periods.empty()) {
    const auto& defaults = default_candidate_models();
    for (const char* name : {"snaive", "mstl"}) {
      if (std::find(defaults.begin(), defaults.end(), name) != defaults.end()) candidates.emplace_back(name);
    }
  }
  for (const char* name : {"croston", "tsb", "adida"}) candidates.emplace_back(name);
  return candidates;
}

}  // namespace

std::vector<std::string> auto_candidate_models(const series::TimeSeries& history,
                                               std::span<const std::size_t> season_periods) {
  if (series::measure_intermittency(history.values).intermittent) return intermittent_candidates(season_periods);
  std::vector<std::string> candidates = default_candidate_models();
  // A season longer than ETS carries (5-minute data: 288 steps a day) is otherwise only mstl's; on the ten
  // NAB tweet-volume series (5-minute steps, 6 hours ahead) fourier's backtest MASE beat mstl's on 8.
  if (!season_periods.empty() && *std::max_element(season_periods.begin(), season_periods.end()) > kMaxEtsSeasonPeriod) {
    candidates.emplace_back("fourier");
  }
  return candidates;
}

}  // namespace fleetcast::models
