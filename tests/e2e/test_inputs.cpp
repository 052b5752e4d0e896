// End-to-end: how the real binary reads its inputs: many files, standard input, a read that fails.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

using testing::CommandResult;
using testing::run_fleetcast;
using testing::TempDir;

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `script` with /bin/sh, the binary's path as $0, and captures what it printed.
CommandResult run_shell(const std::string& script) {
  TempDir scratch;
  const auto out_path = scratch.path() / "stdout";
  const auto err_path = scratch.path() / "stderr";
  const std::string binary = testing::fleetcast_binary().string();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out_fd < 0 || err_fd < 0) ::_exit(127);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    ::execl("/bin/sh", "sh", "-c", script.c_str(), binary.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(out_path), slurp(err_path)};
}

// One request a minute from 2026-03-29T10:00:00Z.
std::string metric_line(int minute) {
  return "{\"ts\": " + std::to_string(1774778400 + 60 * minute) + ", \"caller\": \"c\", \"total_tokens\": 10}\n";
}

std::string metric_lines(int count) {
  std::string lines;
  for (int minute = 0; minute < count; ++minute) lines += metric_line(minute);
  return lines;
}

TEST(Inputs, TwoThousandFilesUnderALimitOf256OpenFiles) {
  // Every file used to be opened before the first was read: a directory of three years of daily logs
  // failed with "Too many open files".
  TempDir dir;
  for (int file = 0; file < 2000; ++file) {
    char name[32];
    std::snprintf(name, sizeof name, "metrics/m%04d.jsonl", file);
    dir.write(name, metric_line(file));
  }
  const auto result = run_shell("ulimit -n 256 && exec \"$0\" report --metrics " + (dir.path() / "metrics").string() + " --horizon 6");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("- metrics: 2000 files, 0.1 MB, 2000 lines, 2000 events, 0 skipped"), std::string::npos) << result.out;
}

TEST(Inputs, StandardInputGivenTwiceIsRefused) {
  const auto twice = run_fleetcast({"report", "--metrics", "-", "-"}, metric_lines(10));
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("fleetcast: error: standard input ('-') is given more than once"), std::string::npos) << twice.err;
  const auto both = run_fleetcast({"report", "--metrics", "-", "--heartbeat", "-"}, metric_lines(10));
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("fleetcast: error: standard input ('-') can feed only one of --metrics and --heartbeat"), std::string::npos)
      << both.err;
}

TEST(Inputs, ReadErrorOnStandardInputIsAFailureNotAShortInput) {
  // A directory as standard input: read() fails with EISDIR. fread's error used to read as an empty log.
  const auto result = run_shell("exec \"$0\" report --metrics - < /");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("cannot read standard input: Is a directory"), std::string::npos) << result.err;
}

TEST(Inputs, ReadErrorOnStandardInputCsvIsAFailureToo) {
  const auto result = run_shell("exec \"$0\" forecast --csv - < /");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("cannot read standard input: Is a directory"), std::string::npos) << result.err;
}

TEST(Inputs, GzipOnStandardInputIsReadLikeAFile) {
  // Standard input is read twice (the exact pass over window boundaries) through its spool's descriptor.
  TempDir dir;
  const auto path = dir.write("m.jsonl", metric_lines(600));
  const std::string flags = " report --metrics - --horizon 2.5 --json";
  const auto plain = run_shell("\"$0\"" + flags + " < " + path.string());
  const auto compressed = run_shell("gzip -c " + path.string() + " | \"$0\"" + flags);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  ASSERT_EQ(compressed.exit_code, 0) << compressed.err;
  EXPECT_EQ(plain.out, compressed.out);
  EXPECT_NE(plain.out.find("\"requests\""), std::string::npos) << plain.out;
}

TEST(Inputs, SpooledStandardInputLeavesNoFileEvenWhenKilled) {
  // The spool used to be a named file in the temporary folder until the end of the run, so SIGTERM or
  // SIGINT left it behind. Now its name is removed as soon as it exists.
  TempDir tmp;
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const std::string binary = testing::fleetcast_binary().string();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[0], 0);
    ::close(pipe_fds[1]);
    const int null_fd = ::open("/dev/null", O_WRONLY);
    ::dup2(null_fd, 1);
    ::dup2(null_fd, 2);
    ::setenv("TMPDIR", tmp.path().c_str(), 1);
    ::execl(binary.c_str(), binary.c_str(), "report", "--metrics", "-", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipe_fds[0]);
  const std::string first = metric_lines(5);
  ASSERT_EQ(::write(pipe_fds[1], first.data(), first.size()), static_cast<ssize_t>(first.size()));
  // Wait until the binary holds its spool open with its name removed. Between creating the file and
  // removing its name there is an instant when it still has one, so a single look could land there; a
  // spool that keeps its name never shows " (deleted)" and fails after the deadline.
  std::string spool_target;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (spool_target.find(" (deleted)") == std::string::npos && std::chrono::steady_clock::now() < give_up) {
    std::error_code ignored;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ignored)) {
      const std::string target = std::filesystem::read_symlink(entry.path(), ignored).string();
      if (target.find("fleetcast-stdin-") != std::string::npos) spool_target = target;
    }
    if (spool_target.find(" (deleted)") == std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(spool_target.find(" (deleted)"), std::string::npos) << spool_target;
  EXPECT_TRUE(std::filesystem::is_empty(tmp.path()));
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(pipe_fds[1]);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_TRUE(std::filesystem::is_empty(tmp.path()));
}

}  // namespace
}  // namespace fleetcast
