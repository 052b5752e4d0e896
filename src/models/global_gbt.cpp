#include "models/global_gbt.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "common/errors.h"
#include "models/lag_features.h"
#include "models/xgboost_handles.h"

namespace fleetcast::models {
namespace {

constexpr int kRounds = 150;

using xgboost::Booster;
using xgboost::DMatrix;

// The mean absolute value of the history: dividing by it puts a caller of ten calls an hour and one of a
// thousand on the same footing. A series of zeros keeps its own units.
double series_scale(std::span<const double> values) {
  double sum = 0;
  for (double value : values) sum += std::abs(value);
  const double mean = sum / static_cast<double>(values.size());
  return mean > 0 ? mean : 1.0;
}

struct ScaledSeries {
  double scale = 1;
  std::vector<double> values;  // the history divided by scale
  TimestampUs next_time = 0;   // the step after the history
};

class FittedGlobalGbt final : public FittedGlobalModel {
 public:
  FittedGlobalGbt(Booster booster, LagFeatureLayout layout, std::vector<ScaledSeries> series)
      : booster_(std::move(booster)), layout_(std::move(layout)), series_(std::move(series)) {}

  std::size_t series_count() const override { return series_.size(); }

  std::vector<double> predict(std::size_t series_index, std::size_t horizon) const override {
    const ScaledSeries& scaled = series_.at(series_index);
    const std::string config =
        R"({"type": 0, "cache_id": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false, "missing": NaN})";
    std::vector<float> row(layout_.feature_count() + 1);
    row.back() = static_cast<float>(series_index);
    const auto next_value = [&](std::span<const float> features, std::span<const double> /*past*/) {
      std::copy(features.begin(), features.end(), row.begin());
      // XGBoost reads the row through the array-interface protocol: its address as an integer.
      const std::string array = R"({"data": [)" + std::to_string(reinterpret_cast<std::uintptr_t>(row.data())) +
                                R"(, true], "shape": [1, )" + std::to_string(row.size()) +
                                R"(], "typestr": "<f4", "version": 3})";
      bst_ulong const* shape = nullptr;
      bst_ulong dimensions = 0;
      const float* result = nullptr;
      xgboost::check(XGBoosterPredictFromDense(booster_.get(), array.c_str(), config.c_str(), nullptr, &shape,
                                              &dimensions, &result),
                    "XGBoosterPredictFromDense");
      return static_cast<double>(result[0]);
    };
    std::vector<double> forecast = forecast_recursively(layout_, scaled.values, scaled.next_time, horizon, next_value);
    for (double& value : forecast) value *= scaled.scale;
    return forecast;
  }

 private:
  Booster booster_;
  LagFeatureLayout layout_;
  std::vector<ScaledSeries> series_;  // only the last lookback() values of each are kept
};

class GlobalGbtModel final : public GlobalModel {
 public:
  std::unique_ptr<FittedGlobalModel> fit(std::span<const series::TimeSeries> histories,
                                         const FitOptions& options) const override {
    if (histories.empty()) throw InputError("the global model needs at least one series");
    std::size_t shortest = histories.front().size();
    for (const auto& history : histories) {
      if (history.step_seconds != histories.front().step_seconds) {
        throw InputError("the global model needs series of one step");
      }
      for (double value : history.values) {
        if (!std::isfinite(value)) throw InputError("global: a series holds a value that is not a finite number");
      }
      shortest = std::min(shortest, history.size());
    }
    const LagFeatureLayout layout =
        choose_lag_features("global", shortest, histories.front().step_seconds, options.season_periods);

    std::vector<ScaledSeries> scaled(histories.size());
    std::vector<float> features;
    std::vector<float> targets;
    const std::size_t columns = layout.feature_count() + 1;  // the series id last
    for (std::size_t index = 0; index < histories.size(); ++index) {
      const auto& history = histories[index];
      ScaledSeries& series = scaled[index];
      series.scale = series_scale(history.values);
      series.values.reserve(history.size());
      for (double value : history.values) series.values.push_back(value / series.scale);
      series.next_time = history.time_at(history.size());

      const FeatureTable table = build_feature_table(layout, series.values, history.start);
      for (std::size_t row = 0; row < table.row_count; ++row) {
        const auto first = table.features.begin() + static_cast<std::ptrdiff_t>(row * table.column_count);
        features.insert(features.end(), first, first + static_cast<std::ptrdiff_t>(table.column_count));
        features.push_back(static_cast<float>(index));
        const std::size_t target = table.target_index[row];
        targets.push_back(static_cast<float>(series.values[target]));
      }
    }

    DMatrixHandle raw_matrix = nullptr;
    xgboost::check(XGDMatrixCreateFromMat_omp(features.data(), targets.size(), columns, std::nanf(""), &raw_matrix, 1),
                  "XGDMatrixCreateFromMat_omp");
    const DMatrix train(raw_matrix);
    xgboost::check(XGDMatrixSetFloatInfo(train.get(), "label", targets.data(), targets.size()), "XGDMatrixSetFloatInfo");
    std::vector<const char*> types(columns, "q");
    types.back() = "c";
    xgboost::check(XGDMatrixSetStrFeatureInfo(train.get(), "feature_type", types.data(), columns),
                  "XGDMatrixSetStrFeatureInfo");

    BoosterHandle raw_booster = nullptr;
    DMatrixHandle matrices[] = {train.get()};
    xgboost::check(XGBoosterCreate(matrices, 1, &raw_booster), "XGBoosterCreate");
    Booster booster(raw_booster);
    // One thread keeps the result independent of the machine; the seed drives row and column sampling. The
    // trees start from 1, the mean of every scaled series.
    const std::pair<const char*, std::string> parameters[] = {
        {"nthread", "1"},          {"verbosity", "0"},          {"seed", std::to_string(options.seed)},
        {"objective", "reg:squarederror"}, {"tree_method", "hist"}, {"base_score", "1"},
        {"max_depth", "6"},        {"eta", "0.1"},              {"subsample", "0.8"},
        {"colsample_bytree", "0.9"}, {"min_child_weight", "3"},  {"max_cat_to_onehot", "1"}};
    for (const auto& [key, value] : parameters) {
      xgboost::check(XGBoosterSetParam(booster.get(), key, value.c_str()), "XGBoosterSetParam");
    }
    for (int round = 0; round < kRounds; ++round) {
      xgboost::check(XGBoosterUpdateOneIter(booster.get(), round, train.get()), "XGBoosterUpdateOneIter");
    }

    const std::size_t keep = layout.lookback();
    for (auto& series : scaled) {
      series.values.erase(series.values.begin(), series.values.end() - static_cast<std::ptrdiff_t>(keep));
    }
    return std::make_unique<FittedGlobalGbt>(std::move(booster), layout, std::move(scaled));
  }
};

}  // namespace

std::unique_ptr<GlobalModel> make_global_gbt_model() { return std::make_unique<GlobalGbtModel>(); }

}  // namespace fleetcast::models
