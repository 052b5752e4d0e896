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
#include <limits>
#include <mutex>

#include "common/errors.h"
#include "common/progress.h"

namespace fleetcast::sources {
namespace {

constexpr std::size_t kChunkBytes = 8u << 20;
constexpr std::size_t kStreamBlock = 4u << 20;
constexpr std::size_t kCompressedBlock = 1u << 20;

// One unit of parallel work: a byte range of a plain file (the lines that start inside it), or a whole
// gzip file streamed.
struct Task {
  std::size_t file_index = 0;
  bool streamed = false;        // a gzip file, read whole by one worker
  std::uint64_t begin = 0;      // the range of a plain file; of a gzip file, where its lines to read start
  std::uint64_t end = 0;        // of a gzip file, set to its content length once streamed
  // Results, filled by the worker.
  std::uint64_t newline_count = 0;  // lines started in this range, blank ones too
  std::uint64_t lines = 0;
  std::uint64_t skipped = 0;
  std::vector<std::pair<std::uint64_t, const char*>> first_skipped;  // (line index within task, reason)
};

// An input file opened for positional reads, which any number of workers may share. Reads stop at the
// size the file had when resolved; a file that is shorter than that, or another file now, is an error.
class OpenFile {
 public:
  OpenFile(const InputFile& file, std::size_t index) : file_(file), index_(index) {
    if (file.descriptor >= 0) {
      fd_ = file.descriptor;
      return;
    }
    fd_ = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw RuntimeFailure("cannot open " + file.display_name + ": " + std::strerror(errno));
    owned_ = true;
    struct stat info {};
    if (::fstat(fd_, &info) != 0) {
      ::close(fd_);
      throw RuntimeFailure("cannot stat " + file.display_name + ": " + std::strerror(errno));
    }
    if (info.st_dev != file.device || info.st_ino != file.inode || static_cast<std::uint64_t>(info.st_size) < file.size) {
      ::close(fd_);
      throw RuntimeFailure(file.display_name + " changed while it was being read (replaced or truncated); run again once it is stable");
    }
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  ~OpenFile() {
    if (owned_) ::close(fd_);
  }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  std::size_t index() const { return index_; }
  const InputFile& file() const { return file_; }
  std::uint64_t size() const { return file_.size; }

  // Reads exactly `length` bytes at `offset`, which lie within size().
  void read_exactly(std::uint64_t offset, char* out, std::size_t length) const {
    std::size_t done = 0;
    while (done < length) {
      const ssize_t n = ::pread(fd_, out + done, length - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw RuntimeFailure("cannot read " + file_.display_name + ": " + std::strerror(errno));
      if (n == 0) {
        throw RuntimeFailure(file_.display_name + " changed while it was being read: it ends at byte " + std::to_string(offset + done) +
                             ", before the " + std::to_string(file_.size) + " bytes it held when first opened");
      }
      done += static_cast<std::size_t>(n);
    }
  }

 private:
  const InputFile& file_;
  std::size_t index_;
  int fd_ = -1;
  bool owned_ = false;
};

bool is_blank(std::string_view line) {
  for (const char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

void record_line(Task& task, LineConsumer& consumer, Line line, std::uint64_t line_index) {
  if (!line.text.empty() && line.text.back() == '\r') line.text.remove_suffix(1);
  if (is_blank(line.text) || line.offset < task.begin) return;
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

// Decompresses a gzip file (one or more members) and feeds its lines. Only a stream whose every member
// ends properly at the end of the file is a real end: corrupt data or a stream cut short is an InputError
// naming the file, never a shorter log. A line of any length is read whole.
void scan_gzip(Task& task, LineConsumer& consumer, const OpenFile& file, ProgressBar* progress) {
  z_stream stream{};
  if (::inflateInit2(&stream, 15 + 16) != Z_OK) throw RuntimeFailure("cannot start zlib for " + file.file().display_name);
  const std::unique_ptr<z_stream, decltype(&::inflateEnd)> stream_guard(&stream, &::inflateEnd);
  std::vector<unsigned char> compressed(kCompressedBlock);
  std::uint64_t compressed_offset = 0;  // the next compressed byte to read
  std::vector<char> buffer(kStreamBlock + kLinePadding);
  std::size_t carried = 0;            // bytes of a line not yet complete, at the buffer's start
  std::uint64_t line_index = 0;
  std::uint64_t buffer_offset = 0;    // where the buffer's first byte lies in the uncompressed content
  bool inside_member = false;         // a member has started and not yet ended
  bool output_full = false;           // zlib may hold more output for the input it has already taken
  const auto fail = [&](const std::string& what) {
    throw InputError(file.file().display_name + ": " + what + " after line " + std::to_string(line_index) + " (uncompressed byte " +
                     std::to_string(buffer_offset + carried) + ")");
  };
  while (true) {
    if (stream.avail_in == 0 && compressed_offset < file.size()) {
      const auto length = static_cast<std::size_t>(std::min<std::uint64_t>(compressed.size(), file.size() - compressed_offset));
      file.read_exactly(compressed_offset, reinterpret_cast<char*>(compressed.data()), length);
      compressed_offset += length;
      stream.next_in = compressed.data();
      stream.avail_in = static_cast<uInt>(length);
      if (progress) progress->advance(length);
    }
    if (stream.avail_in == 0 && !output_full) {
      if (inside_member) fail("gzip stream is truncated");
      break;
    }
    std::size_t capacity = buffer.size() - kLinePadding;
    if (carried == capacity) {  // one line longer than the buffer
      buffer.resize(2 * capacity + kLinePadding);
      capacity = buffer.size() - kLinePadding;
    }
    const std::size_t room = std::min<std::size_t>(capacity - carried, std::numeric_limits<uInt>::max());
    stream.next_out = reinterpret_cast<Bytef*>(buffer.data() + carried);
    stream.avail_out = static_cast<uInt>(room);
    const uInt input_before = stream.avail_in;
    const int status = ::inflate(&stream, Z_NO_FLUSH);
    if (status == Z_STREAM_END) {
      inside_member = false;
      ::inflateReset(&stream);  // another member may follow
    } else if (status == Z_OK || status == Z_BUF_ERROR) {
      if (stream.avail_in < input_before) inside_member = true;
    } else {
      fail(std::string("gzip data is corrupt (") + (stream.msg ? stream.msg : "zlib error " + std::to_string(status)) + ")");
    }
    output_full = stream.avail_out == 0;
    const std::size_t filled = carried + room - stream.avail_out;
    const char* last_newline = static_cast<const char*>(::memrchr(buffer.data() + carried, '\n', filled - carried));
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
  if (carried > 0) {
    line_index += scan_buffer(task, consumer, buffer.data(), buffer.data() + carried, buffer.data() + buffer.size(), line_index, buffer_offset);
  }
  task.newline_count = line_index;
  task.end = buffer_offset + carried;
}

// Reads [begin, end) of a plain file plus the rest of the line that crosses `end`, and the byte before
// `begin` (to tell whether a line starts exactly there), into `buffer`, followed by kLinePadding readable
// bytes. Returns the buffer's content length. `mid_line`: the range may start inside a line, so when it
// holds no newline no line starts in it and the rest of the line is not read (each chunk of a line
// longer than many chunks would otherwise read it to its end).
std::size_t read_range(const OpenFile& file, std::uint64_t read_begin, std::uint64_t end, bool mid_line, std::vector<char>& buffer) {
  constexpr std::size_t kExtension = 64 * 1024;
  std::size_t length = static_cast<std::size_t>(end - read_begin);
  buffer.resize(length + kLinePadding);
  file.read_exactly(read_begin, buffer.data(), length);
  if (mid_line && !std::memchr(buffer.data(), '\n', length)) return length;
  while (length > 0 && buffer[length - 1] != '\n' && read_begin + length < file.size()) {
    const auto got = static_cast<std::size_t>(std::min<std::uint64_t>(kExtension, file.size() - (read_begin + length)));
    buffer.resize(length + got + kLinePadding);
    file.read_exactly(read_begin + length, buffer.data() + length, got);
    const char* newline = static_cast<const char*>(std::memchr(buffer.data() + length, '\n', got));
    length = newline ? static_cast<std::size_t>(newline - buffer.data()) + 1 : length + got;
  }
  buffer.resize(length + kLinePadding);
  return length;
}

// The lines that start inside a task's range of a plain file.
void scan_range(Task& task, LineConsumer& consumer, const OpenFile& file, std::vector<char>& buffer) {
  const std::uint64_t read_begin = task.begin == 0 ? 0 : task.begin - 1;
  const std::size_t length = read_range(file, read_begin, task.end, task.begin > 0, buffer);
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
  const OpenFile open_file(inputs.files().at(file_index), file_index);
  Task task{.file_index = file_index, .first_skipped = {}};
  if (open_file.file().gzip) {
    RangeFilter filter(ranges, consumer);
    scan_gzip(task, filter, open_file, nullptr);
    return;
  }
  std::vector<char> buffer;
  for (const auto& range : ranges) {
    if (range.end > open_file.size() || range.begin > range.end) {
      throw RuntimeFailure(open_file.file().display_name + " changed while it was being read: a recorded line lies past its end");
    }
    const auto length = static_cast<std::size_t>(range.end - range.begin);
    buffer.assign(length + kLinePadding, '\0');
    open_file.read_exactly(range.begin, buffer.data(), length);
    scan_buffer(task, consumer, buffer.data(), buffer.data() + length, buffer.data() + buffer.size(), 0, range.begin);
  }
}

ScanResult scan_lines(const InputFiles& inputs, const std::function<std::unique_ptr<LineConsumer>()>& make_consumer,
                      ProgressBar* progress) {
  const auto& files = inputs.files();
  std::vector<Task> tasks;
  for (std::size_t file_index = 0; file_index < files.size(); ++file_index) {
    const InputFile& file = files[file_index];
    if (file.gzip) {
      tasks.push_back(Task{.file_index = file_index, .streamed = true, .first_skipped = {}});
      continue;
    }
    for (std::uint64_t begin = 0; begin < file.size; begin += kChunkBytes) {
      tasks.push_back(Task{.file_index = file_index, .begin = begin, .end = std::min<std::uint64_t>(file.size, begin + kChunkBytes),
                           .first_skipped = {}});
    }
  }

  // Each worker reads into its own buffer and feeds its own consumer: resident memory stays near one
  // chunk per worker however large the files. A worker keeps open only the file it is reading (its next
  // task is most often the next chunk of the same file), so at most one descriptor per worker is open.
  tbb::enumerable_thread_specific<std::unique_ptr<LineConsumer>> consumers([&] { return make_consumer(); });
  tbb::enumerable_thread_specific<std::vector<char>> buffers;
  tbb::enumerable_thread_specific<std::unique_ptr<OpenFile>> open_files;
  std::mutex error_mutex;
  std::exception_ptr failure;
  tbb::parallel_for(std::size_t{0}, tasks.size(), [&](std::size_t task_index) {
    Task& task = tasks[task_index];
    LineConsumer& consumer = *consumers.local();
    try {
      auto& open_file = open_files.local();
      if (!open_file || open_file->index() != task.file_index) {
        open_file.reset();
        open_file = std::make_unique<OpenFile>(files[task.file_index], task.file_index);
      }
      if (task.streamed) {
        scan_gzip(task, consumer, *open_file, progress);
        open_file.reset();
      } else {
        scan_range(task, consumer, *open_file, buffers.local());
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
  }
  for (auto& consumer : consumers) {
    if (consumer) result.consumers.push_back(std::move(consumer));
  }
  return result;
}

TailScan scan_tail(const InputFile& file, std::uint32_t file_index, std::uint64_t begin, std::uint64_t lines_before,
                   LineConsumer& consumer) {
  const OpenFile open_file(file, file_index);
  Task task{.file_index = file_index, .begin = begin, .first_skipped = {}};
  TailScan result;
  if (file.gzip) {
    scan_gzip(task, consumer, open_file, nullptr);
    result.end = std::max(task.end, begin);
    result.line_count = task.newline_count;
  } else {
    // Blocks from `begin` to the size at resolution; the bytes after the last newline are carried into the
    // next block, and left for the next read at the end.
    std::vector<char> buffer;
    std::size_t carried = 0;
    std::uint64_t position = begin;
    result.end = begin;
    result.line_count = lines_before;
    while (position < file.size) {
      const auto length = static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, file.size - position));
      buffer.resize(carried + length + kLinePadding);
      open_file.read_exactly(position, buffer.data() + carried, length);
      position += length;
      const std::size_t filled = carried + length;
      const char* last_newline = static_cast<const char*>(::memrchr(buffer.data(), '\n', filled));
      if (!last_newline) {
        carried = filled;
        continue;
      }
      const char* complete_end = last_newline + 1;
      result.line_count += scan_buffer(task, consumer, buffer.data(), complete_end, buffer.data() + buffer.size(), result.line_count, result.end);
      result.end += static_cast<std::uint64_t>(complete_end - buffer.data());
      carried = static_cast<std::size_t>(buffer.data() + filled - complete_end);
      std::memmove(buffer.data(), complete_end, carried);
    }
  }
  result.stats.bytes = result.end - begin;
  result.stats.lines = task.lines;
  result.stats.skipped = task.skipped;
  for (const auto& [index, reason] : task.first_skipped) result.stats.first_skipped.push_back({file_index, index + 1, reason});
  return result;
}

std::string describe(const InputFiles& inputs, const SkippedLine& skipped) {
  return inputs.files()[skipped.file_index].display_name + ":" + std::to_string(skipped.line_number) + ": " + skipped.reason;
}

std::vector<LineRange> merge_line_ranges(std::vector<LineRange> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const LineRange& a, const LineRange& b) { return a.begin < b.begin; });
  std::vector<LineRange> merged;
  for (const auto& range : ranges) {
    if (!merged.empty() && range.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, range.end);
    } else {
      merged.push_back(range);
    }
  }
  return merged;
}

}  // namespace fleetcast::sources
