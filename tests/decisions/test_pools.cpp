#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "common/errors.h"
#include "decisions/planning/pools.h"
#include "support/test_paths.h"

namespace fleetcast::decisions {
namespace {

const std::string kValid = R"(policies:
  hybrid: {prediction_weight: 0.6}
pools:
  - name: local-inference
    demand: requests
    callers: ["*"]
    capacity_per_replica: 40
    target_utilization: 0.7
    min_replicas: 1
    max_replicas: 20
    startup_seconds: 300
    cost_per_replica_hour: 1.2
    scale_down_stabilization_seconds: 600
    max_scale_up_step: 4
    max_scale_down_step: 1
    cooldown_seconds: 300
    policy:
      predictive: {q: 0.95, model: snaive}
  - name: batch
    demand: batch.csv
    capacity_per_replica: 10
    cost_per_replica_hour: 0.5
)";

TEST(Pools, ReadsEveryField) {
  const auto pools = parse_pools(kValid, "pools.yaml", "/data");
  ASSERT_EQ(pools.size(), 2u);
  const Pool& pool = pools[0];
  EXPECT_EQ(pool.name, "local-inference");
  EXPECT_EQ(pool.demand, "requests");
  EXPECT_EQ(pool.callers, std::vector<std::string>{"*"});
  EXPECT_EQ(pool.capacity_per_replica, 40);
  EXPECT_EQ(pool.target_utilization, 0.7);
  EXPECT_EQ(pool.min_replicas, 1);
  EXPECT_EQ(pool.max_replicas, 20);
  EXPECT_EQ(pool.startup_seconds, 300);
  EXPECT_EQ(pool.cost_per_replica_hour, 1.2);
  EXPECT_EQ(pool.scale_down_stabilization_seconds, 600);
  EXPECT_EQ(pool.max_scale_up_step, 4);
  EXPECT_EQ(pool.max_scale_down_step, 1);
  EXPECT_EQ(pool.cooldown_seconds, 300);
  EXPECT_EQ(pool.params_for("predictive").at("q"), "0.95");
  EXPECT_EQ(pool.params_for("predictive").at("model"), "snaive");
  EXPECT_EQ(pool.params_for("hybrid").at("prediction_weight"), "0.6");
  EXPECT_TRUE(pool.params_for("reactive").empty());

  const Pool& batch = pools[1];
  EXPECT_EQ(batch.demand, "csv");
  EXPECT_EQ(batch.demand_csv, std::filesystem::path("/data/batch.csv"));
  EXPECT_EQ(batch.target_utilization, 0.7);  // defaults
  EXPECT_EQ(batch.max_replicas, 20);
  EXPECT_EQ(batch.params_for("hybrid").at("prediction_weight"), "0.6");
}

TEST(Pools, ReplicasForRateRoundsUpExactly) {
  Pool pool;
  pool.capacity_per_replica = 40;
  pool.target_utilization = 0.7;
  EXPECT_EQ(pool.replicas_for_rate(0), 0);
  EXPECT_EQ(pool.replicas_for_rate(28), 1);
  EXPECT_EQ(pool.replicas_for_rate(28.01), 2);
  EXPECT_EQ(pool.replicas_for_rate(280), 10);
}

// Regression (UBSan): a hostile rate or parameter overflowed the int of replicas.
TEST(Pools, ReplicasForRateNeverOverflows) {
  Pool pool;
  pool.capacity_per_replica = 40;
  pool.target_utilization = 0.7;
  EXPECT_EQ(pool.replicas_for_rate(1e300), 1'000'000'000);
  EXPECT_EQ(pool.replicas_for_rate(std::numeric_limits<double>::infinity()), 1'000'000'000);
  EXPECT_EQ(pool.replicas_for_rate(std::numeric_limits<double>::quiet_NaN()), 0);
}

TEST(Pools, ParamNumberRefusesHugeMagnitudes) {
  const PolicyParams params = {{"headroom", "1e300"}, {"weight", "-1e9"}};
  EXPECT_EQ(param_number(params, "predictive", "weight", 0), -1e9);
  try {
    param_number(params, "predictive", "headroom", 0);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "policy 'predictive': parameter 'headroom': 1e300 is outside [-1e9, 1e9]");
  }
}

// Found by fuzz/pools_yaml.cpp: capacity_per_replica 1e-300 is accepted, and 1e6 requests an hour then
// asked for 1.4e306 replicas, converted to int (undefined behaviour; INT_MIN on x86).
TEST(Pools, ReplicasForRateIsCappedInsteadOfOverflowing) {
  Pool pool;
  pool.capacity_per_replica = 1e-300;
  pool.target_utilization = 0.7;
  EXPECT_EQ(pool.replicas_for_rate(1e6), Pool::kReplicasForRateCap);
  pool.capacity_per_replica = 1;
  pool.target_utilization = 1;
  EXPECT_EQ(pool.replicas_for_rate(1e300), Pool::kReplicasForRateCap);
  EXPECT_EQ(pool.replicas_for_rate(Pool::kReplicasForRateCap - 1.0), Pool::kReplicasForRateCap - 1);
}

TEST(Pools, SelectsByName) {
  const auto pools = parse_pools(kValid, "pools.yaml");
  EXPECT_EQ(select_pool(pools, "batch").name, "batch");
  EXPECT_THROW(select_pool(pools, ""), InputError);
  EXPECT_THROW(select_pool(pools, "nope"), InputError);
}

TEST(Pools, LoadsFromFileAndResolvesCsvBesideIt) {
  testing::TempDir dir;
  const auto file = dir.write("fleet/pools.yaml", kValid);
  const auto pools = load_pools(file);
  EXPECT_EQ(pools[1].demand_csv, dir.path() / "fleet" / "batch.csv");
  EXPECT_THROW(load_pools(dir.path() / "missing.yaml"), InputError);
}

TEST(Pools, ReadsAPrometheusDemandAndResolvesItsFilesBesideIt) {
  const std::string yaml =
      "pools:\n"
      "  - name: chat\n"
      "    capacity_per_replica: 40\n"
      "    cost_per_replica_hour: 1\n"
      "    demand:\n"
      "      prometheus: {url: 'http://prom:9090', query: 'sum(increase(x[5m]))', step: 5m, since: 30d,\n"
      "                   combine: sum, bearer_token_file: token}\n";
  const auto pools = parse_pools(yaml, "pools.yaml", "/etc/fleet");
  EXPECT_EQ(pools[0].demand, "prometheus");
  const auto& settings = pools[0].demand_prometheus;
  EXPECT_EQ(settings.url, "http://prom:9090");
  EXPECT_EQ(settings.query, "sum(increase(x[5m]))");
  EXPECT_EQ(settings.step, "5m");
  EXPECT_EQ(settings.since, "30d");
  EXPECT_EQ(settings.combine, "sum");
  EXPECT_EQ(settings.bearer_token_file, "/etc/fleet/token");
}

TEST(Pools, APrometheusDemandNamesAnUnknownOrMissingKeyAndItsLine) {
  const std::string head = "pools:\n  - name: chat\n    capacity_per_replica: 40\n    cost_per_replica_hour: 1\n    demand:\n";
  const auto message = [](const std::string& yaml) -> std::string {
    try {
      parse_pools(yaml, "pools.yaml");
    } catch (const InputError& error) {
      return error.what();
    }
    return "no error";
  };
  EXPECT_EQ(message(head + "      prometheus: {url: 'http://p', query: up, stepp: 5m}\n"),
            "pools.yaml:6: pool 'chat': field 'demand.prometheus': unknown key 'stepp' (valid: url, query, step, since, until, "
            "combine, timeout, bearer_token_file, basic_auth_user, basic_auth_password_file)");
  EXPECT_EQ(message(head + "      prometheus: {url: 'http://p'}\n"),
            "pools.yaml:6: pool 'chat': field 'demand.prometheus': missing 'query'");
  EXPECT_EQ(message(head + "      influx: {url: 'http://p'}\n"),
            "pools.yaml:6: pool 'chat': field 'demand': unknown key 'influx' (valid: prometheus)");
}

TEST(Pools, ParamNumberRejectsText) {
  const PolicyParams params = {{"q", "high"}};
  EXPECT_EQ(param_number(params, "predictive", "headroom", 0.1), 0.1);
  try {
    param_number(params, "predictive", "q", 0.9);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "policy 'predictive': parameter 'q': 'high' is not a number");
  }
}

struct BadField {
  std::string field_line;   // replaces the line of the field in a one-pool file
  std::string expected;     // the full error message
};

class PoolsValidation : public ::testing::TestWithParam<BadField> {};

// A one-pool file whose line 3 is the field under test.
std::string one_pool(const std::string& field_line) {
  return "pools:\n  - name: web\n    " + field_line +
         "\n    capacity_per_replica_placeholder: 1\n";
}

TEST_P(PoolsValidation, NamesFileLinePoolAndField) {
  std::string yaml = one_pool(GetParam().field_line);
  // Fill in the required fields unless the case is about them.
  std::string required;
  if (GetParam().field_line.rfind("capacity_per_replica:", 0) != 0) required += "    capacity_per_replica: 40\n";
  if (GetParam().field_line.rfind("cost_per_replica_hour:", 0) != 0) required += "    cost_per_replica_hour: 1\n";
  yaml.replace(yaml.find("    capacity_per_replica_placeholder: 1\n"), std::string::npos, required);
  try {
    parse_pools(yaml, "pools.yaml");
    FAIL() << "expected InputError for " << GetParam().field_line;
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), GetParam().expected);
  }
}

INSTANTIATE_TEST_SUITE_P(
    EachField, PoolsValidation,
    ::testing::Values(
        BadField{"demand: clicks", "pools.yaml:3: pool 'web': field 'demand': 'clicks' is not requests, tokens, failures or a .csv file"},
        BadField{"callers: []", "pools.yaml:3: pool 'web': field 'callers': expected a non-empty list of caller names or \"*\""},
        BadField{"capacity_per_replica: 0", "pools.yaml:3: pool 'web': field 'capacity_per_replica': 0 is outside (0, 1e+12]"},
        BadField{"capacity_per_replica: lots", "pools.yaml:3: pool 'web': field 'capacity_per_replica': 'lots' is not a number"},
        BadField{"target_utilization: 1.5", "pools.yaml:3: pool 'web': field 'target_utilization': 1.5 is outside (0, 1]"},
        BadField{"min_replicas: -1", "pools.yaml:3: pool 'web': field 'min_replicas': -1 is outside [0, 1e+06]"},
        BadField{"min_replicas: 1.5", "pools.yaml:3: pool 'web': field 'min_replicas': expected a whole number"},
        BadField{"max_replicas: 0", "pools.yaml:3: pool 'web': field 'max_replicas': 0 is outside [1, 1e+06]"},
        BadField{"startup_seconds: -5", "pools.yaml:3: pool 'web': field 'startup_seconds': -5 is outside [0, 604800]"},
        BadField{"cost_per_replica_hour: -1", "pools.yaml:3: pool 'web': field 'cost_per_replica_hour': -1 is outside [0, 1e+12]"},
        BadField{"scale_down_stabilization_seconds: x", "pools.yaml:3: pool 'web': field 'scale_down_stabilization_seconds': 'x' is not a number"},
        BadField{"max_scale_up_step: 0", "pools.yaml:3: pool 'web': field 'max_scale_up_step': 0 is outside [1, 1e+06]"},
        BadField{"max_scale_down_step: 0", "pools.yaml:3: pool 'web': field 'max_scale_down_step': 0 is outside [1, 1e+06]"},
        BadField{"cooldown_seconds: [1]", "pools.yaml:3: pool 'web': field 'cooldown_seconds': expected a number"},
        BadField{"policy: 3", "pools.yaml:3: pool 'web': field 'policy': expected a map of policy name to parameters"},
        BadField{"replicas: 3",
                 "pools.yaml:3: pool 'web': unknown field 'replicas' (valid: name, demand, callers, capacity_per_replica, "
                 "target_utilization, min_replicas, max_replicas, startup_seconds, cost_per_replica_hour, "
                 "scale_down_stabilization_seconds, max_scale_up_step, max_scale_down_step, cooldown_seconds, "
                 "current_replicas, policy)"},
        BadField{"current_replicas: -2", "pools.yaml:3: pool 'web': field 'current_replicas': -2 is outside [0, 1e+06]"},
        BadField{"policy: {hybrid: {qq: 0.9}}",
                 "pools.yaml:3: pool 'web': field 'policy': policy 'hybrid' has no parameter 'qq' (valid: "
                 "prediction_weight, scale_up_threshold, scale_down_threshold, q, model, refit_seconds, window_hours, "
                 "season)"},
        BadField{"policy: {autoscale: {q: 0.9}}",
                 "pools.yaml:3: pool 'web': field 'policy': unknown policy 'autoscale' (valid: reactive, predictive, "
                 "hybrid, scheduled, dqn)"}));

TEST(Pools, CurrentReplicasIsOptional) {
  const auto pools = parse_pools(kValid + "    current_replicas: 3\n", "pools.yaml");
  EXPECT_FALSE(pools[0].current_replicas);
  EXPECT_EQ(pools[1].current_replicas, 3);
}

TEST(Pools, AnUnknownSharedPolicyParameterNamesItsLine) {
  try {
    parse_pools("policies:\n  predictive: {q: 0.9}\n  hybrid:\n    bogus: 1\n" + kValid.substr(kValid.find("pools:")),
                "p.yaml");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "p.yaml:4: policies: policy 'hybrid' has no parameter 'bogus' (valid: prediction_weight, scale_up_threshold, "
              "scale_down_threshold, q, model, refit_seconds, window_hours, season)");
  }
}

TEST(Pools, MissingRequiredFields) {
  try {
    parse_pools("pools:\n  - name: web\n    cost_per_replica_hour: 1\n", "p.yaml");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "p.yaml:2: pool 'web': missing field 'capacity_per_replica'");
  }
  try {
    parse_pools("pools:\n  - name: web\n    capacity_per_replica: 1\n", "p.yaml");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "p.yaml:2: pool 'web': missing field 'cost_per_replica_hour'");
  }
}

TEST(Pools, StructuralErrors) {
  auto message = [](const std::string& yaml) {
    try {
      parse_pools(yaml, "p.yaml");
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("pools: []\n"), "p.yaml:1: 'pools' must be a non-empty list");
  EXPECT_EQ(message("fleet: 1\n"), "p.yaml:1: unknown top-level key 'fleet' (valid: pools, policies)");
  EXPECT_EQ(message("pools:\n  - capacity_per_replica: 1\n"), "p.yaml:2: pool without a 'name'");
  EXPECT_EQ(message("pools:\n  - name: a\n    capacity_per_replica: 1\n    cost_per_replica_hour: 1\n"
                    "    min_replicas: 5\n    max_replicas: 2\n"),
            "p.yaml:6: pool 'a': field 'max_replicas' (2) is below min_replicas (5)");
  EXPECT_EQ(message("pools:\n  - name: a\n    capacity_per_replica: 1\n    cost_per_replica_hour: 1\n"
                    "  - name: a\n    capacity_per_replica: 1\n    cost_per_replica_hour: 1\n"),
            "p.yaml:5: pool 'a' is defined twice");
  EXPECT_EQ(message("pools: [\n"), message("pools: [\n"));
  EXPECT_NE(message("pools: [\n").find("p.yaml:"), std::string::npos);
}

// Regression: a pool name with invalid UTF-8 ended in nlohmann's type_error.316 when the JSON was written.
TEST(Pools, InvalidUtf8IsRefusedWithFileAndLine) {
  try {
    parse_pools("pools:\n  - name: caf\xe9\n    capacity_per_replica: 1\n    cost_per_replica_hour: 1\n", "p.yaml");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "p.yaml:2: not valid UTF-8 text");
  }
  EXPECT_EQ(parse_pools("pools:\n  - name: caf\xc3\xa9\n    capacity_per_replica: 1\n    cost_per_replica_hour: 1\n", "p.yaml")
                .front()
                .name,
            "caf\xc3\xa9");
}

}  // namespace
}  // namespace fleetcast::decisions
