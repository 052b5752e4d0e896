#include "sources/input_files.h"

#include <glob.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "common/errors.h"

namespace fleetcast::sources {
namespace {

bool has_suffix(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_telemetry_file(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return has_suffix(name, ".jsonl") || has_suffix(name, ".jsonl.gz");
}

bool has_glob_characters(const std::string& text) { return text.find_first_of("*?[") != std::string::npos; }

std::vector<std::filesystem::path> expand(const std::string& pattern) {
  std::vector<std::filesystem::path> paths;
  if (has_glob_characters(pattern) && !std::filesystem::exists(pattern)) {
    glob_t matches{};
    const int status = ::glob(pattern.c_str(), 0, nullptr, &matches);
    if (status == 0) {
      for (std::size_t i = 0; i < matches.gl_pathc; ++i) paths.emplace_back(matches.gl_pathv[i]);
    }
    ::globfree(&matches);
    if (paths.empty()) throw InputError("no file matches " + pattern);
    return paths;
  }
  std::error_code error;
  const auto status = std::filesystem::status(pattern, error);
  if (error || !std::filesystem::exists(status)) throw InputError("no such file or directory: " + pattern);
  if (std::filesystem::is_directory(status)) {
    std::vector<std::filesystem::path> inside;
    for (const auto& entry : std::filesystem::directory_iterator(pattern)) {
      if (entry.is_regular_file() && is_telemetry_file(entry.path())) inside.push_back(entry.path());
    }
    std::sort(inside.begin(), inside.end());
    return inside;
  }
  return {pattern};
}

std::filesystem::path spool_standard_input() {
  std::string path = (std::filesystem::temp_directory_path() / "fleetcast-stdin-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) throw RuntimeFailure("cannot create a temporary file to hold standard input");
  std::vector<char> buffer(1 << 20);
  while (true) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), stdin);
    if (n > 0 && ::write(fd, buffer.data(), n) != static_cast<ssize_t>(n)) {
      ::close(fd);
      ::unlink(path.c_str());
      throw RuntimeFailure("cannot spool standard input to " + path + ": " + std::strerror(errno));
    }
    if (n < buffer.size()) break;
  }
  ::close(fd);
  return path;
}

}  // namespace

InputFiles::~InputFiles() {
  if (!spooled_stdin_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(spooled_stdin_, ignored);
  }
}

std::uint64_t InputFiles::total_bytes() const {
  std::uint64_t total = 0;
  for (const auto& file : files_) total += file.size;
  return total;
}

std::unique_ptr<InputFiles> InputFiles::resolve(const std::vector<std::string>& patterns) {
  auto inputs = std::make_unique<InputFiles>();
  for (const auto& pattern : patterns) {
    if (pattern == "-") {
      if (inputs->spooled_stdin_.empty()) inputs->spooled_stdin_ = spool_standard_input();
      inputs->files_.push_back({inputs->spooled_stdin_, "<stdin>", std::filesystem::file_size(inputs->spooled_stdin_)});
      continue;
    }
    for (auto& path : expand(pattern)) {
      std::error_code error;
      const auto size = std::filesystem::file_size(path, error);
      if (error) throw InputError("cannot read " + path.string() + ": " + error.message());
      inputs->files_.push_back({path, path.string(), size});
    }
  }
  return inputs;
}

}  // namespace fleetcast::sources
