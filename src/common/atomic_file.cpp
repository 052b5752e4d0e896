#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "common/errors.h"

namespace fleetcast {

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
  std::string temp = (directory / ("." + path.filename().string() + ".tmpXXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    throw RuntimeFailure("cannot create a temporary file in " + directory.string() + ": " + std::strerror(errno));
  }
  auto fail = [&](const char* what) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    ::unlink(temp.c_str());
    throw RuntimeFailure(std::string(what) + " " + path.string() + ": " + reason);
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) fail("cannot flush");
  if (::close(fd) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    throw RuntimeFailure("cannot close " + path.string() + ": " + reason);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    throw RuntimeFailure("cannot rename into " + path.string() + ": " + reason);
  }
}

}  // namespace fleetcast
