#include "decisions/planning/pools.h"

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "common/errors.h"
#include "decisions/scaling/policy_parameters.h"
#include "sources/utf8_text.h"

namespace fleetcast::decisions {
namespace {

constexpr double kMaxParamMagnitude = 1e9;

// Every error names the file and, where yaml-cpp knows it, the line.
class PoolsReader {
 public:
  PoolsReader(std::string source_name, std::filesystem::path base_dir)
      : source_(std::move(source_name)), base_dir_(std::move(base_dir)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    const YAML::Mark mark = node.Mark();
    if (!mark.is_null()) throw InputError(source_ + ":" + std::to_string(mark.line + 1) + ": " + message);
    throw InputError(source_ + ": " + message);
  }

  std::vector<Pool> read(const YAML::Node& root) const {
    if (!root.IsMap()) fail(root, "expected a map with a 'pools' list at the top");
    for (const auto& entry : root) {
      const auto key = entry.first.as<std::string>();
      if (key != "pools" && key != "policies") fail(entry.first, "unknown top-level key '" + key + "' (valid: pools, policies)");
    }
    const YAML::Node pools_node = root["pools"];
    if (!pools_node) fail(root, "missing 'pools' list");
    if (!pools_node.IsSequence() || pools_node.size() == 0) fail(pools_node, "'pools' must be a non-empty list");

    std::map<std::string, PolicyParams, std::less<>> shared_params;
    if (const YAML::Node policies = root["policies"]) shared_params = read_policy_map(policies, "policies");

    std::vector<Pool> pools;
    std::set<std::string> names;
    for (const auto& node : pools_node) {
      Pool pool = read_pool(node, shared_params);
      if (!names.insert(pool.name).second) fail(node, "pool '" + pool.name + "' is defined twice");
      pools.push_back(std::move(pool));
    }
    return pools;
  }

 private:
  std::map<std::string, PolicyParams, std::less<>> read_policy_map(const YAML::Node& node, const std::string& where) const {
    if (!node.IsMap()) fail(node, where + ": expected a map of policy name to parameters");
    std::map<std::string, PolicyParams, std::less<>> result;
    for (const auto& policy : node) {
      const auto policy_name = policy.first.as<std::string>();
      try {
        policy_parameter_names(policy_name);
      } catch (const InputError& error) {
        fail(policy.first, where + ": " + error.what());
      }
      if (!policy.second.IsMap()) fail(policy.second, where + "." + policy_name + ": expected a map of parameters");
      PolicyParams& params = result[policy_name];
      for (const auto& param : policy.second) {
        const auto key = param.first.as<std::string>();
        if (const auto unknown = unknown_parameter_message(policy_name, key); !unknown.empty()) {
          fail(param.first, where + ": policy '" + policy_name + "' has " + unknown);
        }
        if (!param.second.IsScalar()) fail(param.second, where + "." + policy_name + "." + key + ": expected a single value");
        params[key] = param.second.as<std::string>();
      }
    }
    return result;
  }

  double number(const YAML::Node& pool_node, const std::string& pool, const char* field, double fallback,
                bool required, double low, double high, bool low_inclusive) const {
    const YAML::Node node = pool_node[field];
    if (!node) {
      if (required) fail(pool_node, "pool '" + pool + "': missing field '" + field + "'");
      return fallback;
    }
    const std::string where = "pool '" + pool + "': field '" + field + "'";
    if (!node.IsScalar()) fail(node, where + ": expected a number");
    const auto text = node.as<std::string>();
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
      fail(node, where + ": '" + text + "' is not a number");
    }
    const bool above_low = low_inclusive ? value >= low : value > low;
    if (!above_low || value > high) {
      std::ostringstream range;
      range << (low_inclusive ? "[" : "(") << low << ", " << high << "]";
      fail(node, where + ": " + text + " is outside " + range.str());
    }
    return value;
  }

  int integer(const YAML::Node& pool_node, const std::string& pool, const char* field, int fallback, int low) const {
    const double value = number(pool_node, pool, field, fallback, false, low, 1e6, true);
    if (value != std::floor(value)) fail(pool_node[field], "pool '" + pool + "': field '" + field + "': expected a whole number");
    return static_cast<int>(value);
  }

  // `demand: {prometheus: {url, query, step, since, until, combine, timeout, bearer_token_file,
  // basic_auth_user, basic_auth_password_file}}`, the flags' names with underscores.
  sources::prometheus::Settings prometheus_demand(const YAML::Node& demand, const std::string& pool) const {
    const std::string where = "pool '" + pool + "': field 'demand'";
    for (const auto& entry : demand) {
      if (entry.first.as<std::string>() != "prometheus") {
        fail(entry.first, where + ": unknown key '" + entry.first.as<std::string>() + "' (valid: prometheus)");
      }
    }
    const YAML::Node block = demand["prometheus"];
    const std::string inside = "pool '" + pool + "': field 'demand.prometheus'";
    if (!block.IsMap()) fail(block, inside + ": expected a map with url and query");
    sources::prometheus::Settings settings;
    const std::pair<const char*, std::string*> keys[] = {{"url", &settings.url},
                                                         {"query", &settings.query},
                                                         {"step", &settings.step},
                                                         {"since", &settings.since},
                                                         {"until", &settings.until},
                                                         {"combine", &settings.combine},
                                                         {"timeout", &settings.timeout},
                                                         {"bearer_token_file", &settings.bearer_token_file},
                                                         {"basic_auth_user", &settings.basic_auth_user},
                                                         {"basic_auth_password_file", &settings.basic_auth_password_file}};
    for (const auto& entry : block) {
      const auto key = entry.first.as<std::string>();
      const auto known = std::find_if(std::begin(keys), std::end(keys), [&](const auto& candidate) { return key == candidate.first; });
      if (known == std::end(keys)) {
        std::string valid;
        for (const auto& candidate : keys) valid += (valid.empty() ? "" : ", ") + std::string(candidate.first);
        fail(entry.first, inside + ": unknown key '" + key + "' (valid: " + valid + ")");
      }
      if (!entry.second.IsScalar() || entry.second.as<std::string>().empty()) {
        fail(entry.second, inside + ": '" + key + "': expected a non-empty text");
      }
      *known->second = entry.second.as<std::string>();
    }
    for (const char* required : {"url", "query"}) {
      if (!block[required]) fail(block, inside + ": missing '" + required + "'");
    }
    for (std::string* file : {&settings.bearer_token_file, &settings.basic_auth_password_file}) {
      if (!file->empty() && std::filesystem::path(*file).is_relative()) *file = (base_dir_ / *file).string();
    }
    return settings;
  }

  Pool read_pool(const YAML::Node& node, const std::map<std::string, PolicyParams, std::less<>>& shared_params) const {
    if (!node.IsMap()) fail(node, "each entry of 'pools' must be a map");
    static const std::vector<std::string> known = {
        "name", "demand", "callers", "capacity_per_replica", "target_utilization", "min_replicas",
        "max_replicas", "startup_seconds", "cost_per_replica_hour", "scale_down_stabilization_seconds",
        "max_scale_up_step", "max_scale_down_step", "cooldown_seconds", "current_replicas", "policy"};
    const YAML::Node name_node = node["name"];
    if (!name_node) fail(node, "pool without a 'name'");
    if (!name_node.IsScalar() || name_node.as<std::string>().empty()) fail(name_node, "pool 'name' must be a non-empty text");
    Pool pool;
    pool.name = name_node.as<std::string>();
    const std::string& name = pool.name;
    for (const auto& entry : node) {
      const auto key = entry.first.as<std::string>();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string valid;
        for (const auto& field : known) valid += (valid.empty() ? "" : ", ") + field;
        fail(entry.first, "pool '" + name + "': unknown field '" + key + "' (valid: " + valid + ")");
      }
    }

    if (const YAML::Node demand = node["demand"]; demand && demand.IsMap()) {
      pool.demand = "prometheus";
      pool.demand_prometheus = prometheus_demand(demand, name);
    } else if (demand) {
      if (!demand.IsScalar()) {
        fail(demand, "pool '" + name + "': field 'demand': expected requests, tokens, failures, a .csv file or {prometheus: {url, query}}");
      }
      const auto text = demand.as<std::string>();
      if (text.size() > 4 && text.ends_with(".csv")) {
        pool.demand = "csv";
        pool.demand_csv = std::filesystem::path(text).is_absolute() ? std::filesystem::path(text) : base_dir_ / text;
      } else if (text == "requests" || text == "tokens" || text == "failures") {
        pool.demand = text;
      } else {
        fail(demand, "pool '" + name + "': field 'demand': '" + text + "' is not requests, tokens, failures or a .csv file");
      }
    }
    if (const YAML::Node callers = node["callers"]) {
      if (callers.IsScalar()) {
        pool.callers = {callers.as<std::string>()};
      } else if (callers.IsSequence() && callers.size() > 0) {
        pool.callers.clear();
        for (const auto& caller : callers) {
          if (!caller.IsScalar() || caller.as<std::string>().empty()) fail(caller, "pool '" + name + "': field 'callers': each caller must be a non-empty text");
          pool.callers.push_back(caller.as<std::string>());
        }
      } else {
        fail(callers, "pool '" + name + "': field 'callers': expected a non-empty list of caller names or \"*\"");
      }
    }
    constexpr double kHuge = 1e12;
    pool.capacity_per_replica = number(node, name, "capacity_per_replica", 0, true, 0, kHuge, false);
    pool.target_utilization = number(node, name, "target_utilization", 0.7, false, 0, 1, false);
    pool.min_replicas = integer(node, name, "min_replicas", 1, 0);
    pool.max_replicas = integer(node, name, "max_replicas", 20, 1);
    if (pool.max_replicas < pool.min_replicas) {
      fail(node["max_replicas"] ? node["max_replicas"] : node, "pool '" + name + "': field 'max_replicas' (" +
                                  std::to_string(pool.max_replicas) + ") is below min_replicas (" +
                                  std::to_string(pool.min_replicas) + ")");
    }
    pool.startup_seconds = number(node, name, "startup_seconds", 300, false, 0, 7 * 86400, true);
    pool.cost_per_replica_hour = number(node, name, "cost_per_replica_hour", 0, true, 0, kHuge, true);
    pool.scale_down_stabilization_seconds = number(node, name, "scale_down_stabilization_seconds", 600, false, 0, 7 * 86400, true);
    pool.max_scale_up_step = integer(node, name, "max_scale_up_step", 4, 1);
    pool.max_scale_down_step = integer(node, name, "max_scale_down_step", 1, 1);
    pool.cooldown_seconds = number(node, name, "cooldown_seconds", 300, false, 0, 7 * 86400, true);
    if (node["current_replicas"]) pool.current_replicas = integer(node, name, "current_replicas", 0, 0);

    pool.policy_params = shared_params;
    if (const YAML::Node own = node["policy"]) {
      for (auto& [policy, params] : read_policy_map(own, "pool '" + name + "': field 'policy'")) {
        for (auto& [key, value] : params) pool.policy_params[policy][key] = value;
      }
    }
    return pool;
  }

  std::string source_;
  std::filesystem::path base_dir_;
};

}  // namespace

double param_number(const PolicyParams& params, std::string_view policy, std::string_view key, double fallback) {
  const auto found = params.find(key);
  if (found == params.end()) return fallback;
  const std::string& text = found->second;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    throw InputError("policy '" + std::string(policy) + "': parameter '" + std::string(key) + "': '" + text +
                     "' is not a number");
  }
  // Each policy checks its own parameters' ranges; this bound keeps every product and cast of one
  // (seconds to microseconds, hours to steps) far from overflow whatever the policy does with it.
  if (std::abs(value) > kMaxParamMagnitude) {
    throw InputError("policy '" + std::string(policy) + "': parameter '" + std::string(key) + "': " + text +
                     " is outside [-1e9, 1e9]");
  }
  return value;
}

std::string param_text(const PolicyParams& params, std::string_view key, std::string_view fallback) {
  const auto found = params.find(key);
  return found == params.end() ? std::string(fallback) : found->second;
}

const PolicyParams& Pool::params_for(std::string_view policy) const {
  static const PolicyParams none;
  const auto found = policy_params.find(policy);
  return found == policy_params.end() ? none : found->second;
}

int Pool::replicas_for_rate(double rate_per_hour) const { return replicas_for_rate(rate_per_hour, target_utilization); }

int Pool::replicas_for_rate(double rate_per_hour, double utilization) const {
  if (!(rate_per_hour > 0)) return 0;
  // A hair of slack keeps exact multiples (e.g. 28 / (40 x 0.7) = 1) from rounding up by float error.
  const double needed = std::ceil(rate_per_hour / (capacity_per_replica * utilization) - 1e-9);
  return needed < kReplicasForRateCap ? static_cast<int>(needed) : kReplicasForRateCap;
}

std::vector<Pool> parse_pools(const std::string& yaml_text, const std::string& source_name,
                              const std::filesystem::path& base_dir) {
  if (const auto line = sources::first_invalid_utf8_line(yaml_text)) {
    throw InputError(source_name + ":" + std::to_string(*line) + ": not valid UTF-8 text");
  }
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& error) {
    throw InputError(source_name + ":" + std::to_string(error.mark.line + 1) + ": malformed YAML: " + error.msg);
  }
  try {
    return PoolsReader(source_name, base_dir).read(root);
  } catch (const YAML::Exception& error) {
    throw InputError(source_name + ":" + std::to_string(error.mark.line + 1) + ": " + error.msg);
  }
}

std::vector<Pool> load_pools(const std::filesystem::path& file) {
  std::ifstream input(file, std::ios::binary);
  if (!input) throw InputError("cannot read pools file " + file.string());
  std::ostringstream text;
  text << input.rdbuf();
  return parse_pools(text.str(), file.string(), file.parent_path());
}

std::vector<std::string> missing_callers(const Pool& pool, const std::vector<std::string>& caller_names) {
  std::vector<std::string> missing;
  for (const auto& caller : pool.callers) {
    if (caller == "*") continue;
    if (std::find(caller_names.begin(), caller_names.end(), caller) == caller_names.end()) missing.push_back(caller);
  }
  return missing;
}

std::vector<std::string> missing_caller_warnings(const Pool& pool, const std::vector<std::string>& caller_names) {
  std::vector<std::string> lines;
  for (const auto& caller : missing_callers(pool, caller_names)) {
    lines.push_back(fmt::format("warning: pool '{}': caller '{}' never appears in the metric logs", pool.name, caller));
  }
  return lines;
}

void warn_missing_callers(const Pool& pool, const std::vector<std::string>& caller_names) {
  for (const auto& line : missing_caller_warnings(pool, caller_names)) fmt::print(stderr, "{}\n", line);
}

const Pool& select_pool(const std::vector<Pool>& pools, std::string_view name) {
  if (name.empty()) {
    if (pools.size() == 1) return pools.front();
  } else {
    for (const auto& pool : pools) {
      if (pool.name == name) return pool;
    }
  }
  std::string names;
  for (const auto& pool : pools) names += (names.empty() ? "" : ", ") + pool.name;
  throw InputError(name.empty() ? "several pools are defined; choose one with --pool (" + names + ")"
                                : "no pool named '" + std::string(name) + "' (pools: " + names + ")");
}

}  // namespace fleetcast::decisions
