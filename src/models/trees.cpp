#include "models/trees.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/errors.h"
#include "models/lag_features.h"
#include "models/xgboost_handles.h"
#include "models/standardizer.h"

namespace fleetcast::models {
namespace {

using xgboost::Booster;
using xgboost::DMatrix;
using SharedBooster = std::shared_ptr<void>;

struct TreeSettings {
  std::string_view name;
  int rounds = 1;
  std::vector<std::pair<std::string, std::string>> parameters;
};

// Trees see the series standardized so that one set of hyperparameters fits every scale, and learn the
// change from the last value so that a level outside the training range is carried instead of clamped.
class FittedTrees final : public FittedModel {
 public:
  FittedTrees(SharedBooster booster, LagFeatureLayout layout, Standardizer standardizer, std::vector<double> tail,
              TimestampUs next_time)
      : booster_(std::move(booster)),
        layout_(std::move(layout)),
        standardizer_(standardizer),
        tail_(std::move(tail)),
        next_time_(next_time) {}

  Prediction predict(std::size_t horizon, std::span<const double> levels) const override {
    const std::string config =
        R"({"type": 0, "cache_id": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false, "missing": NaN})";
    const auto next_value = [&](std::span<const float> row, std::span<const double> past) {
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
      return past.back() + static_cast<double>(result[0]);
    };
    Prediction prediction;
    prediction.mean = forecast_recursively(layout_, tail_, next_time_, horizon, next_value);
    for (double& value : prediction.mean) value = standardizer_.from_standard(value);
    prediction.lower.resize(levels.size());
    prediction.upper.resize(levels.size());
    return prediction;
  }

  // The same trees re-anchored on a later history's last values: a backtest's later origins forecast
  // from the fit made at its first origin (which saw no data after any of them) instead of refitting,
  // which costs as much as a prediction. XGBoost's in-place prediction is safe to share across threads.
  std::unique_ptr<FittedModel> refit(const series::TimeSeries& history, const FitOptions& /*options*/) const override {
    if (history.size() < layout_.lookback()) return nullptr;
    std::vector<double> tail;
    for (std::size_t i = history.size() - layout_.lookback(); i < history.size(); ++i) {
      if (!std::isfinite(history.values[i])) return nullptr;
      tail.push_back(standardizer_.to_standard(history.values[i]));
    }
    return std::make_unique<FittedTrees>(booster_, layout_, standardizer_, std::move(tail), history.time_at(history.size()));
  }

 private:
  SharedBooster booster_;
  LagFeatureLayout layout_;
  Standardizer standardizer_;
  std::vector<double> tail_;  // the last lookback() standardized values of the history
  TimestampUs next_time_;
};

class TreeModel final : public Model {
 public:
  explicit TreeModel(TreeSettings settings) : settings_(std::move(settings)) {}

  std::string_view name() const override { return settings_.name; }

  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions& options) const override {
    const LagFeatureLayout layout =
        choose_lag_features(name(), history.size(), history.step_seconds, options.season_periods);
    for (std::size_t i = 0; i < history.size(); ++i) {
      if (!std::isfinite(history.values[i])) {
        throw InputError(std::string(name()) + ": value " + std::to_string(i) + " of the history is not finite");
      }
    }
    const Standardizer standardizer = Standardizer::of(history.values);
    std::vector<double> standard(history.size());
    for (std::size_t i = 0; i < history.size(); ++i) standard[i] = standardizer.to_standard(history.values[i]);

    const FeatureTable table = build_feature_table(layout, standard, history.start);
    std::vector<float> changes;
    changes.reserve(table.row_count);
    for (std::size_t target : table.target_index) {
      changes.push_back(static_cast<float>(standard[target] - standard[target - 1]));
    }

    DMatrixHandle raw_matrix = nullptr;
    xgboost::check(XGDMatrixCreateFromMat_omp(table.features.data(), table.row_count, table.column_count,
                                             std::nanf(""), &raw_matrix, 1),
                  "XGDMatrixCreateFromMat_omp");
    const DMatrix train(raw_matrix);
    xgboost::check(XGDMatrixSetFloatInfo(train.get(), "label", changes.data(), changes.size()),
                  "XGDMatrixSetFloatInfo");

    BoosterHandle raw_booster = nullptr;
    DMatrixHandle matrices[] = {train.get()};
    xgboost::check(XGBoosterCreate(matrices, 1, &raw_booster), "XGBoosterCreate");
    Booster booster(raw_booster);
    // One thread keeps the result independent of the machine; the seed drives row and column sampling.
    set_parameter(booster, "nthread", "1");
    set_parameter(booster, "verbosity", "0");
    set_parameter(booster, "seed", std::to_string(options.seed));
    set_parameter(booster, "objective", "reg:squarederror");
    set_parameter(booster, "tree_method", "hist");
    set_parameter(booster, "base_score", "0");  // the standardized change is centred on zero
    for (const auto& [key, value] : settings_.parameters) set_parameter(booster, key, value);
    for (int round = 0; round < settings_.rounds; ++round) {
      xgboost::check(XGBoosterUpdateOneIter(booster.get(), round, train.get()), "XGBoosterUpdateOneIter");
    }

    const std::size_t keep = layout.lookback();
    std::vector<double> tail(standard.end() - static_cast<std::ptrdiff_t>(keep), standard.end());
    return std::make_unique<FittedTrees>(SharedBooster(booster.release(), xgboost::BoosterFree{}), layout, standardizer, std::move(tail),
                                         history.time_at(history.size()));
  }

 private:
  static void set_parameter(const Booster& booster, const std::string& key, const std::string& value) {
    xgboost::check(XGBoosterSetParam(booster.get(), key.c_str(), value.c_str()), "XGBoosterSetParam");
  }

  TreeSettings settings_;
};

}  // namespace

std::unique_ptr<Model> make_gbt_model() {
  return std::make_unique<TreeModel>(TreeSettings{"gbt", 100,
                                                  {{"max_depth", "4"},
                                                   {"eta", "0.1"},
                                                   {"subsample", "0.8"},
                                                   {"colsample_bytree", "0.9"},
                                                   {"min_child_weight", "3"}}});
}

std::unique_ptr<Model> make_rf_model() {
  return std::make_unique<TreeModel>(TreeSettings{"rf", 1,
                                                  {{"num_parallel_tree", "50"},
                                                   {"max_depth", "7"},
                                                   {"eta", "1"},
                                                   {"subsample", "0.7"},
                                                   {"colsample_bynode", "0.7"},
                                                   {"min_child_weight", "3"}}});
}

}  // namespace fleetcast::models
