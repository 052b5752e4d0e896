#include "models/candidates.h"

#include "models/forecaster.h"
#include "series/intermittency.h"

namespace fleetcast::models {

std::vector<std::string> auto_candidate_models(const series::TimeSeries& history,
                                               std::span<const std::size_t> /*season_periods*/) {
  std::vector<std::string> candidates = default_candidate_models();
  // The intermittent-demand models cost one pass over the history per grid point; on demand that is present
  // in nearly every step they reduce to exponential smoothing, which ets already covers.
  if (series::measure_intermittency(history.values).intermittent) {
    for (const char* name : {"croston", "tsb", "adida"}) candidates.emplace_back(name);
  }
  return candidates;
}

}  // namespace fleetcast::models
