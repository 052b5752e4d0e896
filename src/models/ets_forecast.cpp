// ETS forecasts: the mean from the final states; intervals analytic for the linear models (Hyndman et al.
// 2008, class 1: additive error, no multiplicative component), otherwise from simulated sample paths.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <type_traits>

#include "common/errors.h"
#include "common/normal.h"
#include "common/random.h"
#include "models/ets.h"
#include "models/ets_recursion.h"

namespace fleetcast::models {
namespace {

constexpr std::size_t kSimulatedPaths = 500;

bool is_linear(const EtsFit& fit) {
  return fit.spec.error == EtsError::additive && fit.spec.season != EtsSeason::multiplicative;
}

// Forecast variance h steps ahead for the linear models (Hyndman et al. 2008, table 6.1, class 1).
std::vector<double> linear_variances(const EtsFit& fit, std::size_t horizon) {
  std::vector<double> variances(horizon);
  const EtsParameters& p = fit.parameters;
  const double phi = fit.spec.trend == EtsTrend::damped ? p.phi : 1.0;
  double sum_of_squares = 0;
  double phi_sum = 0;  // phi + phi^2 + ... + phi^j
  double phi_power = 1;
  for (std::size_t h = 1; h <= horizon; ++h) {
    variances[h - 1] = fit.sigma2 * (1 + sum_of_squares);
    phi_power *= phi;
    phi_sum += phi_power;
    const double seasonal = fit.spec.season != EtsSeason::none && h % fit.period == 0 ? p.gamma : 0.0;
    const double c = p.alpha + (fit.spec.trend == EtsTrend::none ? 0.0 : p.beta * phi_sum) + seasonal;
    sum_of_squares += c * c;
  }
  return variances;
}

// Value at probability `share` of sorted samples, linearly interpolated.
double sample_quantile(const std::vector<double>& sorted, double share) {
  const double position = share * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

// paths[h][i]: the i-th simulated value h+1 steps ahead.
std::vector<std::vector<double>> simulate_paths(const EtsFit& fit, std::size_t horizon, std::uint64_t seed) {
  const double sigma = std::sqrt(fit.sigma2);
  NormalDraws draws(seed);
  std::vector<std::vector<double>> paths(horizon, std::vector<double>(kSimulatedPaths));
  detail::with_recursion(fit.spec, fit.parameters, [&](const auto& recursion) {
    using Recursion = std::decay_t<decltype(recursion)>;
    std::vector<double> season;
    for (std::size_t i = 0; i < kSimulatedPaths; ++i) {
      double level = fit.level;
      double slope = fit.slope;
      season = Recursion::kSeasonal ? fit.season : std::vector<double>{Recursion::kNeutralSeason};
      for (std::size_t h = 0; h < horizon; ++h) {
        double& seasonal = season[Recursion::kSeasonal ? h % fit.period : 0];
        const double mean = recursion.forecast(level, slope, seasonal);
        const double error = sigma * draws();
        double y = fit.spec.error == EtsError::additive ? mean + error : mean * (1 + error);
        // A draw that overflows where multiplicative states collapse through zero is replaced by the mean
        // (or 0), so the quantiles below always sort finite numbers.
        if (!std::isfinite(y)) y = std::isfinite(mean) ? mean : 0.0;
        paths[h][i] = y;
        recursion.update(level, slope, seasonal, y);
      }
    }
  });
  return paths;
}

class EtsFittedModel final : public FittedModel {
 public:
  EtsFittedModel(EtsFit fit, std::uint64_t seed, bool counts) : fit_(std::move(fit)), seed_(seed), counts_(counts) {}

  Prediction predict(std::size_t horizon, std::span<const double> levels) const override {
    Prediction prediction = predict_ets(fit_, horizon, levels, seed_);
    if (counts_) clip_at_zero(prediction);
    return prediction;
  }

  std::unique_ptr<FittedModel> refit(const series::TimeSeries& history, const FitOptions& options) const override {
    const std::size_t period = ets_season_period(options.season_periods, history.size());
    if (period != fit_.period) return nullptr;
    try {
      return std::make_unique<EtsFittedModel>(fit_ets(history.values, period, fit_.spec), options.seed, history.counts);
    } catch (const std::runtime_error&) {
      return nullptr;  // the form does not suit this history (no feasible parameters, a zero under a
                       // multiplicative part): choose the form again
    }
  }

 private:
  EtsFit fit_;
  std::uint64_t seed_;
  bool counts_;
};

class EtsModel final : public Model {
 public:
  std::string_view name() const override { return "ets"; }
  std::unique_ptr<FittedModel> fit(const series::TimeSeries& history, const FitOptions& options) const override {
    const std::size_t period = ets_season_period(options.season_periods, history.size());
    return std::make_unique<EtsFittedModel>(fit_auto_ets(history.values, period), options.seed, history.counts);
  }
};

}  // namespace

Prediction predict_ets(const EtsFit& fit, std::size_t horizon, std::span<const double> levels, std::uint64_t seed) {
  for (const double level : levels) {
    if (!(level > 0 && level < 1)) {
      throw InputError("interval level " + std::to_string(level) + " is not between 0 and 1");
    }
  }
  Prediction prediction;
  prediction.mean = fit.point_forecast(horizon);
  if (levels.empty() || horizon == 0) return prediction;
  if (is_linear(fit)) {
    const std::vector<double> variances = linear_variances(fit, horizon);
    for (const double level : levels) {
      const double z = normal_quantile(0.5 + level / 2);
      std::vector<double> lower(horizon);
      std::vector<double> upper(horizon);
      for (std::size_t h = 0; h < horizon; ++h) {
        lower[h] = prediction.mean[h] - z * std::sqrt(variances[h]);
        upper[h] = prediction.mean[h] + z * std::sqrt(variances[h]);
      }
      prediction.lower.push_back(std::move(lower));
      prediction.upper.push_back(std::move(upper));
    }
    return prediction;
  }
  std::vector<std::vector<double>> paths = simulate_paths(fit, horizon, seed);
  for (auto& step : paths) std::sort(step.begin(), step.end());
  for (const double level : levels) {
    std::vector<double> lower(horizon);
    std::vector<double> upper(horizon);
    for (std::size_t h = 0; h < horizon; ++h) {
      lower[h] = sample_quantile(paths[h], 0.5 - level / 2);
      upper[h] = sample_quantile(paths[h], 0.5 + level / 2);
    }
    prediction.lower.push_back(std::move(lower));
    prediction.upper.push_back(std::move(upper));
  }
  return prediction;
}

std::unique_ptr<Model> make_ets_model() { return std::make_unique<EtsModel>(); }

}  // namespace fleetcast::models
