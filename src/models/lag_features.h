#pragma once
// Turns a series into a supervised table for the tree models: each row holds what was known just
// before one step (recent lags, seasonal lags, rolling means, the step's calendar position) and the
// target is that step's value. Multi-step forecasts feed each prediction back in as the newest lag.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace fleetcast::models {

// Which features a table has; chosen once from the training history and reused when forecasting.
struct LagFeatureLayout {
  std::size_t lag_count = 0;                 // values 1..lag_count steps back
  std::vector<std::size_t> seasonal_lags;    // further offsets: one and two season periods back
  std::vector<std::size_t> rolling_windows;  // means of the last w values
  bool hour_of_day = false;                  // only for steps shorter than a day
  bool day_of_week = false;                  // only for steps shorter than a week
  std::int64_t step_seconds = 3600;

  // How many past values a row needs.
  std::size_t lookback() const;
  std::size_t feature_count() const;
  // Fills `out` (feature_count() long) for the step at `time` that follows `past` (at least lookback()
  // values, oldest first).
  void write_row(std::span<const double> past, TimestampUs time, std::span<float> out) const;
};

// Rows fewer than this would leave the trees nothing to split on.
inline constexpr std::size_t kMinTrainingRows = 24;

// Lags 1..min(24, shortest season), seasonal and rolling offsets that still leave kMinTrainingRows rows.
// Throws InputError naming `model_name` when the history cannot give even one lag that many rows.
LagFeatureLayout choose_lag_features(std::string_view model_name, std::size_t history_length,
                                     std::int64_t step_seconds, std::span<const std::size_t> season_periods);

struct FeatureTable {
  std::size_t row_count = 0;
  std::size_t column_count = 0;
  std::vector<float> features;  // row-major, row_count x column_count
  std::vector<std::size_t> target_index;  // the series index each row predicts
};

// One row for every step from layout.lookback() to the end of `values`; step i starts at
// first_time + i * step_seconds.
FeatureTable build_feature_table(const LagFeatureLayout& layout, std::span<const double> values,
                                 TimestampUs first_time);

// Given a row's features and the values before it (newest last), the value of the next step.
using NextValueFunction = std::function<double(std::span<const float> features, std::span<const double> past)>;

// `horizon` values after `history` (whose last step is followed by a step at next_time), each one
// predicted from a row that includes the predictions before it.
std::vector<double> forecast_recursively(const LagFeatureLayout& layout, std::span<const double> history,
                                         TimestampUs next_time, std::size_t horizon,
                                         const NextValueFunction& next_value);

}  // namespace fleetcast::models
