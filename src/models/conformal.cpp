#include "models/conformal.h"

#include <algorithm>
#include <cmath>

namespace fleetcast::models {

std::vector<std::vector<double>> conformal_half_widths(const std::vector<std::vector<double>>& absolute_errors,
                                                       std::span<const double> levels, std::size_t horizon) {
  std::vector<std::vector<double>> widths(levels.size());
  const std::size_t origins = absolute_errors.size();
  if (origins == 0 || horizon == 0) return widths;
  for (auto& row : widths) row.resize(horizon);

  const std::size_t steps_needed = (kMinPooledErrors + origins - 1) / origins;
  const std::size_t half_window = steps_needed / 2;
  std::vector<double> pool;
  for (std::size_t step = 0; step < horizon; ++step) {
    const std::size_t first = step > half_window ? step - half_window : 0;
    const std::size_t last = std::min(horizon - 1, step + half_window);
    pool.clear();
    for (const auto& row : absolute_errors) pool.insert(pool.end(), row.begin() + first, row.begin() + last + 1);
    const auto quantiles = conformal_quantiles(std::move(pool), levels);
    for (std::size_t level = 0; level < levels.size(); ++level) widths[level][step] = quantiles[level];
  }
  return widths;
}

std::vector<double> conformal_quantiles(std::vector<double> errors, std::span<const double> levels) {
  std::vector<double> quantiles(levels.size(), 0.0);
  if (errors.empty()) return quantiles;
  std::sort(errors.begin(), errors.end());
  const double count = static_cast<double>(errors.size());
  for (std::size_t level = 0; level < levels.size(); ++level) {
    const auto rank = static_cast<std::size_t>(std::ceil((count + 1) * levels[level]));
    quantiles[level] = errors[std::clamp<std::size_t>(rank, 1, errors.size()) - 1];
  }
  return quantiles;
}

}  // namespace fleetcast::models
