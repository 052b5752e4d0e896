#pragma once
// Appends samples to the usage log (usage_log.h) so that no reader ever sees half a line, whatever
// ends the collector:
// - each round's lines for one file go out in one write() on a descriptor opened with O_APPEND, so
//   they land whole at the end of the file even beside another writer;
// - a short or failed write (disk full) is cut back off with ftruncate to the length before it;
// - a file whose last byte is not a newline (a machine that lost power mid-write) gets one first, so the
//   torn line stays a single malformed line, skipped and counted by the reader, and the next is whole.
#include <filesystem>
#include <string>
#include <vector>

#include "sources/usage/usage_sample.h"

namespace fleetcast::sources {

class UsageLogAppender {
 public:
  // Creates `dir` when missing; throws RuntimeFailure when it cannot.
  explicit UsageLogAppender(std::filesystem::path dir);
  ~UsageLogAppender();
  UsageLogAppender(const UsageLogAppender&) = delete;
  UsageLogAppender& operator=(const UsageLogAppender&) = delete;

  // Appends each sample to the file of its UTC day. Throws RuntimeFailure naming the file when a write
  // fails (the file is left as it was before it).
  void append(const std::vector<UsageSample>& samples);

 private:
  void open_file(const std::string& name);
  void write_whole(const std::string& text);

  std::filesystem::path dir_;
  std::string open_name_;
  int descriptor_ = -1;
  bool needs_newline_ = false;
};

}  // namespace fleetcast::sources
