#include "sources/usage/perf_sampler.h"

#include <linux/perf_event.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace fleetcast {
namespace {

// 1 metadata page and 2^4 data pages per thread: at 99 Hz with 127-frame chains (about 1 KiB a sample)
// that holds over half a second of samples, and the session drains every 20 ms.
constexpr std::size_t kDataPages = 16;

std::size_t page_size() { return static_cast<std::size_t>(sysconf(_SC_PAGESIZE)); }
std::size_t ring_bytes() { return (kDataPages + 1) * page_size(); }

perf_event_attr sampling_attributes(int frequency_hz, bool start_on_exec) {
  perf_event_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_TASK_CLOCK;  // counts only while the thread is on a CPU
  attr.freq = 1;
  attr.sample_freq = static_cast<std::uint64_t>(frequency_hz);
  attr.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CALLCHAIN;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  attr.exclude_callchain_kernel = 1;
  attr.disabled = start_on_exec ? 1 : 0;
  attr.enable_on_exec = start_on_exec ? 1 : 0;
  return attr;
}

}  // namespace

std::vector<pid_t> thread_ids(pid_t pid) {
  std::vector<pid_t> tids;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", error)) {
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) tids.push_back(std::stoi(name));
  }
  return tids;
}

PerfSampler::PerfSampler(pid_t pid, int frequency_hz, bool start_on_exec)
    : pid_(pid), frequency_hz_(frequency_hz), start_on_exec_(start_on_exec) {
  try {
    open_thread(pid, true);
    add_new_threads();
  } catch (...) {
    for (auto& [tid, event] : threads_) {
      munmap(event.ring, ring_bytes());
      close(event.fd);
    }
    throw;
  }
}

PerfSampler::~PerfSampler() {
  for (auto& [tid, event] : threads_) {
    munmap(event.ring, ring_bytes());
    close(event.fd);
  }
}

void PerfSampler::add_new_threads() {
  for (const pid_t tid : thread_ids(pid_)) {
    if (!threads_.contains(tid)) open_thread(tid, false);
  }
}

void PerfSampler::open_thread(pid_t tid, bool refuse_throws) {
  perf_event_attr attr = sampling_attributes(frequency_hz_, start_on_exec_ && tid == pid_);
  const int fd = static_cast<int>(syscall(SYS_perf_event_open, &attr, tid, -1, -1, PERF_FLAG_FD_CLOEXEC));
  if (fd < 0) {
    if (refuse_throws) throw PerfRefused("perf_event_open refused: " + std::string(std::strerror(errno)));
    return;  // the thread ended while we looked
  }
  void* ring = mmap(nullptr, ring_bytes(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (ring == MAP_FAILED) {
    const int error = errno;
    close(fd);
    if (refuse_throws) throw PerfRefused("mmap of the perf ring buffer refused: " + std::string(std::strerror(error)));
    return;
  }
  threads_.emplace(tid, ThreadEvent{fd, ring});
}

void PerfSampler::drain() {
  for (auto& [tid, event] : threads_) drain_thread(event);
}

void PerfSampler::drain_thread(ThreadEvent& event) {
  auto* meta = static_cast<perf_event_mmap_page*>(event.ring);
  const auto* data = static_cast<const unsigned char*>(event.ring) + page_size();
  const std::uint64_t size = kDataPages * page_size();
  const std::uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
  std::uint64_t tail = meta->data_tail;
  std::vector<unsigned char> record;
  while (tail + sizeof(perf_event_header) <= head) {
    perf_event_header header;
    for (std::size_t i = 0; i < sizeof header; ++i) {
      reinterpret_cast<unsigned char*>(&header)[i] = data[(tail + i) % size];
    }
    if (header.size < sizeof header || tail + header.size > head) break;
    record.resize(header.size);
    for (std::size_t i = 0; i < header.size; ++i) record[i] = data[(tail + i) % size];
    tail += header.size;
    auto field = [&record](std::size_t index) {
      std::uint64_t value = 0;
      const std::size_t at = sizeof(perf_event_header) + index * sizeof value;
      if (at + sizeof value <= record.size()) std::memcpy(&value, record.data() + at, sizeof value);
      return value;
    };
    if (header.type == PERF_RECORD_LOST) {
      lost_ += field(1);  // {id, lost}
      continue;
    }
    if (header.type != PERF_RECORD_SAMPLE) continue;
    // {ip, pid|tid, time, nr, ips[nr]}
    const std::uint64_t frames = field(3);
    CallChain chain;
    for (std::uint64_t i = 0; i < frames && 4 + i < (record.size() - sizeof header) / 8; ++i) {
      const std::uint64_t address = field(4 + i);
      if (address >= static_cast<std::uint64_t>(PERF_CONTEXT_MAX)) continue;  // context markers
      chain.addresses.push_back(address);
    }
    if (chain.addresses.empty()) chain.addresses.push_back(field(0));
    ++chains_[chain];
    ++samples_;
  }
  __atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
}

}  // namespace fleetcast
