#include "sources/input_files.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

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

bool starts_with_gzip_magic(int fd) {
  unsigned char magic[2] = {0, 0};
  return ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

// Standard input is one stream for the whole process: a second reader would see it empty and take that
// for an empty log.
std::atomic<bool> standard_input_taken{false};

void take_standard_input() {
  if (standard_input_taken.exchange(true)) {
    throw InputError("standard input ('-') can be read only once per run; it was already given for another input");
  }
}

// Calls `use(data, length)` for each block read from `fd` until its end; a read error is a
// RuntimeFailure naming `name`, never a short input.
template <typename Use>
void read_blocks(int fd, const std::string& name, Use&& use) {
  std::vector<char> buffer(1 << 20);
  while (true) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      throw RuntimeFailure("cannot read " + name + ": " + std::strerror(error));
    }
    if (n == 0) return;
    use(buffer.data(), static_cast<std::size_t>(n));
  }
}

template <typename Use>
void read_standard_input_blocks(Use&& use) {
  take_standard_input();
  read_blocks(STDIN_FILENO, "standard input", use);
}

// Copies standard input into a temporary file that is unlinked as soon as it exists, so an interrupted run
// leaves nothing behind; returns the descriptor, read afterwards with pread.
int spool_standard_input() {
  std::string path = (std::filesystem::temp_directory_path() / "fleetcast-stdin-XXXXXX").string();
  const int fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    throw RuntimeFailure("cannot create a temporary file " + path + " to hold standard input: " + std::strerror(error));
  }
  ::unlink(path.c_str());
  try {
    read_standard_input_blocks([&](const char* data, std::size_t length) {
      for (std::size_t written = 0; written < length;) {
        const ssize_t n = ::write(fd, data + written, length - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
          const int error = errno;
          throw RuntimeFailure(std::string("cannot spool standard input to a temporary file: ") + std::strerror(error));
        }
        written += static_cast<std::size_t>(n);
      }
    });
  } catch (...) {
    ::close(fd);
    throw;
  }
  return fd;
}

InputFile describe_path(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError("cannot open " + path.string() + ": " + std::strerror(errno));
  struct stat info {};
  const bool stated = ::fstat(fd, &info) == 0;
  const bool gzip = stated && S_ISREG(info.st_mode) && starts_with_gzip_magic(fd);
  ::close(fd);
  if (!stated) throw RuntimeFailure("cannot stat " + path.string() + ": " + std::strerror(errno));
  if (!S_ISREG(info.st_mode)) throw InputError(path.string() + " is not a regular file (pipe it to standard input as -)");
  return {path, path.string(), static_cast<std::uint64_t>(info.st_size), gzip, info.st_dev, info.st_ino, -1};
}

}  // namespace

std::vector<std::filesystem::path> expand_pattern(const std::string& pattern) { return expand(pattern); }

std::string read_standard_input() {
  std::string text;
  read_standard_input_blocks([&](const char* data, std::size_t length) { text.append(data, length); });
  return text;
}

std::string read_whole_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    throw InputError(path + ": cannot open for reading: " + std::strerror(error));
  }
  std::string text;
  try {
    read_blocks(fd, path, [&](const char* data, std::size_t length) { text.append(data, length); });
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return text;
}

InputFiles::~InputFiles() {
  if (spooled_stdin_ >= 0) ::close(spooled_stdin_);
}

std::uint64_t InputFiles::total_bytes() const {
  std::uint64_t total = 0;
  for (const auto& file : files_) total += file.size;
  return total;
}

std::unique_ptr<InputFiles> InputFiles::resolve(const std::vector<std::string>& patterns) {
  if (std::count(patterns.begin(), patterns.end(), "-") > 1) {
    throw InputError("standard input ('-') is given more than once; it can be read only once");
  }
  auto inputs = std::make_unique<InputFiles>();
  for (const auto& pattern : patterns) {
    if (pattern == "-") {
      inputs->spooled_stdin_ = spool_standard_input();
      struct stat info {};
      if (::fstat(inputs->spooled_stdin_, &info) != 0) throw RuntimeFailure("cannot stat the spooled standard input");
      inputs->files_.push_back({{}, "<stdin>", static_cast<std::uint64_t>(info.st_size), starts_with_gzip_magic(inputs->spooled_stdin_),
                                info.st_dev, info.st_ino, inputs->spooled_stdin_});
      continue;
    }
    for (auto& path : expand(pattern)) inputs->files_.push_back(describe_path(path));
  }
  return inputs;
}

}  // namespace fleetcast::sources
