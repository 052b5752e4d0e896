#pragma once
// Split-conformal prediction intervals from out-of-sample errors: for each step ahead, the interval's
// half-width is an empirical quantile of the absolute errors the model made that many steps ahead.
#include <span>
#include <vector>

namespace fleetcast::models {

// `absolute_errors`: one row per calibration origin, each `horizon` long (|actual - forecast| at each
// step ahead). A handful of origins makes per-step quantiles too coarse to be calibrated, so each step
// pools the errors of its neighbouring steps until at least kMinPooledErrors are in play (errors grow
// smoothly with the step, so a symmetric window barely biases them). The quantile is the conformal one,
// the ceil((n + 1) * level)-th smallest of n, capped at the largest.
// Returns [level][step] half-widths; empty rows when there is no calibration origin.
std::vector<std::vector<double>> conformal_half_widths(const std::vector<std::vector<double>>& absolute_errors,
                                                       std::span<const double> levels, std::size_t horizon);

inline constexpr std::size_t kMinPooledErrors = 100;

// The conformal quantile of one pool of absolute errors for each level; 0 for an empty pool.
std::vector<double> conformal_quantiles(std::vector<double> errors, std::span<const double> levels);

}  // namespace fleetcast::models
