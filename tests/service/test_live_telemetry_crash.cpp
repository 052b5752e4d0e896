// kill -9 at any moment, then a restart: the counts equal those of a fresh load of the same files.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "service/live_files.h"
#include "service/live_telemetry.h"
#include "service/state_database.h"
#include "support/test_paths.h"

namespace fleetcast::service {
namespace {

using namespace fleetcast::service::testing;

FollowOptions follow(const fleetcast::testing::TempDir& dir) {
  FollowOptions options;
  options.metric_paths = {(dir.path() / "metrics").string()};
  options.heartbeat_paths = {(dir.path() / "heartbeat").string()};
  return options;
}

// Ingests in a loop until killed, writing a byte to `committed` after each pass; never returns.
[[noreturn]] void ingest_forever(const fleetcast::testing::TempDir& dir, int committed) {
  try {
    StateDatabase database(dir.path() / "state.db");
    LiveTelemetry live(follow(dir), database);
    while (true) {
      live.ingest(kNow);
      const char done = 1;
      [[maybe_unused]] const auto ignored = ::write(committed, &done, 1);  // a full pipe only loses a signal
    }
  } catch (...) {
    _exit(3);
  }
}

TEST(LiveTelemetryCrash, KillNineAtRandomMomentsLosesNothingAndCountsNothingTwice) {
  fleetcast::testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "metrics");
  std::filesystem::create_directories(dir.path() / "heartbeat");
  std::mt19937 random(20261129);
  int line = 0;
  const char* callers[] = {"triage-bot", "planner", "coder", "reviewer"};
  const auto write_some = [&](int round) {
    // A new daily file every other round; some malformed lines; writes of any size, so the child often
    // finds a last line cut in half.
    const auto day = dir.path() / "metrics" / ("day-" + std::to_string(round / 2) + ".jsonl");
    std::string text;
    const int count = std::uniform_int_distribution<int>(1, 60)(random);
    for (int i = 0; i < count; ++i, ++line) {
      text += line % 17 == 5 ? std::string("{\"timestamp\": oops}\n")
                             : metric_line(line * 250'000LL, callers[line % 4], line % 100, line % 9 != 0);
    }
    std::size_t written = 0;
    while (written < text.size()) {
      const std::size_t piece = std::uniform_int_distribution<std::size_t>(1, text.size() - written)(random);
      append(day, text.substr(written, piece));
      written += piece;
    }
    if (line % 3 == 0) append(dir.path() / "heartbeat" / "hb.jsonl", heartbeat_line(line * 250'000LL, line % 2 == 0));
  };

  int killed_with_progress = 0;  // rounds in which the child committed something before it was killed
  std::uint64_t committed_lines = 0;
  for (int round = 0; round < 8; ++round) {
    int committed[2];
    ASSERT_EQ(::pipe2(committed, O_CLOEXEC), 0);
    ASSERT_EQ(::fcntl(committed[1], F_SETFL, O_NONBLOCK), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) ingest_forever(dir, committed[1]);
    ::close(committed[1]);
    write_some(round);
    if (round % 2 == 0) {  // half the rounds kill it only after one pass went through, however slow (sanitizers)
      char done = 0;
      ASSERT_EQ(::read(committed[0], &done, 1), 1);
    }
    const auto stop = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 200)(random));
    while (std::chrono::steady_clock::now() < stop) {
      write_some(round);
      ::usleep(std::uniform_int_distribution<useconds_t>(0, 3000)(random));
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(committed[0]);  // only now: the child's next write would have ended it with SIGPIPE
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the ingesting child ended with status " << status;

    // A restart: what the killed child committed, plus one pass over the rest, equals a fresh load.
    StateDatabase database(dir.path() / "state.db");
    LiveTelemetry live(follow(dir), database);
    if (live.metric_summary().lines > committed_lines) ++killed_with_progress;
    live.ingest(kNow);
    SCOPED_TRACE("round " + std::to_string(round));
    expect_same_as_fresh_load(live, {(dir.path() / "metrics").string()});
    const auto heartbeats = events::load_heartbeats({(dir.path() / "heartbeat").string()}, {}, kNow);
    ASSERT_NE(live.ticks(), nullptr);
    EXPECT_EQ(live.ticks()->size(), heartbeats.ticks.size());
    EXPECT_EQ(live.heartbeat_summary()->lines, heartbeats.summary.lines);
    committed_lines = live.metric_summary().lines;
  }
  EXPECT_GT(killed_with_progress, 0);
}

}  // namespace
}  // namespace fleetcast::service
