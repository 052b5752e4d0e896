// End-to-end: `fleetcast collect` on a real busy child process, its numbers checked against the child's
// own /proc files, and `forecast --usage` on a usage log.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast::testing {
namespace {

// A child that spins for about a second, touches 32 MiB, then sleeps until killed (or, for `exit_after`,
// exits): its CPU time and memory stay still once the collector is done.
pid_t start_child(double busy_seconds, double exit_after_seconds) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  std::vector<char> memory(32 << 20);
  for (std::size_t i = 0; i < memory.size(); i += 4096) memory[i] = 1;
  const auto start = std::chrono::steady_clock::now();
  volatile double sink = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < busy_seconds) sink = sink + 1;
  ::usleep(static_cast<useconds_t>(exit_after_seconds * 1e6));
  ::_exit(memory[4096] == 1 ? 0 : 1);
}

void stop_child(pid_t pid) {
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<nlohmann::json> log_lines(const std::filesystem::path& dir) {
  std::vector<nlohmann::json> lines;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::istringstream text(read_text(entry.path()));
    for (std::string line; std::getline(text, line);) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

TEST(CollectCommand, AgreesWithTheProcessesOwnProcFiles) {
  TempDir dir;
  const pid_t child = start_child(1.0, 30);
  const auto run = run_fleetcast({"collect", "--out", (dir.path() / "usage").string(), "--pid", std::to_string(child),
                                  "--interval", "0.2s", "--duration", "2s"});
  // Read directly, once the collector is done and the child has long stopped spinning.
  const std::string stat = read_text("/proc/" + std::to_string(child) + "/stat");
  const std::string status = read_text("/proc/" + std::to_string(child) + "/status");
  stop_child(child);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("rounds to"), std::string::npos) << run.err;

  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::vector<std::string> after_comm{std::istream_iterator<std::string>(fields), std::istream_iterator<std::string>()};
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double cpu_seconds = (std::stod(after_comm[11]) + std::stod(after_comm[12])) / ticks;  // utime, stime
  const std::size_t rss_at = status.find("VmRSS:");
  ASSERT_NE(rss_at, std::string::npos);
  const double rss_bytes = std::stod(status.substr(rss_at + 6)) * 1024;

  const auto lines = log_lines(dir.path() / "usage");
  ASSERT_GE(lines.size(), 8u);  // about 10 rounds of 0.2 s in 2 s
  const nlohmann::json& last = lines.back();
  EXPECT_EQ(last["target"], "pid:" + std::to_string(child));
  EXPECT_NEAR(last["cpu_seconds"].get<double>(), cpu_seconds, 1 / ticks);
  // It spun for a second of wall time; on a loaded machine that can be much less CPU time.
  EXPECT_GT(last["cpu_seconds"].get<double>(), 0.05);
  EXPECT_NEAR(last["memory_bytes"].get<double>(), rss_bytes, 4096);
  EXPECT_GT(last["memory_bytes"].get<double>(), 32 << 20);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_GE(lines[i]["cpu_seconds"].get<double>(), lines[i - 1]["cpu_seconds"].get<double>());
  }
}

TEST(CollectCommand, ReportsAnExitedProcessOnceAndStops) {
  TempDir dir;
  const pid_t child = start_child(0, 0.3);
  const auto run = run_fleetcast({"collect", "--out", dir.path().string(), "--pid", std::to_string(child), "--interval",
                                  "0.1s", "--duration", "3s"});
  stop_child(child);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string exited = "pid " + std::to_string(child) + " has exited; no longer sampled";
  ASSERT_NE(run.err.find(exited), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find(exited, run.err.find(exited) + 1), std::string::npos);
  EXPECT_NE(run.err.find("every target has gone"), std::string::npos) << run.err;
}

TEST(CollectCommand, StopsCleanlyOnSigterm) {
  TempDir dir;
  const auto err_path = dir.path() / "stderr.txt";
  const std::string pid_text = std::to_string(::getpid());
  const pid_t collector = ::fork();
  if (collector == 0) {
    std::freopen(err_path.c_str(), "w", stderr);
    const std::string binary = fleetcast_binary().string(), out = (dir.path() / "usage").string();
    ::execl(binary.c_str(), binary.c_str(), "collect", "--out", out.c_str(), "--pid", pid_text.c_str(), "--interval", "0.05s",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Until the first round is on disk, then a little longer.
  for (int wait = 0; wait < 200 && !std::filesystem::exists(dir.path() / "usage"); ++wait) ::usleep(50'000);
  ::usleep(300'000);
  ::kill(collector, SIGTERM);
  int status = 0;
  ::waitpid(collector, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  EXPECT_EQ(WEXITSTATUS(status), 0);
  const std::string err = read_text(err_path);
  EXPECT_NE(err.find("(stopped by a signal)"), std::string::npos) << err;
  const auto lines = log_lines(dir.path() / "usage");  // every line parses: none was cut short
  EXPECT_GE(lines.size(), 1u);
}

TEST(CollectCommand, RefusesAProcessThatDoesNotExist) {
  TempDir dir;
  const auto run = run_fleetcast({"collect", "--out", dir.path().string(), "--pid", "999999999", "--duration", "1s"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--pid 999999999: no such process"), std::string::npos) << run.err;
}

TEST(UsageForecastCommand, ForecastsCpuFromAUsageLog) {
  TempDir dir;
  // Three hours of a process at a steady half core, sampled every minute.
  std::string log;
  const long start = 1796590800;  // 2026-12-06T21:00:00Z
  for (int minute = 0; minute <= 180; ++minute) {
    const nlohmann::json line = {{"time", start + 60L * minute}, {"target", "pid:7"}, {"name", "worker"},
                                 {"cpu_seconds", 30.0 * minute}, {"memory_bytes", 1 << 20}};
    log += line.dump() + "\n";
  }
  dir.write("usage/usage_20261206.jsonl", log);
  const auto run = run_fleetcast({"forecast", "--usage", (dir.path() / "usage").string(), "--series", "cpu", "--step", "5m",
                                  "--horizon", "30m", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json["forecast"].size(), 6u);
  EXPECT_NEAR(json["forecast"][0]["mean"].get<double>(), 0.5, 0.01);

  const auto wrong = run_fleetcast({"forecast", "--usage", (dir.path() / "usage").string(), "--series", "tokens"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("with --usage, give one of cpu"), std::string::npos) << wrong.err;
}

}  // namespace
}  // namespace fleetcast::testing
