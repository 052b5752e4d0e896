#pragma once
// Rolling-origin evaluation: refit a model at several origins near the end of the history, forecast the
// steps after each origin from the data before it only, and compare with what really happened.
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "models/forecaster.h"
#include "models/model.h"

namespace fleetcast::models {

// `count` origins over the end of a history of `length` steps, oldest first: the last one `horizon` steps
// before the end, spaced `horizon` apart so their test windows tile the end of the history, or closer
// when the history is short. The first half of the history always stays training data.
// Throws InputError when the history is too short for `count` origins of `horizon` steps.
std::vector<std::size_t> rolling_origins(std::size_t length, std::size_t horizon, std::size_t count);

// The most origins rolling_origins() can place for this length and horizon (0 when none fits).
std::size_t max_rolling_origins(std::size_t length, std::size_t horizon);

// Steps in a day at this step length (1 for steps of a day or longer).
std::size_t steps_per_day(std::int64_t step_seconds);

// The origins auto chooses its model on, oldest first. Five folds in the last five horizons are too
// little evidence (the choice jumps from one origin to the next), so where the history allows they are
// spread one per day (or one per horizon, if longer) over up to the last kMaxSelectionOrigins days, the
// first half of the history staying training data; where that gives fewer than `min_count`, there are
// at least `min_count` horizon-spaced ones, up to kMaxSelectionOrigins (rolling_origins).
// Throws InputError when the history is too short for `min_count` origins.
inline constexpr std::size_t kMaxSelectionOrigins = 28;
std::vector<std::size_t> selection_origins(std::size_t length, std::size_t horizon, std::int64_t step_seconds,
                                           std::size_t min_count);

struct OriginForecast {
  std::size_t origin = 0;      // the forecast covers steps origin .. origin + horizon - 1
  std::vector<double> mean;    // clipped at zero for count series
  double fit_seconds = 0;
};

// Forecasts of several models from several origins. Each (model, origin) fit runs once, in parallel over
// all pairs, and is kept so a later request for the same origin (the conformal calibration reuses the
// backtest's origins) costs nothing.
class OriginForecasts {
 public:
  OriginForecasts(const series::TimeSeries& history, std::size_t horizon, FitOptions options, bool show_progress);

  // Fits every model at every origin it lacks. Each model's form is chosen once, by a full fit at the
  // earliest origin asked for (its template); later origins refit that form to their own data where the
  // family allows (FittedModel::refit), so no origin sees data after it. A model whose fit fails
  // (InputError: its history is too short for it; RuntimeFailure: no feasible fit) is marked failed and
  // left out from then on. A model fitted by an earlier call keeps its forecasts: an origin added now
  // that it cannot be fitted at (too early, say) is only left without a forecast (see fitted_origins).
  void compute(std::span<const std::string> models, std::span<const std::size_t> origins);

  // Those of `origins` at which every one of `members` has a forecast.
  std::vector<std::size_t> fitted_origins(std::span<const std::string> members,
                                          std::span<const std::size_t> origins) const;

  // Why `model` could not be fitted, or empty when it could.
  std::string failure(const std::string& model) const;

  // The mean of `members`' forecasts at `origins` (computed before), fit time summed over the members,
  // weighted by `weights` (one per member, summing to 1; empty: equal weights).
  std::vector<OriginForecast> mean_of(std::span<const std::string> members, std::span<const std::size_t> origins,
                                      std::span<const double> weights = {}) const;

 private:
  const series::TimeSeries& history_;
  std::size_t horizon_;
  FitOptions options_;
  bool show_progress_;
  std::map<std::string, std::map<std::size_t, OriginForecast>> forecasts_;
  std::map<std::string, std::string> failures_;
  struct Template {
    std::size_t origin = 0;
    std::shared_ptr<const FittedModel> fitted;
  };
  std::map<std::string, Template> templates_;
};

// |actual - forecast| per origin (rows) and step ahead (columns).
std::vector<std::vector<double>> absolute_errors(const series::TimeSeries& history,
                                                 const std::vector<OriginForecast>& forecasts);

// Accuracy of the forecasts: MASE (each fold's MAE over the seasonal naive in-sample error of its own
// training data at `season_period`, averaged over folds), pooled sMAPE, WAPE and RMSE, and, per level,
// the coverage and mean width of conformal intervals, each fold's calibrated only on the errors of the
// folds whose whole window was observed before its origin, as a forecast is. Folds with no such earlier
// fold are not counted in coverage; coverage is left empty when no fold has one.
ModelScore score_forecasts(const std::string& model, const series::TimeSeries& history,
                           const std::vector<OriginForecast>& forecasts, std::span<const double> levels,
                           std::size_t season_period);

// Best first: lower MASE, then the simpler model (earlier in single_model_names(), "ensemble" last).
void sort_scores(std::vector<ModelScore>& scores);

// Sets non-negative-only values to zero where the series counts things.
void clip_counts(const series::TimeSeries& history, std::vector<double>& values);

}  // namespace fleetcast::models
