// The built-in policies' names and the parameters each reads, apart from the policies themselves, so
// that the pools reader can validate a file without linking the models.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fleetcast::decisions {

// The built-in defaults of the forecasting policies' main knobs, chosen (bench/policy_defaults.sh) as the
// settings that keep each policy's cost at or below the reactive policy's on the example fleet, the NAB
// tweet series and the Azure LLM code trace while cutting the most unserved demand there. scheduled's HPA
// backstop aims at a higher utilization than the pool's target: at the same target it holds every
// replica the HPA alone would, and the plan could only add cost (1.00-1.13x at q 0.7).
namespace policy_defaults {
inline constexpr double kPredictiveQuantile = 0.8;
inline constexpr double kPredictiveHeadroom = 0.1;
inline constexpr double kHybridPredictionWeight = 0.5;
inline constexpr double kHybridScaleDownThreshold = 0.45;
inline constexpr double kHybridQuantile = 0.9;
inline constexpr double kScheduledQuantile = 0.6;
inline constexpr double kScheduledBackstopUtilization = 0.8;
}  // namespace policy_defaults

// The built-in policy names, in the order the CLI lists them.
const std::vector<std::string>& policy_names();

// InputError listing the valid policy names.
[[noreturn]] void throw_unknown_policy(std::string_view name);

// The parameters `policy` reads (see each policy's header); InputError listing the valid policy names
// for an unknown one.
const std::vector<std::string>& policy_parameter_names(std::string_view policy);
// "no parameter 'key' (valid: a, b, c)" for a key `policy` does not read; empty when it reads it.
std::string unknown_parameter_message(std::string_view policy, std::string_view key);

}  // namespace fleetcast::decisions
