#pragma once
// The forecasting engine: picks a model per series by rolling-origin backtest and wraps its point
// forecast in conformal intervals built from the backtest's out-of-sample errors.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/time.h"
#include "models/anomaly_discount.h"
#include "series/time_series.h"

namespace fleetcast::models {

struct ForecastRequest {
  // A model name; "ensemble" (the inverse-MASE weighted mean of the best 2 or 3 candidates, whichever
  // backtests better); or "auto": the lowest backtest MASE among the candidates and that ensemble.
  std::string model = "auto";
  std::size_t horizon = 6;                    // steps ahead
  std::vector<double> levels = {0.9};         // interval coverage levels, each in (0, 1)
  std::size_t folds = 5;                      // the fewest backtest origins (see selection_origins)
  std::vector<std::size_t> season_override;   // periods in steps; empty means detect them
  std::vector<std::string> candidates;        // models auto and backtest try; empty means the default set
  // Seconds the expensive candidates (trees, LSTM) may be expected to cost together (forecast_each
  // shares it equally among its series); one whose estimated cost exceeds what is left is left out with
  // a note in BacktestResult::skipped. The estimate depends only on the model and the series' length, so the
  // selection stays deterministic for a seed.
  double budget_seconds = kDefaultBudgetSeconds;
  std::uint64_t seed = 42;
  bool show_progress = false;                 // draw a ProgressBar on stderr while the backtest runs
  // Replace the points inside past anomaly windows by their expected values before backtesting and
  // fitting (anomaly_discount.h), so a one-off incident is not learned as a pattern.
  bool discount_anomalies = false;
  static constexpr double kDefaultBudgetSeconds = 1.0;
};

// The models auto and backtest try when ForecastRequest::candidates is empty: the fast ones.
const std::vector<std::string>& default_candidate_models();

// The expensive models auto adds to the fast ones when the budget allows: gbt, rf, lstm.
const std::vector<std::string>& expensive_candidate_models();

// Estimated seconds of `model`'s fits in one forecast on a series of `length` steps (0 for a fast model).
double estimated_cost_seconds(const std::string& model, std::size_t length);

struct ModelScore {
  std::string model;
  double mase = 0;                    // scaled by the in-sample seasonal naive error
  double smape = 0;                   // percent
  double wape = 0;                    // percent
  double rmse = 0;
  std::vector<double> coverage;       // per level: share of held-out points inside the interval
  std::vector<double> mean_width;     // per level: mean interval width
  double fit_seconds = 0;             // mean wall time of one fit
};

struct NestedModelScore {
  std::string model;
  double mase = 0;
};

// The selection procedure scored out of sample: at each later origin, auto's choice made on the folds
// before it, against each fixed model on the same origins.
struct NestedCheck {
  std::size_t origins_scored = 0;
  double auto_mase = 0;
  std::vector<NestedModelScore> models;  // best first
  std::vector<std::string> choices;      // auto's choice at each scored origin, oldest first
};

struct BacktestResult {
  std::size_t folds = 0;
  std::size_t horizon = 0;
  std::vector<double> levels;
  std::vector<ModelScore> scores;     // sorted by MASE, best first
  std::vector<std::string> skipped;   // "model: reason" for candidates that could not be fitted
  std::vector<std::size_t> season_periods;  // detected on the training part before the first origin
  std::string chosen;                       // what auto chooses on these folds ("ensemble" or a model)
  std::vector<std::string> ensemble_members;
  std::vector<double> ensemble_weights;
  NestedCheck nested;
  std::optional<AnomalyDiscount> anomaly_discount;  // set when the request discounted anomalies
};

struct ForecastStep {
  TimestampUs timestamp = 0;
  double mean = 0;
  std::vector<double> lower;          // per level
  std::vector<double> upper;          // per level
};

struct ForecastResult {
  std::string model;                  // the model that produced the forecast
  std::string selection;              // one sentence: why this model (winner and margin, or as asked)
  std::vector<std::size_t> season_periods;
  std::vector<double> levels;
  BacktestResult backtest;
  std::vector<ForecastStep> steps;
  std::optional<AnomalyDiscount> anomaly_discount;  // set when the request discounted anomalies
};

// Throws InputError when the series is too short to backtest or forecast.
ForecastResult forecast(const series::TimeSeries& history, const ForecastRequest& request);
BacktestResult backtest(const series::TimeSeries& history, const ForecastRequest& request);

// One forecast per series, in parallel over the series, the budget shared equally among them. A series
// the request cannot be met for (too short, say, or no model fitting it) gets the error's message
// instead of a result.
struct SeriesForecast {
  std::optional<ForecastResult> result;
  std::string error;
};
std::vector<SeriesForecast> forecast_each(std::span<const series::TimeSeries> histories, const ForecastRequest& request);

}  // namespace fleetcast::models
