#pragma once
// Turning the paths a user typed into the list of files to read.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace fleetcast::sources {

struct InputFile {
  std::filesystem::path path;   // empty for standard input, which is read through `descriptor`
  std::string display_name;     // what warnings call it ("-" shows as "<stdin>")
  // The size when the inputs were resolved: every pass reads exactly this many bytes, so a log that grows
  // meanwhile gives every pass the same lines.
  std::uint64_t size = 0;
  bool gzip = false;            // by magic number, whatever the name
  dev_t device = 0;             // identity, to notice a file replaced between resolving and reading
  ino_t inode = 0;
  int descriptor = -1;          // the spooled copy of standard input, owned by InputFiles; -1 for a path
};

// The resolved inputs. Files are opened only while they are read, so their number is not bounded by the
// limit on open descriptors. Standard input is spooled to an unlinked temporary file held open here (no
// name is left behind whatever ends the process), so a second pass over the same data is possible.
class InputFiles {
 public:
  InputFiles() = default;
  ~InputFiles();
  InputFiles(const InputFiles&) = delete;
  InputFiles& operator=(const InputFiles&) = delete;

  const std::vector<InputFile>& files() const { return files_; }
  std::uint64_t total_bytes() const;

  // Files, directories (every *.jsonl and *.jsonl.gz inside, sorted by name), glob patterns, or "-" for
  // standard input. Throws InputError naming a path that does not exist or a glob that matches nothing, and
  // when "-" is given twice (standard input can be read once per run, whichever flags name it); throws
  // RuntimeFailure when standard input cannot be read.
  static std::unique_ptr<InputFiles> resolve(const std::vector<std::string>& patterns);

 private:
  std::vector<InputFile> files_;
  int spooled_stdin_ = -1;
};

// The files one pattern names: a file, a directory (every *.jsonl and *.jsonl.gz inside, sorted by name;
// none for an empty one) or a glob. Throws InputError for a path that does not exist or a glob that
// matches nothing.
std::vector<std::filesystem::path> expand_pattern(const std::string& pattern);

// All of standard input, for a reader that wants it whole. Throws RuntimeFailure on a read error (never a
// short input) and InputError when standard input was already read for another input.
std::string read_standard_input();

// All of a file. Throws InputError when it cannot be opened and RuntimeFailure on a read error.
std::string read_whole_file(const std::string& path);

}  // namespace fleetcast::sources
