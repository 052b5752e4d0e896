#include "sources/synthetic_fleet.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/errors.h"
#include "support/test_paths.h"

namespace fleetcast::sources {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

FleetSpec small_spec(const std::filesystem::path& out) {
  FleetSpec spec;
  spec.out = out;
  spec.days = 2;
  spec.seed = 5;
  spec.end = *parse_iso8601("2026-03-29T18:00:00Z");
  return spec;
}

TEST(SyntheticFleet, SameSeedSameBytes) {
  fleetcast::testing::TempDir a, b;
  const auto first = generate_fleet(small_spec(a.path()));
  generate_fleet(small_spec(b.path()));
  ASSERT_EQ(first.files.size(), 6u);  // 3 UTC days of metrics and of heartbeats
  for (const auto& file : first.files) {
    const auto relative = std::filesystem::relative(file, a.path());
    EXPECT_EQ(read_all(file), read_all(b.path() / relative)) << relative;
  }
  EXPECT_EQ(first.heartbeat_ticks, 2u * 144u);
}

TEST(SyntheticFleet, DailyFilesNamedByDate) {
  fleetcast::testing::TempDir dir;
  generate_fleet(small_spec(dir.path()));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "metrics/local_20260327.jsonl"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "metrics/local_20260329.jsonl"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "heartbeat/ticks_20260328.jsonl"));
}

TEST(SyntheticFleet, MalformedEveryNthLine) {
  fleetcast::testing::TempDir dir;
  auto spec = small_spec(dir.path());
  spec.malformed_every = 10;
  const auto summary = generate_fleet(spec);
  EXPECT_EQ(summary.malformed_lines, summary.metric_lines / 10);
}

TEST(SyntheticFleet, GapHasNoEvents) {
  fleetcast::testing::TempDir dir;
  auto spec = small_spec(dir.path());
  spec.days = 1;
  spec.gaps.push_back({18 * 3600.0, 12 * 3600.0});  // 2026-03-29T00:00Z to 12:00Z
  generate_fleet(spec);
  const std::string text = read_all(dir.path() / "metrics/local_20260329.jsonl");
  EXPECT_EQ(text.find("\"2026-03-29T05:"), std::string::npos);
  EXPECT_NE(text.find("\"2026-03-29T13:"), std::string::npos);
}

// Regression: generating into a folder that already held telemetry mixed the old files with the new.
TEST(SyntheticFleet, RefusesExistingTelemetryUnlessAskedToReplaceIt) {
  fleetcast::testing::TempDir dir;
  const auto old_file = dir.write("metrics/local_20200101.jsonl", "{}\n");
  const auto unrelated = dir.write("metrics/notes.txt", "kept");
  auto spec = small_spec(dir.path());
  try {
    generate_fleet(spec);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("already holds telemetry (1 files, such as " + old_file.string() + "); give --force"),
              std::string::npos)
        << error.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "metrics/local_20260329.jsonl"));

  spec.replace_existing = true;
  const auto summary = generate_fleet(spec);
  EXPECT_FALSE(std::filesystem::exists(old_file));
  EXPECT_TRUE(std::filesystem::exists(unrelated));
  EXPECT_EQ(summary.files.size(), 6u);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A failure episode fails the caller's requests inside it only, and draws exactly as before, so every
// other line (other callers, and the caller outside the episode) stays byte-identical.
TEST(SyntheticFleet, FailureEpisodeChangesOnlyThatCallerInsideIt) {
  fleetcast::testing::TempDir plain_dir, episode_dir;
  generate_fleet(small_spec(plain_dir.path()));
  auto spec = small_spec(episode_dir.path());
  spec.failing_callers.push_back({"chat-frontend", 1.0, RelativeWindow{10 * 3600.0, 2 * 3600.0}});  // 08:00Z to 10:00Z
  generate_fleet(spec);
  const auto plain = lines_of(read_all(plain_dir.path() / "metrics/local_20260329.jsonl"));
  const auto episode = lines_of(read_all(episode_dir.path() / "metrics/local_20260329.jsonl"));
  ASSERT_EQ(plain.size(), episode.size());
  std::size_t failed_in_episode = 0;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    const std::string time = plain[i].substr(plain[i].find("\"2026-03-29T") + 12, 2);
    const bool in_episode = (time == "08" || time == "09") && plain[i].find("\"chat-frontend\"") != std::string::npos;
    if (!in_episode) {
      EXPECT_EQ(plain[i], episode[i]) << i;
      continue;
    }
    EXPECT_NE(episode[i].find("\"completion_tokens\": 0, \"success\": false"), std::string::npos) << episode[i];
    ++failed_in_episode;
  }
  EXPECT_GT(failed_in_episode, 20u);
}

TEST(SyntheticFleet, RefusesAnOutputPathThatIsAFile) {
  fleetcast::testing::TempDir dir;
  EXPECT_THROW(generate_fleet(small_spec(dir.write("fleet", "not a folder"))), InputError);
}

}  // namespace
}  // namespace fleetcast::sources
