#include "models/fourier.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <utility>

#include "common/errors.h"
#include "models/ets.h"

namespace fleetcast::models {
namespace {

std::size_t harmonic_columns(std::span<const FourierTerms> terms) {
  std::size_t columns = 0;
  for (const auto& term : terms) columns += 2 * term.harmonics;
  return columns;
}

// The harmonics at step t (counted from the start of the history), in the order of `terms`.
void fill_harmonics(Eigen::Ref<Eigen::RowVectorXd, 0, Eigen::InnerStride<>> row, double t, std::span<const FourierTerms> terms) {
  Eigen::Index column = 0;
  for (const auto& term : terms) {
    for (std::size_t k = 1; k <= term.harmonics; ++k) {
      const double angle = 2 * std::numbers::pi * static_cast<double>(k) * t / static_cast<double>(term.period);
      row(column++) = std::sin(angle);
      row(column++) = std::cos(angle);
    }
  }
}

struct HarmonicFit {
  Eigen::VectorXd coefficients;  // intercept, trend, then the harmonics
  double rss = 0;
};

// Least squares on an intercept, a trend scaled to [0, 1] (so it takes the drift the harmonics must not)
// and the harmonics of `terms`.
HarmonicFit fit_harmonics(std::span<const double> values, std::span<const FourierTerms> terms) {
  const auto n = static_cast<Eigen::Index>(values.size());
  const auto columns = static_cast<Eigen::Index>(2 + harmonic_columns(terms));
  Eigen::MatrixXd design(n, columns);
  Eigen::VectorXd target(n);
  const double trend_scale = values.size() > 1 ? 1.0 / static_cast<double>(values.size() - 1) : 0.0;
  for (Eigen::Index t = 0; t < n; ++t) {
    design(t, 0) = 1;
    design(t, 1) = static_cast<double>(t) * trend_scale;
    fill_harmonics(design.row(t).tail(columns - 2), static_cast<double>(t), terms);
    target(t) = values[static_cast<std::size_t>(t)];
  }
  HarmonicFit fit;
  fit.coefficients = design.colPivHouseholderQr().solve(target);
  fit.rss = (design * fit.coefficients - target).squaredNorm();
  return fit;
}

double aicc(double rss, double total_squares, std::size_t observations, std::size_t coefficients) {
  const auto n = static_cast<double>(observations);
  const auto k = static_cast<double>(coefficients + 1);  // and the error variance
  if (n - k - 1 <= 0) return std::numeric_limits<double>::infinity();
  // An exact fit would send log(rss) to -infinity on rounding noise: below a relative floor, fits count as
  // equally exact and the penalty prefers the fewest harmonics.
  const double floored = std::max(rss, 1e-10 * total_squares + std::numeric_limits<double>::min());
  return n * std::log(floored / n) + 2 * k + 2 * k * (k + 1) / (n - k - 1);
}

class FourierForecast final : public FittedModel {
 public:
  FourierForecast(std::vector<FourierTerms> terms, Eigen::VectorXd harmonic_coefficients, std::size_t history_size,
                  EtsFit adjusted)
      : terms_(std::move(terms)),
        harmonic_coefficients_(std::move(harmonic_coefficients)),
        history_size_(history_size),
        adjusted_(std::move(adjusted)) {}

  Prediction predict(std::size_t horizon, std::span<const double> levels) const override {
    Prediction prediction;
    prediction.mean = adjusted_.point_forecast(horizon);
    Eigen::RowVectorXd row(harmonic_coefficients_.size());
    for (std::size_t h = 0; h < horizon; ++h) {
      fill_harmonics(row, static_cast<double>(history_size_ + h), terms_);
      prediction.mean[h] += row.dot(harmonic_coefficients_);
    }
    prediction.lower.resize(levels.size());
    prediction.upper.resize(levels.size());
    return prediction;
  }

 private:
  std::vector<FourierTerms> terms_;
  Eigen::VectorXd harmonic_coefficients_;
  std::size_t history_size_;
  EtsFit adjusted_;  // the series less its harmonics
};

}  // namespace

std::vector<FourierTerms> choose_fourier_terms(std::span<const double> values, std::span<const std::size_t> periods) {
  std::vector<std::size_t> usable;
  for (std::size_t period : periods) {
    if (period >= 3 && 2 * period <= values.size()) usable.push_back(period);
  }
  std::sort(usable.begin(), usable.end());
  double mean = 0;
  for (double value : values) mean += value;
  mean /= static_cast<double>(std::max<std::size_t>(values.size(), 1));
  double total_squares = 0;
  for (double value : values) total_squares += (value - mean) * (value - mean);

  std::vector<FourierTerms> chosen;
  for (std::size_t period : usable) {
    const std::size_t most = std::min(kMaxFourierHarmonics, (period - 1) / 2);
    FourierTerms best{period, 0};
    double best_aicc = std::numeric_limits<double>::infinity();
    std::vector<FourierTerms> trial = chosen;
    trial.push_back(best);
    for (std::size_t harmonics = 1; harmonics <= most; ++harmonics) {
      trial.back().harmonics = harmonics;
      const double score =
          aicc(fit_harmonics(values, trial).rss, total_squares, values.size(), 2 + harmonic_columns(trial));
      if (score < best_aicc) {
        best_aicc = score;
        best.harmonics = harmonics;
      }
    }
    if (best.harmonics > 0) chosen.push_back(best);
  }
  return chosen;
}

namespace {

class FourierModel final : public Model {
 public:
  std::string_view name() const override { return "fourier"; }

  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions& options) const override {
    if (history.values.size() < 2) throw InputError("fourier needs at least 2 observations");
    std::vector<FourierTerms> terms = choose_fourier_terms(history.values, options.season_periods);
    const HarmonicFit harmonics = fit_harmonics(history.values, terms);
    const Eigen::VectorXd harmonic_coefficients = harmonics.coefficients.tail(harmonics.coefficients.size() - 2);

    std::vector<double> adjusted(history.values.size());
    Eigen::RowVectorXd row(harmonic_coefficients.size());
    for (std::size_t t = 0; t < adjusted.size(); ++t) {
      fill_harmonics(row, static_cast<double>(t), terms);
      adjusted[t] = history.values[t] - row.dot(harmonic_coefficients);
    }
    return std::make_unique<FourierForecast>(std::move(terms), harmonic_coefficients, history.values.size(),
                                             fit_auto_ets(adjusted, 1));
  }
};

}  // namespace

std::unique_ptr<Model> make_fourier_model() { return std::make_unique<FourierModel>(); }

}  // namespace fleetcast::models
