#include "models/forecaster.h"

#include <fmt/core.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>

#include "common/errors.h"
#include "models/backtest.h"
#include "models/candidates.h"
#include "models/conformal.h"
#include "models/ensemble.h"
#include "models/registry.h"
#include "models/selection.h"
#include "series/seasonality.h"

namespace fleetcast::models {
namespace {

constexpr std::string_view kEnsemble = "ensemble";

// Interval calibration, per step ahead: the latest kCalibrationOrigins origins at which that step was
// observed, on a grid anchored at the end of the history (one origin every eighth of a day), each giving
// the errors of the step and its kPoolSteps neighbours on either side: about a hundred errors per step,
// and the same ones whatever horizon is asked. The grid reaches further back than the first step's
// origins only where a long horizon leaves its last step fewer than half of them.
constexpr std::size_t kCalibrationOrigins = 20;
constexpr std::size_t kPoolSteps = 2;

// One fit's cost on one core, seconds = fixed + per step x min(steps, cap) (bench_forecast_speed's
// BM_ExpensiveFit measures them): what the budget compares against before fitting anything.
struct FitCost {
  double fixed;
  double per_step;
  std::size_t cap;
};
constexpr FitCost kGbtCost{0.087, 2.9e-5, SIZE_MAX};
constexpr FitCost kRfCost{0.18, 1.8e-4, SIZE_MAX};
constexpr FitCost kLstmCost{0.245, 0.0, 0};  // at most 256 training windows, whatever the length

void validate(const series::TimeSeries& history, const ForecastRequest& request) {
  if (request.horizon == 0) throw InputError("the horizon must be at least one step");
  if (request.folds == 0) throw InputError("--folds must be at least 1");
  if (request.levels.empty()) throw InputError("at least one interval level is needed");
  if (!(request.budget_seconds >= 0)) throw InputError("--budget must be zero or more seconds");
  for (double level : request.levels) {
    if (!(level > 0 && level < 1)) throw InputError(fmt::format("interval level {} is not between 0 and 1", level));
  }
  for (double value : history.values) {
    if (!std::isfinite(value)) throw InputError("the series holds a value that is not a finite number");
  }
}

// The season periods of the first `length` steps (detected there, so a backtest that passes its first
// origin sees no later data), or the ones asked for.
std::vector<std::size_t> season_periods(const series::TimeSeries& history, const ForecastRequest& request,
                                        std::size_t length) {
  if (request.season_override.empty()) {
    return series::detect_season_periods(std::span<const double>(history.values.data(), length), 2,
                                         history.step_seconds);
  }
  std::vector<std::size_t> periods = request.season_override;
  for (std::size_t period : periods) {
    if (period < 2) throw InputError(fmt::format("a season of {} steps is too short (at least 2)", period));
    if (period >= history.size()) {
      throw InputError(fmt::format("a season of {} steps is not shorter than the series ({} steps)", period,
                                   history.size()));
    }
  }
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  return periods;
}

struct Candidates {
  std::vector<std::string> singles;
  bool ensemble = false;
  std::vector<std::string> dropped;  // "model: reason" for expensive ones the budget leaves out
};

// The models to score, validated, and whether the ensemble of the best of them is wanted too. With no
// list asked for: the fast set for this series plus the expensive models, cheapest family first, while
// their estimated costs add up to no more than the budget.
Candidates resolve_candidates(const std::vector<std::string>& requested, const series::TimeSeries& history,
                              std::span<const std::size_t> seasons, double budget_seconds) {
  Candidates candidates;
  std::vector<std::string> names = requested;
  if (requested.empty()) {
    names = auto_candidate_models(history, seasons);
    names.emplace_back(kEnsemble);
    double spent = 0;
    for (const auto& model : expensive_candidate_models()) {
      const double cost = estimated_cost_seconds(model, history.size());
      if (spent + cost <= budget_seconds) {
        names.push_back(model);
        spent += cost;
      } else {
        candidates.dropped.push_back(fmt::format("{}: its fits would take about {:.2g} s on {} steps, over what is "
                                                 "left of the {:g} s this series has (--budget, shared equally among the series)",
                                                 model, cost, history.size(), budget_seconds));
      }
    }
  }
  for (const auto& name : names) {
    if (name == kEnsemble) {
      candidates.ensemble = true;
    } else if (std::find(candidates.singles.begin(), candidates.singles.end(), name) == candidates.singles.end()) {
      make_model(name);  // throws InputError naming the valid models
      candidates.singles.push_back(name);
    }
  }
  return candidates;
}

BacktestResult backtest_candidates(const series::TimeSeries& history, const ForecastRequest& request,
                                   const Candidates& candidates, const std::vector<std::size_t>& origins,
                                   OriginForecasts& forecasts, const std::vector<std::size_t>& seasons) {
  BacktestResult result;
  result.folds = origins.size();
  result.horizon = request.horizon;
  result.levels = request.levels;
  result.season_periods = seasons;
  result.skipped = candidates.dropped;
  const std::size_t season = seasons.empty() ? 1 : seasons.front();

  forecasts.compute(candidates.singles, origins);
  std::vector<std::string> fitted;  // simplest first, as asked
  for (const auto& model : candidates.singles) {
    const std::string failure = forecasts.failure(model);
    if (!failure.empty()) {
      result.skipped.push_back(fmt::format("{}: {}", model, failure));
      continue;
    }
    fitted.push_back(model);
    const std::vector<std::string> alone{model};
    result.scores.push_back(score_forecasts(model, history, forecasts.mean_of(alone, origins), request.levels, season));
  }
  if (result.scores.empty() && candidates.singles.size() == 1 && request.model == candidates.singles.front()) {
    throw InputError(fmt::format("model {} cannot be fitted to this series at the backtest's origins (the earliest "
                                 "leaves it {} of the series' {} steps): {} (where the history is too short for it: a "
                                 "longer series, fewer folds or a shorter horizon)",
                                 request.model, origins.front(), history.size(), forecasts.failure(request.model)));
  }
  if (result.scores.empty()) {
    std::string reasons;
    for (const auto& reason : result.skipped) reasons += (reasons.empty() ? "" : "; ") + reason;
    throw InputError("no model could be fitted to this series (" + reasons + ")");
  }
  sort_scores(result.scores);

  const ChoicePool pool = candidates.ensemble ? ChoicePool::both : ChoicePool::singles;
  const Choice chosen = choose_forecast(history, forecasts, fitted, origins, season, pool);
  result.chosen = choice_name(chosen);
  // The ensemble's backtest is free: its forecast at an origin is the weighted mean of its members' there.
  if (candidates.ensemble && fitted.size() >= 2) {
    const Choice combination = chosen.members.size() > 1
                                   ? chosen
                                   : choose_forecast(history, forecasts, fitted, origins, season, ChoicePool::combinations);
    if (combination.members.size() > 1) {
      result.ensemble_members = combination.members;
      result.ensemble_weights = combination.weights;
      result.scores.push_back(score_forecasts(std::string(kEnsemble), history,
                                              forecasts.mean_of(combination.members, origins, combination.weights),
                                              request.levels, season));
      sort_scores(result.scores);
    }
  }
  result.nested = nested_check(history, forecasts, fitted, origins, request.horizon, season, pool);
  return result;
}

double percent_below(double winner, double other) { return other > 0 ? 100 * (other - winner) / other : 0; }

std::string describe_members(const std::vector<std::string>& members, const std::vector<double>& weights) {
  std::string what = "ensemble (weighted mean of";
  for (std::size_t i = 0; i < members.size(); ++i) what += fmt::format("{} {} {:.2f}", i ? "," : "", members[i], weights[i]);
  return what + ")";
}

std::string describe_selection(const ForecastRequest& request, const std::string& chosen,
                               const BacktestResult& backtest) {
  const auto score_of = [&](std::string_view model) -> const ModelScore* {
    for (const auto& score : backtest.scores) {
      if (score.model == model) return &score;
    }
    return nullptr;
  };
  const ModelScore& winner = *score_of(chosen);
  const std::string what =
      chosen == kEnsemble ? describe_members(backtest.ensemble_members, backtest.ensemble_weights) : chosen;
  if (request.model != "auto") return fmt::format("{} as asked; backtest MASE {:.3f}", what, winner.mase);
  if (backtest.scores.size() < 2) return fmt::format("auto chose {}, the only model that could be fitted", what);

  const ModelScore& runner_up = backtest.scores[backtest.scores[0].model == chosen ? 1 : 0];
  std::string text = fmt::format("auto chose {} on {} origins, {} steps ahead each: backtest MASE {:.3f}, {:.1f}% below "
                                 "the runner-up {} ({:.3f})",
                                 what, backtest.folds, backtest.horizon, winner.mase, percent_below(winner.mase, runner_up.mase),
                                 runner_up.model, runner_up.mase);
  const ModelScore* snaive = score_of("snaive");
  if (snaive && chosen != "snaive" && runner_up.model != "snaive") {
    text += fmt::format(" and {:.1f}% below snaive ({:.3f})", percent_below(winner.mase, snaive->mase), snaive->mase);
  }
  return text;
}

std::unique_ptr<Model> make_chosen_model(const std::vector<std::string>& members, const std::vector<double>& weights) {
  if (members.size() == 1) return make_model(members.front());
  std::vector<std::unique_ptr<Model>> models;
  for (const auto& member : members) models.push_back(make_model(member));
  return make_ensemble_model(std::move(models), weights);
}

// The calibration grid: origins every eighth of a day back from the last step, none in the first half.
std::vector<std::size_t> calibration_grid(const series::TimeSeries& history, std::size_t horizon) {
  const std::size_t stride = std::max<std::size_t>(1, steps_per_day(history.step_seconds) / 8);
  const std::size_t first = std::max<std::size_t>(2, history.size() / 2);
  const std::size_t wanted = kCalibrationOrigins + (horizon + kPoolSteps + stride - 1) / stride;
  std::vector<std::size_t> grid;
  for (std::size_t back = 1; back <= history.size() && grid.size() < wanted; back += stride) {
    const std::size_t origin = history.size() - back;
    if (origin < first) break;
    grid.push_back(origin);
  }
  return grid;  // latest first
}

// Half-widths [level][step] of the conformal intervals around `members`' forecast. Each step's errors
// come from the latest grid origins whose pooled steps were observed, so a step's interval does not
// depend on the horizon asked; a step no origin has observed keeps the step before it's width, and with
// no grid origin at all the backtest's folds calibrate.
std::vector<std::vector<double>> calibrate(const series::TimeSeries& history, const ForecastRequest& request,
                                           const std::vector<std::string>& members, const std::vector<double>& weights,
                                           const FitOptions& options, const std::vector<OriginForecast>& backtest_folds) {
  const std::size_t steps = request.horizon + kPoolSteps;
  OriginForecasts forecasts(history, steps, options, false);
  const auto grid = calibration_grid(history, request.horizon);
  // The first step's origins first: they fix the models' templates, the same for every horizon.
  std::vector<std::size_t> first_step;
  for (std::size_t origin : grid) {
    if (origin + kPoolSteps < history.size() && first_step.size() < kCalibrationOrigins) first_step.push_back(origin);
  }
  forecasts.compute(members, first_step);
  // Further back only where the last step would keep fewer than half its origins: another template fit.
  const std::size_t last_step_origins = static_cast<std::size_t>(std::count_if(
      first_step.begin(), first_step.end(),
      [&](std::size_t origin) { return origin + request.horizon - 1 + kPoolSteps < history.size(); }));
  if (last_step_origins < kCalibrationOrigins / 2) forecasts.compute(members, grid);
  const auto origins = forecasts.fitted_origins(members, grid);
  const auto predicted = forecasts.mean_of(members, origins, weights);

  std::vector<std::vector<double>> widths(request.levels.size(), std::vector<double>(request.horizon, 0.0));
  for (std::size_t h = 0; h < request.horizon; ++h) {
    const std::size_t from = h > kPoolSteps ? h - kPoolSteps : 0;
    const std::size_t to = h + kPoolSteps;
    std::vector<double> pool;
    std::size_t used = 0;
    for (const auto& forecast : predicted) {  // latest first
      if (forecast.origin + to >= history.size()) continue;
      if (++used > kCalibrationOrigins) break;
      for (std::size_t k = from; k <= to; ++k) pool.push_back(std::abs(history.values[forecast.origin + k] - forecast.mean[k]));
    }
    if (pool.empty() && h == 0) {
      return conformal_half_widths(absolute_errors(history, backtest_folds), request.levels, request.horizon);
    }
    const auto quantiles = conformal_quantiles(std::move(pool), request.levels);
    for (std::size_t level = 0; level < request.levels.size(); ++level) {
      widths[level][h] = used > 0 ? quantiles[level] : widths[level][h - 1];
    }
  }
  return widths;
}

}  // namespace

const std::vector<std::string>& default_candidate_models() {
  // The tree models and the LSTM are the expensive ones: auto adds them under its budget
  // (expensive_candidate_models).
  static const std::vector<std::string> defaults = [] {
    std::vector<std::string> available;
    for (const char* name : {"naive", "snaive", "ets", "mstl"}) {
      const auto& known = single_model_names();
      if (std::find(known.begin(), known.end(), name) != known.end()) available.emplace_back(name);
    }
    return available;
  }();
  return defaults;
}

const std::vector<std::string>& expensive_candidate_models() {
  static const std::vector<std::string> expensive = {"gbt", "rf", "lstm"};
  return expensive;
}

double estimated_cost_seconds(const std::string& model, std::size_t length) {
  // Seconds per training step of one fit, measured on one core (bench_forecast_speed), times the fits
  // one forecast makes: the backtest's template, the calibration's template and the final fit (the other
  // origins re-anchor a fitted model on their own recent values, which costs a prediction).
  constexpr double kFits = 3;
  const auto cost = [&](const FitCost& fit) {
    return kFits * (fit.fixed + fit.per_step * static_cast<double>(std::min(length, fit.cap)));
  };
  if (model == "gbt") return cost(kGbtCost);
  if (model == "rf") return cost(kRfCost);
  if (model == "lstm") return cost(kLstmCost);
  return 0;
}

namespace {

// `run` (backtest or forecast) on the history with its past anomaly windows replaced, recording how many
// points were.
template <typename Run>
auto on_discounted_history(const series::TimeSeries& history, const ForecastRequest& request, Run run) {
  const DiscountedSeries discounted = discount_anomalies(history, request.season_override, request.seed);
  ForecastRequest plain = request;
  plain.discount_anomalies = false;
  auto result = run(discounted.series, plain);
  result.anomaly_discount = discounted.discount;
  return result;
}

}  // namespace

BacktestResult backtest(const series::TimeSeries& history, const ForecastRequest& request) {
  if (request.discount_anomalies) return on_discounted_history(history, request, backtest);
  validate(history, request);
  const auto origins = selection_origins(history.size(), request.horizon, history.step_seconds, request.folds);
  const auto seasons = season_periods(history, request, origins.front());
  const Candidates candidates = resolve_candidates(request.candidates, history, seasons, request.budget_seconds);
  OriginForecasts forecasts(history, request.horizon, FitOptions{seasons, request.seed}, request.show_progress);
  return backtest_candidates(history, request, candidates, origins, forecasts, seasons);
}

ForecastResult forecast(const series::TimeSeries& history, const ForecastRequest& request) {
  if (request.discount_anomalies) return on_discounted_history(history, request, forecast);
  validate(history, request);
  // The choice is scored on at least a day ahead where the history allows, so forecasts of 1 h and 6 h
  // choose alike (and a short horizon's choice rests on more than a step or two per origin).
  ForecastRequest selection = request;
  const std::size_t day = steps_per_day(history.step_seconds);
  if (day > request.horizon && max_rolling_origins(history.size(), day) >= request.folds) selection.horizon = day;
  const auto origins = selection_origins(history.size(), selection.horizon, history.step_seconds, request.folds);
  const auto backtest_seasons = season_periods(history, request, origins.front());
  const auto seasons = season_periods(history, request, history.size());
  const FitOptions options{seasons, request.seed};

  Candidates candidates;
  if (request.model == "auto" || request.model == kEnsemble) {
    candidates = resolve_candidates(request.candidates, history, backtest_seasons, request.budget_seconds);
  } else {
    candidates = resolve_candidates({request.model}, history, backtest_seasons, request.budget_seconds);
  }
  OriginForecasts forecasts(history, selection.horizon, FitOptions{backtest_seasons, request.seed}, request.show_progress);
  BacktestResult backtested = backtest_candidates(history, selection, candidates, origins, forecasts, backtest_seasons);

  const std::string chosen = request.model == "auto" ? backtested.chosen : request.model;
  if (chosen == kEnsemble && backtested.ensemble_members.empty()) {
    throw InputError("an ensemble needs at least two candidate models that fit this series");
  }
  const std::vector<std::string> members =
      chosen == kEnsemble ? backtested.ensemble_members : std::vector<std::string>{chosen};
  const std::vector<double> weights = chosen == kEnsemble ? backtested.ensemble_weights : std::vector<double>{1.0};

  const auto half_widths =
      calibrate(history, request, members, weights, options, forecasts.mean_of(members, origins, weights));
  const auto fitted = make_chosen_model(members, weights)->fit(history, options);
  std::vector<double> mean = fitted->predict(request.horizon, {}).mean;
  clip_counts(history, mean);

  ForecastResult result;
  result.model = chosen;
  result.selection = describe_selection(request, chosen, backtested);
  result.season_periods = seasons;
  result.levels = request.levels;
  result.backtest = std::move(backtested);
  for (std::size_t h = 0; h < request.horizon; ++h) {
    ForecastStep& step = result.steps.emplace_back();
    step.timestamp = history.time_at(history.size() + h);
    step.mean = mean[h];
    for (std::size_t level = 0; level < request.levels.size(); ++level) {
      const double lower = mean[h] - half_widths[level][h];
      step.lower.push_back(history.counts ? std::max(0.0, lower) : lower);
      step.upper.push_back(mean[h] + half_widths[level][h]);
    }
  }
  return result;
}

std::vector<SeriesForecast> forecast_each(std::span<const series::TimeSeries> histories, const ForecastRequest& request) {
  std::vector<SeriesForecast> forecasts(histories.size());
  ForecastRequest shared = request;
  if (!histories.empty()) shared.budget_seconds /= static_cast<double>(histories.size());
  tbb::parallel_for(std::size_t{0}, histories.size(), [&](std::size_t i) {
    try {
      forecasts[i].result = forecast(histories[i], shared);
    } catch (const std::exception& error) {  // one series failing must not stop the others
      forecasts[i].error = error.what();
    }
  });
  return forecasts;
}

}  // namespace fleetcast::models
