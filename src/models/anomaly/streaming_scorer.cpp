// The three detectors run side by side on each pushed value, and their scores combine by a noisy-OR:
// combined = 1 - (1 - seasonal_residual)(1 - isolation_forest)(1 - change_point). It is at least the
// highest detector's score and rises where detectors agree (two at 0.5 give 0.75). An alarm (combined at
// or above the threshold) opens a refractory period (options.refractory_seconds) in which the combined
// score is halved: NAB, like an operator, counts the first alarm of an episode and pays for every
// repeated one outside it. A step in the period whose distance to 1 is at most half the alarm's is no
// repeat but a stronger event: it is a new alarm and restarts the period. So a weak alarm (just above a
// low threshold) cannot hide a much stronger one that a user with a higher threshold would want, and the
// scores still rank for any threshold. The period is measured from the alarm's step, so it is causal.
// score_anomalies pushes the series through this scorer, so batch and streaming scores are the same by
// construction.
#include <cmath>
#include <optional>
#include <string>

#include "common/errors.h"
#include "models/anomaly/anomaly_detector.h"
#include "models/anomaly/change_point.h"
#include "models/anomaly/forest_detector.h"
#include "models/anomaly/seasonal_residual.h"

namespace fleetcast::models::anomaly {

struct StreamingAnomalyScorer::State {
  State(AnomalyOptions options, std::int64_t step_seconds, TimestampUs start)
      : options(std::move(options)), residual(this->options.season_periods, step_seconds, this->options.counts),
        forest(residual.schedule().cadence, residual.schedule().training_window, this->options.seed),
        change() {
    series.start = start;
    series.step_seconds = step_seconds;
  }
  AnomalyOptions options;
  SeasonalResidualDetector residual;
  ForestDetector forest;
  ChangePointDetector change;
  series::TimeSeries series;
  AnomalyScores scores;
  std::optional<double> previous_adjusted;
  std::optional<std::size_t> last_alarm;  // the step of the latest alarm
  double alarm_score = 0;                 // its combined score
};

namespace {

constexpr double kRefractoryFactor = 0.5;
constexpr double kStrongerEventTail = 0.5;  // a new alarm in the period: 1 - score at most this times the alarm's

// Steps after an alarm whose start lies within `seconds` of the alarm's start.
std::size_t refractory_steps(std::int64_t seconds, std::int64_t step_seconds) {
  return seconds <= 0 ? 0 : static_cast<std::size_t>((seconds - 1) / step_seconds);
}

}  // namespace

StreamingAnomalyScorer::StreamingAnomalyScorer(AnomalyOptions options, std::int64_t step_seconds, TimestampUs start)
    : state_(std::make_unique<State>(std::move(options), step_seconds, start)) {
  if (step_seconds <= 0) throw InputError("anomalies: the step must be a positive number of seconds");
}

StreamingAnomalyScorer::~StreamingAnomalyScorer() = default;
StreamingAnomalyScorer::StreamingAnomalyScorer(StreamingAnomalyScorer&&) noexcept = default;
StreamingAnomalyScorer& StreamingAnomalyScorer::operator=(StreamingAnomalyScorer&&) noexcept = default;

double StreamingAnomalyScorer::push(double value) {
  State& state = *state_;
  const std::size_t index = state.series.size();
  if (!std::isfinite(value)) {
    throw InputError("anomalies: value " + std::to_string(index) + " (at " +
                     format_iso8601(state.series.time_at(index)) + ") is not a finite number");
  }
  const SeasonalResidualPoint point = state.residual.push(value);
  double forest_score = 0;
  if (!std::isnan(point.scale)) {
    // The first difference of the seasonally adjusted value: a sharp daily step is the season's, not news.
    const double adjusted = value - point.seasonal;
    const double previous = state.previous_adjusted.value_or(adjusted);
    state.previous_adjusted = adjusted;
    forest_score = state.forest.push(ForestFeatures{.value = value,
                                                    .residual = value - point.expected,
                                                    .difference = adjusted - previous,
                                                    .level = point.level,
                                                    .time = state.series.time_at(index)});
  }
  const double change_score = state.change.push(point.plain_z, !std::isnan(point.scale));
  const double unsuppressed = 1 - (1 - point.score) * (1 - forest_score) * (1 - change_score);
  double combined = unsuppressed;
  const std::size_t refractory = refractory_steps(state.options.refractory_seconds, state.series.step_seconds);
  const bool repeat = state.last_alarm && index - *state.last_alarm <= refractory &&
                      1 - unsuppressed > kStrongerEventTail * (1 - state.alarm_score);
  if (repeat) {
    combined *= kRefractoryFactor;
  } else if (combined >= state.options.threshold) {
    state.last_alarm = index;
    state.alarm_score = combined;
  }
  state.series.values.push_back(value);
  state.scores.seasonal_residual.push_back(point.score);
  state.scores.isolation_forest.push_back(forest_score);
  state.scores.change_point.push_back(change_score);
  state.scores.combined.push_back(combined);
  state.scores.unsuppressed.push_back(unsuppressed);
  state.scores.expected.push_back(point.expected);
  return combined;
}

const AnomalyScores& StreamingAnomalyScorer::scores() const { return state_->scores; }

const series::TimeSeries& StreamingAnomalyScorer::series() const { return state_->series; }

std::size_t anomaly_warm_up_steps(const AnomalyOptions& options, std::int64_t step_seconds) {
  return 2 * refit_schedule(options.season_periods, step_seconds).cadence + kMinResiduals;
}

AnomalyScores score_anomalies(const series::TimeSeries& series, const AnomalyOptions& options) {
  StreamingAnomalyScorer scorer(options, series.step_seconds, series.start);
  for (const double value : series.values) scorer.push(value);
  return scorer.scores();
}

}  // namespace fleetcast::models::anomaly
