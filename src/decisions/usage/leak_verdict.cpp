#include "decisions/usage/leak_verdict.h"

#include <algorithm>

#include "decisions/usage/theil_sen.h"

namespace fleetcast {
namespace {

constexpr std::size_t kMinimumPoints = 10;
constexpr double kMinimumSpanSeconds = 1.0;
constexpr double kRequiredConfidence = 0.99;
constexpr double kMinimumGrowthFraction = 0.01;

}  // namespace

LeakVerdict leak_verdict(const std::vector<MemoryPoint>& memory) {
  LeakVerdict verdict;
  verdict.points = memory.size();
  verdict.verdict = "not enough data";
  if (memory.size() < kMinimumPoints) return verdict;
  const double span = memory.back().seconds - memory.front().seconds;
  if (span < kMinimumSpanSeconds) return verdict;
  std::vector<double> seconds;
  std::vector<double> bytes;
  for (const MemoryPoint& point : memory) {
    seconds.push_back(point.seconds);
    bytes.push_back(static_cast<double>(point.resident_bytes));
  }
  const TheilSenFit fit = theil_sen(seconds, bytes);
  verdict.slope_bytes_per_second = fit.slope;
  verdict.slope_low_bytes_per_second = fit.slope_low;
  verdict.slope_high_bytes_per_second = fit.slope_high;
  verdict.confidence = increasing_trend_confidence(bytes);
  verdict.growth_bytes = fit.slope * span;
  std::vector<double> sorted = bytes;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
  const double median = sorted[sorted.size() / 2];
  verdict.growth_fraction = median > 0 ? verdict.growth_bytes / median : 0;
  const bool leak = fit.slope_low > 0 && verdict.confidence >= kRequiredConfidence &&
                    verdict.growth_fraction >= kMinimumGrowthFraction;
  verdict.verdict = leak ? "leak" : "no leak";
  return verdict;
}

}  // namespace fleetcast
