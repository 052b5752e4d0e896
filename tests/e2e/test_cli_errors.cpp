// End-to-end: hostile flag values, CLI11's own errors, unwritable standard output and invalid UTF-8 all
// end in one line "fleetcast: error: ..." and the right exit code, never a crash or a wrong exit 0.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using testing::run_fleetcast;
using testing::TempDir;

std::string csv_path() { return (testing::test_data_dir() / "nab/Twitter_volume_AMZN_tail.csv").string(); }
std::string pools_path() { return (testing::examples_dir() / "pools.yaml").string(); }

struct HostileFlag {
  std::vector<std::string> args;
  std::string expected;  // a part of the one-line error
};

std::ostream& operator<<(std::ostream& out, const HostileFlag& flag) {
  for (const auto& arg : flag.args) out << arg << ' ';
  return out;
}

class HostileFlags : public ::testing::TestWithParam<HostileFlag> {};

// Regression: "--horizon 1e12" overflowed (llround, then signed overflow in the window code).
TEST_P(HostileFlags, ExitTwoNamingTheFlagAndItsBounds) {
  TempDir dir;
  std::vector<std::string> args = GetParam().args;
  for (auto& arg : args) {
    if (arg == "CSV") arg = csv_path();
    if (arg == "POOLS") arg = pools_path();
    if (arg == "DIR") arg = (dir.path() / "fleet").string();
  }
  const auto result = run_fleetcast(args);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err.rfind("fleetcast: error: ", 0), 0u) << result.err;
  EXPECT_NE(result.err.find(GetParam().expected), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "fleet" / "metrics"));
}

const std::string kHorizonBounds = "--horizon: must be a duration between 1m and 365d";
const std::string kReportHorizonBounds = "--horizon: must be a duration between 5m and 365d";

INSTANTIATE_TEST_SUITE_P(
    EveryCommand, HostileFlags,
    ::testing::Values(
        HostileFlag{{"report", "--horizon", "1e12"}, kReportHorizonBounds + " (such as 90m, 6h or 2d; a bare number is hours), got '1e12'"},
        HostileFlag{{"report", "--horizon", "-3"}, kReportHorizonBounds},
        HostileFlag{{"report", "--horizon", "0"}, kReportHorizonBounds},
        HostileFlag{{"report", "--horizon", "nan"}, kReportHorizonBounds},
        HostileFlag{{"report", "--horizon", "366d"}, kReportHorizonBounds},
        HostileFlag{{"report", "--horizon", "30s"}, kReportHorizonBounds},
        HostileFlag{{"report", "--heavy-share", "2"}, "--heavy-share: must be a number between 0 and 1, got '2'"},
        HostileFlag{{"report", "--heavy-ratio", "0"}, "--heavy-ratio: must be a number between 0.01 and 1000, got '0'"},
        HostileFlag{{"report", "--fail-min-requests", "-1"}, "--fail-min-requests: must be a whole number between 0 and 1000000000"},
        HostileFlag{{"report", "--fail-rate", "inf"}, "--fail-rate: must be a number between 0 and 1, got 'inf'"},
        HostileFlag{{"report", "--seed", "-1"}, "--seed: must be a whole number between 0 and 18446744073709551615, got '-1'"},
        HostileFlag{{"report", "--seed", "18446744073709551616"}, "--seed: must be a whole number"},
        // Output files in a missing folder, or that name a folder: refused before the work, not after it.
        HostileFlag{{"patterns", "--csv", "CSV", "--svg", "/nonexistent/folder/p.svg"},
                    "--svg: the folder /nonexistent/folder does not exist (for /nonexistent/folder/p.svg)"},
        HostileFlag{{"anomalies", "--csv", "CSV", "--scores", "/"}, "--scores: / is a folder, not a file"},
        HostileFlag{{"patterns", "--csv", "CSV", "--timezone", "Europe/Berln"}, "--timezone: unknown time zone 'Europe/Berln'"},
        // A --series left in from a telemetry command would be ignored on a CSV, and the answer read as tokens.
        HostileFlag{{"anomalies", "--csv", "CSV", "--series", "tokens"}, "--series tokens works only with --metrics or --usage"},
        HostileFlag{{"forecast", "--csv", "CSV", "--series", "memory"}, "--series memory works only with --metrics or --usage"},
        HostileFlag{{"anomalies", "--usage", "DIR", "--series", "failure_rate"}, "--series failure_rate works only with --metrics"},
        HostileFlag{{"forecast", "--csv", "CSV", "--csv-out", "/nonexistent/f.csv"}, "--csv-out: the folder /nonexistent does not exist"},
        HostileFlag{{"simulate", "--csv", "CSV", "--pools", "POOLS", "--timeline", "/nonexistent/t.csv"},
                    "--timeline: the folder /nonexistent does not exist"},
        HostileFlag{{"tune", "--csv", "CSV", "--pools", "POOLS", "--out", "/nonexistent/pools.yaml"},
                    "--out: the folder /nonexistent does not exist"},
        HostileFlag{{"forecast", "--csv", "CSV", "--horizon", "1e12"}, kHorizonBounds},
        HostileFlag{{"forecast", "--csv", "CSV", "--level", "1.5"}, "--level: must be a number between 0.5 and 0.999, got '1.5'"},
        HostileFlag{{"forecast", "--csv", "CSV", "--level", "0"}, "--level: must be a number between 0.5 and 0.999"},
        HostileFlag{{"forecast", "--csv", "CSV", "--folds", "0"}, "--folds: must be a whole number between 1 and 100, got '0'"},
        HostileFlag{{"forecast", "--csv", "CSV", "--folds", "1e12"}, "--folds: must be a whole number between 1 and 100"},
        HostileFlag{{"forecast", "--csv", "CSV", "--season", "1"}, "--season: must be a whole number between 2 and 100000"},
        HostileFlag{{"forecast", "--csv", "CSV", "--season", "-24"}, "--season: must be a whole number between 2 and 100000"},
        HostileFlag{{"forecast", "--csv", "CSV", "--step", "0"}, "--step: must be a duration between 1s and 365d"},
        HostileFlag{{"forecast", "--csv", "CSV", "--step", "1e300"}, "--step: must be a duration between 1s and 365d"},
        HostileFlag{{"forecast", "--csv", "CSV", "--seed", "0x10"}, "--seed: must be a whole number"},
        HostileFlag{{"backtest", "--csv", "CSV", "--horizon", "1e12"}, kHorizonBounds},
        HostileFlag{{"backtest", "--csv", "CSV", "--folds", "-1"}, "--folds: must be a whole number between 1 and 100"},
        HostileFlag{{"backtest", "--csv", "CSV", "--level", "nan"}, "--level: must be a number between 0.5 and 0.999"},
        HostileFlag{{"plan", "--csv", "CSV", "--pools", "POOLS", "--horizon", "1e12"}, kHorizonBounds},
        HostileFlag{{"plan", "--csv", "CSV", "--pools", "POOLS", "--level", "0.2"}, "--level: must be a number between 0.5 and 0.999"},
        HostileFlag{{"plan", "--csv", "CSV", "--pools", "POOLS", "--step", "1e12"}, "--step: must be a duration between 1s and 365d"},
        HostileFlag{{"allocate", "--csv", "CSV", "--pools", "POOLS", "--budget", "-1"}, "--budget: must be a whole number between 0 and 100000"},
        HostileFlag{{"allocate", "--csv", "CSV", "--pools", "POOLS", "--budget", "1e9"}, "--budget: must be a whole number between 0 and 100000"},
        HostileFlag{{"simulate", "--csv", "CSV", "--pools", "POOLS", "--step", "1e12"}, "--step: must be a duration between 1s and 365d"},
        HostileFlag{{"tune", "--csv", "CSV", "--pools", "POOLS", "--population", "3"}, "--population: must be a whole number between 4 and 10000"},
        HostileFlag{{"tune", "--csv", "CSV", "--pools", "POOLS", "--generations", "1e12"}, "--generations: must be a whole number between 0 and 10000"},
        HostileFlag{{"tune", "--csv", "CSV", "--pools", "POOLS", "--seed", "-1"}, "--seed: must be a whole number"},
        HostileFlag{{"generate", "--out", "DIR", "--days", "1e12"}, "--days: must be a number between 0.01 and 3650, got '1e12'"},
        HostileFlag{{"generate", "--out", "DIR", "--rate", "-1"}, "--rate: must be a number between 0.01 and 1e+06"},
        HostileFlag{{"generate", "--out", "DIR", "--tick-minutes", "0"}, "--tick-minutes: must be a number between 0.1 and 1440"},
        HostileFlag{{"generate", "--out", "DIR", "--surge-factor", "inf"}, "--surge-factor: must be a number between 0.01 and 1000"},
        HostileFlag{{"generate", "--out", "DIR", "--surge-hours", "1e300"}, "--surge-hours: must be a number between 0 and 87600"},
        HostileFlag{{"generate", "--out", "DIR", "--malformed-every", "-1"}, "--malformed-every: must be a whole number between 0 and 1000000000"},
        HostileFlag{{"generate", "--out", "DIR", "--gap", "1e12:1h"}, "--gap AGO: must be a duration between 1s and 3650d"},
        HostileFlag{{"generate", "--out", "DIR", "--gitea-outage", "2h:-5m"}, "--gitea-outage DURATION: must be a duration between 1s and 3650d"},
        HostileFlag{{"generate", "--out", "DIR", "--failing-caller", "a\"b:0.5"}, "--failing-caller: expected NAME[:RATE][@AGO:DURATION] with a NAME of"},
        HostileFlag{{"generate", "--out", "DIR", "--failing-caller", "agent:0.5x"}, "--failing-caller: expected NAME[:RATE]"},
        HostileFlag{{"generate", "--out", "DIR", "--failing-caller", "agent:1e-400"}, "--failing-caller: expected NAME[:RATE]"},
        HostileFlag{{"generate", "--out", "DIR", "--end", "1970-01-05T00:00:00Z"}, "--end: 14 days before 1970-01-05T00:00:00Z is before 1970-01-01"}));

// The horizon's steps are known once the series is read (its step may be the CSV's own spacing).
TEST(CliErrors, HorizonOfTooManyStepsIsRefused) {
  const auto result = run_fleetcast({"forecast", "--csv", csv_path(), "--horizon", "365d", "--step", "1s"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("fleetcast: error: --horizon: 365d is 31536000 steps of 1s; at most 100000 steps (give a longer --step)\n"),
            std::string::npos)
      << result.err;
}

TEST(CliErrors, UnknownCommandSuggestsTheNearest) {
  auto result = run_fleetcast({"reprot", "--json"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "fleetcast: error: unknown command 'reprot'; did you mean 'report'?\n");
  result = run_fleetcast({"forcast"});
  EXPECT_EQ(result.err, "fleetcast: error: unknown command 'forcast'; did you mean 'forecast'?\n");
  result = run_fleetcast({"frobnicate"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err.rfind("fleetcast: error: unknown command 'frobnicate'; the commands are report, generate, ", 0), 0u) << result.err;
}

TEST(CliErrors, ParseErrorsReadLikeEveryOtherError) {
  auto result = run_fleetcast({"report", "--horizn", "3"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err.rfind("fleetcast: error: the following argument", 0), 0u) << result.err;
  EXPECT_NE(result.err.find("did you mean --horizon instead of --horizn?"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("(run 'fleetcast report --help' for its flags)\n"), std::string::npos) << result.err;

  result = run_fleetcast({"forecast", "--csv"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err.rfind("fleetcast: error: --csv: ", 0), 0u) << result.err;

  result = run_fleetcast({"plan", "--csv", csv_path()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "fleetcast: error: --pools is required (run 'fleetcast plan --help' for its flags)\n");

  result = run_fleetcast({});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "fleetcast: error: a subcommand is required (run 'fleetcast --help' for the commands)\n");

  result = run_fleetcast({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(result.err.empty()) << result.err;
}

// A write that fails at run time (a folder that exists but takes no files, even for root): a missing
// folder is refused while the flags are read instead (HostileFlags above).
TEST(CliErrors, RuntimeFailuresUseTheSameStyle) {
  const auto result = run_fleetcast({"forecast", "--csv", csv_path(), "--model", "snaive", "--csv-out", "/proc/out.csv"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("fleetcast: error: cannot create a temporary file in "), std::string::npos) << result.err;
}

struct ShellResult {
  int exit_code = -1;
  std::string err;
};

std::string shell_quoted(const std::string& text) {
  std::string quoted(1, '\'');
  quoted.append(text).push_back('\'');
  return quoted;
}

// Runs fleetcast with its standard output on `stdout_path` (such as /dev/full), which run_fleetcast
// cannot do.
ShellResult run_with_stdout(const std::vector<std::string>& args, const std::string& stdout_path) {
  TempDir scratch;
  std::string command = shell_quoted(testing::fleetcast_binary().string());
  for (const auto& arg : args) command.append(" ").append(shell_quoted(arg));
  const auto err_path = scratch.path() / "stderr";
  command.append(" >").append(shell_quoted(stdout_path)).append(" 2>").append(shell_quoted(err_path.string()));
  const int status = std::system(command.c_str());
  std::ifstream in(err_path);
  std::ostringstream err;
  err << in.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, err.str()};
}

// Regression: `report > /dev/full` exited 0 with nothing written.
TEST(CliErrors, UnwritableStandardOutputIsAFailure) {
  const std::string fleet = (testing::examples_dir() / "fleet").string();
  const std::vector<std::vector<std::string>> commands = {
      {"report", "--metrics", fleet + "/metrics", "--heartbeat", fleet + "/heartbeat"},
      {"report", "--json", "--metrics", fleet + "/metrics"},
      {"forecast", "--csv", csv_path(), "--model", "snaive"},
      {"forecast", "--csv", csv_path(), "--model", "snaive", "--json", "--horizon", "2d"},  // larger than a stdio buffer
      {"backtest", "--csv", csv_path(), "--models", "snaive", "--json"},
      {"plan", "--csv", csv_path(), "--pools", pools_path(), "--pool", "local-inference", "--model", "snaive"},
      {"plan", "--csv", csv_path(), "--pools", pools_path(), "--pool", "local-inference", "--model", "snaive", "--json"},
  };
  for (const auto& args : commands) {
    const auto result = run_with_stdout(args, "/dev/full");
    EXPECT_EQ(result.exit_code, 1) << args[0] << ": " << result.err;
    EXPECT_NE(result.err.find("fleetcast: error: writing standard output: No space left on device\n"), std::string::npos)
        << args[0] << ": " << result.err;
  }
  TempDir dir;
  const auto ok = run_with_stdout(commands[2], (dir.path() / "out.md").string());
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

// Regression: a pools file with invalid UTF-8 in a pool name ended in "fleetcast: failed:
// [json.exception.type_error.316]" (exit 1).
TEST(CliErrors, InvalidUtf8InThePoolsFileIsBadInput) {
  TempDir dir;
  const auto pools = dir.write("pools.yaml",
                               "pools:\n  - name: local-inf\xe9rence\n    capacity_per_replica: 40\n    cost_per_replica_hour: 1\n");
  const auto result = run_fleetcast({"plan", "--csv", csv_path(), "--pools", pools.string(), "--model", "snaive", "--json"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "fleetcast: error: " + pools.string() + ":2: not valid UTF-8 text\n");
}

// A caller name with invalid UTF-8 makes its line malformed: skipped and counted, the rest reported.
TEST(CliErrors, InvalidUtf8InATelemetryLineIsSkippedAndCounted) {
  TempDir dir;
  const auto metrics = dir.write("metrics/m.jsonl",
                                 "{\"timestamp\": \"2026-03-29T10:00:00Z\", \"caller\": \"a\"}\n"
                                 "{\"timestamp\": \"2026-03-29T10:30:00Z\", \"caller\": \"caf\xe9\"}\n"
                                 "{\"timestamp\": \"2026-03-29T11:00:00Z\", \"caller\": \"b\"}\n");
  const auto result = run_fleetcast({"report", "--json", "--horizon", "1", "--metrics", metrics.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\"skipped_lines\": 1"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("m.jsonl:2: invalid UTF-8"), std::string::npos) << result.err;
}

TEST(CliErrors, GenerateRefusesAFolderThatHoldsTelemetry) {
  TempDir dir;
  const auto base = std::vector<std::string>{"generate", "--out", dir.path().string(), "--days", "0.5", "--seed", "3"};
  ASSERT_EQ(run_fleetcast(base).exit_code, 0);
  auto result = run_fleetcast(base);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err.rfind("fleetcast: error: --out " + dir.path().string() + ": already holds telemetry (", 0), 0u) << result.err;
  EXPECT_NE(result.err.find("give --force to replace it\n"), std::string::npos) << result.err;

  auto forced = base;
  forced.push_back("--force");
  forced.insert(forced.end(), {"--end", "2026-01-10T12:00:00Z"});
  result = run_fleetcast(forced);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) files += entry.is_regular_file();
  EXPECT_EQ(files, 2u);  // only the new day's metrics and heartbeats, not the old ones beside them
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "metrics/local_20260110.jsonl"));
}

}  // namespace
}  // namespace fleetcast
