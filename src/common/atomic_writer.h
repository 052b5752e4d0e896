#pragma once
// Streams a large output file into a temporary file beside its destination and renames it into place on
// commit(), so the destination never holds a partial file; without commit() the temporary is removed.
#include <filesystem>
#include <string>
#include <string_view>

namespace fleetcast {

class AtomicFileWriter {
 public:
  // `gzip`: compress the stream with zlib (for *.gz outputs).
  explicit AtomicFileWriter(std::filesystem::path path, bool gzip = false);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::string_view data);
  void commit();

 private:
  void flush_buffer();
  // Closes whatever is open and removes the temporary file.
  void discard();

  std::filesystem::path path_;
  std::string temp_path_;
  int fd_ = -1;
  void* gz_ = nullptr;  // gzFile when compressing
  std::string buffer_;
  bool committed_ = false;
};

}  // namespace fleetcast
