#pragma once
// A pool of identical replicas serving one kind of demand, as described in the pools YAML file:
// its capacity, its limits, its start-up time, its price, and the parameters of the scaling policies
// run on it.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/prometheus/settings.h"

namespace fleetcast::decisions {

// Parameters of one policy, by name, as written in the YAML (`policy:` per pool, `policies:` at the top)
// or given as flags. Values stay text so a policy may take a number, a model name or a file path.
using PolicyParams = std::map<std::string, std::string, std::less<>>;

// A numeric parameter, `fallback` when absent; throws InputError naming `policy` and `key` when the
// value is not a finite number or its magnitude is above 1e9.
double param_number(const PolicyParams& params, std::string_view policy, std::string_view key, double fallback);
// A text parameter, `fallback` when absent.
std::string param_text(const PolicyParams& params, std::string_view key, std::string_view fallback);

struct Pool {
  std::string name;
  // Where the demand comes from: "requests" | "tokens" | "failures" from telemetry, a CSV file of
  // demand per step (then demand_csv is set, resolved against the YAML file's folder), or "prometheus"
  // (`demand: {prometheus: {url, query, ...}}`: demand_prometheus is set, its files resolved the same way).
  std::string demand = "requests";
  std::filesystem::path demand_csv;
  sources::prometheus::Settings demand_prometheus;
  std::vector<std::string> callers = {"*"};     // "*" means every caller
  double capacity_per_replica = 0;               // demand units per hour one replica serves at 100%
  double target_utilization = 0.7;               // in (0, 1]
  int min_replicas = 1;
  int max_replicas = 20;
  double startup_seconds = 300;                  // decision to ready: image pull, model load, warm-up
  double cost_per_replica_hour = 0;
  double scale_down_stabilization_seconds = 600;
  int max_scale_up_step = 4;                     // replicas added per decision at most
  int max_scale_down_step = 1;                   // replicas removed per decision at most
  double cooldown_seconds = 300;
  // Replicas running now, for `plan` and `report --pools`; absent: assumed from the last hour's demand.
  std::optional<int> current_replicas;
  // Per policy name: its parameters (the top-level `policies:` map merged under the pool's `policy:`).
  std::map<std::string, PolicyParams, std::less<>> policy_params;

  // Parameters for one policy (empty when none were given).
  const PolicyParams& params_for(std::string_view policy) const;
  // Replicas needed to serve `rate_per_hour` at the target utilization, not clamped to min/max; at most
  // kReplicasForRateCap (a tiny capacity or a huge rate needs more than an int holds).
  int replicas_for_rate(double rate_per_hour) const;
  // The same at another utilization target, in (0, 1].
  int replicas_for_rate(double rate_per_hour, double utilization) const;
  static constexpr int kReplicasForRateCap = 1'000'000'000;
};

// Reads and validates a pools file. Throws InputError naming the file, the YAML line, the pool and the
// field for anything missing, malformed or out of range.
std::vector<Pool> load_pools(const std::filesystem::path& file);
// The same from YAML text; `source_name` stands for the file in error messages and `base_dir` resolves
// relative CSV demand paths.
std::vector<Pool> parse_pools(const std::string& yaml_text, const std::string& source_name,
                              const std::filesystem::path& base_dir = {});

// The callers `pool` names that are not among `caller_names` (the telemetry's); none for "*".
std::vector<std::string> missing_callers(const Pool& pool, const std::vector<std::string>& caller_names);
// A warning for each of them: a misspelt caller would otherwise just add no demand.
std::vector<std::string> missing_caller_warnings(const Pool& pool, const std::vector<std::string>& caller_names);
// The same on stderr.
void warn_missing_callers(const Pool& pool, const std::vector<std::string>& caller_names);

// The pool called `name`, or the only pool when `name` is empty; throws InputError listing the names.
const Pool& select_pool(const std::vector<Pool>& pools, std::string_view name);

}  // namespace fleetcast::decisions
