// Every file in deploy/ parses, and the examples agree with each other and with what serve really does:
// the configs are valid serve configs, the ports and pools line up, and the Grafana dashboard queries only
// metric families that serve's /metrics exposes. The tools that own a format check it when installed
// (systemd-analyze, promtool).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "decisions/planning/pools.h"
#include "service/metrics_exposition.h"
#include "service/serve_config.h"
#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast::service {
namespace {

namespace fs = std::filesystem;
using testing::run_program;
using testing::TempDir;

fs::path deploy_dir() { return testing::examples_dir().parent_path() / "deploy"; }

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string first_executable(const std::vector<std::string>& candidates) {
  for (const auto& path : candidates) {
    if (fs::exists(path)) return path;
  }
  return "";
}

// The documents of a YAML file, each checked for the fields every Kubernetes object has.
std::vector<YAML::Node> kubernetes_objects(const std::string& relative) {
  const auto documents = YAML::LoadAllFromFile((deploy_dir() / relative).string());
  EXPECT_FALSE(documents.empty()) << relative;
  for (const auto& object : documents) {
    EXPECT_TRUE(object["apiVersion"].IsScalar()) << relative;
    EXPECT_TRUE(object["kind"].IsScalar()) << relative;
    EXPECT_TRUE(object["metadata"]["name"].IsScalar()) << relative;
    EXPECT_EQ(object["metadata"]["namespace"].as<std::string>(), "fleet") << relative;
  }
  return documents;
}

YAML::Node only_object(const std::string& relative, const std::string& kind) {
  std::optional<YAML::Node> found;
  for (const auto& object : kubernetes_objects(relative)) {
    if (object["kind"].as<std::string>() == kind) {
      EXPECT_FALSE(found) << "two " << kind << " in " << relative;
      found = object;
    }
  }
  EXPECT_TRUE(found) << "no " << kind << " in " << relative;
  return found.value_or(YAML::Node());
}

// Reads a serve config as serve does; the text is written beside a scratch folder first.
GivenSettings serve_config_from(const std::string& text) {
  TempDir scratch;
  return read_serve_config(scratch.write("fleetcast.yaml", text));
}

int port_of(const std::string& address) { return std::stoi(address.substr(address.rfind(':') + 1)); }

std::set<std::string> pool_names(const std::string& pools_yaml) {
  std::set<std::string> names;
  for (const auto& pool : decisions::parse_pools(pools_yaml, "configmap.yaml: pools.yaml")) names.insert(pool.name);
  return names;
}

YAML::Node config_map_data() { return only_object("kubernetes/configmap.yaml", "ConfigMap")["data"]; }

TEST(DeployExamples, EveryFileIsOneThisTestChecks) {
  const std::set<std::string> checked = {
      "systemd/fleetcast.service",        "systemd/fleetcast.yaml",          "kubernetes/configmap.yaml",
      "kubernetes/deployment.yaml",       "kubernetes/service.yaml",         "keda/scaledobject-metrics-api.yaml",
      "keda/scaledobject-external.yaml",  "prometheus/prometheus.yml",       "grafana/fleetcast-dashboard.json"};
  std::set<std::string> present;
  for (const auto& entry : fs::recursive_directory_iterator(deploy_dir())) {
    if (entry.is_regular_file()) present.insert(fs::relative(entry.path(), deploy_dir()).generic_string());
  }
  EXPECT_EQ(present, checked);
}

TEST(DeployExamples, SystemdUnitRunsServeWithTheConfigAndIsHardened) {
  // The unit as INI: sections and the keys that make it a hardened service of serve.
  std::map<std::string, std::map<std::string, std::string>> unit;
  std::string section;
  std::istringstream lines(slurp(deploy_dir() / "systemd/fleetcast.service"));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = line.substr(1, line.size() - 2);
      continue;
    }
    const auto equals = line.find('=');
    ASSERT_NE(equals, std::string::npos) << "not KEY=VALUE: " << line;
    ASSERT_FALSE(section.empty()) << "a key before any section: " << line;
    unit[section][line.substr(0, equals)] = line.substr(equals + 1);
  }
  EXPECT_EQ(unit["Service"]["ExecStart"], "/usr/bin/fleetcast serve --config /etc/fleetcast/fleetcast.yaml");
  EXPECT_EQ(unit["Service"]["KillSignal"], "SIGTERM");
  EXPECT_EQ(unit["Service"]["RestartPreventExitStatus"], "2");
  EXPECT_EQ(unit["Service"]["DynamicUser"], "yes");
  EXPECT_EQ(unit["Service"]["NoNewPrivileges"], "yes");
  EXPECT_EQ(unit["Service"]["ProtectSystem"], "strict");
  EXPECT_EQ(unit["Service"]["StateDirectory"], "fleetcast");
  EXPECT_EQ(unit["Install"]["WantedBy"], "multi-user.target");

  // Its config is a serve config, keeping the state where systemd lets the service write.
  const auto config = serve_config_from(slurp(deploy_dir() / "systemd/fleetcast.yaml"));
  EXPECT_EQ(config.at("state").values, std::vector<std::string>{"/var/lib/fleetcast/state.db"});
  EXPECT_EQ(config.at("listen").values, std::vector<std::string>{"127.0.0.1:9464"});

  const std::string analyze = first_executable({"/usr/bin/systemd-analyze", "/bin/systemd-analyze"});
  if (analyze.empty()) GTEST_SKIP() << "systemd-analyze is absent: checked as INI only";
  // systemd-analyze also checks that ExecStart's program exists; this checks the unit, not the install.
  TempDir scratch;
  std::string text = slurp(deploy_dir() / "systemd/fleetcast.service");
  text.replace(text.find("ExecStart=/usr/bin/fleetcast"), 28, "ExecStart=/bin/true");
  const auto copy = scratch.write("fleetcast.service", text);
  const auto result = run_program({analyze, "verify", "--man=no", copy.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "") << "systemd-analyze warns about the unit";
}

TEST(DeployExamples, KubernetesConfigMapHoldsAServeConfigAndPools) {
  const auto data = config_map_data();
  const auto config = serve_config_from(data["fleetcast.yaml"].as<std::string>());
  EXPECT_EQ(config.at("pools").values, std::vector<std::string>{"/etc/fleetcast/pools.yaml"});
  EXPECT_EQ(config.at("token_file").values, std::vector<std::string>{"/etc/fleetcast-token/token"});
  EXPECT_FALSE(pool_names(data["pools.yaml"].as<std::string>()).empty());
}

TEST(DeployExamples, KubernetesDeploymentAndServiceLineUpWithTheConfig) {
  const auto config = serve_config_from(config_map_data()["fleetcast.yaml"].as<std::string>());
  const int http_port = port_of(config.at("listen").values.front());
  const int grpc_port = port_of(config.at("grpc_listen").values.front());

  const auto deployment = only_object("kubernetes/deployment.yaml", "Deployment");
  EXPECT_EQ(deployment["spec"]["replicas"].as<int>(), 1) << "one writer on the SQLite state";
  EXPECT_EQ(deployment["spec"]["strategy"]["type"].as<std::string>(), "Recreate");
  const auto pod = deployment["spec"]["template"];
  const auto container = pod["spec"]["containers"][0];
  EXPECT_EQ(container["args"].as<std::vector<std::string>>(),
            (std::vector<std::string>{"serve", "--config", "/etc/fleetcast/fleetcast.yaml"}));
  std::map<std::string, int> container_ports;
  for (const auto& port : container["ports"]) container_ports[port["name"].as<std::string>()] = port["containerPort"].as<int>();
  EXPECT_EQ(container_ports, (std::map<std::string, int>{{"http", http_port}, {"grpc", grpc_port}}));
  EXPECT_EQ(container["livenessProbe"]["httpGet"]["path"].as<std::string>(), "/healthz");
  EXPECT_EQ(container["readinessProbe"]["httpGet"]["path"].as<std::string>(), "/readyz");
  EXPECT_FALSE(container["securityContext"]["allowPrivilegeEscalation"].as<bool>());
  EXPECT_TRUE(container["securityContext"]["readOnlyRootFilesystem"].as<bool>());

  // Every mount has a volume, the config volume is the ConfigMap and the claim exists.
  std::set<std::string> volumes;
  for (const auto& volume : pod["spec"]["volumes"]) volumes.insert(volume["name"].as<std::string>());
  for (const auto& mount : container["volumeMounts"]) EXPECT_TRUE(volumes.count(mount["name"].as<std::string>()));
  EXPECT_EQ(pod["spec"]["volumes"][0]["configMap"]["name"].as<std::string>(),
            only_object("kubernetes/configmap.yaml", "ConfigMap")["metadata"]["name"].as<std::string>());
  EXPECT_EQ(pod["spec"]["volumes"][2]["persistentVolumeClaim"]["claimName"].as<std::string>(),
            only_object("kubernetes/deployment.yaml", "PersistentVolumeClaim")["metadata"]["name"].as<std::string>());

  const auto service = only_object("kubernetes/service.yaml", "Service");
  using Labels = std::map<std::string, std::string>;
  EXPECT_EQ(service["spec"]["selector"].as<Labels>(), pod["metadata"]["labels"].as<Labels>());
  std::map<std::string, std::string> service_ports;
  for (const auto& port : service["spec"]["ports"]) {
    service_ports[port["name"].as<std::string>()] = port["targetPort"].as<std::string>();
    EXPECT_EQ(port["port"].as<int>(), container_ports[port["name"].as<std::string>()]);
  }
  EXPECT_EQ(service_ports, (std::map<std::string, std::string>{{"http", "http"}, {"grpc", "grpc"}}));
}

TEST(DeployExamples, KedaMetricsApiTriggerReadsDesiredReplicasOfAKnownPool) {
  const auto pools = pool_names(config_map_data()["pools.yaml"].as<std::string>());
  const auto scaled = only_object("keda/scaledobject-metrics-api.yaml", "ScaledObject");
  const auto auth = only_object("keda/scaledobject-metrics-api.yaml", "TriggerAuthentication");
  ASSERT_EQ(scaled["spec"]["triggers"].size(), 1u);
  const auto trigger = scaled["spec"]["triggers"][0];
  EXPECT_EQ(trigger["type"].as<std::string>(), "metrics-api");
  EXPECT_EQ(trigger["metadata"]["valueLocation"].as<std::string>(), "desired_replicas");
  EXPECT_EQ(trigger["metadata"]["targetValue"].as<std::string>(), "1");
  EXPECT_EQ(trigger["metadata"]["authMode"].as<std::string>(), "bearer");
  EXPECT_EQ(trigger["authenticationRef"]["name"].as<std::string>(), auth["metadata"]["name"].as<std::string>());
  EXPECT_EQ(auth["spec"]["secretTargetRef"][0]["parameter"].as<std::string>(), "token");
  std::smatch url;
  const std::string url_text = trigger["metadata"]["url"].as<std::string>();
  ASSERT_TRUE(std::regex_match(url_text, url, std::regex(R"(http://fleetcast\.fleet\.svc\.cluster\.local:9464/api/v1/keda/([^/]+))")))
      << url_text;
  EXPECT_TRUE(pools.count(url[1])) << url[1] << " is not a pool of the ConfigMap";
}

TEST(DeployExamples, KedaExternalTriggerCallsTheGrpcPortForAKnownPool) {
  const auto pools = pool_names(config_map_data()["pools.yaml"].as<std::string>());
  const auto config = serve_config_from(config_map_data()["fleetcast.yaml"].as<std::string>());
  const auto scaled = only_object("keda/scaledobject-external.yaml", "ScaledObject");
  ASSERT_EQ(scaled["spec"]["triggers"].size(), 1u);
  const auto trigger = scaled["spec"]["triggers"][0];
  EXPECT_EQ(trigger["type"].as<std::string>(), "external");
  EXPECT_EQ(trigger["metadata"]["scalerAddress"].as<std::string>(),
            "fleetcast.fleet.svc.cluster.local:" + std::to_string(port_of(config.at("grpc_listen").values.front())));
  EXPECT_TRUE(pools.count(trigger["metadata"]["pool"].as<std::string>()));
}

TEST(DeployExamples, PrometheusScrapesMetricsWithTheBearerToken) {
  const auto config = YAML::LoadFile((deploy_dir() / "prometheus/prometheus.yml").string());
  ASSERT_EQ(config["scrape_configs"].size(), 1u);
  const auto job = config["scrape_configs"][0];
  EXPECT_EQ(job["metrics_path"].as<std::string>(), "/metrics");
  EXPECT_EQ(job["authorization"]["type"].as<std::string>(), "Bearer");
  EXPECT_EQ(job["static_configs"][0]["targets"][0].as<std::string>(), "127.0.0.1:9464");

  const std::string promtool = first_executable({"/usr/bin/promtool", "/usr/local/bin/promtool"});
  if (promtool.empty()) GTEST_SKIP() << "promtool is absent (Debian prometheus): checked as YAML only";
  const auto result =
      run_program({promtool, "check", "config", "--syntax-only", (deploy_dir() / "prometheus/prometheus.yml").string()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

// Every PromQL expression of the dashboard: panel targets and template variable queries.
void collect_queries(const nlohmann::json& node, std::vector<std::string>& queries) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if ((key == "expr" || key == "definition") && value.is_string()) queries.push_back(value.get<std::string>());
      collect_queries(value, queries);
    }
  } else if (node.is_array()) {
    for (const auto& item : node) collect_queries(item, queries);
  }
}

// The families a serve with one planned, scored pool exposes.
std::set<std::string> exposed_families() {
  ServiceSnapshot snapshot;
  snapshot.ready = true;
  PoolSnapshot& pool = snapshot.pools["chat"];
  pool.name = "chat";
  pool.desired_replicas = 3;
  pool.steps = {ForecastStepFigures{0, 100, 80, 120, 3}};
  pool.accuracy = AccuracyFigures{0.8, 0.9, 1.0, 0.85, 0.9, 24, 168};
  std::set<std::string> families;
  std::istringstream lines(metrics_exposition(snapshot));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE ", 0) == 0) families.insert(line.substr(7, line.find(' ', 7) - 7));
  }
  return families;
}

TEST(DeployExamples, GrafanaDashboardQueriesOnlyMetricsServeExposes) {
  const auto dashboard = nlohmann::json::parse(slurp(deploy_dir() / "grafana/fleetcast-dashboard.json"));
  EXPECT_EQ(dashboard["uid"], "fleetcast");
  EXPECT_FALSE(dashboard["panels"].empty());
  std::vector<std::string> queries;
  collect_queries(dashboard, queries);
  ASSERT_GE(queries.size(), dashboard["panels"].size());

  const auto families = exposed_families();
  std::set<std::string> queried;
  const std::regex metric_name("fleetcast_[a-z0-9_]+");
  for (const auto& query : queries) {
    for (std::sregex_iterator match(query.begin(), query.end(), metric_name), end; match != end; ++match) {
      queried.insert(match->str());
      EXPECT_TRUE(families.count(match->str())) << match->str() << " (in '" << query << "') is not in /metrics";
    }
  }
  // The dashboard shows the forecast, the plan, accuracy and ingest health.
  for (const auto* needed : {"fleetcast_desired_replicas", "fleetcast_forecast_mean_per_hour", "fleetcast_live_mase",
                             "fleetcast_ingest_lag_seconds", "fleetcast_lines_skipped_total"}) {
    EXPECT_TRUE(queried.count(needed)) << needed;
  }

  const std::string promtool = first_executable({"/usr/bin/promtool", "/usr/local/bin/promtool"});
  if (promtool.empty()) GTEST_SKIP() << "promtool is absent: the PromQL is not parsed";
  // promtool parses PromQL in rule files: each panel query becomes a recording rule ($pool: any pool).
  YAML::Emitter rules;
  rules << YAML::BeginMap << YAML::Key << "groups" << YAML::Value << YAML::BeginSeq << YAML::BeginMap << YAML::Key
        << "name" << YAML::Value << "dashboard" << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    if (queries[i].rfind("label_values(", 0) == 0) continue;  // Grafana's, not PromQL
    rules << YAML::BeginMap << YAML::Key << "record" << YAML::Value << "dashboard:query_" + std::to_string(i)
          << YAML::Key << "expr" << YAML::Value << std::regex_replace(queries[i], std::regex(R"(\$pool)"), ".*")
          << YAML::EndMap;
  }
  rules << YAML::EndSeq << YAML::EndMap << YAML::EndSeq << YAML::EndMap;
  TempDir scratch;
  const auto rules_file = scratch.write("rules.yml", rules.c_str());
  const auto result = run_program({promtool, "check", "rules", rules_file.string()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

}  // namespace
}  // namespace fleetcast::service
