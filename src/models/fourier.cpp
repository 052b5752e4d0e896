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
  for (const auto& term : terms) columns += 2 * term.harmonics.size();
  return columns;
}

// The sin/cos pairs of `terms` at step t (counted from the start of the history), in their order.
template <typename Row>
void fill_harmonics(Row&& row, double t, std::span<const FourierTerms> terms) {
  Eigen::Index column = 0;
  for (const auto& term : terms) {
    for (std::size_t k : term.harmonics) {
      const double angle = 2 * std::numbers::pi * static_cast<double>(k) * t / static_cast<double>(term.period);
      row(column++) = std::sin(angle);
      row(column++) = std::cos(angle);
    }
  }
}

// Every harmonic any choice may use: per usable period, shortest first, the first
// min(kMaxFourierHarmonics, (period - 1) / 2) k whose frequency no shorter usable period already has.
std::vector<FourierTerms> admissible_terms(std::size_t length, std::span<const std::size_t> periods) {
  std::vector<std::size_t> usable;
  for (std::size_t period : periods) {
    if (period >= 3 && 2 * period <= length) usable.push_back(period);
  }
  std::sort(usable.begin(), usable.end());
  usable.erase(std::unique(usable.begin(), usable.end()), usable.end());
  std::vector<FourierTerms> terms;
  for (std::size_t period : usable) {
    FourierTerms term{period, {}};
    const std::size_t most = std::min(kMaxFourierHarmonics, (period - 1) / 2);
    for (std::size_t k = 1; 2 * k < period && term.harmonics.size() < most; ++k) {
      // k / period == j / shorter for a whole j exactly when k * shorter is a multiple of period.
      const bool duplicate = std::any_of(terms.begin(), terms.end(),
                                         [&](const FourierTerms& shorter) { return k * shorter.period % period == 0; });
      if (!duplicate) term.harmonics.push_back(k);
    }
    if (!term.harmonics.empty()) terms.push_back(std::move(term));
  }
  return terms;
}

// The least-squares problem for the largest design (intercept, a trend scaled to [0, 1] so it takes the
// drift the harmonics must not, and every admissible harmonic), reduced to its normal equations in one pass
// over the history: each candidate set of harmonics is a sub-block, so choosing K costs no further pass.
class HarmonicRegression {
 public:
  HarmonicRegression(std::span<const double> values, std::vector<FourierTerms> admissible)
      : admissible_(std::move(admissible)), design_(design(values.size(), admissible_)) {
    double mean = 0;
    for (double value : values) mean += value;
    mean /= static_cast<double>(values.size());
    // Centred, so that the residual sum of squares taken from the normal equations does not cancel away.
    Eigen::VectorXd centred(static_cast<Eigen::Index>(values.size()));
    for (std::size_t t = 0; t < values.size(); ++t) centred(static_cast<Eigen::Index>(t)) = values[t] - mean;
    gram_ = design_.transpose() * design_;
    moments_ = design_.transpose() * centred;
    total_squares_ = centred.squaredNorm();
  }

  const std::vector<FourierTerms>& admissible() const { return admissible_; }
  double total_squares() const { return total_squares_; }
  std::size_t observations() const { return static_cast<std::size_t>(design_.rows()); }

  struct Solution {
    std::vector<Eigen::Index> columns;  // of the full design
    Eigen::VectorXd coefficients;
    double rss = 0;
  };

  // The fit with the trend, the intercept and the harmonics of `terms` (each a prefix of the admissible
  // harmonics of its period).
  Solution solve(std::span<const FourierTerms> terms) const {
    Solution solution;
    solution.columns = {0, 1};
    Eigen::Index offset = 2;
    for (const auto& candidate : admissible_) {
      const auto chosen = std::find_if(terms.begin(), terms.end(),
                                       [&](const FourierTerms& term) { return term.period == candidate.period; });
      const std::size_t pairs = chosen == terms.end() ? 0 : chosen->harmonics.size();
      for (Eigen::Index column = 0; column < static_cast<Eigen::Index>(2 * pairs); ++column) {
        solution.columns.push_back(offset + column);
      }
      offset += static_cast<Eigen::Index>(2 * candidate.harmonics.size());
    }
    const auto size = static_cast<Eigen::Index>(solution.columns.size());
    Eigen::MatrixXd gram(size, size);
    Eigen::VectorXd moments(size);
    for (Eigen::Index i = 0; i < size; ++i) {
      moments(i) = moments_(solution.columns[static_cast<std::size_t>(i)]);
      for (Eigen::Index j = 0; j < size; ++j) {
        gram(i, j) = gram_(solution.columns[static_cast<std::size_t>(i)], solution.columns[static_cast<std::size_t>(j)]);
      }
    }
    solution.coefficients = gram.ldlt().solve(moments);
    solution.rss = std::max(0.0, total_squares_ - solution.coefficients.dot(moments));
    return solution;
  }

  // The seasonal part the solution fits at each step of the history.
  Eigen::VectorXd harmonics_of(const Solution& solution) const {
    Eigen::VectorXd fitted = Eigen::VectorXd::Zero(design_.rows());
    for (std::size_t i = 2; i < solution.columns.size(); ++i) {
      fitted += solution.coefficients(static_cast<Eigen::Index>(i)) * design_.col(solution.columns[i]);
    }
    return fitted;
  }

 private:
  static Eigen::MatrixXd design(std::size_t length, std::span<const FourierTerms> terms) {
    const auto rows = static_cast<Eigen::Index>(length);
    Eigen::MatrixXd matrix(rows, static_cast<Eigen::Index>(2 + harmonic_columns(terms)));
    const double trend_scale = length > 1 ? 1.0 / static_cast<double>(length - 1) : 0.0;
    for (Eigen::Index t = 0; t < rows; ++t) {
      matrix(t, 0) = 1;
      matrix(t, 1) = static_cast<double>(t) * trend_scale;
      fill_harmonics(matrix.row(t).tail(matrix.cols() - 2), static_cast<double>(t), terms);
    }
    return matrix;
  }

  std::vector<FourierTerms> admissible_;
  Eigen::MatrixXd design_;
  Eigen::MatrixXd gram_;
  Eigen::VectorXd moments_;
  double total_squares_ = 0;
};

double aicc(double rss, double total_squares, std::size_t observations, std::size_t coefficients) {
  const auto n = static_cast<double>(observations);
  const auto k = static_cast<double>(coefficients + 1);  // and the error variance
  if (n - k - 1 <= 0) return std::numeric_limits<double>::infinity();
  // An exact fit would send log(rss) to -infinity on rounding noise: below a relative floor, fits count as
  // equally exact and the penalty prefers the fewest harmonics.
  const double floored = std::max(rss, 1e-10 * total_squares + std::numeric_limits<double>::min());
  return n * std::log(floored / n) + 2 * k + 2 * k * (k + 1) / (n - k - 1);
}

double aicc_of(const HarmonicRegression& regression, std::span<const FourierTerms> terms) {
  return aicc(regression.solve(terms).rss, regression.total_squares(), regression.observations(),
              2 + harmonic_columns(terms));
}

std::vector<FourierTerms> choose_terms(const HarmonicRegression& regression) {
  std::vector<FourierTerms> chosen;
  double best_aicc = aicc_of(regression, chosen);
  for (const auto& candidate : regression.admissible()) {
    std::vector<FourierTerms> trial = chosen;
    trial.push_back({candidate.period, {}});
    std::size_t best_count = 0;
    for (std::size_t count = 1; count <= candidate.harmonics.size(); ++count) {
      trial.back().harmonics.assign(candidate.harmonics.begin(), candidate.harmonics.begin() + static_cast<std::ptrdiff_t>(count));
      const double score = aicc_of(regression, trial);
      if (score < best_aicc) {
        best_aicc = score;
        best_count = count;
      }
    }
    if (best_count > 0) {
      trial.back().harmonics.resize(best_count);
      chosen = std::move(trial);
    }
  }
  return chosen;
}

struct SeasonalSplit {
  Eigen::VectorXd harmonic_coefficients;
  std::vector<double> adjusted;  // the history less its harmonics
};

SeasonalSplit split_season(const HarmonicRegression& regression, std::span<const FourierTerms> terms,
                           std::span<const double> values) {
  const HarmonicRegression::Solution solution = regression.solve(terms);
  const Eigen::VectorXd seasonal = regression.harmonics_of(solution);
  SeasonalSplit split;
  split.harmonic_coefficients = solution.coefficients.tail(solution.coefficients.size() - 2);
  split.adjusted.resize(values.size());
  for (std::size_t t = 0; t < values.size(); ++t) split.adjusted[t] = values[t] - seasonal(static_cast<Eigen::Index>(t));
  return split;
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

  // The same harmonics and the same ETS form on another history: a least-squares pass and one ETS fit
  // instead of the choice of K and ETS's search over its forms.
  std::unique_ptr<FittedModel> refit(const series::TimeSeries& history, const FitOptions&) const override {
    if (history.values.size() < 2 * (2 + harmonic_columns(terms_)) + 4) return nullptr;
    const HarmonicRegression regression(history.values, terms_);
    SeasonalSplit split = split_season(regression, terms_, history.values);
    try {
      return std::make_unique<FourierForecast>(terms_, std::move(split.harmonic_coefficients), history.values.size(),
                                               fit_ets(split.adjusted, 1, adjusted_.spec));
    } catch (const InputError&) {
      return nullptr;  // too short for this ETS form: choose again from scratch
    }
  }

 private:
  std::vector<FourierTerms> terms_;
  Eigen::VectorXd harmonic_coefficients_;
  std::size_t history_size_;
  EtsFit adjusted_;  // of the history less its harmonics
};

}  // namespace

std::vector<FourierTerms> choose_fourier_terms(std::span<const double> values, std::span<const std::size_t> periods) {
  if (values.empty()) return {};
  return choose_terms(HarmonicRegression(values, admissible_terms(values.size(), periods)));
}

namespace {

class FourierModel final : public Model {
 public:
  std::string_view name() const override { return "fourier"; }

  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions& options) const override {
    if (history.values.size() < 2) throw InputError("fourier needs at least 2 observations");
    const HarmonicRegression regression(history.values, admissible_terms(history.size(), options.season_periods));
    std::vector<FourierTerms> terms = choose_terms(regression);
    SeasonalSplit split = split_season(regression, terms, history.values);
    EtsFit adjusted = fit_auto_ets(split.adjusted, 1);
    return std::make_unique<FourierForecast>(std::move(terms), std::move(split.harmonic_coefficients),
                                             history.values.size(), std::move(adjusted));
  }
};

}  // namespace

std::unique_ptr<Model> make_fourier_model() { return std::make_unique<FourierModel>(); }

}  // namespace fleetcast::models
