#include "models/candidates.h"

#include <algorithm>

#include "models/ets.h"
#include "models/forecaster.h"
#include "series/intermittency.h"

namespace fleetcast::models {
namespace {

const std::vector<std::string> kRateModels = {"croston", "tsb", "adida"};

}  // namespace

std::vector<std::string> auto_candidate_models(const series::TimeSeries& history,
                                               std::span<const std::size_t> season_periods) {
  const bool intermittent = series::measure_intermittency(history.values).intermittent;
  // Intermittent demand without a season is forecast as a rate per step alone: the one forecast that sums
  // correctly over callers and over the steps of a plan. MAE-based scores favour forecasting zero there
  // (the median of a series that is mostly zeros), which naive does after every zero step, and ets treats
  // the series as continuous; so, as the Syntetos-Boylan classification prescribes, the rate models replace
  // them. With a season the defaults stay beside them: a caller busy by day and idle at night is
  // intermittent by its ADI, yet its daily shape forecasts it better than a flat rate (on the NAB tweet
  // volumes with a season and ADI >= 1.32, snaive and naive kept winning the backtest).
  if (intermittent && season_periods.empty()) return kRateModels;
  std::vector<std::string> candidates = default_candidate_models();
  if (intermittent) candidates.insert(candidates.end(), kRateModels.begin(), kRateModels.end());
  // A season longer than ETS carries (5-minute data: 288 steps a day) is otherwise only mstl's; on the ten
  // NAB tweet-volume series (5-minute steps, 6 hours ahead) fourier's backtest MASE beat mstl's on 8.
  if (!season_periods.empty() && *std::max_element(season_periods.begin(), season_periods.end()) > kMaxEtsSeasonPeriod) {
    candidates.emplace_back("fourier");
  }
  return candidates;
}

}  // namespace fleetcast::models
