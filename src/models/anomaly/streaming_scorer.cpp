// The three detectors run side by side on each pushed value, and their scores combine by a noisy-OR:
// combined = 1 - (1 - seasonal_residual)(1 - isolation_forest)(1 - change_point). It is at least the
// highest detector's score and rises where detectors agree (two at 0.5 give 0.75). An alarm (combined at
// or above the threshold) opens a refractory period (options.refractory_seconds) in which the combined
// score is halved: NAB, like an operator, counts the first alarm of an episode and pays for every
// repeated one outside it. A step in the period whose distance to 1 is at most half the alarm's is no
// repeat but a stronger event: it is a new alarm and restarts the period. So a weak alarm (just above a
// low threshold) cannot hide a much stronger one that a user with a higher threshold would want, and the
// scores still rank for any threshold. The period is measured from the alarm's step, so it is causal.
// Novelty caps the detectors: a deviation the series has shown before is its habit, not news (a nightly
// job's spike, a burst like last week's). Each step's seasonal-residual z-score and isolation-forest score
// are capped at 1.25 times the novelty of the latest values (models/anomaly/novelty.h, in residual
// spreads), and the change-point CUSUM adds up residuals capped at the novelty of the latest residuals, so
// that a missing daily rise (familiar values at the wrong hour) still adds up. On NAB this took fleetcast
// from 53.6 to 70.0 (false-positive rows 327 to 129, windows found 57 to 57; README, "NAB anomaly
// benchmark").
// score_anomalies pushes the series through this scorer, so batch and streaming scores are the same by
// construction.
#include <cmath>
#include <optional>
#include <string>

#include "common/errors.h"
#include "models/anomaly/anomaly_detector.h"
#include "models/anomaly/change_point.h"
#include "models/anomaly/forest_detector.h"
#include "models/anomaly/novelty.h"
#include "models/anomaly/robust_score.h"
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
  NoveltyIndex value_novelty, residual_novelty;
  series::TimeSeries series;
  AnomalyScores scores;
  std::optional<double> previous_adjusted;
  std::optional<std::size_t> last_alarm;  // the step of the latest alarm
  double alarm_score = 0;                 // its combined score
};

namespace {

constexpr double kRefractoryFactor = 0.5;
// The distance to the nearest earlier stretch understates a new deviation by the noise of that stretch:
// a z-score may exceed the values' novelty by this factor. 1.25 on NAB: 70.0 overall, against 68.4 at 1.5
// and 65.3 at 1 (1 also caps a planted two-step dip of 11 standard deviations below the default threshold).
constexpr double kNoveltyAllowance = 1.25;
constexpr double kStrongerEventTail = 0.5;  // a new alarm in the period: 1 - score at most this times the alarm's

// Steps after an alarm whose start lies within `seconds` of the alarm's start.
std::size_t refractory_steps(std::int64_t seconds, std::int64_t step_seconds) {
  return seconds <= 0 ? 0 : static_cast<std::size_t>((seconds - 1) / step_seconds);
}

// `z` with its magnitude at most `cap` (NaN: no cap yet).
double capped(double z, double cap) { return std::isnan(cap) ? z : std::copysign(std::min(std::abs(z), cap), z); }

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
  SeasonalResidualPoint point = state.residual.push(value);
  // In residual spreads; NaN before the first fit (nothing is scored then).
  const double value_novelty = kNoveltyAllowance * state.value_novelty.push(value) / point.scale;
  const double residual_novelty =
      state.residual_novelty.push(std::isnan(point.expected) ? 0.0 : value - point.expected) / point.scale;
  if (!std::isnan(value_novelty) && std::abs(point.z) > value_novelty) {
    point.z = capped(point.z, value_novelty);
    point.score = score_from_z(point.z);
  }
  point.plain_z = capped(point.plain_z, residual_novelty);
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
    if (!std::isnan(value_novelty)) forest_score = std::min(forest_score, score_from_z(value_novelty));
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
  state.scores.novelty.push_back(std::isnan(value_novelty) ? 0.0 : value_novelty);
  return combined;
}

const AnomalyScores& StreamingAnomalyScorer::scores() const { return state_->scores; }

const series::TimeSeries& StreamingAnomalyScorer::series() const { return state_->series; }

std::size_t anomaly_warm_up_steps(const AnomalyOptions& options, std::int64_t step_seconds) {
  return 2 * refit_schedule(options.season_periods, step_seconds).cadence + kMinResiduals;
}

AnomalyScores score_anomalies(const series::TimeSeries& series, const AnomalyOptions& options, ProgressBar* progress) {
  StreamingAnomalyScorer scorer(options, series.step_seconds, series.start);
  constexpr std::size_t kProgressStride = 4096;
  for (std::size_t i = 0; i < series.size(); ++i) {
    scorer.push(series.values[i]);
    if (progress && (i + 1) % kProgressStride == 0) progress->advance(kProgressStride);
  }
  if (progress) progress->advance(series.size() % kProgressStride);
  return scorer.scores();
}

}  // namespace fleetcast::models::anomaly
