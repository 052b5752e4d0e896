#include "models/workload_patterns.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "common/errors.h"
#include "models/mstl.h"
#include "series/seasonality.h"

namespace fleetcast::models {
namespace {

constexpr std::size_t kLevelsListed = 3;

double median_of(std::vector<double> values) {
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return (lower + upper) / 2;
}

// `clock`: the local weekday and hour of each hour of the input.
void add_hour_of_day_levels(const PatternInput& input, const std::vector<LocalHour>& clock, WorkloadPatterns& patterns) {
  std::array<std::vector<double>, kHoursPerDay> by_hour;
  for (std::size_t t = 0; t < input.demand.size(); ++t) by_hour[clock[t].hour].push_back(input.demand[t]);
  std::vector<HourLevel> levels;
  for (std::size_t hour = 0; hour < kHoursPerDay; ++hour) {
    const auto& values = by_hour[hour];
    patterns.hour_of_day_hours[hour] = values.size();
    if (values.empty()) {  // a local hour skipped when clocks go forward, in a day or two of data
      patterns.hour_of_day_mean[hour] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    patterns.hour_of_day_mean[hour] = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
    levels.push_back({hour, patterns.hour_of_day_mean[hour], median_of(values)});
  }
  // Ties go to the earlier hour, so the lists never depend on the sort's whims.
  std::stable_sort(levels.begin(), levels.end(), [](const HourLevel& a, const HourLevel& b) { return a.mean > b.mean; });
  const auto listed = static_cast<std::ptrdiff_t>(std::min(kLevelsListed, levels.size()));
  patterns.peak_hours.assign(levels.begin(), levels.begin() + listed);
  std::stable_sort(levels.begin(), levels.end(), [](const HourLevel& a, const HourLevel& b) { return a.mean < b.mean; });
  patterns.valley_hours.assign(levels.begin(), levels.begin() + listed);
}

WeeklyProfile weekly_profile(const PatternInput& input, const std::vector<LocalHour>& clock) {
  WeeklyProfile profile;
  std::array<std::array<double, kHoursPerDay>, kDaysPerWeek> sums{};
  for (std::size_t t = 0; t < input.demand.size(); ++t) {
    sums[clock[t].weekday][clock[t].hour] += input.demand[t];
    ++profile.hours[clock[t].weekday][clock[t].hour];
  }
  double weekday_sum = 0, weekend_sum = 0;
  std::size_t weekday_cells = 0, weekend_cells = 0;
  bool first = true;
  for (std::size_t day = 0; day < kDaysPerWeek; ++day) {
    for (std::size_t hour = 0; hour < kHoursPerDay; ++hour) {
      if (profile.hours[day][hour] == 0) {  // skipped when clocks went forward, in a single week of data
        profile.mean[day][hour] = std::numeric_limits<double>::quiet_NaN();
        continue;
      }
      const double mean = sums[day][hour] / static_cast<double>(profile.hours[day][hour]);
      profile.mean[day][hour] = mean;
      (day >= 5 ? weekend_sum : weekday_sum) += mean;
      ++(day >= 5 ? weekend_cells : weekday_cells);
      if (first || mean > profile.busiest.mean) profile.busiest = {day, hour, mean};
      if (first || mean < profile.quietest.mean) profile.quietest = {day, hour, mean};
      first = false;
    }
  }
  const double weekday_mean = weekday_sum / static_cast<double>(weekday_cells);
  const double weekend_mean = weekend_sum / static_cast<double>(weekend_cells);
  if (weekday_mean != 0) profile.weekend_to_weekday_ratio = weekend_mean / weekday_mean;
  return profile;
}

double variance(const std::vector<double>& values) {
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  double sum = 0;
  for (const double value : values) sum += (value - mean) * (value - mean);
  return sum / static_cast<double>(values.size());
}

std::vector<SeasonStrength> season_strengths(const std::vector<double>& demand) {
  const std::vector<std::size_t> detected = series::detect_season_periods(demand, 2, 3600);
  const std::vector<std::size_t> periods = with_calendar_companion(detected, 3600);
  const MstlDecomposition decomposition = mstl_decompose(demand, periods);
  std::vector<SeasonStrength> seasons;
  for (std::size_t i = 0; i < decomposition.periods.size(); ++i) {
    std::vector<double> seasonal_and_remainder = decomposition.seasonals[i];
    for (std::size_t t = 0; t < demand.size(); ++t) seasonal_and_remainder[t] += decomposition.remainder[t];
    const double total = variance(seasonal_and_remainder);
    const double strength = total > 0 ? std::clamp(1 - variance(decomposition.remainder) / total, 0.0, 1.0) : 0.0;
    const std::size_t period = decomposition.periods[i];
    seasons.push_back({period, strength, std::find(detected.begin(), detected.end(), period) != detected.end()});
  }
  return seasons;
}

std::vector<CallerShares> caller_shares(const PatternInput& input, const std::vector<LocalHour>& clock) {
  std::array<double, kHoursPerDay> all_requests{}, all_tokens{};
  std::vector<std::array<double, kHoursPerDay>> requests(input.callers.size()), tokens(input.callers.size());
  std::vector<CallerShares> shares;
  for (std::size_t c = 0; c < input.callers.size(); ++c) {
    const CallerHourly& caller = input.callers[c];
    CallerShares share;
    share.caller = caller.caller;
    for (std::size_t t = 0; t < input.demand.size(); ++t) {
      const std::size_t hour = clock[t].hour;
      requests[c][hour] += caller.requests[t];
      tokens[c][hour] += caller.tokens[t];
      share.requests += caller.requests[t];
      share.tokens += caller.tokens[t];
    }
    for (std::size_t hour = 0; hour < kHoursPerDay; ++hour) {
      all_requests[hour] += requests[c][hour];
      all_tokens[hour] += tokens[c][hour];
    }
    shares.push_back(std::move(share));
  }
  for (std::size_t c = 0; c < shares.size(); ++c) {
    for (std::size_t hour = 0; hour < kHoursPerDay; ++hour) {
      if (all_requests[hour] > 0) shares[c].request_share[hour] = requests[c][hour] / all_requests[hour];
      if (all_tokens[hour] > 0) shares[c].token_share[hour] = tokens[c][hour] / all_tokens[hour];
    }
  }
  return shares;
}

LaggedCorrelation lagged_correlation(const std::string& first_name, const std::vector<double>& first,
                                     const std::string& second_name, const std::vector<double>& second) {
  LaggedCorrelation result{first_name, second_name, correlation_at_lag(first, second, 0), std::nullopt, std::nullopt};
  // Lags in order of size (0, 1, -1, 2, -2, ...) and only a clearly larger |r| replaces the best, so a tie
  // goes to the shorter lag.
  for (int size = 0; size <= kMaxCorrelationLagHours; ++size) {
    for (const int lag : {size, -size}) {
      if (size == 0 && lag < 0) continue;
      const auto r = correlation_at_lag(first, second, lag);
      if (r && (!result.best_correlation || std::abs(*r) > std::abs(*result.best_correlation) + 1e-12)) {
        result.best_correlation = r;
        result.best_lag_hours = lag;
      }
    }
  }
  return result;
}

std::vector<LaggedCorrelation> telemetry_correlations(const HourlyTelemetrySeries& telemetry) {
  const std::array<std::pair<const char*, const std::vector<double>*>, 4> measures = {{{"requests", &telemetry.requests},
                                                                                        {"tokens", &telemetry.tokens},
                                                                                        {"latency", &telemetry.latency_ms},
                                                                                        {"failures", &telemetry.failures}}};
  std::vector<LaggedCorrelation> correlations;
  for (std::size_t i = 0; i < measures.size(); ++i) {
    for (std::size_t j = i + 1; j < measures.size(); ++j) {
      correlations.push_back(
          lagged_correlation(measures[i].first, *measures[i].second, measures[j].first, *measures[j].second));
    }
  }
  return correlations;
}

void check_input(const PatternInput& input) {
  if (input.demand.size() < kHoursPerDay) {
    throw InputError(fmt::format("patterns needs at least a day of hourly data ({} hours); {} holds {}", kHoursPerDay,
                                 input.name, input.demand.size()));
  }
  if (input.start % kMicrosPerHour != 0) throw InputError("patterns: the first hour must start at a whole UTC hour");
  for (std::size_t t = 0; t < input.demand.size(); ++t) {
    if (!std::isfinite(input.demand[t])) throw InputError(fmt::format("patterns: hour {} of {} is not a finite number", t, input.name));
  }
  for (const auto& caller : input.callers) {
    if (caller.requests.size() != input.demand.size() || caller.tokens.size() != input.demand.size()) {
      throw InputError("patterns: caller " + caller.caller + " has another number of hours than the demand");
    }
  }
  if (input.telemetry) {
    const auto& t = *input.telemetry;
    const std::size_t n = input.demand.size();
    if (t.requests.size() != n || t.tokens.size() != n || t.failures.size() != n || t.latency_ms.size() != n) {
      throw InputError("patterns: the telemetry series have another number of hours than the demand");
    }
  }
}

}  // namespace

std::optional<double> correlation_at_lag(const std::vector<double>& first, const std::vector<double>& second, int lag) {
  const auto n = static_cast<std::ptrdiff_t>(std::min(first.size(), second.size()));
  const std::ptrdiff_t begin = std::max<std::ptrdiff_t>(0, -lag), end = std::min(n, n - lag);
  double sum_x = 0, sum_y = 0;
  std::size_t count = 0;
  for (std::ptrdiff_t t = begin; t < end; ++t) {
    const double x = first[static_cast<std::size_t>(t)], y = second[static_cast<std::size_t>(t + lag)];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    sum_x += x;
    sum_y += y;
    ++count;
  }
  if (count < 3) return std::nullopt;
  const double mean_x = sum_x / static_cast<double>(count), mean_y = sum_y / static_cast<double>(count);
  double xy = 0, xx = 0, yy = 0;
  for (std::ptrdiff_t t = begin; t < end; ++t) {
    const double x = first[static_cast<std::size_t>(t)], y = second[static_cast<std::size_t>(t + lag)];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    xy += (x - mean_x) * (y - mean_y);
    xx += (x - mean_x) * (x - mean_x);
    yy += (y - mean_y) * (y - mean_y);
  }
  if (!(xx > 0) || !(yy > 0)) return std::nullopt;
  return std::clamp(xy / std::sqrt(xx * yy), -1.0, 1.0);
}

WorkloadPatterns analyze_workload_patterns(const PatternInput& input, const std::string& timezone) {
  check_input(input);
  const std::vector<LocalHour> clock = local_hours(input.start, input.demand.size(), timezone);
  WorkloadPatterns patterns;
  patterns.name = input.name;
  patterns.timezone = timezone;
  patterns.hours = input.demand.size();
  patterns.first_hour = input.start;
  patterns.last_hour = input.start + static_cast<TimestampUs>(patterns.hours - 1) * kMicrosPerHour;
  add_hour_of_day_levels(input, clock, patterns);
  if (patterns.hours >= kHoursPerWeek) patterns.weekly = weekly_profile(input, clock);
  patterns.seasons = season_strengths(input.demand);
  if (input.telemetry) {
    patterns.telemetry = true;
    patterns.callers = caller_shares(input, clock);
    patterns.correlations = telemetry_correlations(*input.telemetry);
  }
  return patterns;
}

}  // namespace fleetcast::models
