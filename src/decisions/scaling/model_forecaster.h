#pragma once
// A DemandForecaster backed by a model of the forecasting stage (models/registry.h).
//
// The observed per-step rates are averaged into hourly rates over a bounded trailing window (so a refit
// stays cheap however long the replay), the model is refit once per `refit_seconds` when a new hour has
// completed, and the upper quantile comes from the empirical distribution of the forecaster's own recent
// errors: per observed step, the step's rate minus the hourly mean that was forecast for it. Those errors
// cover both the model's error and the within-hour noise that an hourly model cannot see. Until enough
// errors are recorded, the model's own interval is used; before the model can be fit (too little
// history) the forecast is the last hour's mean rate. A refit that fails (the model throws: no feasible
// fit, say) does not end the replay: the last good fit forecasts on; when there is none (or it cannot
// forecast that far), the last season of hourly rates repeats (seasonal naive, the first season period);
// with less than a season of history, the last hour's mean rate. The failure is counted (fit_fallbacks).
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "decisions/scaling/demand_forecaster.h"
#include "models/model.h"

namespace fleetcast::decisions {

struct ModelForecasterOptions {
  std::string model = "ets";
  double refit_seconds = 3600;
  std::size_t window_hours = 21 * 24;                 // trailing history the model is fit on
  std::vector<std::size_t> season_periods = {24};     // in hours
  std::size_t min_fit_hours = 48;                     // below this the last hour's mean is the forecast
  std::size_t error_window_steps = 7 * 24 * 60;       // recent step errors kept for the quantile
  std::size_t min_errors = 60;                        // errors needed before the empirical quantile is used
};

// Reads "model", "refit_seconds", "window_hours", "season" (hours) from policy parameters.
ModelForecasterOptions model_forecaster_options(const PolicyParams& params, std::string_view policy);

class ModelDemandForecaster final : public DemandForecaster {
 public:
  explicit ModelDemandForecaster(ModelForecasterOptions options);
  // With `model` in place of the one options.model names.
  ModelDemandForecaster(ModelForecasterOptions options, std::unique_ptr<models::Model> model);
  DemandOutlook outlook(const DemandView& history, std::size_t hours, double quantile) override;
  std::size_t fit_fallbacks() const override { return fit_fallbacks_; }

 private:
  void refit(const DemandView& history, TimestampUs hour_start, std::size_t hours, double quantile);
  void record_errors(const DemandView& history, std::size_t until);
  // mean_ (and model_upper_) for `horizon` hours from `hour_now` by the last good fit, forecasting past
  // the hours since it was made; left empty when it cannot.
  void continue_last_fit(TimestampUs hour_now, std::size_t horizon, std::span<const double> levels);
  // mean_ for `horizon` hours from `hour_now` as the hours one season earlier in `hourly`; left empty
  // without a season period or a whole season of history.
  void repeat_last_season(const series::TimeSeries& hourly, TimestampUs hour_now, std::size_t horizon);

  ModelForecasterOptions options_;
  std::unique_ptr<models::Model> model_;
  std::shared_ptr<const models::FittedModel> last_fit_;  // the last fit that succeeded
  TimestampUs last_fit_hour_ = 0;                         // the hour its forecast starts at
  std::size_t fit_fallbacks_ = 0;
  TimestampUs fit_hour_ = 0;          // the hour the cached forecast starts at
  bool fitted_ = false;
  double quantile_ = 0;
  double error_quantile_ = 0;       // the quantile of errors_ at the last refit
  std::vector<double> mean_;          // per hour from fit_hour_
  std::vector<double> model_upper_;   // the model's interval, empty when it has none
  std::vector<double> errors_;        // ring buffer of step errors
  std::size_t next_error_ = 0;
  std::size_t errors_recorded_until_ = 0;  // steps of the history whose errors are recorded
};

}  // namespace fleetcast::decisions
