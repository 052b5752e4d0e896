#pragma once
// Which files of a followed source there are on each pass and how far each was read. A file is known by
// its (device, inode) and path and fingerprinted by its first bytes: a rename continues at its offset; a
// truncated or rewritten file, or a new file where a followed one was, is read from the start as a new
// file (what was read of the old one stays counted); X.jsonl.gz appearing where X.jsonl was followed is
// the same content compressed and continues at X.jsonl's offset.
#include <sys/types.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "sources/input_files.h"

namespace fleetcast::service {

enum class SourceKind { metrics = 0, heartbeat = 1 };

struct FollowedFile {
  std::int64_t id = 0;              // names the file in the line spans; 0 until the follower assigns one
  SourceKind kind = SourceKind::metrics;
  std::string path;
  dev_t device = 0;
  ino_t inode = 0;
  bool gzip = false;
  std::uint64_t offset = 0;         // content bytes read: every complete line before it is counted
  std::uint64_t line_count = 0;     // lines before `offset`, blank ones too (for line numbers)
  std::uint64_t head_length = 0;    // how many first content bytes the fingerprint covers
  std::uint64_t head_hash = 0;
  std::uint64_t disk_size = 0;      // a gzip file's size when it was last read whole
  bool present = true;              // found on the last pass (a vanished file is noted once)
  bool retired = false;             // its content changed under it: never matched or read again
};

// One file to read on this pass, from file.offset.
struct PlannedRead {
  FollowedFile file;
  sources::InputFile input;  // identity and size as found now, for the scanner
};

struct FollowPlan {
  std::vector<PlannedRead> reads;        // files with something new, in path order
  std::vector<FollowedFile> changed;     // records whose path, identity or state changed without a read
  std::vector<std::string> notes;        // renames, rotations, truncations, vanished files: one line each
  std::size_t files_seen = 0;
};

// How many first content bytes fingerprint a file.
inline constexpr std::uint64_t kHeadBytes = 256;

// A file's first content bytes (decompressed for gzip), as a fingerprint.
struct ContentHead {
  std::uint64_t length = 0;  // fewer than asked when the file (or the gzip stream so far) is shorter
  std::uint64_t hash = 0;    // FNV-1a: stable across builds, as the database keeps it
};
ContentHead content_head(const std::string& path, std::uint64_t length);

class FileFollower {
 public:
  // `records`: this kind's files as the state database holds them; `next_id` is shared by every kind.
  FileFollower(std::vector<std::string> patterns, SourceKind kind, std::vector<FollowedFile> records);

  // Finds the files now and matches them to the records; new files get ids from `next_id`. The
  // first pass on a new state throws InputError for a pattern that matches nothing; later ones note it.
  FollowPlan plan(std::int64_t& next_id);
  // Records the plan's outcome once it is committed: the files read (with their new offsets) and changed.
  void apply(const std::vector<FollowedFile>& updated);
  // A file that could not be read this pass (a gzip still being written): noted once until it changes.
  void note_unreadable(const std::string& path, const std::string& why, std::vector<std::string>& notes);

  const std::vector<FollowedFile>& records() const { return records_; }
  std::size_t present_count() const;

 private:
  std::vector<std::string> patterns_;
  SourceKind kind_;
  std::vector<FollowedFile> records_;
  bool first_pass_ = true;
  std::set<std::string> waiting_notes_;       // notes of the last pass about files to retry
  std::set<std::string> next_waiting_notes_;
};

}  // namespace fleetcast::service
