#include "models/backtest.h"

#include <fmt/core.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

#include "common/errors.h"
#include "common/progress.h"
#include "models/conformal.h"
#include "models/metrics.h"
#include "models/registry.h"

namespace fleetcast::models {

std::vector<std::size_t> rolling_origins(std::size_t length, std::size_t horizon, std::size_t count) {
  if (horizon == 0 || count == 0) throw InputError("the horizon and the number of folds must be positive");
  const std::size_t min_train = std::max<std::size_t>(2, length / 2);
  const std::size_t room = length >= horizon + min_train ? length - horizon - min_train : 0;
  if (length < horizon + min_train || (count > 1 && room < count - 1)) {
    throw InputError(fmt::format("a series of {} steps is too short to backtest {} folds of {} steps ahead "
                                 "(it needs about {} steps; shorten --horizon or lower --folds)",
                                 length, count, horizon, 2 * (horizon + count - 1) + 2));
  }
  const std::size_t stride = count > 1 ? std::min(horizon, room / (count - 1)) : 0;
  std::vector<std::size_t> origins(count);
  for (std::size_t k = 0; k < count; ++k) origins[k] = length - horizon - (count - 1 - k) * stride;
  return origins;
}

std::size_t max_rolling_origins(std::size_t length, std::size_t horizon) {
  const std::size_t min_train = std::max<std::size_t>(2, length / 2);
  return horizon > 0 && length >= horizon + min_train ? length - horizon - min_train + 1 : 0;
}

std::size_t steps_per_day(std::int64_t step_seconds) {
  return step_seconds > 0 && step_seconds < 86'400 ? static_cast<std::size_t>(86'400 / step_seconds) : 1;
}

std::vector<std::size_t> selection_origins(std::size_t length, std::size_t horizon, std::int64_t step_seconds,
                                           std::size_t min_count) {
  const std::size_t stride = std::max(horizon, steps_per_day(step_seconds));
  const std::size_t spread = max_rolling_origins(length, horizon);  // how many one-step-apart origins fit
  const std::size_t daily = spread > 0 ? std::min(kMaxSelectionOrigins, (spread - 1) / stride + 1) : 0;
  if (daily >= min_count && daily > 1) {
    std::vector<std::size_t> origins(daily);
    for (std::size_t k = 0; k < daily; ++k) origins[k] = length - horizon - (daily - 1 - k) * stride;
    return origins;
  }
  const std::size_t tiled = spread > 0 ? std::min(kMaxSelectionOrigins, (spread - 1) / horizon + 1) : 0;
  return rolling_origins(length, horizon, std::max(min_count, tiled));
}

void clip_counts(const series::TimeSeries& history, std::vector<double>& values) {
  if (!history.counts) return;
  for (double& value : values) value = std::max(0.0, value);
}

OriginForecasts::OriginForecasts(const series::TimeSeries& history, std::size_t horizon, FitOptions options,
                                 bool show_progress)
    : history_(history), horizon_(horizon), options_(std::move(options)), show_progress_(show_progress) {}

void OriginForecasts::compute(std::span<const std::string> models, std::span<const std::size_t> origins) {
  if (origins.empty()) return;
  struct Task {
    std::string model;
    std::size_t origin;
    bool makes_template;
    // The model already has forecasts from an earlier call: a failure here (an origin too early for it)
    // only leaves this origin out instead of the whole model.
    bool extends;
    OriginForecast forecast;
    std::shared_ptr<const FittedModel> fitted;
    std::string failure;
  };
  const std::size_t earliest = *std::min_element(origins.begin(), origins.end());
  std::vector<Task> template_tasks;
  std::vector<Task> refit_tasks;
  std::map<std::string, std::unique_ptr<Model>> instances;
  for (const auto& model : models) {
    if (failures_.count(model)) continue;
    const auto found = templates_.find(model);
    const bool extends = found != templates_.end();
    const bool needs_template = !extends || earliest < found->second.origin;
    if (needs_template) template_tasks.push_back({model, earliest, true, extends, {}, {}, {}});
    for (std::size_t origin : origins) {
      if (forecasts_[model].count(origin) || (needs_template && origin == earliest)) continue;
      refit_tasks.push_back({model, origin, false, extends, {}, {}, {}});
    }
    if (!instances.count(model)) instances.emplace(model, make_model(model));
  }
  if (template_tasks.empty() && refit_tasks.empty()) return;

  std::optional<ProgressBar> progress;
  if (show_progress_) progress.emplace("backtest", template_tasks.size() + refit_tasks.size());
  auto run = [&](Task& task) {
    series::TimeSeries training = history_;
    training.values.resize(task.origin);
    try {
      const auto started = std::chrono::steady_clock::now();
      std::shared_ptr<const FittedModel> fitted;
      if (!task.makes_template) {
        const auto& base = templates_.at(task.model);
        if (base.fitted && base.origin <= task.origin) fitted = base.fitted->refit(training, options_);
      }
      if (!fitted) fitted = instances.at(task.model)->fit(training, options_);
      task.forecast.fit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      task.forecast.origin = task.origin;
      task.forecast.mean = fitted->predict(horizon_, {}).mean;
      clip_counts(history_, task.forecast.mean);
      if (task.makes_template) task.fitted = std::move(fitted);
    } catch (const std::exception& error) {  // too short for this model, or no feasible fit: leave it out
      task.failure = error.what();
    }
    if (progress) progress->advance(1);
  };
  auto collect = [&](std::vector<Task>& tasks) {
    for (auto& task : tasks) {
      if (!task.failure.empty() && task.extends) continue;
      if (!task.failure.empty()) {
        failures_.emplace(task.model, task.failure);
        forecasts_.erase(task.model);
        templates_.erase(task.model);
        continue;
      }
      if (failures_.count(task.model)) continue;
      if (task.makes_template) templates_[task.model] = Template{task.origin, std::move(task.fitted)};
      forecasts_[task.model].try_emplace(task.origin, std::move(task.forecast));
    }
  };
  // Templates first (one per model, in parallel), then every other origin refits them in parallel. The
  // loops run in their own context: were an enclosing parallel loop cancelled (another series failing),
  // a shared context would skip tasks silently and leave their forecasts empty.
  tbb::task_group_context templates_context(tbb::task_group_context::isolated);
  tbb::parallel_for(std::size_t{0}, template_tasks.size(), [&](std::size_t i) { run(template_tasks[i]); }, templates_context);
  collect(template_tasks);
  std::erase_if(refit_tasks, [&](const Task& task) { return failures_.count(task.model) > 0; });
  tbb::task_group_context refits_context(tbb::task_group_context::isolated);
  tbb::parallel_for(std::size_t{0}, refit_tasks.size(), [&](std::size_t i) { run(refit_tasks[i]); }, refits_context);
  collect(refit_tasks);
}

std::string OriginForecasts::failure(const std::string& model) const {
  const auto found = failures_.find(model);
  return found == failures_.end() ? std::string() : found->second;
}

std::vector<std::size_t> OriginForecasts::fitted_origins(std::span<const std::string> members,
                                                         std::span<const std::size_t> origins) const {
  std::vector<std::size_t> fitted;
  for (std::size_t origin : origins) {
    const bool every_member = std::all_of(members.begin(), members.end(), [&](const std::string& member) {
      const auto found = forecasts_.find(member);
      return found != forecasts_.end() && found->second.count(origin) > 0;
    });
    if (every_member) fitted.push_back(origin);
  }
  return fitted;
}

std::vector<OriginForecast> OriginForecasts::mean_of(std::span<const std::string> members,
                                                     std::span<const std::size_t> origins,
                                                     std::span<const double> weights) const {
  std::vector<OriginForecast> means;
  for (std::size_t origin : origins) {
    OriginForecast& mean = means.emplace_back();
    mean.origin = origin;
    mean.mean.assign(horizon_, 0.0);
    for (std::size_t m = 0; m < members.size(); ++m) {
      const OriginForecast& forecast = forecasts_.at(members[m]).at(origin);
      const double weight = weights.empty() ? 1.0 / static_cast<double>(members.size()) : weights[m];
      for (std::size_t h = 0; h < horizon_; ++h) mean.mean[h] += weight * forecast.mean[h];
      mean.fit_seconds += forecast.fit_seconds;
    }
  }
  return means;
}

std::vector<std::vector<double>> absolute_errors(const series::TimeSeries& history,
                                                 const std::vector<OriginForecast>& forecasts) {
  std::vector<std::vector<double>> errors;
  errors.reserve(forecasts.size());
  for (const auto& forecast : forecasts) {
    auto& row = errors.emplace_back(forecast.mean.size());
    for (std::size_t h = 0; h < row.size(); ++h) row[h] = std::abs(history.values[forecast.origin + h] - forecast.mean[h]);
  }
  return errors;
}

ModelScore score_forecasts(const std::string& model, const series::TimeSeries& history,
                           const std::vector<OriginForecast>& forecasts, std::span<const double> levels,
                           std::size_t season_period) {
  ModelScore score;
  score.model = model;
  if (forecasts.empty()) return score;

  ErrorSums pooled;
  double mase_sum = 0;
  double fit_seconds = 0;
  for (const auto& forecast : forecasts) {
    ErrorSums fold;
    for (std::size_t h = 0; h < forecast.mean.size(); ++h) {
      fold.add(history.values[forecast.origin + h], forecast.mean[h]);
      pooled.add(history.values[forecast.origin + h], forecast.mean[h]);
    }
    const std::span<const double> training(history.values.data(), forecast.origin);
    mase_sum += fold.absolute / static_cast<double>(fold.points) / seasonal_naive_scale(training, season_period);
    fit_seconds += forecast.fit_seconds;
  }
  const auto folds = static_cast<double>(forecasts.size());
  score.mase = mase_sum / folds;
  score.smape = pooled.smape_percent();
  score.wape = pooled.wape_percent();
  score.rmse = pooled.rmse();
  score.fit_seconds = fit_seconds / folds;
  if (forecasts.size() < 2) return score;

  // Each fold's intervals come only from errors that were known at its origin, so coverage is out of
  // sample in time order: a later fold's surprise never widens an earlier fold's interval.
  const auto errors = absolute_errors(history, forecasts);
  const std::size_t horizon = forecasts.front().mean.size();
  std::vector<std::size_t> covered(levels.size(), 0);
  std::vector<double> width_sum(levels.size(), 0.0);
  std::size_t calibrated_points = 0;
  for (std::size_t k = 0; k < forecasts.size(); ++k) {
    std::vector<std::vector<double>> earlier;
    for (std::size_t j = 0; j < forecasts.size(); ++j) {
      if (forecasts[j].origin + forecasts[j].mean.size() <= forecasts[k].origin) earlier.push_back(errors[j]);
    }
    if (earlier.empty()) continue;
    calibrated_points += horizon;
    const auto half_widths = conformal_half_widths(earlier, levels, horizon);
    for (std::size_t level = 0; level < levels.size(); ++level) {
      for (std::size_t h = 0; h < horizon; ++h) {
        const double mean = forecasts[k].mean[h];
        const double lower = history.counts ? std::max(0.0, mean - half_widths[level][h]) : mean - half_widths[level][h];
        const double upper = mean + half_widths[level][h];
        const double actual = history.values[forecasts[k].origin + h];
        covered[level] += actual >= lower && actual <= upper;
        width_sum[level] += upper - lower;
      }
    }
  }
  if (calibrated_points == 0) return score;
  const double points = static_cast<double>(calibrated_points);
  for (std::size_t level = 0; level < levels.size(); ++level) {
    score.coverage.push_back(static_cast<double>(covered[level]) / points);
    score.mean_width.push_back(width_sum[level] / points);
  }
  return score;
}

void sort_scores(std::vector<ModelScore>& scores) {
  const auto& names = single_model_names();
  const auto rank = [&](const std::string& model) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), model) - names.begin());
  };
  std::sort(scores.begin(), scores.end(), [&](const ModelScore& a, const ModelScore& b) {
    if (a.mase != b.mase) return a.mase < b.mase;
    return rank(a.model) < rank(b.model);
  });
}

}  // namespace fleetcast::models
