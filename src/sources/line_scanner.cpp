#include "sources/line_scanner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "common/errors.h"
#include "common/progress.h"

namespace fleetcast::sources {
namespace {

constexpr std::size_t kChunkBytes = 8u << 20;
constexpr std::size_t kStreamBlock = 4u << 20;

// One unit of parallel work: a byte range of a plain file (the lines that start inside it), or a whole
// gzip file streamed.
struct Task {
  std::size_t file_index = 0;
  bool streamed = false;        // a gzip file, read whole by one worker
  std::uint64_t begin = 0;      // the range of a plain file
  std::uint64_t end = 0;
  // Results, filled by the worker.
  std::uint64_t newline_count = 0;  // lines started in this range, blank ones too
  std::uint64_t lines = 0;
  std::uint64_t skipped = 0;
  std::vector<std::pair<std::uint64_t, const char*>> first_skipped;  // (line index within task, reason)
  std::string file_error;
};

// An input file opened for positional reads, which any number of workers may share.
class OpenFile {
 public:
  explicit OpenFile(const InputFile& file) : name_(file.display_name) {
    fd_ = ::open(file.path.c_str(), O_RDONLY);
    if (fd_ < 0) throw InputError("cannot open " + file.display_name + ": " + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd_, &info) != 0) throw RuntimeFailure("cannot stat " + file.display_name);
    size_ = static_cast<std::uint64_t>(info.st_size);
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    unsigned char magic[2] = {0, 0};
    gzip_ = read_at(0, reinterpret_cast<char*>(magic), 2) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  }
  ~OpenFile() { ::close(fd_); }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  std::uint64_t size() const { return size_; }
  bool is_gzip() const { return gzip_; }

  // Reads up to `length` bytes at `offset`; returns how many were read (fewer only at the end of file).
  std::size_t read_at(std::uint64_t offset, char* out, std::size_t length) const {
    std::size_t done = 0;
    while (done < length) {
      const ssize_t n = ::pread(fd_, out + done, length - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw RuntimeFailure("cannot read " + name_ + ": " + std::strerror(errno));
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    return done;
  }

 private:
  std::string name_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  bool gzip_ = false;
};

bool is_blank(std::string_view line) {
  for (const char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

void record_line(Task& task, LineConsumer& consumer, Line line, std::uint64_t line_index) {
  if (!line.text.empty() && line.text.back() == '\r') line.text.remove_suffix(1);
  if (is_blank(line.text)) return;
  ++task.lines;
  if (const char* reason = consumer.consume(line)) {
    ++task.skipped;
    if (task.first_skipped.size() < kMaxReportedSkips) task.first_skipped.emplace_back(line_index, reason);
  }
}

// Lines of a buffer whose last line may lack its newline; `readable_end` bounds what may be read past a
// line for padding; `begin_offset` is where `begin` lies in the file's content. Returns the number of
// lines started.
std::uint64_t scan_buffer(Task& task, LineConsumer& consumer, const char* begin, const char* end,
                          const char* readable_end, std::uint64_t first_line_index, std::uint64_t begin_offset) {
  std::uint64_t line_index = first_line_index;
  const char* cursor = begin;
  while (cursor < end) {
    const char* newline = static_cast<const char*>(std::memchr(cursor, '\n', static_cast<std::size_t>(end - cursor)));
    const char* line_end = newline ? newline : end;
    const Line line{std::string_view(cursor, static_cast<std::size_t>(line_end - cursor)), line_end + kLinePadding <= readable_end,
                    static_cast<std::uint32_t>(task.file_index), begin_offset + static_cast<std::uint64_t>(cursor - begin)};
    record_line(task, consumer, line, line_index);
    ++line_index;
    cursor = newline ? newline + 1 : end;
  }
  return line_index - first_line_index;
}

void scan_gzip(Task& task, LineConsumer& consumer, const InputFile& file, ProgressBar* progress) {
  const int fd = ::open(file.path.c_str(), O_RDONLY);
  if (fd < 0) throw InputError("cannot open " + file.display_name + ": " + std::strerror(errno));
  gzFile stream = ::gzdopen(fd, "rb");
  if (!stream) {
    ::close(fd);
    throw RuntimeFailure("cannot open gzip stream " + file.display_name);
  }
  ::gzbuffer(stream, 1u << 18);
  std::vector<char> buffer(kStreamBlock + kLinePadding);
  std::size_t carried = 0;
  std::uint64_t line_index = 0;
  std::uint64_t buffer_offset = 0;  // where the buffer's first byte lies in the uncompressed content
  z_off_t reported_offset = 0;
  while (true) {
    if (carried == kStreamBlock) buffer.resize(buffer.size() * 2);  // one line longer than a block
    const std::size_t capacity = buffer.size() - kLinePadding;
    const int n = ::gzread(stream, buffer.data() + carried, static_cast<unsigned>(capacity - carried));
    if (n < 0) {
      int code = 0;
      task.file_error = file.display_name + ": gzip data is corrupt (" + ::gzerror(stream, &code) + "); read stopped after line " +
                        std::to_string(line_index);
      break;
    }
    const std::size_t filled = carried + static_cast<std::size_t>(n);
    if (progress) {
      const z_off_t offset = ::gzoffset(stream);
      progress->advance(static_cast<std::uint64_t>(offset - reported_offset));
      reported_offset = offset;
    }
    if (n == 0) {
      if (filled > 0) {
        line_index += scan_buffer(task, consumer, buffer.data(), buffer.data() + filled, buffer.data() + buffer.size(), line_index,
                                  buffer_offset);
      }
      break;
    }
    const char* last_newline = static_cast<const char*>(::memrchr(buffer.data(), '\n', filled));
    if (!last_newline) {
      carried = filled;
      continue;
    }
    const char* complete_end = last_newline + 1;
    line_index += scan_buffer(task, consumer, buffer.data(), complete_end, buffer.data() + buffer.size(), line_index, buffer_offset);
    buffer_offset += static_cast<std::uint64_t>(complete_end - buffer.data());
    carried = static_cast<std::size_t>(buffer.data() + filled - complete_end);
    std::memmove(buffer.data(), complete_end, carried);
  }
  int close_status = ::gzclose(stream);
  if (close_status != Z_OK && task.file_error.empty()) {
    task.file_error = file.display_name + ": gzip stream is truncated; read stopped after line " + std::to_string(line_index);
  }
  task.newline_count = line_index;
}

// Reads [begin, end) of a plain file plus the rest of the line that crosses `end`, and the byte before
// `begin` (to tell whether a line starts exactly there), into `buffer`, followed by kLinePadding readable
// bytes. Returns the buffer's content length.
std::size_t read_range(const OpenFile& file, std::uint64_t read_begin, std::uint64_t end, std::vector<char>& buffer) {
  constexpr std::size_t kExtension = 64 * 1024;
  std::size_t length = static_cast<std::size_t>(end - read_begin);
  buffer.resize(length + kLinePadding);
  length = file.read_at(read_begin, buffer.data(), length);
  while (length > 0 && buffer[length - 1] != '\n' && read_begin + length < file.size()) {
    buffer.resize(length + kExtension + kLinePadding);
    const std::size_t got = file.read_at(read_begin + length, buffer.data() + length, kExtension);
    const char* newline = static_cast<const char*>(std::memchr(buffer.data() + length, '\n', got));
    length = newline ? static_cast<std::size_t>(newline - buffer.data()) + 1 : length + got;
    if (got == 0) break;
  }
  buffer.resize(length + kLinePadding);
  return length;
}

// The lines that start inside a task's range of a plain file.
void scan_range(Task& task, LineConsumer& consumer, const OpenFile& file, std::vector<char>& buffer) {
  const std::uint64_t read_begin = task.begin == 0 ? 0 : task.begin - 1;
  const std::size_t length = read_range(file, read_begin, task.end, buffer);
  std::size_t first = 0;
  if (task.begin > 0) {
    // The line under way at `begin` belongs to the previous range, unless one starts exactly there.
    const char* newline = static_cast<const char*>(std::memchr(buffer.data(), '\n', length));
    if (!newline || read_begin + static_cast<std::uint64_t>(newline - buffer.data()) + 1 >= task.end) return;
    first = static_cast<std::size_t>(newline - buffer.data()) + 1;
  }
  task.newline_count = scan_buffer(task, consumer, buffer.data() + first, buffer.data() + length,
                                   buffer.data() + length + kLinePadding, 0, read_begin + first);
}

// Passes on only the lines that start inside the ranges, for a gzip file that must be streamed whole.
class RangeFilter : public LineConsumer {
 public:
  RangeFilter(const std::vector<LineRange>& ranges, LineConsumer& inner) : ranges_(ranges), inner_(inner) {}
  const char* consume(const Line& line) override {
    const auto after = std::upper_bound(ranges_.begin(), ranges_.end(), line.offset,
                                        [](std::uint64_t offset, const LineRange& range) { return offset < range.begin; });
    if (after == ranges_.begin() || line.offset >= std::prev(after)->end) return nullptr;
    return inner_.consume(line);
  }

 private:
  const std::vector<LineRange>& ranges_;
  LineConsumer& inner_;
};

}  // namespace

void scan_line_ranges(const InputFiles& inputs, std::uint32_t file_index, const std::vector<LineRange>& ranges,
                      LineConsumer& consumer) {
  const InputFile& file = inputs.files().at(file_index);
  const OpenFile open_file(file);
  Task task{.file_index = file_index, .first_skipped = {}, .file_error = {}};
  if (open_file.is_gzip()) {
    RangeFilter filter(ranges, consumer);
    scan_gzip(task, filter, file, nullptr);
    return;
  }
  std::vector<char> buffer;
  for (const auto& range : ranges) {
    if (range.end > open_file.size() || range.begin > range.end) {
      throw RuntimeFailure(file.display_name + " changed while it was being read");
    }
    const auto length = static_cast<std::size_t>(range.end - range.begin);
    buffer.assign(length + kLinePadding, '\0');
    if (open_file.read_at(range.begin, buffer.data(), length) != length) {
      throw RuntimeFailure(file.display_name + " changed while it was being read");
    }
    scan_buffer(task, consumer, buffer.data(), buffer.data() + length, buffer.data() + buffer.size(), 0, range.begin);
  }
}

ScanResult scan_lines(const InputFiles& inputs, const std::function<std::unique_ptr<LineConsumer>()>& make_consumer,
                      ProgressBar* progress) {
  const auto& files = inputs.files();
  std::vector<std::unique_ptr<OpenFile>> open_files;
  std::vector<Task> tasks;
  for (std::size_t file_index = 0; file_index < files.size(); ++file_index) {
    auto& file = open_files.emplace_back(std::make_unique<OpenFile>(files[file_index]));
    if (file->is_gzip()) {
      tasks.push_back(Task{.file_index = file_index, .streamed = true, .first_skipped = {}, .file_error = {}});
      continue;
    }
    for (std::uint64_t begin = 0; begin < file->size(); begin += kChunkBytes) {
      tasks.push_back(Task{.file_index = file_index, .begin = begin, .end = std::min<std::uint64_t>(file->size(), begin + kChunkBytes),
                           .first_skipped = {}, .file_error = {}});
    }
  }

  // Each worker reads into its own buffer and feeds its own consumer: resident memory stays near one
  // chunk per worker however large the files.
  tbb::enumerable_thread_specific<std::unique_ptr<LineConsumer>> consumers([&] { return make_consumer(); });
  tbb::enumerable_thread_specific<std::vector<char>> buffers;
  std::mutex error_mutex;
  std::exception_ptr failure;
  tbb::parallel_for(std::size_t{0}, tasks.size(), [&](std::size_t task_index) {
    Task& task = tasks[task_index];
    LineConsumer& consumer = *consumers.local();
    try {
      if (task.streamed) {
        scan_gzip(task, consumer, files[task.file_index], progress);
      } else {
        scan_range(task, consumer, *open_files[task.file_index], buffers.local());
        if (progress) progress->advance(task.end - task.begin);
      }
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!failure) failure = std::current_exception();
    }
  });
  if (failure) std::rethrow_exception(failure);

  ScanResult result;
  result.stats.bytes = inputs.total_bytes();
  std::vector<std::uint64_t> lines_before(files.size(), 0);
  for (auto& task : tasks) {  // tasks are in file order, then chunk order
    for (const auto& [index, reason] : task.first_skipped) {
      if (result.stats.first_skipped.size() < kMaxReportedSkips) {
        result.stats.first_skipped.push_back({task.file_index, lines_before[task.file_index] + index + 1, reason});
      }
    }
    lines_before[task.file_index] += task.newline_count;
    result.stats.lines += task.lines;
    result.stats.skipped += task.skipped;
    if (!task.file_error.empty()) result.stats.file_errors.push_back(task.file_error);
  }
  for (auto& consumer : consumers) {
    if (consumer) result.consumers.push_back(std::move(consumer));
  }
  return result;
}

std::string describe(const InputFiles& inputs, const SkippedLine& skipped) {
  return inputs.files()[skipped.file_index].display_name + ":" + std::to_string(skipped.line_number) + ": " + skipped.reason;
}

}  // namespace fleetcast::sources
