// A whole input file through the line scanner and the metric parser, as ingest reads it. The first byte
// picks the mode: even, the rest is the file as is (a gzip stream when it starts with the magic number,
// else plain text), so damaged and truncated streams are tried; odd, the rest is text that is also
// gzip-compressed, and the compressed file must give exactly the lines, offsets and verdicts that the
// plain one gives; neither may throw.
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "common/errors.h"
#include "fuzz_check.h"
#include "sources/input_files.h"
#include "sources/line_scanner.h"
#include "sources/metric_record.h"

namespace {

using namespace fleetcast::sources;

struct SeenLine {
  std::uint64_t offset = 0;
  std::string text;
  std::string verdict;  // empty when the line parsed

  bool operator<(const SeenLine& other) const { return offset < other.offset; }
  bool operator==(const SeenLine& other) const = default;
};

// Every worker's consumer adds what it saw here; the scan runs its workers in parallel.
struct SeenLines {
  std::mutex mutex;
  std::vector<SeenLine> lines;
};

class RecordingConsumer : public LineConsumer {
 public:
  explicit RecordingConsumer(SeenLines& seen) : seen_(seen) {}
  const char* consume(const Line& line) override {
    FUZZ_CHECK(!line.text.empty());
    FUZZ_CHECK(line.text.find('\n') == std::string_view::npos);
    MetricRecord record;
    const char* reason = parser_.parse(line.text, line.padded, record);
    std::lock_guard lock(seen_.mutex);
    seen_.lines.push_back({line.offset, std::string(line.text), reason ? reason : ""});
    return reason;
  }

 private:
  SeenLines& seen_;
  MetricLineParser parser_;
};

// An in-memory file with a path the scanner can open, reused across inputs.
class MemoryFile {
 public:
  MemoryFile() : fd_(::memfd_create("fleetcast-fuzz", 0)), path_("/proc/self/fd/" + std::to_string(fd_)) {
    FUZZ_CHECK(fd_ >= 0);
  }
  const std::string& write(const void* data, std::size_t size) {
    FUZZ_CHECK(::ftruncate(fd_, 0) == 0);
    FUZZ_CHECK(::pwrite(fd_, data, size, 0) == static_cast<ssize_t>(size));
    return path_;
  }

 private:
  int fd_;
  std::string path_;
};

std::vector<unsigned char> gzip(const std::uint8_t* data, std::size_t size) {
  z_stream stream{};
  FUZZ_CHECK(::deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::vector<unsigned char> out(::deflateBound(&stream, size) + 32);
  stream.next_in = const_cast<Bytef*>(data);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  FUZZ_CHECK(::deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  ::deflateEnd(&stream);
  return out;
}

struct Scan {
  ScanStats stats;
  std::vector<SeenLine> lines;  // by offset
};

Scan scan(const std::string& path) {
  const auto inputs = InputFiles::resolve({path});
  SeenLines seen;
  ScanResult result = scan_lines(*inputs, [&] { return std::make_unique<RecordingConsumer>(seen); }, nullptr);
  std::sort(seen.lines.begin(), seen.lines.end());
  FUZZ_CHECK(result.stats.lines == seen.lines.size());
  const auto skipped = std::count_if(seen.lines.begin(), seen.lines.end(), [](const SeenLine& line) { return !line.verdict.empty(); });
  FUZZ_CHECK(result.stats.skipped == static_cast<std::uint64_t>(skipped));
  FUZZ_CHECK(result.stats.first_skipped.size() == std::min<std::size_t>(skipped, kMaxReportedSkips));
  return {std::move(result.stats), std::move(seen.lines)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static MemoryFile plain_file;
  static MemoryFile gzip_file;
  if (size == 0) return 0;
  const bool compare_with_gzip = data[0] & 1;
  ++data;
  --size;

  if (!compare_with_gzip) {
    try {
      scan(plain_file.write(data, size));
    } catch (const fleetcast::InputError&) {  // a corrupt or truncated gzip stream
    }
    return 0;
  }
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) return 0;  // plain text that reads as gzip
  const Scan plain = scan(plain_file.write(data, size));
  const auto compressed = gzip(data, size);
  const Scan unpacked = scan(gzip_file.write(compressed.data(), compressed.size()));
  FUZZ_CHECK(plain.stats.lines == unpacked.stats.lines);
  FUZZ_CHECK(plain.stats.skipped == unpacked.stats.skipped);
  FUZZ_CHECK(plain.lines == unpacked.lines);
  FUZZ_CHECK(plain.stats.first_skipped.size() == unpacked.stats.first_skipped.size());
  for (std::size_t i = 0; i < plain.stats.first_skipped.size(); ++i) {
    FUZZ_CHECK(plain.stats.first_skipped[i].line_number == unpacked.stats.first_skipped[i].line_number);
    FUZZ_CHECK(plain.stats.first_skipped[i].reason == unpacked.stats.first_skipped[i].reason);
  }
  return 0;
}
