// End-to-end: the real `fleetcast profile` on the planted-truth program (tests/programs/profile_target.cpp):
// its hot function on top in --json, the folded and SVG files written, the forced /proc fallback saying
// so, and the errors' exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/perf_events.h"
#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using nlohmann::json;
using testing::perf_events_allowed;
using testing::run_fleetcast;
using testing::TempDir;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Profile, HotFunctionOnTopWithFoldedAndSvgFiles) {
  if (!perf_events_allowed()) GTEST_SKIP() << "perf_event_open is refused here (perf_event_paranoid, seccomp)";
  TempDir dir;
  const auto svg = dir.path() / "flame.svg";
  const auto folded = dir.path() / "stacks.txt";
  const auto result = run_fleetcast({"profile", "--json", "--frequency", "199", "--svg", svg.string(), "--folded",
                                     folded.string(), "--", FLEETCAST_PROFILE_TARGET, "hot", "1.5"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["sampler"], "perf_event");
  EXPECT_EQ(out["command_exit_code"], 0);
  EXPECT_GT(out["command_cpu_seconds"].get<double>(), 0.0);
  EXPECT_EQ(out["process"], "profile_target");
  EXPECT_EQ(out["functions"][0]["name"], "(anonymous namespace)::burn_cpu_hot_loop()");
  EXPECT_EQ(out["memory"]["verdict"], "no leak");
  EXPECT_NE(read_file(folded).find(";main;(anonymous namespace)::hot(double);(anonymous namespace)::burn_cpu_hot_loop() "),
            std::string::npos);
  const std::string svg_text = read_file(svg);
  EXPECT_NE(svg_text.find("burn_cpu_hot_loop"), std::string::npos);
  EXPECT_NE(svg_text.find("</svg>"), std::string::npos);
}

TEST(Profile, ForcedProcSamplerSaysSoInJson) {
  const auto result = run_fleetcast({"profile", "--json", "--sampler", "proc", "--frequency", "20", "--",
                                     FLEETCAST_PROFILE_TARGET, "threads", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["sampler"], "proc");
  bool spinner = false;
  for (const auto& thread : out["threads"]) spinner = spinner || thread["name"] == "spinner";
  EXPECT_TRUE(spinner) << result.out;
}

TEST(Profile, TheCommandsFailureIsNotFleetcasts) {
  const auto result = run_fleetcast({"profile", "--sampler", "proc", "--", FLEETCAST_PROFILE_TARGET, "unknown-mode"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("The command exited with code 2 after 0.00 s of CPU."), std::string::npos) << result.out;
}

TEST(Profile, Errors) {
  const auto missing = run_fleetcast({"profile", "--", "/nonexistent/program"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot run '/nonexistent/program': No such file or directory"), std::string::npos) << missing.err;
  const auto neither = run_fleetcast({"profile"});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_NE(neither.err.find("give either --pid or a command after --"), std::string::npos) << neither.err;
  const auto both = run_fleetcast({"profile", "--pid", "1", "--", "true"});
  EXPECT_EQ(both.exit_code, 2);
  const auto no_folder = run_fleetcast({"profile", "--svg", "/nonexistent/folder/flame.svg", "--", "true"});
  EXPECT_EQ(no_folder.exit_code, 2);
  EXPECT_NE(no_folder.err.find("--svg: the folder /nonexistent/folder does not exist (for /nonexistent/folder/flame.svg)"),
            std::string::npos) << no_folder.err;
  const auto bad_sampler = run_fleetcast({"profile", "--sampler", "dtrace", "--", "true"});
  EXPECT_EQ(bad_sampler.exit_code, 2);
}

}  // namespace
}  // namespace fleetcast
