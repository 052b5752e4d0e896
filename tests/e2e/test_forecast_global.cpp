// End-to-end: `forecast --by caller --global` on the example fleet's telemetry.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast::testing {
namespace {

std::string fleet_metrics() { return (examples_dir() / "fleet" / "metrics").string(); }

TEST(ForecastGlobal, EachCallerSaysWhetherTheGlobalModelOrItsOwnWon) {
  const auto run = run_fleetcast({"forecast", "--metrics", fleet_metrics(), "--series", "tokens", "--by", "caller",
                                  "--global", "--horizon", "6", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  std::vector<std::string> callers;
  for (const auto& [caller, forecast] : json.items()) {
    callers.push_back(caller);
    const auto& choice = forecast["global"];
    const std::string chosen = choice["chosen"];
    ASSERT_TRUE(chosen == "global" || chosen == "per-series") << caller << ": " << chosen;
    const double global_mase = choice["global_mase"];
    const double own_mase = choice["per_series_mase"];
    EXPECT_EQ(chosen == "global", global_mase < own_mase) << caller;
    EXPECT_EQ(forecast["model"], chosen == "global" ? "global" : choice["per_series_model"]) << caller;
    bool global_in_backtest = false;
    for (const auto& score : forecast["backtest"]["models"]) global_in_backtest |= score["model"] == "global";
    EXPECT_TRUE(global_in_backtest) << caller;
    ASSERT_EQ(forecast["forecast"].size(), 6u) << caller;
    for (const auto& step : forecast["forecast"]) {
      EXPECT_GE(step["lower"].get<double>(), 0.0) << caller;
      EXPECT_LE(step["lower"].get<double>(), step["mean"].get<double>()) << caller;
      EXPECT_GE(step["upper"].get<double>(), step["mean"].get<double>()) << caller;
    }
  }
  EXPECT_EQ(callers, (std::vector<std::string>{"batch-indexer", "chat-frontend", "code-review-agent", "docs-summarizer",
                                               "triage-bot"}));
}

TEST(ForecastGlobal, PrintsTheChoiceTableInMarkdown) {
  const auto run = run_fleetcast({"forecast", "--metrics", fleet_metrics(), "--by", "caller", "--global", "--horizon", "3"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("## Global or per-series model"), std::string::npos);
  EXPECT_NE(run.out.find(" | chosen | global MASE | own model | own MASE |"), std::string::npos);
  EXPECT_NE(run.out.find("| triage-bot "), std::string::npos);
  EXPECT_NE(run.out.find("## Forecast: triage-bot"), std::string::npos);
}

TEST(ForecastGlobal, NeedsSeveralSeries) {
  const auto run = run_fleetcast({"forecast", "--metrics", fleet_metrics(), "--global"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--global fits one model across several series: give it with --metrics ... --by caller"),
            std::string::npos)
      << run.err;
  const auto help = run_fleetcast({"forecast", "--help"});
  EXPECT_NE(help.out.find("--global"), std::string::npos);
  EXPECT_NE(help.out.find("--by caller --global"), std::string::npos);
}

}  // namespace
}  // namespace fleetcast::testing
