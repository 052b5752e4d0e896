#include "models/adida.h"

#include <algorithm>
#include <cmath>

#include "series/intermittency.h"

namespace fleetcast::models {

SmoothedRate adida(std::span<const double> history, std::size_t aggregation, double alpha) {
  SmoothedRate result;
  if (history.empty()) return result;
  aggregation = std::clamp<std::size_t>(aggregation, 1, history.size());
  const std::size_t buckets = history.size() / aggregation;
  const std::size_t skipped = history.size() - buckets * aggregation;
  double level = 0;
  for (std::size_t bucket = 0; bucket < buckets; ++bucket) {
    const auto begin = history.begin() + static_cast<std::ptrdiff_t>(skipped + bucket * aggregation);
    double total = 0;
    for (auto it = begin; it != begin + static_cast<std::ptrdiff_t>(aggregation); ++it) total += *it;
    if (bucket == 0) {
      level = total;
      continue;
    }
    const double error = total - level;
    result.squared_error += error * error;
    level += alpha * error;
  }
  result.rate = level / static_cast<double>(aggregation);
  return result;
}

namespace {

class AdidaModel final : public Model {
 public:
  std::string_view name() const override { return "adida"; }

  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions&) const override {
    require_history(history, name());
    const double adi = series::measure_intermittency(history.values).adi;
    const auto aggregation = static_cast<std::size_t>(std::max(1.0, std::round(adi)));
    SmoothedRate best;
    bool first = true;
    for (double alpha : kIntermittentSmoothingGrid) {
      const SmoothedRate run = adida(history.values, aggregation, alpha);
      if (first || run.squared_error < best.squared_error) best = run;
      first = false;
    }
    return std::make_unique<FlatForecast>(best.rate);
  }
};

}  // namespace

std::unique_ptr<Model> make_adida_model() { return std::make_unique<AdidaModel>(); }

}  // namespace fleetcast::models
