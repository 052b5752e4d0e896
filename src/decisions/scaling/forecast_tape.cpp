#include "decisions/scaling/forecast_tape.h"

#include <stdexcept>
#include <string>

namespace fleetcast::decisions {

ForecastTape::ForecastTape(DemandForecaster& forecaster, std::span<const double> rates, TimestampUs start,
                           std::int64_t step_seconds, std::size_t hours, double quantile)
    : hours_(hours), quantile_(quantile) {
  if (rates.size() > 1) outlooks_.reserve(rates.size() - 1);
  for (std::size_t observed = 1; observed < rates.size(); ++observed) {
    const DemandView history(rates.first(observed), start, step_seconds);
    outlooks_.push_back(forecaster.outlook(history, hours, quantile));
  }
  fit_fallbacks_ = forecaster.fit_fallbacks();
}

const DemandOutlook& ForecastTape::at(std::size_t observed_steps) const {
  if (observed_steps == 0 || observed_steps > outlooks_.size()) {
    throw std::out_of_range("forecast tape: no outlook recorded after " + std::to_string(observed_steps) + " steps");
  }
  return outlooks_[observed_steps - 1];
}

DemandOutlook TapeForecaster::outlook(const DemandView& history, std::size_t hours, double quantile) {
  const auto found = tapes_.find(quantile);
  if (found == tapes_.end() || found->second.hours() != hours) {
    throw std::logic_error("forecast tape: nothing recorded for " + std::to_string(hours) + " hours at quantile " +
                           std::to_string(quantile));
  }
  played_ = &found->second;
  return found->second.at(history.size());
}

}  // namespace fleetcast::decisions
