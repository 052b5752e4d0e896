#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <string>

#include "common/time.h"
#include "events/load.h"
#include "support/test_paths.h"

namespace fleetcast::events {
namespace {

struct Expected {
  std::uint64_t requests = 0;
  double tokens = 0;
  std::uint64_t failures = 0;
};

void write_gzip(const std::filesystem::path& path, const std::string& content) {
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(gzwrite(file, content.data(), static_cast<unsigned>(content.size())), static_cast<int>(content.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
}

// Many files, plain and gzip, are read by several workers at once, each into its own store, then merged
// (the ThreadSanitizer build runs this, ctest -L threads). The merged totals must be exact: every event
// counted once under the right caller, every malformed line counted as skipped.
TEST(ParallelLoad, ManyFilesMergeToExactTotals) {
  const testing::TempDir dir;
  const char* callers[] = {"triage-bot", "chat-frontend", "batch-indexer"};
  std::map<std::string, Expected> expected;
  std::uint64_t lines = 0, malformed = 0;
  constexpr int kFiles = 8;
  for (int file = 0; file < kFiles; ++file) {
    std::string content;
    for (int i = 0; i < 1500; ++i) {
      ++lines;
      if (i % 97 == 0) {
        content += "{\"timestamp\": \"2026-03-29T00:00:00Z\", \"caller\": \n";  // cut short
        ++malformed;
        continue;
      }
      const char* caller = callers[(file + i) % 3];
      const int tokens = 10 + (i * 7 + file) % 500;
      const bool success = (i + file) % 11 != 0;
      const int second = file * 3600 + i * 2;
      content += "{\"timestamp\": \"2026-03-2" + std::to_string(1 + file % 8) + "T" + (second / 3600 % 24 < 10 ? "0" : "") +
                 std::to_string(second / 3600 % 24) + ":" + (second / 60 % 60 < 10 ? "0" : "") + std::to_string(second / 60 % 60) +
                 ":" + (second % 60 < 10 ? "0" : "") + std::to_string(second % 60) + ".5Z\", \"caller\": \"" + caller +
                 "\", \"total_tokens\": " + std::to_string(tokens) + ", \"success\": " + (success ? "true" : "false") + "}\n";
      auto& totals = expected[caller];
      ++totals.requests;
      totals.tokens += tokens;
      totals.failures += success ? 0 : 1;
    }
    const std::string name = "metrics_" + std::to_string(file) + ".jsonl";
    if (file % 2 == 0) {
      dir.write(name, content);
    } else {
      write_gzip(dir.path() / (name + ".gz"), content);
    }
  }

  const MetricLoad load = load_metrics({dir.path().string()}, *parse_iso8601("2026-03-30T00:00:00Z"));
  EXPECT_EQ(load.summary.files, static_cast<std::size_t>(kFiles));
  EXPECT_EQ(load.summary.lines, lines);
  EXPECT_EQ(load.summary.skipped, malformed);
  EXPECT_EQ(load.summary.events, lines - malformed);
  EXPECT_EQ(load.store.event_count(), lines - malformed);

  std::map<std::string, Expected> actual;
  for (const auto& bucket : load.store.buckets()) {
    for (const auto& [caller, totals] : bucket.callers) {
      auto& sum = actual[load.store.caller_names().at(caller)];
      sum.requests += totals.requests;
      sum.tokens += totals.tokens;
      sum.failures += totals.failures;
    }
  }
  ASSERT_EQ(actual.size(), expected.size());
  for (const auto& [caller, totals] : expected) {
    EXPECT_EQ(actual[caller].requests, totals.requests) << caller;
    EXPECT_EQ(actual[caller].tokens, totals.tokens) << caller;
    EXPECT_EQ(actual[caller].failures, totals.failures) << caller;
  }
}

}  // namespace
}  // namespace fleetcast::events
