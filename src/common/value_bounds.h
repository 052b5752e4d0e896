#pragma once
// Sane bounds for every numeric setting, in one table that the CLI's flags and `serve`'s config file
// share: a hostile value (--horizon 1e12, --folds -1) is refused with exit 2, the setting's name and its
// bounds in human units, before any arithmetic sees it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace fleetcast {

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
// `serve`'s refresh period: under a second the loop would only spin; over a day the service is stale.
inline constexpr DurationBounds kRefreshBounds{1, kSecondsPerDay};
// `serve`'s refit cadence: a refit costs a backtest, so not more often than a minute.
inline constexpr DurationBounds kRefitBounds{60, 30 * kSecondsPerDay};
// Forecasts longer than this many steps would only spend memory and time on noise.
inline constexpr std::size_t kMaxHorizonSteps = 100'000;
// Interval coverage levels: below 0.5 an interval says little, above 0.999 no backtest can calibrate it.
inline constexpr std::pair<double, double> kLevelBounds{0.5, 0.999};
inline constexpr std::uint64_t kMaxSeasonSteps = 100'000;
inline constexpr std::uint64_t kMaxFolds = 100;
inline constexpr std::uint64_t kMaxReplicas = 100'000;
// `serve --shard I/N`: more instances than this would each hold a handful of pools.
inline constexpr std::uint32_t kMaxShards = 1024;

// "60" -> "1m", "31536000" -> "365d", "90" -> "90s": the largest unit that divides the value.
std::string human_duration(double seconds);

// Empty when `text` is a duration ("90s", "30m", "6h", "2d", "1w", or a bare number of hours) inside
// `bounds`; otherwise what is wrong, naming the bounds and the text.
std::string duration_problem(const std::string& text, DurationBounds bounds);

// The seconds of a duration inside `bounds`; throws InputError naming `setting` (a flag such as --step),
// the bounds and the text otherwise.
double duration_flag_seconds(const std::string& setting, const std::string& text, DurationBounds bounds);

}  // namespace fleetcast
