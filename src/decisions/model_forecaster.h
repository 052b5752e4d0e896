#pragma once
// A DemandForecaster backed by a model of the forecasting stage (models/registry.h).
//
// The observed per-step rates are averaged into hourly rates over a bounded trailing window (so a refit
// stays cheap however long the replay), the model is refit once per `refit_seconds` when a new hour has
// completed, and the upper quantile comes from the empirical distribution of the forecaster's own recent
// errors: per observed step, the step's rate minus the hourly mean that was forecast for it. Those errors
// cover both the model's error and the within-hour noise that an hourly model cannot see. Until enough
// errors are recorded, the model's own interval is used; before the model can be fit (too little
// history) the forecast is the last hour's mean rate.
#include <memory>
#include <string>
#include <vector>

#include "decisions/demand_forecaster.h"
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
  DemandOutlook outlook(const DemandView& history, std::size_t hours, double quantile) override;

 private:
  void refit(const DemandView& history, TimestampUs hour_start, std::size_t hours, double quantile);
  void record_errors(const DemandView& history, std::size_t until);

  ModelForecasterOptions options_;
  std::unique_ptr<models::Model> model_;
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
