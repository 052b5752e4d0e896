#include "decisions/scaling/demand_forecaster.h"

#include <algorithm>

namespace fleetcast::decisions {
namespace {

constexpr TimestampUs kHourUs = 3600 * kMicrosPerSecond;

double max_over(const DemandOutlook& outlook, const std::vector<double>& values, TimestampUs from, TimestampUs to) {
  if (values.empty()) return 0;
  const std::size_t first = outlook.hour_index(from);
  const std::size_t last = outlook.hour_index(to);
  return *std::max_element(values.begin() + static_cast<std::ptrdiff_t>(first),
                           values.begin() + static_cast<std::ptrdiff_t>(last) + 1);
}

}  // namespace

std::size_t DemandOutlook::hour_index(TimestampUs time) const {
  if (mean.empty() || time <= start) return 0;
  const auto index = static_cast<std::size_t>((time - start) / kHourUs);
  return std::min(index, mean.size() - 1);
}

double DemandOutlook::max_upper(TimestampUs from, TimestampUs to) const { return max_over(*this, upper, from, to); }

double DemandOutlook::max_mean(TimestampUs from, TimestampUs to) const { return max_over(*this, mean, from, to); }

}  // namespace fleetcast::decisions
