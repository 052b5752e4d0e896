#include "sources/line_scanner.h"

#include <fcntl.h>
#include <sys/mman.h>
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

// One unit of parallel work: a byte range of a mapped file, or a whole gzip file streamed.
struct Task {
  std::size_t file_index = 0;
  std::size_t chunk_index = 0;  // order within the file
  const char* begin = nullptr;  // mapped range; null for a streamed file
  const char* end = nullptr;
  const char* mapping_begin = nullptr;
  const char* mapping_end = nullptr;
  // Results, filled by the worker.
  std::uint64_t newline_count = 0;  // lines started in this range, blank ones too
  std::uint64_t lines = 0;
  std::uint64_t skipped = 0;
  std::vector<std::pair<std::uint64_t, const char*>> first_skipped;  // (line index within task, reason)
  std::string file_error;
};

class MappedFile {
 public:
  explicit MappedFile(const InputFile& file) {
    fd_ = ::open(file.path.c_str(), O_RDONLY);
    if (fd_ < 0) throw InputError("cannot open " + file.display_name + ": " + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd_, &info) != 0) throw RuntimeFailure("cannot stat " + file.display_name);
    size_ = static_cast<std::size_t>(info.st_size);
    if (size_ == 0) return;
    void* address = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (address == MAP_FAILED) throw RuntimeFailure("cannot map " + file.display_name + ": " + std::strerror(errno));
    ::madvise(address, size_, MADV_SEQUENTIAL | MADV_WILLNEED);
    data_ = static_cast<const char*>(address);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool is_gzip() const { return size_ >= 2 && static_cast<unsigned char>(data_[0]) == 0x1f && static_cast<unsigned char>(data_[1]) == 0x8b; }

 private:
  int fd_ = -1;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
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

// Drops a parsed chunk's pages from this process (the page cache keeps them), so resident memory stays
// near one chunk per worker however large the file. Only whole pages inside the chunk are dropped.
void release_pages(const char* mapping_begin, const char* begin, const char* end) {
  static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto base = reinterpret_cast<std::uintptr_t>(mapping_begin);
  const std::uintptr_t first = base + ((reinterpret_cast<std::uintptr_t>(begin) - base + page - 1) / page) * page;
  const std::uintptr_t last = base + ((reinterpret_cast<std::uintptr_t>(end) - base) / page) * page;
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
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
  MappedFile mapping(file);
  Task task{.file_index = file_index, .first_skipped = {}, .file_error = {}};
  if (mapping.is_gzip()) {
    RangeFilter filter(ranges, consumer);
    scan_gzip(task, filter, file, nullptr);
    return;
  }
  const char* data = mapping.data();
  const char* data_end = data + mapping.size();
  for (const auto& range : ranges) {
    if (range.end > mapping.size() || range.begin > range.end) {
      throw RuntimeFailure(file.display_name + " changed while it was being read");
    }
    scan_buffer(task, consumer, data + range.begin, data + range.end, data_end, 0, range.begin);
  }
}

ScanResult scan_lines(const InputFiles& inputs, const std::function<std::unique_ptr<LineConsumer>()>& make_consumer,
                      ProgressBar* progress) {
  const auto& files = inputs.files();
  std::vector<std::unique_ptr<MappedFile>> mappings;
  std::vector<Task> tasks;
  for (std::size_t file_index = 0; file_index < files.size(); ++file_index) {
    auto mapping = std::make_unique<MappedFile>(files[file_index]);
    if (mapping->is_gzip()) {
      tasks.push_back(Task{.file_index = file_index, .first_skipped = {}, .file_error = {}});
    } else {
      const char* cursor = mapping->data();
      const char* file_end = cursor + mapping->size();
      std::size_t chunk_index = 0;
      while (cursor < file_end) {
        const char* chunk_end = cursor + std::min<std::size_t>(kChunkBytes, static_cast<std::size_t>(file_end - cursor));
        if (chunk_end < file_end) {
          const char* newline = static_cast<const char*>(std::memchr(chunk_end, '\n', static_cast<std::size_t>(file_end - chunk_end)));
          chunk_end = newline ? newline + 1 : file_end;
        }
        tasks.push_back(Task{.file_index = file_index, .chunk_index = chunk_index++, .begin = cursor, .end = chunk_end,
                             .mapping_begin = mapping->data(), .mapping_end = file_end, .first_skipped = {}, .file_error = {}});
        cursor = chunk_end;
      }
    }
    mappings.push_back(std::move(mapping));
  }

  tbb::enumerable_thread_specific<std::unique_ptr<LineConsumer>> consumers([&] { return make_consumer(); });
  std::mutex error_mutex;
  std::exception_ptr failure;
  tbb::parallel_for(std::size_t{0}, tasks.size(), [&](std::size_t task_index) {
    Task& task = tasks[task_index];
    LineConsumer& consumer = *consumers.local();
    try {
      if (task.begin == nullptr) {
        scan_gzip(task, consumer, files[task.file_index], progress);
      } else {
        task.newline_count = scan_buffer(task, consumer, task.begin, task.end, task.mapping_end, 0,
                                         static_cast<std::uint64_t>(task.begin - task.mapping_begin));
        release_pages(task.mapping_begin, task.begin, task.end);
        if (progress) progress->advance(static_cast<std::uint64_t>(task.end - task.begin));
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
