#include "common/atomic_file.h"

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

TEST(AtomicFile, MissingDirectoryIsARuntimeFailure) {
  EXPECT_THROW(write_file_atomically("/nonexistent-dir-fleetcast/x.txt", "x"), RuntimeFailure);
}

}  // namespace
}  // namespace fleetcast
