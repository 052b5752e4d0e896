#include "sources/usage/usage_collection.h"

#include <gtest/gtest.h>

#include <string>

#include "sources/usage/usage_log.h"
#include "support/test_paths.h"

namespace fleetcast::sources {
namespace {

TEST(RunCollection, WritesEachRoundUntilTheDurationAndStopsWhenTheTargetsHaveGone) {
  testing::TempDir root;
  root.write("cg/app/cpu.stat", "usage_usec 2000000\n");
  root.write("cg/app/memory.current", "4096\n");
  UsageSources sources;
  sources.proc_root = root.path() / "proc";
  sources.cgroups.unified = root.path() / "cg";
  UsageSampler sampler(sources, {{}, {"/app"}, false});
  std::vector<std::string> warnings;
  const CollectionSummary summary =
      run_collection(sampler, {root.path() / "usage", 0.05, 0.2}, collect_warnings(warnings));
  EXPECT_FALSE(summary.stopped_by_signal);
  EXPECT_FALSE(summary.targets_gone);
  EXPECT_GE(summary.rounds, 1u);
  EXPECT_LE(summary.rounds, 5u);  // at 0, 0.05, ..., 0.2 s; a late round skips the ones it missed
  EXPECT_EQ(summary.samples, summary.rounds);
  EXPECT_GE(summary.elapsed_seconds, 0.2);
  EXPECT_TRUE(warnings.empty());
  const UsageLogReadResult log = read_usage_dir(root.path() / "usage", std::nullopt, std::nullopt);
  EXPECT_EQ(log.samples.size(), summary.rounds);
  EXPECT_EQ(log.skipped, 0u);
  EXPECT_EQ(log.samples.front().target, "/app");
  EXPECT_EQ(log.samples.front().cpu_seconds, 2.0);

  std::filesystem::remove_all(root.path() / "cg" / "app");
  const CollectionSummary gone = run_collection(sampler, {root.path() / "usage", 0.05, 10}, collect_warnings(warnings));
  EXPECT_TRUE(gone.targets_gone);
  EXPECT_EQ(gone.rounds, 1u);
  EXPECT_EQ(warnings, (std::vector<std::string>{"cgroup /app is gone; no longer sampled"}));
}

}  // namespace
}  // namespace fleetcast::sources
