#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "common/errors.h"
#include "common/random.h"
#include "models/global_forecasts.h"
#include "models/global_gbt.h"

namespace fleetcast::models {
namespace {

constexpr TimestampUs kMonday2026 = 1'779'667'200LL * kMicrosPerSecond;  // 2026-05-25T00:00:00Z

// The shape every caller shares: a quiet night and a sharp business-hours peak, at 0..1.
double daily_shape(std::size_t hour) {
  const double day = std::sin(std::numbers::pi * static_cast<double>(hour % 24) / 24.0);
  return 0.1 + day * day * day * day;
}

// `length` hourly steps of the shared shape at `scale`, each step off by up to +-`noise` of it.
series::TimeSeries caller_series(std::size_t length, double scale, std::uint64_t seed, double noise = 0.2) {
  std::mt19937_64 engine(seed);
  series::TimeSeries series;
  series.start = kMonday2026;
  series.step_seconds = 3600;
  series.counts = true;
  for (std::size_t i = 0; i < length; ++i) {
    series.values.push_back(scale * daily_shape(i) * (1 - noise + 2 * noise * uniform01(engine)));
  }
  return series;
}

std::vector<series::NamedSeries> callers(std::size_t count, std::size_t length, double noise = 0.2) {
  std::vector<series::NamedSeries> named;
  for (std::size_t i = 0; i < count; ++i) {
    named.push_back({"caller-" + std::to_string(i), caller_series(length, 10.0 * static_cast<double>(i + 1), 100 + i, noise)});
  }
  return named;
}

TEST(GlobalGbt, ForecastsEachSeriesAtItsOwnScale) {
  std::vector<series::TimeSeries> histories;
  for (const auto& entry : callers(6, 24 * 7)) histories.push_back(entry.series);
  const auto fitted = make_global_gbt_model()->fit(histories, FitOptions{{24}, 42});
  ASSERT_EQ(fitted->series_count(), 6u);
  const auto again = make_global_gbt_model()->fit(histories, FitOptions{{24}, 42});
  EXPECT_EQ(fitted->predict(3, 24), again->predict(3, 24));  // deterministic for a seed
  for (std::size_t index = 0; index < histories.size(); ++index) {
    const std::vector<double> forecast = fitted->predict(index, 24);
    ASSERT_EQ(forecast.size(), 24u);
    const double scale = 10.0 * static_cast<double>(index + 1);
    for (std::size_t h = 0; h < forecast.size(); ++h) {
      EXPECT_NEAR(forecast[h], scale * daily_shape(24 * 7 + h), 0.2 * scale) << "series " << index << " step " << h;
    }
  }
}

TEST(GlobalGbt, RefusesSeriesOfDifferentSteps) {
  std::vector<series::TimeSeries> histories{caller_series(100, 1, 1), caller_series(100, 1, 2)};
  histories[1].step_seconds = 300;
  EXPECT_THROW(make_global_gbt_model()->fit(histories, FitOptions{}), InputError);
  EXPECT_THROW(make_global_gbt_model()->fit({}, FitOptions{}), InputError);
}

TEST(GlobalForecasts, ShortSeriesSharingOnePatternChooseTheGlobalModel) {
  const auto named = callers(16, 60, 0.4);
  ForecastRequest request;
  request.horizon = 6;
  std::vector<std::string> warnings;
  const auto results = forecast_named_series_globally(named, request, [&](const std::string& line) { warnings.push_back(line); });
  ASSERT_EQ(results.size(), 16u);
  // Sixteen callers of one shape at sixteen scales, 2.5 days each: the global model learns the shape from
  // all of them; each series alone holds one noisy day before its first origin.
  std::vector<std::string> chosen;
  for (const auto& result : results) {
    const auto& comparison = result.comparison;
    ASSERT_TRUE(comparison.global_scored) << result.name;
    EXPECT_EQ(comparison.global_chosen, comparison.global_mase < comparison.per_series_mase) << result.name;
    EXPECT_EQ(result.result.model, comparison.global_chosen ? "global" : comparison.per_series_model);
    chosen.push_back(result.result.model);
    ASSERT_EQ(result.result.steps.size(), 6u);
    for (const auto& step : result.result.steps) {
      EXPECT_GE(step.lower.front(), 0.0);
      EXPECT_LE(step.lower.front(), step.mean);
      EXPECT_GE(step.upper.front(), step.mean);
    }
  }
  EXPECT_EQ(chosen, std::vector<std::string>(16, "global"));
  // The only warnings: the expensive per-series models left out of the budget, each once for every caller.
  for (const auto& warning : warnings) EXPECT_NE(warning.find(": left out "), std::string::npos) << warning;
  EXPECT_LE(warnings.size(), 3u);
}

}  // namespace
}  // namespace fleetcast::models
