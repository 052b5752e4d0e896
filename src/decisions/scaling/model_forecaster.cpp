#include "decisions/scaling/model_forecaster.h"

#include <algorithm>
#include <cmath>

#include "common/errors.h"
#include "models/registry.h"

namespace fleetcast::decisions {
namespace {

constexpr TimestampUs kHourUs = 3600 * kMicrosPerSecond;

TimestampUs floor_to_hour(TimestampUs time) {
  const TimestampUs hour = time / kHourUs * kHourUs;
  return hour > time ? hour - kHourUs : hour;  // floor for times before the epoch too
}

}  // namespace

ModelForecasterOptions model_forecaster_options(const PolicyParams& params, std::string_view policy) {
  ModelForecasterOptions options;
  options.model = param_text(params, "model", options.model);
  options.refit_seconds = param_number(params, policy, "refit_seconds", options.refit_seconds);
  if (options.refit_seconds < 3600) throw InputError("policy '" + std::string(policy) + "': parameter 'refit_seconds' must be at least 3600 (forecasts are hourly)");
  const double window = param_number(params, policy, "window_hours", static_cast<double>(options.window_hours));
  if (window < 24) throw InputError("policy '" + std::string(policy) + "': parameter 'window_hours' must be at least 24");
  options.window_hours = static_cast<std::size_t>(window);
  const double season = param_number(params, policy, "season", 24);
  if (season < 0) throw InputError("policy '" + std::string(policy) + "': parameter 'season' must be 0 (none) or a period in hours");
  options.season_periods = season >= 2 ? std::vector<std::size_t>{static_cast<std::size_t>(season)} : std::vector<std::size_t>{};
  return options;
}

ModelDemandForecaster::ModelDemandForecaster(ModelForecasterOptions options)
    : ModelDemandForecaster(options, models::make_model(options.model)) {}

ModelDemandForecaster::ModelDemandForecaster(ModelForecasterOptions options, std::unique_ptr<models::Model> model)
    : options_(std::move(options)), model_(std::move(model)) {
  errors_.reserve(options_.error_window_steps);
}

DemandOutlook ModelDemandForecaster::outlook(const DemandView& history, std::size_t hours, double quantile) {
  const TimestampUs hour_now = floor_to_hour(history.now());
  DemandOutlook result;
  result.start = hour_now;
  if (history.empty()) {
    result.mean.assign(hours, 0.0);
    result.upper.assign(hours, 0.0);
    return result;
  }
  if (fitted_) record_errors(history, history.size());
  const auto elapsed = hour_now - fit_hour_;
  const bool stale = !fitted_ || quantile != quantile_ ||
                     static_cast<double>(elapsed) >= options_.refit_seconds * kMicrosPerSecond ||
                     static_cast<std::size_t>(elapsed / kHourUs) + hours > mean_.size();
  if (stale) refit(history, hour_now, hours, quantile);

  const auto offset = static_cast<std::size_t>((hour_now - fit_hour_) / kHourUs);
  double error_quantile = 0;
  const bool use_errors = errors_.size() >= options_.min_errors;
  if (use_errors) error_quantile = error_quantile_;
  result.mean.assign(mean_.begin() + static_cast<std::ptrdiff_t>(offset),
                     mean_.begin() + static_cast<std::ptrdiff_t>(offset + hours));
  result.upper.resize(hours);
  for (std::size_t i = 0; i < hours; ++i) {
    const double model_upper = model_upper_.empty() ? result.mean[i] : model_upper_[offset + i];
    result.upper[i] = std::max(0.0, use_errors ? result.mean[i] + error_quantile : model_upper);
  }
  return result;
}

void ModelDemandForecaster::record_errors(const DemandView& history, std::size_t until) {
  for (std::size_t i = errors_recorded_until_; i < until; ++i) {
    const TimestampUs time = history.time_at(i);
    if (time < fit_hour_) continue;
    const auto hour = static_cast<std::size_t>((time - fit_hour_) / kHourUs);
    if (hour >= mean_.size()) continue;
    const double error = history[i] - mean_[hour];
    if (errors_.size() < options_.error_window_steps) {
      errors_.push_back(error);
    } else {
      errors_[next_error_] = error;
      next_error_ = (next_error_ + 1) % errors_.size();
    }
  }
  errors_recorded_until_ = until;
}

void ModelDemandForecaster::continue_last_fit(TimestampUs hour_now, std::size_t horizon, std::span<const double> levels) {
  const auto skipped = static_cast<std::size_t>((hour_now - last_fit_hour_) / kHourUs);
  try {
    const auto prediction = last_fit_->predict(skipped + horizon, levels);
    if (prediction.mean.size() != skipped + horizon) return;
    mean_.assign(prediction.mean.begin() + static_cast<std::ptrdiff_t>(skipped), prediction.mean.end());
    if (!prediction.upper.empty() && prediction.upper.front().size() == skipped + horizon) {
      model_upper_.assign(prediction.upper.front().begin() + static_cast<std::ptrdiff_t>(skipped), prediction.upper.front().end());
    }
  } catch (const std::exception&) {  // the last fit cannot forecast this far either: the last hour's mean
    mean_.clear();
    model_upper_.clear();
  }
}

void ModelDemandForecaster::repeat_last_season(const series::TimeSeries& hourly, TimestampUs hour_now, std::size_t horizon) {
  if (options_.season_periods.empty() || hourly.values.empty()) return;
  const std::size_t period = options_.season_periods.front();
  const auto now_index = static_cast<std::size_t>((hour_now - hourly.start) / kHourUs);
  if (hourly.values.size() < period || now_index < period) return;
  mean_.resize(horizon);
  for (std::size_t h = 0; h < horizon; ++h) {
    std::size_t source = now_index + h;
    while (source >= hourly.values.size()) source -= period;
    mean_[h] = hourly.values[source];
  }
}

void ModelDemandForecaster::refit(const DemandView& history, TimestampUs hour_now, std::size_t hours, double quantile) {
  const TimestampUs window_start = hour_now - static_cast<TimestampUs>(options_.window_hours) * kHourUs;
  // Hourly mean rates of the complete hours in the window; an hour with no step (steps longer than an
  // hour) carries the previous hour's rate.
  std::vector<double> hourly;
  TimestampUs first_hour = 0;
  double bucket_sum = 0;
  std::size_t bucket_count = 0;
  TimestampUs bucket_hour = 0;
  auto close_bucket = [&] {
    if (bucket_count == 0) return;
    if (hourly.empty()) first_hour = bucket_hour;
    const auto index = static_cast<std::size_t>((bucket_hour - first_hour) / kHourUs);
    const double carried = hourly.empty() ? 0.0 : hourly.back();
    hourly.resize(index, carried);
    hourly.push_back(bucket_sum / static_cast<double>(bucket_count));
  };
  for (std::size_t i = 0; i < history.size(); ++i) {
    const TimestampUs time = history.time_at(i);
    if (time < window_start) continue;
    if (time >= hour_now) break;
    const TimestampUs hour = floor_to_hour(time);
    if (bucket_count > 0 && hour != bucket_hour) {
      close_bucket();
      bucket_sum = 0;
      bucket_count = 0;
    }
    bucket_hour = hour;
    bucket_sum += history[i];
    ++bucket_count;
  }
  close_bucket();

  const std::size_t horizon = hours + static_cast<std::size_t>(std::ceil(options_.refit_seconds / 3600.0)) + 1;
  fit_hour_ = hour_now;
  fitted_ = true;
  quantile_ = quantile;
  model_upper_.clear();
  mean_.clear();
  if (hourly.size() >= options_.min_fit_hours) {
    series::TimeSeries series{first_hour, 3600, std::move(hourly), false};
    models::FitOptions fit_options;
    for (const std::size_t period : options_.season_periods) {
      if (2 * period <= series.size()) fit_options.season_periods.push_back(period);
    }
    const double level = 2 * quantile - 1;  // the central interval whose upper bound is the quantile
    std::vector<double> levels;
    if (level > 0) levels.push_back(level);
    try {
      std::shared_ptr<const models::FittedModel> fitted = model_->fit(series, fit_options);
      const auto prediction = fitted->predict(horizon, levels);
      // A non-finite forecast would become a nonsense replica count: it is a failed fit like a throw.
      if (!std::all_of(prediction.mean.begin(), prediction.mean.end(), [](double value) { return std::isfinite(value); })) {
        throw RuntimeFailure("model '" + options_.model + "' forecast a value that is not a finite number");
      }
      mean_ = prediction.mean;
      if (!prediction.upper.empty() && prediction.upper.front().size() == horizon) model_upper_ = prediction.upper.front();
      last_fit_ = std::move(fitted);
      last_fit_hour_ = hour_now;
    } catch (const std::exception&) {  // no usable fit on this window: one failed refit must not end the run
      ++fit_fallbacks_;
      mean_.clear();
      model_upper_.clear();
      if (last_fit_) continue_last_fit(hour_now, horizon, levels);
      if (mean_.size() != horizon) repeat_last_season(series, hour_now, horizon);
    }
  }
  if (mean_.size() != horizon) {
    // The last hour's mean rate, or the last step's when not even one hour was observed.
    const std::size_t steps_per_hour = std::max<std::size_t>(1, 3600 / static_cast<std::size_t>(history.step_seconds()));
    const auto recent = history.last(steps_per_hour);
    double sum = 0;
    for (const double rate : recent) sum += rate;
    mean_.assign(horizon, sum / static_cast<double>(recent.size()));
    model_upper_.clear();
  }
  for (double& value : mean_) value = std::max(0.0, value);

  if (errors_.size() >= options_.min_errors) {
    std::vector<double> sorted = errors_;
    const auto rank = static_cast<std::size_t>(std::ceil(quantile * static_cast<double>(sorted.size()))) - 1;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank), sorted.end());
    error_quantile_ = sorted[rank];
  }
}

}  // namespace fleetcast::decisions
