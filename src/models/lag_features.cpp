#include "models/lag_features.h"

#include <algorithm>
#include <string>

#include "common/errors.h"

namespace fleetcast::models {
namespace {

constexpr std::size_t kMaxLags = 24;
constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::int64_t kSecondsPerWeek = 7 * kSecondsPerDay;

std::int64_t floor_div(std::int64_t numerator, std::int64_t denominator) {
  std::int64_t quotient = numerator / denominator;
  if (numerator % denominator != 0 && (numerator < 0) != (denominator < 0)) --quotient;
  return quotient;
}

void add_unique(std::vector<std::size_t>& list, std::size_t value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

}  // namespace

std::size_t LagFeatureLayout::lookback() const {
  std::size_t longest = lag_count;
  for (std::size_t offset : seasonal_lags) longest = std::max(longest, offset);
  for (std::size_t window : rolling_windows) longest = std::max(longest, window);
  return longest;
}

std::size_t LagFeatureLayout::feature_count() const {
  return lag_count + seasonal_lags.size() + rolling_windows.size() + (hour_of_day ? 1 : 0) +
         (day_of_week ? 1 : 0);
}

void LagFeatureLayout::write_row(std::span<const double> past, TimestampUs time, std::span<float> out) const {
  const std::size_t end = past.size();
  std::size_t column = 0;
  for (std::size_t lag = 1; lag <= lag_count; ++lag) out[column++] = static_cast<float>(past[end - lag]);
  for (std::size_t offset : seasonal_lags) out[column++] = static_cast<float>(past[end - offset]);
  for (std::size_t window : rolling_windows) {
    double sum = 0;
    for (std::size_t i = end - window; i < end; ++i) sum += past[i];
    out[column++] = static_cast<float>(sum / static_cast<double>(window));
  }
  const std::int64_t seconds = floor_div(time, kMicrosPerSecond);
  if (hour_of_day) {
    const std::int64_t second_of_day = seconds - floor_div(seconds, kSecondsPerDay) * kSecondsPerDay;
    out[column++] = static_cast<float>(static_cast<double>(second_of_day) / 3600.0);
  }
  if (day_of_week) {
    // 1970-01-01 was a Thursday; shift so that Monday is 0.
    const std::int64_t day = floor_div(seconds, kSecondsPerDay) + 3;
    out[column++] = static_cast<float>(day - floor_div(day, 7) * 7);
  }
}

LagFeatureLayout choose_lag_features(std::string_view model_name, std::size_t history_length,
                                     std::int64_t step_seconds, std::span<const std::size_t> season_periods) {
  if (history_length <= kMinTrainingRows) {
    throw InputError(std::string(model_name) + " needs more than " + std::to_string(kMinTrainingRows) +
                     " points of history, got " + std::to_string(history_length));
  }
  const std::size_t max_lookback = history_length - kMinTrainingRows;

  std::size_t shortest_season = 0;
  for (std::size_t period : season_periods) {
    if (period >= 2 && (shortest_season == 0 || period < shortest_season)) shortest_season = period;
  }

  LagFeatureLayout layout;
  layout.step_seconds = step_seconds;
  const std::size_t preferred_lags = shortest_season != 0 ? std::min(kMaxLags, shortest_season) : kMaxLags;
  layout.lag_count = std::min(preferred_lags, max_lookback);
  for (std::size_t period : season_periods) {
    if (period < 2) continue;
    for (std::size_t offset : {period, 2 * period}) {
      if (offset > layout.lag_count && offset <= max_lookback) add_unique(layout.seasonal_lags, offset);
    }
  }
  for (std::size_t window : {std::size_t{3}, std::size_t{12}, shortest_season}) {
    if (window >= 2 && window <= max_lookback) add_unique(layout.rolling_windows, window);
  }
  layout.hour_of_day = step_seconds < kSecondsPerDay;
  layout.day_of_week = step_seconds < kSecondsPerWeek;
  return layout;
}

FeatureTable build_feature_table(const LagFeatureLayout& layout, std::span<const double> values,
                                 TimestampUs first_time) {
  FeatureTable table;
  const std::size_t first = layout.lookback();
  table.column_count = layout.feature_count();
  table.row_count = values.size() > first ? values.size() - first : 0;
  table.features.resize(table.row_count * table.column_count);
  table.target_index.reserve(table.row_count);
  const TimestampUs step_us = layout.step_seconds * kMicrosPerSecond;
  for (std::size_t row = 0; row < table.row_count; ++row) {
    const std::size_t target = first + row;
    layout.write_row(values.first(target), first_time + static_cast<TimestampUs>(target) * step_us,
                     std::span<float>(table.features).subspan(row * table.column_count, table.column_count));
    table.target_index.push_back(target);
  }
  return table;
}

std::vector<double> forecast_recursively(const LagFeatureLayout& layout, std::span<const double> history,
                                         TimestampUs next_time, std::size_t horizon,
                                         const NextValueFunction& next_value) {
  const std::size_t keep = std::min(history.size(), layout.lookback());
  std::vector<double> past(history.end() - static_cast<std::ptrdiff_t>(keep), history.end());
  past.reserve(keep + horizon);
  std::vector<float> row(layout.feature_count());
  const TimestampUs step_us = layout.step_seconds * kMicrosPerSecond;
  std::vector<double> forecast;
  forecast.reserve(horizon);
  for (std::size_t step = 0; step < horizon; ++step) {
    layout.write_row(past, next_time + static_cast<TimestampUs>(step) * step_us, row);
    const double value = next_value(row, past);
    forecast.push_back(value);
    past.push_back(value);
  }
  return forecast;
}

}  // namespace fleetcast::models
