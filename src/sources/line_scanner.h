#pragma once
// Reads every line of a set of files as fast as the disk allows: plain files are split into chunks read
// with pread and parsed in parallel; gzip files (by magic number, whatever the name) are streamed through
// zlib, a line of any length read whole. Each worker thread feeds its own LineConsumer, so aggregation
// needs no locks, and keeps only the file it is reading open. Input that ends before its real end (a
// gzip stream cut short or corrupt, a file shrunk or replaced while read, a read error) is an error that
// names the file, never a shorter log.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sources/input_files.h"

namespace fleetcast {
class ProgressBar;
}

namespace fleetcast::sources {

// Bytes that may be read past the end of a line handed to a consumer when `padded` is true: enough for
// simdjson's SIMD loads.
inline constexpr std::size_t kLinePadding = 64;

// One non-blank line, without its newline or carriage return.
struct Line {
  std::string_view text;
  bool padded = false;          // kLinePadding bytes past the end of `text` are readable
  std::uint32_t file_index = 0;
  std::uint64_t offset = 0;     // where the line starts in the file's (uncompressed) content
};

// A byte range of one file's content that holds whole lines: [begin, end).
struct LineRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

// The same bytes as `ranges`, sorted, with overlapping or touching ranges joined: each byte is read once.
std::vector<LineRange> merge_line_ranges(std::vector<LineRange> ranges);

class LineConsumer {
 public:
  virtual ~LineConsumer() = default;
  // Returns nullptr when the line was used, or a short static reason why it was skipped.
  virtual const char* consume(const Line& line) = 0;
};

struct SkippedLine {
  std::size_t file_index = 0;
  std::uint64_t line_number = 0;  // 1-based
  std::string reason;
};

struct ScanStats {
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;       // non-blank lines
  std::uint64_t skipped = 0;
  std::vector<SkippedLine> first_skipped;  // the first few, in file and line order
};

struct ScanResult {
  ScanStats stats;
  std::vector<std::unique_ptr<LineConsumer>> consumers;  // one per worker that ran; merge them
};

inline constexpr std::size_t kMaxReportedSkips = 10;

// Throws InputError for a corrupt or truncated gzip stream and RuntimeFailure for a read error or a file
// that changed since it was resolved.
ScanResult scan_lines(const InputFiles& inputs, const std::function<std::unique_ptr<LineConsumer>()>& make_consumer,
                      ProgressBar* progress);

// Feeds `consumer` only the lines that start inside `ranges` (sorted, not overlapping) of one file, as
// recorded by an earlier scan: a mapped file is read only there; a gzip stream is decompressed whole but
// its other lines are passed over unparsed.
void scan_line_ranges(const InputFiles& inputs, std::uint32_t file_index, const std::vector<LineRange>& ranges,
                      LineConsumer& consumer);

// What reading one file on from a known line start found.
struct TailScan {
  std::uint64_t end = 0;         // content offset after the last line read: where the next read starts
  std::uint64_t line_count = 0;  // lines before `end`, blank ones too, for the next read's line numbers
  ScanStats stats;               // bytes: the content bytes read; first_skipped names `file_index`
};

// Feeds `consumer` the lines of `file` that start at or after `begin`, a line start with `lines_before`
// lines before it. A plain file is read to its last newline: a last line still being written waits for the
// next read. A gzip file is decompressed from its start, its lines before `begin` passed over unparsed,
// and read to its end; a stream cut short (still being written) or corrupt throws InputError.
TailScan scan_tail(const InputFile& file, std::uint32_t file_index, std::uint64_t begin, std::uint64_t lines_before,
                   LineConsumer& consumer);

// "path:line: reason" for a skipped line.
std::string describe(const InputFiles& inputs, const SkippedLine& skipped);

}  // namespace fleetcast::sources
