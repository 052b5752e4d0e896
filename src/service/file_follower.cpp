#include "service/file_follower.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "common/errors.h"

namespace fleetcast::service {
namespace {

constexpr std::string_view kGzipSuffix = ".gz";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A followed path as found on this pass; `record` is the index of the record it continues, kNew for a
// new file, kSkip for one not to read now.
struct Probe {
  static constexpr std::ptrdiff_t kNew = -1;
  static constexpr std::ptrdiff_t kSkip = -2;
  std::string path;
  dev_t device = 0;
  ino_t inode = 0;
  std::uint64_t size = 0;
  bool gzip = false;
  std::ptrdiff_t record = kNew;
};

// nullopt for a path that vanished since it was listed or is not a regular file.
std::optional<Probe> probe(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat info {};
  const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  unsigned char magic[2] = {0, 0};
  const bool gzip = regular && ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  ::close(fd);
  if (!regular) return std::nullopt;
  return Probe{path, info.st_dev, info.st_ino, static_cast<std::uint64_t>(info.st_size), gzip, Probe::kNew};
}

bool same_head(const std::string& path, const FollowedFile& record) {
  if (record.head_length == 0) return true;
  const ContentHead head = content_head(path, record.head_length);
  return head.length == record.head_length && head.hash == record.head_hash;
}

FollowedFile new_record(const Probe& found, SourceKind kind, std::int64_t& next_id) {
  FollowedFile file;
  file.id = next_id++;
  file.kind = kind;
  file.path = found.path;
  file.device = found.device;
  file.inode = found.inode;
  file.gzip = found.gzip;
  return file;
}

sources::InputFile input_of(const Probe& found) {
  return {found.path, found.path, found.size, found.gzip, found.device, found.inode, -1};
}

}  // namespace

ContentHead content_head(const std::string& path, std::uint64_t length) {
  ContentHead head;
  head.hash = 14695981039346656037ull;
  gzFile file = ::gzopen(path.c_str(), "rb");  // reads a plain file as it is
  if (!file) return head;
  std::vector<char> bytes(static_cast<std::size_t>(std::min(length, kHeadBytes)));
  std::size_t got = 0;
  while (got < bytes.size()) {
    const int n = ::gzread(file, bytes.data() + got, static_cast<unsigned>(bytes.size() - got));
    if (n <= 0) break;  // the end, or a gzip stream still being written
    got += static_cast<std::size_t>(n);
  }
  ::gzclose(file);
  for (std::size_t i = 0; i < got; ++i) head.hash = (head.hash ^ static_cast<unsigned char>(bytes[i])) * 1099511628211ull;
  head.length = got;
  return head;
}

FileFollower::FileFollower(std::vector<std::string> patterns, SourceKind kind, std::vector<FollowedFile> records)
    : patterns_(std::move(patterns)), kind_(kind), records_(std::move(records)) {}

std::size_t FileFollower::present_count() const {
  return static_cast<std::size_t>(
      std::count_if(records_.begin(), records_.end(), [](const FollowedFile& file) { return file.present && !file.retired; }));
}

void FileFollower::note_unreadable(const std::string& path, const std::string& why, std::vector<std::string>& notes) {
  const std::string note = fmt::format("{}: not read on this pass, retried on the next: {}", path, why);
  if (!waiting_notes_.count(note)) notes.push_back(note);
  next_waiting_notes_.insert(note);
}

FollowPlan FileFollower::plan(std::int64_t& next_id) {
  FollowPlan plan;
  waiting_notes_ = std::move(next_waiting_notes_);
  next_waiting_notes_.clear();
  const auto note_waiting = [&](const std::string& note) {
    if (!waiting_notes_.count(note)) plan.notes.push_back(note);
    next_waiting_notes_.insert(note);
  };

  std::vector<std::string> paths;
  for (const auto& pattern : patterns_) {
    try {
      for (const auto& path : sources::expand_pattern(pattern)) paths.push_back(path.string());
    } catch (const InputError& error) {
      if (first_pass_ && records_.empty()) throw;  // a typo, not a file gone since the state was saved
      note_waiting(error.what());
    } catch (const std::filesystem::filesystem_error& error) {
      note_waiting(fmt::format("cannot list {}: {}", pattern, error.what()));
    }
  }
  first_pass_ = false;
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  std::vector<Probe> probes;
  for (const auto& path : paths) {
    if (auto found = probe(path)) probes.push_back(std::move(*found));
  }
  const auto listed = [&](const std::string& path) { return std::binary_search(paths.begin(), paths.end(), path); };

  // The same file (device and inode) continues, whatever its path now.
  std::vector<bool> claimed(records_.size(), false);
  std::vector<bool> pending(records_.size(), false);  // its compressed copy is still being written
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_inode;
  for (std::size_t i = 0; i < records_.size(); ++i) {
    if (!records_[i].retired) by_inode[records_[i].inode].push_back(i);
  }
  for (auto& found : probes) {
    const auto candidates = by_inode.find(found.inode);
    if (candidates == by_inode.end()) continue;
    for (const std::size_t i : candidates->second) {
      if (!claimed[i] && records_[i].device == found.device) {
        found.record = static_cast<std::ptrdiff_t>(i);
        claimed[i] = true;
        break;
      }
    }
  }

  // X.jsonl.gz where X.jsonl was followed: the same content, compressed once the day is over.
  std::vector<std::size_t> successors;  // indices of records continued by their compressed copy
  for (std::size_t i = 0; i < records_.size(); ++i) {
    const FollowedFile& record = records_[i];
    if (claimed[i] || record.retired) continue;
    if (record.gzip) {  // a compressed copy followed by succession, which no pattern may list
      if (!record.present) continue;
      if (const auto found = probe(record.path); found && found->device == record.device && found->inode == record.inode) {
        probes.push_back(*found);
        probes.back().record = static_cast<std::ptrdiff_t>(i);
        claimed[i] = true;
      }
      continue;
    }
    // Another file took its path (rotated), or nothing of it was read (its copy is just a new file).
    if (listed(record.path) || record.offset == 0) continue;
    const std::string compressed = record.path + std::string(kGzipSuffix);
    auto listed_copy = std::find_if(probes.begin(), probes.end(), [&](const Probe& p) { return p.path == compressed; });
    // A copy no pattern lists is looked for only while the file was there on the last pass.
    if (listed_copy == probes.end() && !record.present) continue;
    std::optional<Probe> found = listed_copy != probes.end() ? std::optional<Probe>(*listed_copy) : probe(compressed);
    if (!found || !found->gzip || (listed_copy != probes.end() && listed_copy->record != Probe::kNew)) continue;
    if (content_head(compressed, record.head_length).length < record.head_length) {
      pending[i] = true;
      if (listed_copy != probes.end()) listed_copy->record = Probe::kSkip;
      note_waiting(fmt::format("{}: waiting for the compressed copy of {} to be written", compressed, record.path));
      continue;
    }
    if (!same_head(compressed, record)) continue;  // a different file: read as a new one
    if (listed_copy == probes.end()) {
      probes.push_back(*found);
      listed_copy = std::prev(probes.end());
    }
    listed_copy->record = static_cast<std::ptrdiff_t>(i);
    claimed[i] = true;
    successors.push_back(i);
    plan.notes.push_back(fmt::format("{}: the compressed copy of {}; continuing at byte {} of its content", compressed, record.path, record.offset));
  }

  // A compressed copy being made beside a file still followed is read only once that file is gone.
  for (auto& found : probes) {
    if (found.record != Probe::kNew || !ends_with(found.path, kGzipSuffix)) continue;
    const std::string plain = found.path.substr(0, found.path.size() - kGzipSuffix.size());
    if (listed(plain)) {
      found.record = Probe::kSkip;
      note_waiting(fmt::format("{}: a compressed copy of {}, which is still followed; read once {} is removed", found.path, plain, plain));
    }
  }

  std::sort(probes.begin(), probes.end(), [](const Probe& a, const Probe& b) { return a.path < b.path; });
  for (const Probe& found : probes) {
    if (found.record == Probe::kSkip) continue;
    ++plan.files_seen;
    FollowedFile file;
    if (found.record == Probe::kNew) {
      file = new_record(found, kind_, next_id);
    } else {
      const FollowedFile& record = records_[static_cast<std::size_t>(found.record)];
      file = record;
      file.path = found.path;
      file.gzip = found.gzip;
      file.present = true;
      const bool truncated = !found.gzip && found.size < record.offset;
      // A compressed file read whole and unchanged since needs no fingerprint check.
      const bool unchanged_gzip = found.gzip && record.gzip && record.disk_size == found.size;
      const bool rewritten = !truncated && !unchanged_gzip && !same_head(found.path, record);
      if (truncated || rewritten) {
        FollowedFile retired = record;
        retired.retired = true;
        retired.present = false;
        plan.changed.push_back(retired);
        plan.notes.push_back(truncated ? fmt::format("{}: truncated to {} bytes after {} were read; reading it again from the start",
                                                     found.path, found.size, record.offset)
                                       : fmt::format("{}: rewritten (its first bytes changed); reading it again from the start", found.path));
        file = new_record(found, kind_, next_id);
      } else if (record.path != found.path &&
                 std::find(successors.begin(), successors.end(), static_cast<std::size_t>(found.record)) == successors.end()) {
        plan.notes.push_back(fmt::format("{}: renamed from {}; continuing at byte {}", found.path, record.path, record.offset));
      }
      file.device = found.device;
      file.inode = found.inode;
    }
    const bool has_new = found.gzip ? file.disk_size != found.size : found.size > file.offset;
    if (has_new) {
      plan.reads.push_back({file, input_of(found)});
    } else if (found.record == Probe::kNew || file.path != records_[static_cast<std::size_t>(found.record)].path ||
               !records_[static_cast<std::size_t>(found.record)].present) {
      plan.changed.push_back(file);
    }
  }

  for (std::size_t i = 0; i < records_.size(); ++i) {
    const FollowedFile& record = records_[i];
    if (claimed[i] || pending[i] || record.retired || !record.present) continue;
    plan.notes.push_back(listed(record.path)
                             ? fmt::format("{}: replaced by a new file (rotated) after {} bytes were read; reading the new one from the start",
                                           record.path, record.offset)
                             : fmt::format("{}: vanished after {} bytes were read", record.path, record.offset));
    FollowedFile gone = record;
    gone.present = false;
    plan.changed.push_back(gone);
  }
  return plan;
}

void FileFollower::apply(const std::vector<FollowedFile>& updated) {
  for (const auto& file : updated) {
    const auto same = std::find_if(records_.begin(), records_.end(), [&](const FollowedFile& record) { return record.id == file.id; });
    if (same == records_.end()) {
      records_.push_back(file);
    } else {
      *same = file;
    }
  }
}

}  // namespace fleetcast::service
