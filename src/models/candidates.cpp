#include "models/candidates.h"

#include "models/forecaster.h"

namespace fleetcast::models {

std::vector<std::string> auto_candidate_models(const series::TimeSeries& /*history*/,
                                               std::span<const std::size_t> /*season_periods*/) {
  return default_candidate_models();
}

}  // namespace fleetcast::models
