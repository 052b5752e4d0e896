// End-to-end: the real `fleetcast report` binary on real files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using testing::run_fleetcast;
using testing::TempDir;
using nlohmann::json;

constexpr const char* kMetrics = R"({"timestamp": "2026-03-29T09:00:00Z", "caller": "c", "total_tokens": 1}
{"timestamp": "2026-03-29T10:00:00Z", "caller": "c", "total_tokens": 1}
{"timestamp": "2026-03-29T10:30:00Z", "caller": "c", "total_tokens": 7}
{"timestamp": "2026-03-29T11:00:00Z", "caller": "a", "total_tokens": 5}
{"timestamp": "2026-03-29T11:10:00.000Z", "caller": "a", "prompt_tokens": 60, "completion_tokens": 40}

{"ts": 1774783200, "source": "b", "prompt_tokens": 900, "completion_tokens": 100, "success": false}
this line is not JSON
{"timestamp": "2026-03-29T13:30:00+02:00", "caller": "b", "total_tokens": 50, "ok": true}
{"timestamp": "2026-03-29T12:00:00Z", "caller": "a", "total_tokens": 10}
)";

constexpr const char* kHeartbeat = R"({"timestamp": "2026-03-29T11:00:00Z", "gitea_ok": false, "inference_ok": false}
{"timestamp": "2026-03-29T11:10:00Z", "gitea_ok": true, "inference_ok": true}
{"timestamp": "2026-03-29T11:20:00Z", "gitea_ok": true, "inference_ok": true}
{"timestamp": "2026-03-29T11:30:00Z", "gitea_ok": false, "inference_ok": true}
{"timestamp": "2026-03-29T11:40:00Z", "gitea_ok": false, "inference_ok": true}
{"timestamp": "2026-03-29T11:50:00Z", "gitea_ok": true, "inference_ok": false}
{"timestamp": "2026-03-29T12:00:00Z", "gitea_ok": "no", "inference_ok": false}
)";

json run_json(const std::vector<std::string>& args, int expected_exit = 0) {
  const auto result = run_fleetcast(args);
  EXPECT_EQ(result.exit_code, expected_exit) << result.err;
  return json::parse(result.out);
}

TEST(ReportE2E, HandMadeFleetGivesExactContract) {
  TempDir dir;
  dir.write("metrics/m.jsonl", kMetrics);
  dir.write("heartbeat/h.jsonl", kHeartbeat);
  const auto result = run_fleetcast({"report", "--json", "--horizon", "1", "--metrics", (dir.path() / "metrics").string(),
                                     "--heartbeat", (dir.path() / "heartbeat").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json expected = json::parse(R"json({
    "resource_mode": "surge", "dispatch_posture": "degraded", "horizon_hours": 1,
    "recent_request_rate": 4.0, "baseline_request_rate": 2.0, "predicted_request_rate": 5.66, "surge_factor": 2.0,
    "seasonal_surge_factor": {"day": null, "week": null},
    "demand_level": "elevated", "gitea_outages": 1, "inference_failures": 2,
    "top_callers": [
      {"caller": "b", "requests": 2, "tokens": 1050, "failures": 1, "failure_rate": 0.5},
      {"caller": "a", "requests": 2, "tokens": 110, "failures": 0, "failure_rate": 0.0}],
    "recommended_actions": [
      "Pre-warm local inference — surge factor 2.00x (recent 4.00 req/h vs baseline 2.00 req/h); predicted 5.66 req/h over the next 1 h",
      "Investigate model reliability — inference was down on 2 of 6 heartbeat ticks in the last 1 h",
      "Cache forge state — Gitea was down in 1 outage (2 of 6 ticks) in the last 1 h; serve forge reads from cache and queue writes",
      "Throttle background jobs — b used 90.5% of tokens at 9.5x the tokens per request of the other callers (525 vs 55)"],
    "actions": [
      {"action": "pre_warm", "pool": null, "caller": null, "replicas": null, "start_by": null,
       "reason": "surge factor 2.00x (recent 4.00 req/h vs baseline 2.00 req/h); predicted 5.66 req/h over the next 1 h"},
      {"action": "investigate_model_reliability", "pool": null, "caller": null, "replicas": null, "start_by": null,
       "reason": "inference was down on 2 of 6 heartbeat ticks in the last 1 h"},
      {"action": "cache_forge_state", "pool": null, "caller": null, "replicas": null, "start_by": null,
       "reason": "Gitea was down in 1 outage (2 of 6 ticks) in the last 1 h; serve forge reads from cache and queue writes"},
      {"action": "throttle_caller", "pool": null, "caller": "b", "replicas": null, "start_by": null,
       "reason": "b used 90.5% of tokens at 9.5x the tokens per request of the other callers (525 vs 55)"}],
    "skipped_lines": 1,
    "window": {"recent_start": "2026-03-29T11:00:00Z", "recent_end": "2026-03-29T12:00:00Z",
               "baseline_start": "2026-03-29T10:00:00Z", "baseline_end": "2026-03-29T11:00:00Z",
               "heartbeat_start": "2026-03-29T11:00:00Z", "heartbeat_end": "2026-03-29T12:00:00Z"},
    "forecast": null,
    "forecast_note": "no fitted forecast: the history spans 3.0 h, under the 48 h a fitted forecast needs; the predicted rate follows the damped trend"
  })json");
  EXPECT_EQ(json::parse(result.out), expected) << result.out;
  EXPECT_NE(result.err.find("m.jsonl:8: not valid JSON"), std::string::npos) << result.err;
}

TEST(ReportE2E, MarkdownHasTablesActionsAndSourceLines) {
  TempDir dir;
  dir.write("metrics/m.jsonl", kMetrics);
  dir.write("heartbeat/h.jsonl", kHeartbeat);
  // Defaults: metrics/ and heartbeat/ under the working directory.
  const auto result = run_fleetcast({"report", "--horizon", "60m"}, "", dir.path().string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("| resource mode          | surge"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("| caller | requests | tokens | failures | failure rate |"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("1. Pre-warm local inference — "), std::string::npos);
  EXPECT_NE(result.out.find("- metrics: 1 file, 0.0 MB, 9 lines, 8 events, 1 skipped"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("- heartbeat: 1 file, 0.0 MB, 7 lines, 7 events, 0 skipped"), std::string::npos) << result.out;
}

TEST(ReportE2E, StandardInputAndNoHeartbeat) {
  const auto result = run_fleetcast({"report", "--json", "--horizon", "1", "--metrics", "-"}, kMetrics, "/");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto report = json::parse(result.out);
  EXPECT_EQ(report["recent_request_rate"], 4.0);
  EXPECT_EQ(report["gitea_outages"], 0);
  EXPECT_EQ(report["dispatch_posture"], "normal");
  EXPECT_TRUE(report["window"]["heartbeat_end"].is_null());
}

TEST(ReportE2E, Errors) {
  TempDir dir;
  auto result = run_fleetcast({"report", "--metrics", (dir.path() / "nope").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("no such file or directory: " + (dir.path() / "nope").string()), std::string::npos) << result.err;

  dir.write("metrics/m.jsonl", kMetrics);
  result = run_fleetcast({"report", "--metrics", (dir.path() / "metrics").string(), "--heartbeat", (dir.path() / "hb").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("hb"), std::string::npos);

  result = run_fleetcast({"report"}, "", dir.path().string() + "/..");  // no metrics/ here
  EXPECT_EQ(result.exit_code, 2);

  dir.write("bad/m.jsonl", "nothing\nusable\n");
  result = run_fleetcast({"report", "--metrics", (dir.path() / "bad").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("no metric events"), std::string::npos) << result.err;

  result = run_fleetcast({"report", "--metrics", (dir.path() / "metrics").string(), "--horizon", "-3"});
  EXPECT_EQ(result.exit_code, 2);
  result = run_fleetcast({"report", "--no-such-flag"});
  EXPECT_EQ(result.exit_code, 2);
}

TEST(ReportE2E, HelpHasAnExample) {
  for (const std::string command : {"report", "generate"}) {
    const auto result = run_fleetcast({command, "--help"});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_NE(result.out.find("Example:"), std::string::npos) << command;
  }
}

// Generated fleets: deterministic for a seed, so their values are pinned.
class GeneratedFleet : public ::testing::Test {
 protected:
  std::string generate(const std::vector<std::string>& extra, const std::string& days = "3") {
    std::vector<std::string> args = {"generate", "--out", dir_.path().string(), "--days", days, "--seed", "11"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto result = run_fleetcast(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return dir_.path().string();
  }
  json report(const std::string& root, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"report", "--json", "--metrics", root + "/metrics", "--heartbeat", root + "/heartbeat"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_json(args);
  }
  TempDir dir_;
};

TEST_F(GeneratedFleet, SteadyFleetHasNoIncidents) {
  const auto report = this->report(generate({"--end", "2026-03-29T12:00:00Z"}));
  EXPECT_EQ(report["skipped_lines"], 0);
  EXPECT_EQ(report["gitea_outages"], 0);
  EXPECT_EQ(report["inference_failures"], 0);
  EXPECT_EQ(report["dispatch_posture"], "normal");
  EXPECT_EQ(report["top_callers"].size(), 5u);
  EXPECT_EQ(report["window"]["recent_end"].get<std::string>().substr(0, 13), "2026-03-29T11");
}

TEST_F(GeneratedFleet, SurgeIsCritical) {
  const auto report = this->report(generate({"--surge-hours", "6", "--surge-factor", "5"}));
  EXPECT_EQ(report["demand_level"], "critical");
  EXPECT_EQ(report["resource_mode"], "surge");
  EXPECT_GT(report["surge_factor"].get<double>(), 3.0);
  EXPECT_EQ(report["recommended_actions"][0].get<std::string>().rfind("Pre-warm local inference — ", 0), 0u);
}

TEST_F(GeneratedFleet, SparseHistoryComparesWithThePreviousActiveWindow) {
  const auto report = this->report(generate({"--gap", "26h:20h"}));
  // The gap spans 2026-03-28T16:00Z to 2026-03-29T12:00Z: the baseline ends before it.
  EXPECT_LT(report["window"]["baseline_end"].get<std::string>(), "2026-03-28T16:00:00Z");
  EXPECT_GT(report["window"]["baseline_end"].get<std::string>(), "2026-03-28T15:00:00Z");
}

TEST_F(GeneratedFleet, NoBaselineWhenHistoryIsShorterThanTheHorizon) {
  const auto report = this->report(generate({}, "0.2"));
  EXPECT_TRUE(report["window"]["baseline_start"].is_null());
  EXPECT_EQ(report["surge_factor"], 1.0);
  EXPECT_EQ(report["baseline_request_rate"], 0.0);
}

TEST_F(GeneratedFleet, GzipGivesTheSameReport) {
  const auto plain = this->report(generate({}));
  TempDir gz;
  const auto result = run_fleetcast({"generate", "--out", gz.path().string(), "--days", "3", "--seed", "11", "--gzip"});
  ASSERT_EQ(result.exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(gz.path() / "metrics/local_20260329.jsonl.gz"));
  EXPECT_EQ(this->report(gz.path().string()), plain);
}

TEST_F(GeneratedFleet, MalformedLinesAreCountedAndTheFirstTenReported) {
  const std::string root = generate({"--malformed-every", "100"});
  const auto result = run_fleetcast({"report", "--json", "--metrics", root + "/metrics", "--heartbeat", root + "/heartbeat"});
  ASSERT_EQ(result.exit_code, 0);
  const auto report = json::parse(result.out);
  const int skipped = report["skipped_lines"];
  EXPECT_GT(skipped, 10);
  int warning_lines = 0;
  for (std::size_t at = result.err.find("warning: skipped metrics line "); at != std::string::npos;
       at = result.err.find("warning: skipped metrics line ", at + 1)) {
    ++warning_lines;
  }
  EXPECT_EQ(warning_lines, 10);
  EXPECT_NE(result.err.find("local_20260326.jsonl:100: no timestamp"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(std::to_string(skipped - 10) + " more malformed metrics lines"), std::string::npos) << result.err;
}

TEST_F(GeneratedFleet, TruncatedLastLineIsSkipped) {
  const auto report = this->report(generate({"--truncate-last-line"}));
  EXPECT_EQ(report["skipped_lines"], 1);
}

TEST_F(GeneratedFleet, NestedHeartbeatFieldsByDottedPath) {
  const std::string root = generate({"--nested-heartbeat", "--gitea-outage", "2h:30m", "--inference-outage", "1h:20m"});
  auto report = this->report(root, {"--gitea-field", "perception.gitea_alive", "--inference-field",
                                    "perception.model_health.inference_ok"});
  EXPECT_EQ(report["gitea_outages"], 1);
  EXPECT_EQ(report["inference_failures"], 2);
  EXPECT_EQ(report["dispatch_posture"], "degraded");
  // With the default flat field names nothing is false, so nothing is down.
  report = this->report(root);
  EXPECT_EQ(report["gitea_outages"], 0);
  EXPECT_EQ(report["inference_failures"], 0);
}

TEST_F(GeneratedFleet, FailingCallerIsNamed) {
  const auto report = this->report(generate({"--failing-caller", "flaky-agent:0.6"}));
  bool found = false;
  for (const auto& action : report["recommended_actions"]) {
    found |= action.get<std::string>().rfind("Investigate failure rates — flaky-agent failed ", 0) == 0;
  }
  EXPECT_TRUE(found) << report.dump(2);
}

}  // namespace
}  // namespace fleetcast

namespace fleetcast {
namespace {

TEST_F(GeneratedFleet, TwoDaysOfHistoryGetAFittedForecast) {
  const auto report = this->report(generate({}));
  ASSERT_TRUE(report.contains("forecast")) << report.dump(2);
  const auto& forecast = report["forecast"];
  EXPECT_FALSE(forecast["model"].get<std::string>().empty());
  EXPECT_EQ(forecast["level"], 0.9);
  const double predicted = report["predicted_request_rate"];
  EXPECT_LE(forecast["lower"].get<double>(), predicted);
  EXPECT_GE(forecast["upper"].get<double>(), predicted);
}

TEST_F(GeneratedFleet, ShortHistoryKeepsTheDampedRule) {
  const auto report = this->report(generate({}, "1.5"));
  EXPECT_TRUE(report["forecast"].is_null());
  EXPECT_EQ(report["forecast_note"].get<std::string>().rfind("no fitted forecast: the history spans 36.0 h", 0), 0u)
      << report["forecast_note"];
  const double expected = report["recent_request_rate"].get<double>() * std::sqrt(report["surge_factor"].get<double>());
  EXPECT_NEAR(report["predicted_request_rate"].get<double>(), expected, expected * 0.005);  // inputs are rounded
}

// A horizon too long to backtest on the example fleet's history used to end the report with exit 2 and
// advice about --folds, a flag report does not have.
TEST(ReportE2E, AHorizonTooLongToForecastFallsBackToTheDampedRule) {
  const std::string metrics = (testing::examples_dir() / "fleet" / "metrics").string();
  const std::string heartbeat = (testing::examples_dir() / "fleet" / "heartbeat").string();
  const auto result = run_fleetcast({"report", "--json", "--horizon", "200", "--metrics", metrics, "--heartbeat", heartbeat});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto report = json::parse(result.out);
  EXPECT_TRUE(report["forecast"].is_null());
  const std::string note = report["forecast_note"];
  EXPECT_EQ(note.rfind("no fitted forecast: a 200 h horizon (", 0), 0u) << note;
  EXPECT_NE(note.find("the predicted rate follows the damped trend"), std::string::npos) << note;
  EXPECT_EQ(note.find("--folds"), std::string::npos) << note;
  const double expected = report["recent_request_rate"].get<double>() * std::sqrt(report["surge_factor"].get<double>());
  EXPECT_NEAR(report["predicted_request_rate"].get<double>(), expected, expected * 0.005);

  const auto markdown = run_fleetcast({"report", "--horizon", "200", "--metrics", metrics, "--heartbeat", heartbeat});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("\nForecast note: no fitted forecast: a 200 h horizon"), std::string::npos) << markdown.out;
}

TEST_F(GeneratedFleet, PoolsFileMakesPrewarmNameReplicas) {
  const std::string root = generate({"--surge-hours", "1", "--surge-factor", "4", "--end", "2026-03-29T10:00:00Z"}, "5");
  const auto report = this->report(root, {"--pools", (testing::examples_dir() / "pools.yaml").string(), "--pool", "local-inference"});
  const std::string prewarm = report["recommended_actions"][0];
  EXPECT_EQ(prewarm.rfind("Pre-warm local inference — ", 0), 0u);
  EXPECT_NE(prewarm.find(" local-inference replica"), std::string::npos) << prewarm;
  EXPECT_NE(prewarm.find("running replicas assumed from the last hour's demand (give --current-replicas local-inference=N)"),
            std::string::npos)
      << prewarm;
  // The same advice as data.
  const auto& action = report["actions"][0];
  EXPECT_EQ(action["action"], "pre_warm");
  EXPECT_EQ(action["pool"], "local-inference");
  EXPECT_TRUE(action["caller"].is_null());
  EXPECT_EQ(prewarm, "Pre-warm local inference — " + action["reason"].get<std::string>());
  const int replicas = action["replicas"];
  if (replicas > 0) {
    EXPECT_TRUE(action["start_by"].is_string());
    EXPECT_NE(prewarm.find("start " + std::to_string(replicas) + " local-inference replica"), std::string::npos) << prewarm;
  } else {
    EXPECT_TRUE(action["start_by"].is_null());
  }

  // A count that is given is not assumed.
  const auto given = this->report(root, {"--pools", (testing::examples_dir() / "pools.yaml").string(), "--pool",
                                         "local-inference", "--current-replicas", "local-inference=1"});
  const std::string given_prewarm = given["recommended_actions"][0];
  EXPECT_EQ(given_prewarm.find("assumed"), std::string::npos) << given_prewarm;
}

// report's pre-warm advice forecasts a telemetry pool; a Prometheus pool is refused by name, not read as
// the telemetry measure "prometheus".
TEST(ReportE2E, APrometheusPoolIsRefusedByName) {
  testing::TempDir dir;
  const auto pools = dir.write("pools.yaml",
                               "pools:\n"
                               "  - name: web\n"
                               "    demand: {prometheus: {url: 'http://127.0.0.1:1', query: up}}\n"
                               "    capacity_per_replica: 60\n"
                               "    cost_per_replica_hour: 1\n");
  const std::string fleet = (testing::examples_dir() / "fleet").string();
  const auto result = run_fleetcast({"report", "--metrics", fleet + "/metrics", "--heartbeat", fleet + "/heartbeat", "--pools",
                                     pools.string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("pool 'web' reads its demand from Prometheus; report needs a telemetry pool"), std::string::npos)
      << result.err;
}

TEST_F(GeneratedFleet, AHealthFieldInNoTickIsWarnedAbout) {
  const std::string root = generate({});
  const auto result = run_fleetcast({"report", "--json", "--metrics", root + "/metrics", "--heartbeat", root + "/heartbeat",
                                     "--gitea-field", "gitea.ok"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("warning: no heartbeat tick has the Gitea field 'gitea.ok' (--gitea-field)"), std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("inference field"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace fleetcast

namespace fleetcast {
namespace {

// Several events share the second that holds T - H (and P - H): the exact re-read must split them.
TEST(ReportE2E, BoundarySecondsAreSplitExactlyInPlainAndGzipFiles) {
  const std::string lines =
      R"({"timestamp": "2026-03-29T10:00:00.400Z", "caller": "a"}
{"timestamp": "2026-03-29T10:00:00.600Z", "caller": "a"}
{"timestamp": "2026-03-29T11:00:00.200Z", "caller": "a"}
{"timestamp": "2026-03-29T11:00:00.500Z", "caller": "a"}
{"timestamp": "2026-03-29T11:00:00.700Z", "caller": "b"}
{"timestamp": "2026-03-29T12:00:00.500Z", "caller": "b"}
)";
  TempDir dir;
  dir.write("plain/m.jsonl", lines);
  const auto plain = run_json({"report", "--json", "--horizon", "1", "--metrics", (dir.path() / "plain").string()});
  EXPECT_EQ(plain["recent_request_rate"], 2.0);
  EXPECT_EQ(plain["baseline_request_rate"], 3.0);
  EXPECT_EQ(plain["window"]["baseline_end"], "2026-03-29T11:00:00.500Z");
  EXPECT_EQ(plain["window"]["baseline_start"], "2026-03-29T10:00:00.500Z");

  const auto gz = dir.path() / "gz";
  std::filesystem::create_directories(gz);
  ASSERT_EQ(std::system(("gzip -c " + (dir.path() / "plain/m.jsonl").string() + " > " + (gz / "m.jsonl.gz").string()).c_str()), 0);
  EXPECT_EQ(run_json({"report", "--json", "--horizon", "1", "--metrics", gz.string()}), plain);
}

}  // namespace
}  // namespace fleetcast
