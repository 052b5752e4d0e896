#include "models/forecaster.h"

#include <fmt/core.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "common/errors.h"
#include "models/backtest.h"
#include "models/candidates.h"
#include "models/conformal.h"
#include "models/ensemble.h"
#include "models/registry.h"
#include "series/seasonality.h"

namespace fleetcast::models {
namespace {

// Twenty origins pooled over neighbouring steps give each step's quantile about a hundred errors; five
// folds alone leave the 90% quantile resting on a handful of points and the intervals too narrow.
constexpr std::size_t kCalibrationOrigins = 10;
constexpr std::string_view kEnsemble = "ensemble";

void validate(const series::TimeSeries& history, const ForecastRequest& request) {
  if (request.horizon == 0) throw InputError("the horizon must be at least one step");
  if (request.folds == 0) throw InputError("--folds must be at least 1");
  if (request.levels.empty()) throw InputError("at least one interval level is needed");
  for (double level : request.levels) {
    if (!(level > 0 && level < 1)) throw InputError(fmt::format("interval level {} is not between 0 and 1", level));
  }
  for (double value : history.values) {
    if (!std::isfinite(value)) throw InputError("the series holds a value that is not a finite number");
  }
}

std::vector<std::size_t> season_periods(const series::TimeSeries& history, const ForecastRequest& request) {
  if (request.season_override.empty()) {
    return series::detect_season_periods(history.values, 2, history.step_seconds);
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

// The single models to score, validated, and whether the ensemble of the best of them is wanted too.
std::pair<std::vector<std::string>, bool> resolve_candidates(const std::vector<std::string>& requested) {
  std::vector<std::string> singles;
  bool ensemble = false;
  for (const auto& name : requested.empty() ? default_candidate_models() : requested) {
    if (name == kEnsemble) {
      ensemble = true;
    } else if (std::find(singles.begin(), singles.end(), name) == singles.end()) {
      make_model(name);  // throws InputError naming the valid models
      singles.push_back(name);
    }
  }
  return {singles, ensemble};
}

struct Backtested {
  BacktestResult result;
  std::vector<std::string> ensemble_members;  // set when the ensemble was scored
};

Backtested backtest_candidates(const series::TimeSeries& history, const ForecastRequest& request,
                               const std::vector<std::string>& singles, bool with_ensemble,
                               const std::vector<std::size_t>& origins, OriginForecasts& forecasts,
                               const std::vector<std::size_t>& seasons) {
  Backtested backtested;
  BacktestResult& result = backtested.result;
  result.folds = origins.size();
  result.horizon = request.horizon;
  result.levels = request.levels;
  result.season_periods = seasons;
  const std::size_t season = seasons.empty() ? 1 : seasons.front();

  forecasts.compute(singles, origins);
  for (const auto& model : singles) {
    const std::string failure = forecasts.failure(model);
    if (!failure.empty()) {
      result.skipped.push_back(fmt::format("{}: {}", model, failure));
      continue;
    }
    const std::vector<std::string> alone{model};
    result.scores.push_back(score_forecasts(model, history, forecasts.mean_of(alone, origins), request.levels, season));
  }
  if (result.scores.empty() && singles.size() == 1 && request.model == singles.front()) {
    throw InputError(fmt::format("model {} cannot be fitted to this series at the backtest's origins (the earliest "
                                 "leaves it {} of the series' {} steps): {}; it needs a longer series, fewer folds or "
                                 "a shorter horizon",
                                 request.model, origins.front(), history.size(), forecasts.failure(request.model)));
  }
  if (result.scores.empty()) {
    std::string reasons;
    for (const auto& reason : result.skipped) reasons += (reasons.empty() ? "" : "; ") + reason;
    throw InputError("no model could be fitted to this series (" + reasons + ")");
  }
  sort_scores(result.scores);

  // The ensemble's backtest is free: its forecast at an origin is the mean of its members' forecasts there.
  if (with_ensemble && result.scores.size() >= 2) {
    std::optional<ModelScore> best;
    for (std::size_t size = 2; size <= std::min<std::size_t>(3, result.scores.size()); ++size) {
      std::vector<std::string> members;
      for (std::size_t i = 0; i < size; ++i) members.push_back(result.scores[i].model);
      ModelScore score = score_forecasts(std::string(kEnsemble), history, forecasts.mean_of(members, origins),
                                         request.levels, season);
      if (!best || score.mase < best->mase) {
        best = std::move(score);
        backtested.ensemble_members = members;
      }
    }
    result.scores.push_back(std::move(*best));
    sort_scores(result.scores);
  }
  return backtested;
}

double percent_below(double winner, double other) { return other > 0 ? 100 * (other - winner) / other : 0; }

std::string describe_selection(const ForecastRequest& request, const std::string& chosen,
                               const std::vector<std::string>& members, const BacktestResult& backtest) {
  const auto score_of = [&](std::string_view model) -> const ModelScore* {
    for (const auto& score : backtest.scores) {
      if (score.model == model) return &score;
    }
    return nullptr;
  };
  const ModelScore& winner = *score_of(chosen);
  std::string what = chosen;
  if (chosen == kEnsemble) {
    what = "ensemble (equal-weight mean of";
    for (std::size_t i = 0; i < members.size(); ++i) what += (i ? ", " : " ") + members[i];
    what += ")";
  }
  if (request.model != "auto") return fmt::format("{} as asked; backtest MASE {:.3f}", what, winner.mase);
  if (backtest.scores.size() < 2) return fmt::format("auto chose {}, the only model that could be fitted", what);

  const ModelScore& runner_up = backtest.scores[1];
  std::string text = fmt::format("auto chose {}: backtest MASE {:.3f}, {:.1f}% below the runner-up {} ({:.3f})",
                                 what, winner.mase, percent_below(winner.mase, runner_up.mase), runner_up.model,
                                 runner_up.mase);
  const ModelScore* snaive = score_of("snaive");
  if (snaive && chosen != "snaive" && runner_up.model != "snaive") {
    text += fmt::format(" and {:.1f}% below snaive ({:.3f})", percent_below(winner.mase, snaive->mase), snaive->mase);
  }
  return text;
}

std::unique_ptr<Model> make_chosen_model(const std::vector<std::string>& members) {
  if (members.size() == 1) return make_model(members.front());
  std::vector<std::unique_ptr<Model>> models;
  for (const auto& member : members) models.push_back(make_model(member));
  return make_ensemble_model(std::move(models));
}

}  // namespace

const std::vector<std::string>& default_candidate_models() {
  // The tree models and the LSTM are left out: one of their fits costs 10-100 times an ETS or MSTL fit
  // (gbt ~0.2-0.4 s on 2,000 points), which would put auto on a 2,000-point series far past its 0.5 s
  // budget. `backtest --models all` and `--model gbt` still use them.
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

BacktestResult backtest(const series::TimeSeries& history, const ForecastRequest& request) {
  validate(history, request);
  const auto origins = rolling_origins(history.size(), request.horizon, request.folds);
  const auto seasons = season_periods(history, request);
  const auto [singles, with_ensemble] = resolve_candidates(request.candidates);
  OriginForecasts forecasts(history, request.horizon, FitOptions{seasons, request.seed}, request.show_progress);
  return backtest_candidates(history, request, singles, with_ensemble, origins, forecasts, seasons).result;
}

ForecastResult forecast(const series::TimeSeries& history, const ForecastRequest& request) {
  validate(history, request);
  const auto origins = rolling_origins(history.size(), request.horizon, request.folds);
  const auto seasons = season_periods(history, request);
  const FitOptions options{seasons, request.seed};

  std::vector<std::string> singles;
  bool with_ensemble = true;
  if (request.model == "auto" || request.model == kEnsemble) {
    singles = resolve_candidates(request.candidates.empty() ? auto_candidate_models(history, seasons) : request.candidates).first;
  } else {
    singles = resolve_candidates({request.model}).first;
    with_ensemble = false;
  }
  OriginForecasts forecasts(history, request.horizon, options, request.show_progress);
  Backtested backtested = backtest_candidates(history, request, singles, with_ensemble, origins, forecasts, seasons);

  std::string chosen = request.model == "auto" ? backtested.result.scores.front().model : request.model;
  if (chosen == kEnsemble && backtested.ensemble_members.empty()) {
    throw InputError("an ensemble needs at least two candidate models that fit this series");
  }
  const std::vector<std::string> members =
      chosen == kEnsemble ? backtested.ensemble_members : std::vector<std::string>{chosen};

  // Calibration origins: as many as the history allows up to kCalibrationOrigins; the backtest's
  // origins are among them whenever the spacing matches, and their fits are reused. They reach further
  // back than the backtest's, where a model may have too little history to be fitted: those origins are
  // left out, and should that leave fewer than the backtest had, the backtest's own origins calibrate.
  const std::size_t calibration_count = std::max<std::size_t>(
      origins.size(), std::min(kCalibrationOrigins, max_rolling_origins(history.size(), request.horizon)));
  const auto wanted_origins = rolling_origins(history.size(), request.horizon, calibration_count);
  forecasts.compute(members, wanted_origins);
  std::vector<std::size_t> calibration_origins = forecasts.fitted_origins(members, wanted_origins);
  if (calibration_origins.size() < origins.size()) calibration_origins = origins;
  const auto half_widths = conformal_half_widths(
      absolute_errors(history, forecasts.mean_of(members, calibration_origins)), request.levels, request.horizon);

  const auto fitted = make_chosen_model(members)->fit(history, options);
  std::vector<double> mean = fitted->predict(request.horizon, {}).mean;
  clip_counts(history, mean);

  ForecastResult result;
  result.model = chosen;
  result.selection = describe_selection(request, chosen, members, backtested.result);
  result.season_periods = seasons;
  result.levels = request.levels;
  result.backtest = std::move(backtested.result);
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
  tbb::parallel_for(std::size_t{0}, histories.size(), [&](std::size_t i) {
    try {
      forecasts[i].result = forecast(histories[i], request);
    } catch (const std::exception& error) {  // one series failing must not stop the others
      forecasts[i].error = error.what();
    }
  });
  return forecasts;
}

}  // namespace fleetcast::models
