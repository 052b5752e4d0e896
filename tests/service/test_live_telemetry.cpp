#include "service/live_telemetry.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/errors.h"
#include "events/load.h"
#include "service/live_files.h"
#include "service/state_database.h"
#include "support/test_paths.h"

namespace fleetcast::service {
namespace {

using namespace fleetcast::service::testing;

constexpr TimestampUs kSecond = kMicrosPerSecond;

struct Live {
  explicit Live(const fleetcast::testing::TempDir& dir, std::vector<std::string> heartbeat = {}, TimestampUs history = 0)
      : database(dir.path() / "state.db") {
    FollowOptions options;
    options.metric_paths = {(dir.path() / "metrics").string()};
    options.heartbeat_paths = std::move(heartbeat);
    options.history = history;
    telemetry = std::make_unique<LiveTelemetry>(options, database);
  }
  IngestPass ingest() { return telemetry->ingest(kNow); }
  StateDatabase database;
  std::unique_ptr<LiveTelemetry> telemetry;
};

struct LiveTelemetryTest : ::testing::Test {
  void SetUp() override { std::filesystem::create_directories(metrics()); }
  std::filesystem::path metrics() const { return dir.path() / "metrics"; }
  std::vector<std::string> patterns() const { return {metrics().string()}; }
  fleetcast::testing::TempDir dir;
};

TEST_F(LiveTelemetryTest, AppendedLinesAreCountedOnceAndAPartialLastLineWaitsForItsNewline) {
  const auto day = metrics() / "2026-11-29.jsonl";
  append(day, metric_line(0, "a", 1) + metric_line(kSecond, "b", 2, false) + "not json\n");
  const std::string late = metric_line(2 * kSecond, "a", 4);
  append(day, late.substr(0, 20));
  Live live(dir);
  IngestPass pass = live.ingest();
  EXPECT_EQ(pass.new_lines, 3u);
  EXPECT_EQ(pass.new_events, 2u);
  EXPECT_EQ(pass.new_skipped, 1u);
  EXPECT_EQ(pass.files_seen, 1u);
  EXPECT_EQ(live.telemetry->store().event_count(), 2u);
  ASSERT_EQ(live.telemetry->metric_summary().first_warnings.size(), 1u);
  EXPECT_EQ(live.telemetry->metric_summary().first_warnings[0], day.string() + ":3: not valid JSON");

  EXPECT_EQ(live.ingest().new_lines, 0u);  // nothing new: the partial line still waits
  append(day, late.substr(20));
  pass = live.ingest();
  EXPECT_EQ(pass.new_lines, 1u);
  EXPECT_EQ(pass.new_bytes, late.size());
  expect_same_as_fresh_load(*live.telemetry, patterns());
  EXPECT_EQ(live.telemetry->lag_seconds(kNow), 86400 - 2);
}

TEST_F(LiveTelemetryTest, ANewDailyFileIsFollowed) {
  append(metrics() / "2026-11-29.jsonl", metric_line(0, "a", 1));
  Live live(dir);
  live.ingest();
  append(metrics() / "2026-11-30.jsonl", metric_line(86000 * kSecond, "b", 2) + metric_line(86001 * kSecond, "b", 3));
  append(metrics() / "ignored.txt", metric_line(5 * kSecond, "c", 1));
  const IngestPass pass = live.ingest();
  EXPECT_EQ(pass.new_events, 2u);
  EXPECT_EQ(pass.files_seen, 2u);
  EXPECT_EQ(live.telemetry->metric_summary().files, 2u);
  expect_same_as_fresh_load(*live.telemetry, patterns());
}

TEST_F(LiveTelemetryTest, ATruncatedFileIsReadAgainFromTheStartAndWhatWasReadStaysCounted) {
  const auto day = metrics() / "m.jsonl";
  append(day, metric_line(0, "a", 1) + metric_line(kSecond, "a", 2) + metric_line(2 * kSecond, "a", 4));
  Live live(dir);
  live.ingest();
  std::filesystem::resize_file(day, 0);
  append(day, metric_line(10 * kSecond, "b", 8));
  const IngestPass pass = live.ingest();
  EXPECT_TRUE(has_note(pass, "truncated")) << ::testing::PrintToString(pass.notes);
  EXPECT_EQ(pass.new_events, 1u);
  EXPECT_EQ(live.telemetry->store().event_count(), 4u);
  EXPECT_EQ(std::get<0>(totals_by_name(live.telemetry->store())["a"]), 3u);
  // Copy-truncate that grew past the old offset before the pass: the fingerprint tells.
  const std::string longer = metric_line(20 * kSecond, "c", 1) + metric_line(21 * kSecond, "c", 1) + metric_line(22 * kSecond, "c", 1);
  std::filesystem::resize_file(day, 0);
  append(day, longer);
  EXPECT_TRUE(has_note(live.ingest(), "rewritten"));
  EXPECT_EQ(live.telemetry->store().event_count(), 7u);
}

TEST_F(LiveTelemetryTest, ARenamedFileContinuesAtItsOffset) {
  append(metrics() / "a.jsonl", metric_line(0, "a", 1) + metric_line(kSecond, "a", 1));
  Live live(dir);
  live.ingest();
  std::filesystem::rename(metrics() / "a.jsonl", metrics() / "b.jsonl");
  append(metrics() / "b.jsonl", metric_line(2 * kSecond, "a", 1));
  const IngestPass pass = live.ingest();
  EXPECT_TRUE(has_note(pass, "renamed from")) << ::testing::PrintToString(pass.notes);
  EXPECT_EQ(pass.new_events, 1u);
  expect_same_as_fresh_load(*live.telemetry, patterns());
}

TEST_F(LiveTelemetryTest, ANewFileAtAFollowedPathIsARotation) {
  const auto day = metrics() / "m.jsonl";
  append(day, metric_line(0, "a", 1) + metric_line(kSecond, "a", 1));
  Live live(dir);
  live.ingest();
  std::filesystem::rename(day, dir.path() / "m.jsonl.1");  // out of the followed directory
  append(day, metric_line(5 * kSecond, "b", 1));
  const IngestPass pass = live.ingest();
  EXPECT_TRUE(has_note(pass, "rotated")) << ::testing::PrintToString(pass.notes);
  EXPECT_EQ(pass.new_events, 1u);
  EXPECT_EQ(live.telemetry->store().event_count(), 3u);
  // The rotated file's lines cannot be read again where they were: left out, not an error.
  EXPECT_TRUE(live.telemetry->exact_events({kBase / kSecond}).empty());
  EXPECT_EQ(live.telemetry->exact_events({kBase / kSecond + 5}).size(), 1u);
}

TEST_F(LiveTelemetryTest, ACompressedCopyReplacingTheFileContinuesAtItsOffset) {
  const auto day = metrics() / "2026-11-29.jsonl";
  std::string content = metric_line(0, "a", 1) + metric_line(kSecond, "b", 2);
  append(day, content);
  Live live(dir);
  live.ingest();
  // The day ends: two more lines, then the file is compressed.
  const std::string tail = metric_line(2 * kSecond, "a", 4) + metric_line(3 * kSecond, "c", 8);
  append(day, tail);
  content += tail;
  const std::string compressed = gzip_bytes(content);
  const auto gz = metrics() / "2026-11-29.jsonl.gz";
  write_file(gz, compressed);
  IngestPass pass = live.ingest();  // the copy beside the file still followed is not read
  EXPECT_TRUE(has_note(pass, "still followed")) << ::testing::PrintToString(pass.notes);
  EXPECT_EQ(live.telemetry->store().event_count(), 4u);
  EXPECT_FALSE(has_note(live.ingest(), "still followed"));  // noted once

  std::filesystem::remove(day);
  write_file(gz, compressed.substr(0, 10));  // still being written
  pass = live.ingest();
  EXPECT_EQ(pass.new_lines, 0u);
  EXPECT_FALSE(has_note(pass, "vanished")) << ::testing::PrintToString(pass.notes);
  write_file(gz, compressed);
  pass = live.ingest();
  EXPECT_TRUE(has_note(pass, "compressed copy of")) << ::testing::PrintToString(pass.notes);
  EXPECT_EQ(pass.new_events, 0u);
  EXPECT_EQ(live.telemetry->store().event_count(), 4u);
  expect_same_as_fresh_load(*live.telemetry, patterns());
  EXPECT_EQ(live.ingest().new_bytes, 0u);  // a whole gzip file is read once
}

TEST_F(LiveTelemetryTest, ACompressedCopyWithLinesNotYetReadCountsOnlyThose) {
  const auto day = metrics() / "2026-11-29.jsonl";
  const std::string head = metric_line(0, "a", 1);
  const std::string rest = metric_line(kSecond, "b", 2) + metric_line(2 * kSecond, "b", 2);
  append(day, head);
  Live live(dir);
  live.ingest();
  std::filesystem::remove(day);
  write_file(metrics() / "2026-11-29.jsonl.gz", gzip_bytes(head + rest));
  const IngestPass pass = live.ingest();
  EXPECT_EQ(pass.new_events, 2u);
  expect_same_as_fresh_load(*live.telemetry, patterns());
}

TEST_F(LiveTelemetryTest, AFileNamedAloneIsFollowedIntoItsCompressedCopyAcrossARestart) {
  const auto day = metrics() / "d.jsonl";
  const std::string content = metric_line(0, "a", 1) + metric_line(kSecond, "b", 2);
  append(day, content.substr(0, content.size() / 2 + 3));
  StateDatabase database(dir.path() / "state.db");
  FollowOptions options;
  options.metric_paths = {day.string()};
  {
    LiveTelemetry live(options, database);
    live.ingest(kNow);
    EXPECT_EQ(live.store().event_count(), 1u);
  }
  append(day, content.substr(content.size() / 2 + 3));
  std::filesystem::remove(day);
  write_file(metrics() / "d.jsonl.gz", gzip_bytes(content));
  {
    LiveTelemetry live(options, database);
    const IngestPass pass = live.ingest(kNow);
    EXPECT_TRUE(has_note(pass, "compressed copy of")) << ::testing::PrintToString(pass.notes);
    EXPECT_EQ(pass.new_events, 1u);
  }
  LiveTelemetry live(options, database);
  const IngestPass pass = live.ingest(kNow);
  EXPECT_EQ(pass.new_lines, 0u);
  EXPECT_EQ(pass.files_seen, 1u);
  EXPECT_EQ(live.metric_summary().files, 1u);
  expect_same_as_fresh_load(live, {(metrics() / "d.jsonl.gz").string()});
}

TEST_F(LiveTelemetryTest, ACompressedCopyAppearingAPassAfterItsFileVanishedIsNotCountedAgain) {
  const auto day = metrics() / "d.jsonl";
  const std::string read = metric_line(0, "a", 1) + metric_line(kSecond, "b", 2);
  const std::string unread = metric_line(2 * kSecond, "c", 4);
  append(day, read);
  Live live(dir);
  live.ingest();
  std::filesystem::remove(day);
  EXPECT_TRUE(has_note(live.ingest(), "vanished"));
  write_file(metrics() / "d.jsonl.gz", gzip_bytes(read + unread));
  EXPECT_EQ(live.ingest().new_events, 1u);
  expect_same_as_fresh_load(*live.telemetry, patterns());
}

TEST_F(LiveTelemetryTest, ATruncatedGzipStreamIsRetriedNotAnError) {
  const std::string content = metric_line(0, "a", 1) + metric_line(kSecond, "a", 1);
  const std::string compressed = gzip_bytes(content);
  const auto gz = metrics() / "old.jsonl.gz";
  write_file(gz, compressed.substr(0, compressed.size() - 4));
  Live live(dir);
  IngestPass pass = live.ingest();
  EXPECT_EQ(pass.new_events, 0u);
  EXPECT_TRUE(has_note(pass, "retried")) << ::testing::PrintToString(pass.notes);
  EXPECT_EQ(live.telemetry->store().event_count(), 0u);
  write_file(gz, compressed);
  pass = live.ingest();
  EXPECT_EQ(pass.new_events, 2u);
  expect_same_as_fresh_load(*live.telemetry, patterns());
}

TEST_F(LiveTelemetryTest, AVanishedFileIsNotedOnceAndItsEventsStay) {
  append(metrics() / "a.jsonl", metric_line(0, "a", 1));
  append(metrics() / "b.jsonl", metric_line(kSecond, "b", 1));
  Live live(dir);
  live.ingest();
  std::filesystem::remove(metrics() / "a.jsonl");
  IngestPass pass = live.ingest();
  ASSERT_EQ(pass.notes.size(), 1u);
  EXPECT_NE(pass.notes[0].find("vanished"), std::string::npos) << pass.notes[0];
  EXPECT_TRUE(live.ingest().notes.empty());
  EXPECT_EQ(live.telemetry->store().event_count(), 2u);
  EXPECT_EQ(live.telemetry->metric_summary().files, 1u);
}

TEST_F(LiveTelemetryTest, APatternMatchingNothingIsAnErrorOnTheFirstPass) {
  StateDatabase database(dir.path() / "state.db");
  FollowOptions options;
  options.metric_paths = {(dir.path() / "missing").string()};
  LiveTelemetry live(options, database);
  EXPECT_THROW(live.ingest(kNow), InputError);
}

TEST_F(LiveTelemetryTest, ARestartResumesWithoutCountingTwice) {
  const auto day = metrics() / "2026-11-29.jsonl";
  append(day, metric_line(0, "a", 1) + "bad\n" + metric_line(kSecond, "b", 2));
  const auto heartbeat = dir.path() / "heartbeat.jsonl";
  append(heartbeat, heartbeat_line(0, true) + heartbeat_line(60 * kSecond, false));
  {
    Live live(dir, {heartbeat.string()});
    live.ingest();
  }
  append(day, metric_line(2 * kSecond, "c", 4));
  append(heartbeat, heartbeat_line(120 * kSecond, true));
  Live live(dir, {heartbeat.string()});
  EXPECT_EQ(live.telemetry->store().event_count(), 2u);  // restored before any pass
  EXPECT_EQ(live.telemetry->metric_summary().skipped, 1u);
  const IngestPass pass = live.ingest();
  EXPECT_EQ(pass.new_lines, 2u);
  expect_same_as_fresh_load(*live.telemetry, patterns());
  ASSERT_NE(live.telemetry->ticks(), nullptr);
  const auto fresh = events::load_heartbeats({heartbeat.string()}, {}, kNow);
  ASSERT_EQ(live.telemetry->ticks()->size(), fresh.ticks.size());
  for (std::size_t i = 0; i < fresh.ticks.size(); ++i) {
    EXPECT_EQ((*live.telemetry->ticks())[i].timestamp, fresh.ticks[i].timestamp);
    EXPECT_EQ((*live.telemetry->ticks())[i].gitea_down, fresh.ticks[i].gitea_down);
  }
  EXPECT_EQ(live.telemetry->heartbeat_summary()->events, 3u);
  EXPECT_EQ(live.telemetry->metric_summary().first_warnings.size(), 1u);
}

TEST_F(LiveTelemetryTest, HistoryDropsOldSecondsFromMemoryAndTheDatabase) {
  const auto day = metrics() / "m.jsonl";
  append(day, metric_line(0, "a", 1) + metric_line(1800 * kSecond, "a", 1));
  {
    Live live(dir, {}, 3600 * kSecond);
    live.ingest();
    EXPECT_EQ(live.telemetry->store().event_count(), 2u);
    append(day, metric_line(4000 * kSecond, "a", 1));
    live.ingest();
    EXPECT_EQ(live.telemetry->store().event_count(), 2u);
    EXPECT_EQ(live.telemetry->metric_summary().events, 3u);  // running totals keep them
  }
  Live live(dir, {}, 3600 * kSecond);
  ASSERT_EQ(live.telemetry->store().event_count(), 2u);
  EXPECT_EQ(live.telemetry->store().earliest(), kBase + 1800 * kSecond);
}

// The exact events of some seconds equal those of load_events_in_seconds over the same files, also for
// a second whose lines are scattered over more files than its spans can hold.
TEST_F(LiveTelemetryTest, ExactEventsEqualASecondPassOverTheSameFiles) {
  for (int file = 0; file < 10; ++file) {
    std::string lines;
    for (int i = 0; i < 50; ++i) lines += metric_line(i * kSecond + file * 1000, std::string(1, static_cast<char>('p' + i % 3)), i + file, i % 7 != 0);
    append(metrics() / (std::to_string(file) + ".jsonl"), lines);
  }
  append(metrics() / "g.jsonl", metric_line(100 * kSecond + 5, "solo", 3));
  Live live(dir);
  live.ingest();
  const auto load = events::load_metrics(patterns(), kNow);
  const std::int64_t base = kBase / kSecond;
  for (const std::vector<std::int64_t>& seconds :
       {std::vector<std::int64_t>{base + 100}, std::vector<std::int64_t>{base + 3, base + 100, base + 49}, std::vector<std::int64_t>{base + 500}}) {
    const auto live_events = live.telemetry->exact_events(seconds);
    const auto fresh_events = events::load_events_in_seconds(load, seconds);
    const auto named = [](const std::vector<events::ExactEvent>& list, const events::MetricStore& store) {
      std::vector<std::tuple<TimestampUs, std::string, double, bool>> out;
      for (const auto& event : list) out.emplace_back(event.timestamp, store.caller_names()[event.caller], event.tokens, event.success);
      std::sort(out.begin(), out.end());
      return out;
    };
    EXPECT_EQ(named(live_events, live.telemetry->store()), named(fresh_events, load.store));
    EXPECT_TRUE(std::is_sorted(live_events.begin(), live_events.end(),
                               [](const auto& a, const auto& b) { return a.timestamp < b.timestamp; }));
  }
  EXPECT_EQ(live.telemetry->exact_events({base + 3}).size(), 10u);
}

TEST_F(LiveTelemetryTest, ExactEventsReadACompressedCopy) {
  const auto day = metrics() / "d.jsonl";
  const std::string content = metric_line(0, "a", 1) + metric_line(kSecond / 2, "b", 2) + metric_line(kSecond, "a", 4);
  append(day, content);
  Live live(dir);
  live.ingest();
  std::filesystem::remove(day);
  write_file(metrics() / "d.jsonl.gz", gzip_bytes(content));
  live.ingest();
  EXPECT_EQ(live.telemetry->exact_events({kBase / kSecond}).size(), 2u);
}

}  // namespace
}  // namespace fleetcast::service
