#pragma once
// `fleetcast patterns` as Markdown (tables, the heatmap as a 24 x 7 table) and as JSON:
// {"input", "source": "csv" | "metrics", "timezone": "UTC", "first_hour", "last_hour", "hours",
//  "hour_of_day_mean": [24 numbers, hour 0 first], "hour_of_day_hours": [24 counts],
//  "peak_hours" and "valley_hours": [{"hour", "mean", "median"}] (three each, busiest / quietest first),
//  "weekly": null (under a week; "weekly_note" says why) | {"weekdays": ["Mon", ..., "Sun"],
//     "mean": [7 rows of 24], "hours": [7 rows of 24], "busiest" and "quietest": {"weekday", "hour", "mean"},
//     "weekend_to_weekday_ratio": number | null},
//  "weekly_note": string | null,
//  "seasons": [{"period_hours", "strength", "detected"}],
//  "callers": null (a CSV) | [{"caller", "requests", "tokens", "request_share_by_hour": [24 of number | null],
//     "token_share_by_hour": [...]}],
//  "correlations": null (a CSV) | [{"first", "second", "at_lag_zero", "best_lag_hours", "correlation"}] (null
//     where undefined; a positive lag: `second` follows `first`),
//  "absent": [names of the parts a CSV cannot give]}
#include <nlohmann/json.hpp>

#include <string>

#include "models/workload_patterns.h"

namespace fleetcast::outputs {

nlohmann::ordered_json patterns_json(const models::WorkloadPatterns& patterns);
std::string patterns_markdown(const models::WorkloadPatterns& patterns);

// "Mon" ... "Sun" for 0 ... 6.
const char* weekday_name(std::size_t weekday);

}  // namespace fleetcast::outputs
