#include "series/intermittency.h"

#include <algorithm>

namespace fleetcast::series {

Intermittency measure_intermittency(std::span<const double> values) {
  Intermittency measured;
  if (values.empty()) return measured;
  std::size_t last_demand_position = 0;  // 1-based
  double size_sum = 0;
  for (std::size_t t = 0; t < values.size(); ++t) {
    if (values[t] == 0) continue;
    ++measured.demands;
    last_demand_position = t + 1;
    size_sum += values[t];
  }
  const auto steps = static_cast<double>(values.size());
  measured.zero_share = (steps - static_cast<double>(measured.demands)) / steps;
  if (measured.demands == 0) return measured;

  const auto demands = static_cast<double>(measured.demands);
  measured.adi = static_cast<double>(last_demand_position) / demands;
  const double mean_size = size_sum / demands;
  double squared_deviations = 0;
  for (double value : values) {
    if (value != 0) squared_deviations += (value - mean_size) * (value - mean_size);
  }
  measured.cv2 = mean_size != 0 ? squared_deviations / demands / (mean_size * mean_size) : 0;

  const bool sparse = measured.adi >= kIntermittentAdi;
  const bool erratic = measured.cv2 >= kErraticCv2;
  measured.demand_class = sparse ? (erratic ? DemandClass::kLumpy : DemandClass::kIntermittent)
                                 : (erratic ? DemandClass::kErratic : DemandClass::kSmooth);
  const bool non_negative = std::none_of(values.begin(), values.end(), [](double value) { return value < 0; });
  measured.intermittent = sparse && measured.demands >= 2 && non_negative;
  return measured;
}

std::string_view demand_class_name(DemandClass demand_class) {
  switch (demand_class) {
    case DemandClass::kSmooth: return "smooth";
    case DemandClass::kErratic: return "erratic";
    case DemandClass::kIntermittent: return "intermittent";
    case DemandClass::kLumpy: return "lumpy";
  }
  return "smooth";
}

}  // namespace fleetcast::series
