#pragma once
// Turning the paths a user typed into the list of files to read.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace fleetcast::sources {

struct InputFile {
  std::filesystem::path path;   // a real file; standard input is spooled to a temporary file first
  std::string display_name;     // what warnings call it ("-" shows as "<stdin>")
  std::uint64_t size = 0;
};

// The resolved inputs; owns the spooled copy of standard input, removed on destruction, so a second pass
// over the same data is possible.
class InputFiles {
 public:
  InputFiles() = default;
  ~InputFiles();
  InputFiles(const InputFiles&) = delete;
  InputFiles& operator=(const InputFiles&) = delete;

  const std::vector<InputFile>& files() const { return files_; }
  std::uint64_t total_bytes() const;

  // Files, directories (every *.jsonl and *.jsonl.gz inside, sorted by name), glob patterns, or "-" for
  // standard input. Throws InputError naming a path that does not exist or a glob that matches nothing.
  static std::unique_ptr<InputFiles> resolve(const std::vector<std::string>& patterns);

 private:
  std::vector<InputFile> files_;
  std::filesystem::path spooled_stdin_;
};

}  // namespace fleetcast::sources
