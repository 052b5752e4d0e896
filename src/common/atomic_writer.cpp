#include "common/atomic_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "common/errors.h"

namespace fleetcast {
namespace {
constexpr std::size_t kBufferBytes = 1u << 20;
}

AtomicFileWriter::AtomicFileWriter(std::filesystem::path path, bool gzip) : path_(std::move(path)) {
  const std::filesystem::path directory = path_.has_parent_path() ? path_.parent_path() : std::filesystem::path(".");
  std::string temp_name = ".";  // built by appends: GCC 12 warns falsely (-Wrestrict) on "." + string
  temp_name += path_.filename().string();
  temp_name += ".tmpXXXXXX";
  temp_path_ = (directory / temp_name).string();
  fd_ = ::mkstemp(temp_path_.data());
  if (fd_ < 0) throw RuntimeFailure("cannot create a temporary file in " + directory.string() + ": " + std::strerror(errno));
  ::fchmod(fd_, 0644);
  if (gzip) {
    const int gzip_fd = ::dup(fd_);
    gz_ = gzip_fd < 0 ? nullptr : ::gzdopen(gzip_fd, "wb6");
    if (!gz_) {
      const int error = errno;
      if (gzip_fd >= 0) ::close(gzip_fd);
      discard();  // the destructor does not run for a constructor that throws
      throw RuntimeFailure("cannot start gzip stream for " + path_.string() + ": " + std::strerror(error));
    }
  }
  buffer_.reserve(kBufferBytes);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (!committed_) discard();
}

void AtomicFileWriter::discard() {
  if (gz_) ::gzclose(static_cast<gzFile>(gz_));
  gz_ = nullptr;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(temp_path_.c_str());
}

void AtomicFileWriter::write(std::string_view data) {
  buffer_.append(data);
  if (buffer_.size() >= kBufferBytes) flush_buffer();
}

void AtomicFileWriter::flush_buffer() {
  if (buffer_.empty()) return;
  if (gz_) {
    if (::gzwrite(static_cast<gzFile>(gz_), buffer_.data(), static_cast<unsigned>(buffer_.size())) != static_cast<int>(buffer_.size())) {
      throw RuntimeFailure("cannot write " + path_.string() + " (gzip)");
    }
  } else {
    std::size_t written = 0;
    while (written < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + written, buffer_.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw RuntimeFailure("cannot write " + path_.string() + ": " + std::strerror(errno));
      written += static_cast<std::size_t>(n);
    }
  }
  buffer_.clear();
}

void AtomicFileWriter::commit() {
  flush_buffer();
  if (gz_) {
    const int status = ::gzclose(static_cast<gzFile>(gz_));
    gz_ = nullptr;
    if (status != Z_OK) throw RuntimeFailure("cannot finish gzip stream of " + path_.string());
  }
  // close runs whatever fsync says, so a failed flush leaks no descriptor.
  const int sync_error = ::fsync(fd_) == 0 ? 0 : errno;
  const int close_error = ::close(fd_) == 0 ? 0 : errno;
  fd_ = -1;
  if (sync_error != 0 || close_error != 0) {
    throw RuntimeFailure("cannot flush " + path_.string() + ": " + std::strerror(sync_error != 0 ? sync_error : close_error));
  }
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    throw RuntimeFailure("cannot rename into " + path_.string() + ": " + std::strerror(errno));
  }
  committed_ = true;
}

}  // namespace fleetcast
