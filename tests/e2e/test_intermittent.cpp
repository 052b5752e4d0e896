// End-to-end: a caller's hourly counts that are mostly zeros are forecast as a demand rate by an
// intermittent-demand model that `auto` chose.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast::testing {
namespace {

// 500 hourly counts, a demand in 30% of the hours of size 1 plus an exponential draw of mean 4 rounded down,
// from Python's random.Random(8): `v = 1 + int(r.expovariate(1 / 4)) if r.random() < 0.3 else 0`.
std::string caller_csv() { return (test_data_dir() / "intermittent" / "caller_hourly.csv").string(); }

TEST(IntermittentDemand, AutoChoosesAnIntermittentDemandModel) {
  const auto run = run_fleetcast({"forecast", "--csv", caller_csv(), "--horizon", "6h", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["model"], "croston") << json["selection"];
  std::set<std::string> scored;  // the rate models, and gbt under the default --budget
  for (const auto& score : json["backtest"]["models"]) scored.insert(score["model"].get<std::string>());
  EXPECT_EQ(scored, (std::set<std::string>{"croston", "tsb", "adida", "gbt", "ensemble"}));
  ASSERT_EQ(json["forecast"].size(), 6u);
  const double rate = json["forecast"][0]["mean"].get<double>();
  EXPECT_GT(rate, 0.5);  // a rate per hour (30% of hours hold about 4.5 requests), not the zero a median gives
  EXPECT_LT(rate, 3.0);
  for (const auto& step : json["forecast"]) {
    EXPECT_DOUBLE_EQ(step["mean"].get<double>(), rate);
    EXPECT_GE(step["lower"].get<double>(), 0.0);
    EXPECT_GT(step["upper"].get<double>(), rate);
  }
}

TEST(IntermittentDemand, EachModelForecastsByName) {
  for (const char* model : {"croston", "tsb", "adida"}) {
    const auto run = run_fleetcast({"forecast", "--csv", caller_csv(), "--horizon", "3h", "--model", model, "--json"});
    ASSERT_EQ(run.exit_code, 0) << model << ": " << run.err;
    const auto json = nlohmann::json::parse(run.out);
    EXPECT_EQ(json["model"], model);
    EXPECT_EQ(json["forecast"].size(), 3u);
  }
}

// Asked for by name on a series with a negative value (a net change, say, instead of counts), the rate
// models refuse it (exit 2) instead of forecasting a negative "demand".
TEST(IntermittentDemand, ANegativeValueIsRefusedByName) {
  TempDir dir;
  std::string csv = "timestamp,value\n";
  for (int hour = 0; hour < 200; ++hour) csv += std::to_string(1700000000 + 3600 * hour) + "," + (hour % 7 == 0 ? "-3" : "0") + "\n";
  const auto path = dir.write("net_change.csv", csv).string();
  for (const char* model : {"croston", "tsb", "adida"}) {
    const auto run = run_fleetcast({"forecast", "--csv", path, "--model", model});
    EXPECT_EQ(run.exit_code, 2) << model << ": " << run.out;
    EXPECT_NE(run.err.find(std::string(model) + " forecasts demand, which is never negative, but the series holds -3"),
              std::string::npos)
        << run.err;
  }
}

}  // namespace
}  // namespace fleetcast::testing
