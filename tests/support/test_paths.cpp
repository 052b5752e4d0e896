#include "support/test_paths.h"

#include <fstream>
#include <random>
#include <stdexcept>

namespace fleetcast::testing {

std::filesystem::path test_data_dir() { return FLEETCAST_TEST_DATA_DIR; }
std::filesystem::path examples_dir() { return FLEETCAST_EXAMPLES_DIR; }
std::filesystem::path fleetcast_binary() { return FLEETCAST_BINARY_PATH; }

std::optional<std::filesystem::path> shared_data_dir() {
  std::filesystem::path dir = FLEETCAST_SHARED_DATA_DIR;
  if (!std::filesystem::is_directory(dir)) return std::nullopt;
  return dir;
}

TempDir::TempDir() {
  std::random_device device;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = std::filesystem::temp_directory_path() / ("fleetcast-test-" + std::to_string(device()));
    if (std::filesystem::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& relative, const std::string& content) const {
  const auto full = path_ / relative;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + full.string());
  return full;
}

}  // namespace fleetcast::testing
