#include "sources/usage/usage_log_appender.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <system_error>

#include "common/errors.h"
#include "sources/usage/usage_log.h"

namespace fleetcast::sources {

UsageLogAppender::UsageLogAppender(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  if (error || !std::filesystem::is_directory(dir_)) {
    throw RuntimeFailure(fmt::format("--out {}: cannot create the directory: {}", dir_.string(),
                                     error ? error.message() : "a file of that name is in the way"));
  }
}

UsageLogAppender::~UsageLogAppender() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

void UsageLogAppender::open_file(const std::string& name) {
  if (name == open_name_) return;
  if (descriptor_ >= 0) ::close(descriptor_);
  descriptor_ = -1;
  open_name_.clear();
  const std::filesystem::path path = dir_ / name;
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (descriptor < 0) throw RuntimeFailure(fmt::format("{}: cannot open for appending: {}", path.string(), std::strerror(errno)));
  struct stat info {};
  char last = '\n';
  if (::fstat(descriptor, &info) == 0 && info.st_size > 0) {
    const int reader = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (reader >= 0) {
      if (::pread(reader, &last, 1, info.st_size - 1) != 1) last = '\n';
      ::close(reader);
    }
  }
  descriptor_ = descriptor;
  open_name_ = name;
  needs_newline_ = last != '\n';
}

void UsageLogAppender::write_whole(const std::string& text) {
  const std::string path = (dir_ / open_name_).string();
  struct stat before {};
  if (::fstat(descriptor_, &before) != 0) throw RuntimeFailure(fmt::format("{}: cannot stat: {}", path, std::strerror(errno)));
  ssize_t written = 0;
  do {
    written = ::write(descriptor_, text.data(), text.size());
  } while (written < 0 && errno == EINTR);
  if (written == static_cast<ssize_t>(text.size())) return;
  const int saved = written < 0 ? errno : ENOSPC;
  // Not a line of this round may stay behind half-written.
  if (written > 0 && ::ftruncate(descriptor_, before.st_size) != 0) {
    throw RuntimeFailure(fmt::format("{}: write failed ({}) and the partial lines could not be cut off: {}", path,
                                     std::strerror(saved), std::strerror(errno)));
  }
  throw RuntimeFailure(fmt::format("{}: cannot append: {}", path, std::strerror(saved)));
}

void UsageLogAppender::append(const std::vector<UsageSample>& samples) {
  std::map<std::string, std::string> text_by_file;
  for (const UsageSample& sample : samples) {
    std::string& text = text_by_file[usage_log_file_name(sample.time)];
    text += usage_sample_json(sample);
    text.push_back('\n');
  }
  for (auto& [name, text] : text_by_file) {
    open_file(name);
    if (needs_newline_) text.insert(text.begin(), '\n');
    write_whole(text);
    needs_newline_ = false;
  }
}

}  // namespace fleetcast::sources
