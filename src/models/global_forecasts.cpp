#include "models/global_forecasts.h"

#include <fmt/core.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <utility>

#include "common/errors.h"
#include "models/backtest.h"
#include "models/conformal.h"
#include "models/global_gbt.h"
#include "models/named_series_forecasts.h"
#include "series/seasonality.h"

namespace fleetcast::models {
namespace {

// The season periods shared by at least half of `histories`, shortest first: one layout of lags serves
// every series, so it follows the pattern most of them show.
std::vector<std::size_t> shared_season_periods(const std::vector<series::TimeSeries>& histories,
                                               const ForecastRequest& request) {
  std::vector<std::size_t> periods;
  if (!request.season_override.empty()) {
    periods = request.season_override;
    std::sort(periods.begin(), periods.end());
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    return periods;
  }
  std::map<std::size_t, std::size_t> votes;
  for (const auto& history : histories) {
    for (std::size_t period : series::detect_season_periods(history.values, 2, history.step_seconds)) ++votes[period];
  }
  for (const auto& [period, count] : votes) {
    if (2 * count >= histories.size()) periods.push_back(period);
  }
  return periods;
}

// One global fit on the series cut at `steps_back` steps before their ends (the series in `members`),
// and its forecasts for them.
struct CutoffFit {
  std::size_t steps_back = 0;  // 0: the full histories, for the forecast itself
  std::vector<std::size_t> members;
  std::vector<std::vector<double>> forecasts;  // per member
  std::vector<std::size_t> season_periods;
  double fit_seconds = 0;
  std::string failure;
};

void run_cutoff(CutoffFit& cutoff, const std::vector<series::TimeSeries>& histories, const ForecastRequest& request) {
  try {
    std::vector<series::TimeSeries> training;
    for (std::size_t member : cutoff.members) {
      series::TimeSeries cut = histories[member];
      cut.values.resize(cut.size() - cutoff.steps_back);
      training.push_back(std::move(cut));
    }
    const auto started = std::chrono::steady_clock::now();
    cutoff.season_periods = shared_season_periods(training, request);
    const auto fitted = make_global_gbt_model()->fit(training, FitOptions{cutoff.season_periods, request.seed});
    for (std::size_t i = 0; i < cutoff.members.size(); ++i) {
      std::vector<double> forecast = fitted->predict(i, request.horizon);
      clip_counts(training[i], forecast);
      cutoff.forecasts.push_back(std::move(forecast));
    }
    cutoff.fit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  } catch (const std::exception& error) {  // too short for the lags, say: the per-series forecasts stand
    cutoff.failure = error.what();
  }
}

std::string describe_choice(const GlobalComparison& comparison, std::size_t series_count, const std::string& own_selection) {
  if (comparison.global_chosen) {
    return fmt::format("global chosen: one gradient-boosted model across all {} series scored backtest MASE {:.3f} "
                       "against {:.3f} for this series' own {}",
                       series_count, comparison.global_mase, comparison.per_series_mase, comparison.per_series_model);
  }
  if (!comparison.global_scored) return own_selection + "; the global model could not be backtested";
  return fmt::format("{}; the global model across all {} series scored backtest MASE {:.3f}", own_selection,
                     series_count, comparison.global_mase);
}

}  // namespace

std::vector<NamedGlobalForecast> forecast_named_series_globally(const std::vector<series::NamedSeries>& named,
                                                                const ForecastRequest& request, const WarningSink& warn) {
  std::vector<NamedForecast> own = forecast_named_series(named, request, warn);
  std::vector<series::TimeSeries> histories;
  for (const auto& [name, result] : own) {
    const auto found = std::find_if(named.begin(), named.end(), [&](const series::NamedSeries& entry) { return entry.name == name; });
    histories.push_back(found->series);
  }

  // The same origins each series' own backtest used, as steps back from its end: series of one length
  // share them, so one global fit per origin serves them all.
  std::map<std::size_t, std::vector<std::size_t>> members_by_steps_back;
  for (std::size_t i = 0; i < histories.size(); ++i) {
    for (std::size_t origin : rolling_origins(histories[i].size(), request.horizon, request.folds)) {
      members_by_steps_back[histories[i].size() - origin].push_back(i);
    }
  }
  std::vector<CutoffFit> cutoffs;
  for (auto& [steps_back, members] : members_by_steps_back) cutoffs.push_back({steps_back, members, {}, {}, 0, {}});
  CutoffFit& final_fit = cutoffs.emplace_back();
  for (std::size_t i = 0; i < histories.size(); ++i) final_fit.members.push_back(i);
  // In their own context: a cancelled enclosing loop must not skip fits silently.
  tbb::task_group_context context(tbb::task_group_context::isolated);
  tbb::parallel_for(std::size_t{0}, cutoffs.size(), [&](std::size_t i) { run_cutoff(cutoffs[i], histories, request); }, context);

  std::string failure;
  for (const auto& cutoff : cutoffs) {
    if (!cutoff.failure.empty() && failure.empty()) failure = cutoff.failure;
  }
  if (!failure.empty()) warn(fmt::format("warning: the global model could not be fitted, every series keeps its own model: {}", failure));

  std::vector<std::vector<OriginForecast>> backtests(histories.size());
  for (const auto& cutoff : cutoffs) {
    if (cutoff.steps_back == 0) continue;
    for (std::size_t i = 0; i < cutoff.members.size(); ++i) {
      const std::size_t member = cutoff.members[i];
      backtests[member].push_back({histories[member].size() - cutoff.steps_back, cutoff.forecasts[i], cutoff.fit_seconds});
    }
  }

  std::vector<NamedGlobalForecast> results;
  for (std::size_t i = 0; i < own.size(); ++i) {
    NamedGlobalForecast& entry = results.emplace_back();
    entry.name = own[i].first;
    entry.result = std::move(own[i].second);
    GlobalComparison& comparison = entry.comparison;
    comparison.per_series_model = entry.result.model;
    for (const auto& score : entry.result.backtest.scores) {
      if (score.model == entry.result.model) comparison.per_series_mase = score.mase;
    }
    if (failure.empty()) {
      const series::TimeSeries& history = histories[i];
      std::sort(backtests[i].begin(), backtests[i].end(),
                [](const OriginForecast& a, const OriginForecast& b) { return a.origin < b.origin; });
      const std::size_t season = entry.result.season_periods.empty() ? 1 : entry.result.season_periods.front();
      ModelScore score = score_forecasts(std::string(kGlobalModel), history, backtests[i], request.levels, season);
      comparison.global_scored = true;
      comparison.global_mase = score.mase;
      comparison.global_chosen = score.mase < comparison.per_series_mase;
      entry.result.backtest.scores.push_back(std::move(score));
      sort_scores(entry.result.backtest.scores);
      if (comparison.global_chosen) {
        const auto half_widths = conformal_half_widths(absolute_errors(history, backtests[i]), request.levels, request.horizon);
        entry.result.model = std::string(kGlobalModel);
        entry.result.season_periods = final_fit.season_periods;
        for (std::size_t h = 0; h < request.horizon; ++h) {
          ForecastStep& step = entry.result.steps[h];
          step.mean = final_fit.forecasts[i][h];
          for (std::size_t level = 0; level < request.levels.size(); ++level) {
            const double lower = step.mean - half_widths[level][h];
            step.lower[level] = history.counts ? std::max(0.0, lower) : lower;
            step.upper[level] = step.mean + half_widths[level][h];
          }
        }
      }
    }
    entry.result.selection = describe_choice(comparison, histories.size(), entry.result.selection);
  }
  return results;
}

}  // namespace fleetcast::models
