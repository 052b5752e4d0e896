#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/atomic_writer.h"
#include "common/errors.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AtomicFile, WritesWholeContentAndLeavesNoTemporary) {
  testing::TempDir dir;
  const auto path = dir.path() / "out.csv";
  write_file_atomically(path, "a,b\n1,2\n");
  EXPECT_EQ(read_all(path), "a,b\n1,2\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(AtomicFile, UncommittedWriterLeavesNothing) {
  testing::TempDir dir;
  const auto path = dir.path() / "partial.jsonl";
  {
    AtomicFileWriter writer(path);
    writer.write("half a line");
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 0);
}

// The lowest descriptor number not in use: the next one open() or dup() returns.
int lowest_free_descriptor() {
  const int probe = ::open("/dev/null", O_RDONLY);
  ::close(probe);
  return probe;
}

TEST(AtomicFile, ConstructorThatThrowsLeavesNoTemporaryAndNoDescriptor) {
  // With room for exactly one more descriptor, the temporary file opens but the gzip stream's dup() fails.
  // The constructor used to throw with both the temporary file and its descriptor left behind.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "a sanitizer runtime opens descriptors of its own to report on a throw, which the tight limit forbids";
#endif
  testing::TempDir dir;
  const int next = lowest_free_descriptor();
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit tight = saved;
  tight.rlim_cur = static_cast<rlim_t>(next) + 1;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &tight), 0);
  bool threw = false;
  try {
    AtomicFileWriter writer(dir.path() / "out.jsonl.gz", /*gzip=*/true);
  } catch (const RuntimeFailure&) {
    threw = true;
  }
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &saved), 0);
  EXPECT_TRUE(threw);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 0);
  EXPECT_EQ(lowest_free_descriptor(), next);
}

TEST(AtomicFile, FailedCommitLeavesNoTemporaryAndNoDescriptor) {
  testing::TempDir dir;
  std::filesystem::create_directory(dir.path() / "taken");  // rename() cannot replace a directory with a file
  const int next = lowest_free_descriptor();
  EXPECT_THROW(write_file_atomically(dir.path() / "taken", "x"), RuntimeFailure);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
  EXPECT_EQ(lowest_free_descriptor(), next);
}

TEST(AtomicFile, MissingDirectoryIsARuntimeFailure) {
  EXPECT_THROW(write_file_atomically("/nonexistent-dir-fleetcast/x.txt", "x"), RuntimeFailure);
}

}  // namespace
}  // namespace fleetcast
