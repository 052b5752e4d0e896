#pragma once
// Where tests find their inputs: data committed in the tree, the optional ../shared folder, the binary.
#include <filesystem>
#include <optional>
#include <string>

namespace fleetcast::testing {

std::filesystem::path test_data_dir();      // tests/data in the source tree
std::filesystem::path examples_dir();       // examples/ in the source tree
std::filesystem::path fleetcast_binary();   // build/fleetcast
// ../shared/data beside the clone, or nullopt when this checkout has none (a plain user clone).
std::optional<std::filesystem::path> shared_data_dir();

// A fresh empty directory under the system temp dir, removed when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/relative, creating parent folders; returns the full path.
  std::filesystem::path write(const std::string& relative, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace fleetcast::testing

// Skips the current test with a clear message when ../shared is absent.
#define FLEETCAST_REQUIRE_SHARED_DATA(var)                                                    \
  const auto var##_opt = ::fleetcast::testing::shared_data_dir();                              \
  if (!var##_opt) GTEST_SKIP() << "../shared/data is absent beside this clone; skipping";      \
  const std::filesystem::path var = *var##_opt
