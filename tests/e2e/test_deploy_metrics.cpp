// End-to-end: every metric the Grafana dashboard in deploy/ queries is in a real serve's /metrics.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "support/serve_process.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using testing::examples_dir;
using testing::http_get;
using testing::ServeProcess;
using testing::TempDir;
using namespace std::chrono_literals;

constexpr auto kReadyTimeout = 180s;

void collect_metric_names(const nlohmann::json& node, std::set<std::string>& names) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if ((key == "expr" || key == "definition") && value.is_string()) {
        const std::string query = value.get<std::string>();
        const std::regex metric_name("fleetcast_[a-z0-9_]+");
        for (std::sregex_iterator match(query.begin(), query.end(), metric_name), end; match != end; ++match) {
          names.insert(match->str());
        }
      }
      collect_metric_names(value, names);
    }
  } else if (node.is_array()) {
    for (const auto& item : node) collect_metric_names(item, names);
  }
}

TEST(DeployE2E, GrafanaDashboardQueriesOnlyMetricsARealServeExposes) {
  std::ifstream file(examples_dir().parent_path() / "deploy/grafana/fleetcast-dashboard.json");
  std::set<std::string> queried;
  collect_metric_names(nlohmann::json::parse(file), queried);
  ASSERT_GE(queried.size(), 10u);

  TempDir dir;
  ServeProcess serve({"--metrics", (examples_dir() / "fleet/metrics").string(), "--heartbeat",
                      (examples_dir() / "fleet/heartbeat").string(), "--pools", (examples_dir() / "pools.yaml").string(),
                      "--state", (dir.path() / "state.db").string(), "--listen", "127.0.0.1:0", "--refresh", "1h"},
                     dir.path() / "serve.log");
  const auto port = serve.wait_for_port(30s);
  ASSERT_TRUE(port) << serve.log();
  ASSERT_TRUE(serve.wait_until_ready(*port, kReadyTimeout)) << serve.log();
  const auto metrics = http_get(*port, "/metrics");
  ASSERT_EQ(metrics.status, 200);

  // Families by their # TYPE line; the live accuracy ones have samples only once forecasts are scored.
  std::set<std::string> families, sampled;
  std::istringstream lines(metrics.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE ", 0) == 0) families.insert(line.substr(7, line.find(' ', 7) - 7));
    if (!line.empty() && line[0] != '#') sampled.insert(line.substr(0, line.find_first_of("{ ")));
  }
  for (const auto& name : queried) {
    EXPECT_TRUE(families.count(name)) << name << " is not in /metrics";
    if (name.rfind("fleetcast_live_", 0) != 0) {
      EXPECT_TRUE(sampled.count(name)) << name << " has no sample in /metrics";
    }
  }
}

}  // namespace
}  // namespace fleetcast
