#pragma once
// Sane bounds for every numeric flag, in one table, checked while CLI11 parses: a hostile value
// (--horizon 1e12, --folds -1, --seed 99999999999999999999) is refused with exit 2, the flag's name and
// its bounds in human units, before any arithmetic sees it.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace fleetcast::cli {

struct DurationBounds {
  double min_seconds;
  double max_seconds;
};

inline constexpr double kSecondsPerDay = 86400;
// How far ahead a forecast, plan or report window may reach.
inline constexpr DurationBounds kHorizonBounds{60, 365 * kSecondsPerDay};
// report's windows: under 5 minutes one request reads as a large hourly rate.
inline constexpr DurationBounds kReportHorizonBounds{300, 365 * kSecondsPerDay};
// The step of a series or a replay.
inline constexpr DurationBounds kStepBounds{1, 365 * kSecondsPerDay};
// `generate`'s AGO:DURATION windows.
inline constexpr DurationBounds kWindowBounds{1, 3650 * kSecondsPerDay};
// Forecasts longer than this many steps would only spend memory and time on noise.
inline constexpr std::size_t kMaxHorizonSteps = 100'000;
// Interval coverage levels: below 0.5 an interval says little, above 0.999 no backtest can calibrate it.
inline constexpr std::pair<double, double> kLevelBounds{0.5, 0.999};
inline constexpr std::uint64_t kMaxSeasonSteps = 100'000;
inline constexpr std::uint64_t kMaxFolds = 100;
inline constexpr std::uint64_t kMaxReplicas = 100'000;

// "60" -> "1m", "31536000" -> "365d", "90" -> "90s": the largest unit that divides the value.
std::string human_duration(double seconds);

// Parses a duration ("90s", "30m", "6h", "2d", "1w", or a bare number of hours) inside `bounds`; throws
// InputError naming `flag`, the bounds and the text otherwise.
double duration_flag_seconds(const std::string& flag, const std::string& text, DurationBounds bounds);

// CLI11 validators whose messages name the bounds, e.g. "--folds: must be a whole number between 1
// and 100, got '0'". Integers are plain decimal digits (no sign, no exponent, no hex).
CLI::Validator duration_within(DurationBounds bounds);
CLI::Validator number_within(double min, double max);
CLI::Validator whole_number_within(std::uint64_t min, std::uint64_t max);
// Any seed that fits an unsigned 64-bit integer.
CLI::Validator seed_number();

}  // namespace fleetcast::cli
