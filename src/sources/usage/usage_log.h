#pragma once
// The usage log: daily JSONL files `usage_YYYYMMDD.jsonl` (UTC day of each sample's time), one
// UsageSample per line, that `fleetcast collect` appends to and the usage readers read back.
//
// One line is one JSON object whose keys are the struct's field names:
//   {"time":"2026-12-06T23:55:01.250Z","target":"pid:4242","name":"python3","cpu_seconds":12.34,
//    "memory_bytes":104857600,"memory_peak_bytes":125829120,"disk_read_bytes":0,"disk_write_bytes":4096,
//    "net_receive_bytes":1532,"net_transmit_bytes":880}
// - time: ISO-8601 UTC (an epoch number in seconds is accepted too); target: "pid:N" or a cgroup path;
//   name: for people (default empty). time, target, cpu_seconds and memory_bytes are required.
// - cpu_seconds, cpu_throttled_seconds, cpu_limit_cores, cpu_request_cores: non-negative numbers.
// - memory_bytes, memory_peak_bytes, memory_limit_bytes, memory_request_bytes, oom_kills, cpu_periods,
//   cpu_throttled_periods, disk_read_bytes, disk_write_bytes, net_receive_bytes, net_transmit_bytes:
//   non-negative whole numbers. disk_read_bytes and disk_write_bytes default to 0.
// - An optional field that is absent is omitted (never null). Counters are cumulative (usage_sample.h).
// A line that is not such an object (bad JSON, a missing or mistyped field, an unknown key) is skipped
// and counted, with file and line, never fatal.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "sources/usage/usage_sample.h"

namespace fleetcast::sources {

// One line of the log, without its newline. Strings that are not valid UTF-8 (a process's comm can hold
// any byte) have their non-ASCII bytes written as '?', so every line stays valid JSON.
std::string usage_sample_json(const UsageSample& sample);

// "usage_20261206.jsonl": the file of the UTC day of `time`.
std::string usage_log_file_name(TimestampUs time);

// Parses one line into `sample`; returns nothing when it is a valid sample, else why not (naming the key).
std::optional<std::string> parse_usage_sample_line(std::string_view line, UsageSample& sample);

struct UsageLogReadResult {
  std::vector<UsageSample> samples;     // sorted by (target, time); one per (target, time), the last line wins
  std::size_t files = 0;                // usage_*.jsonl files read
  std::uint64_t lines = 0;              // non-empty lines read (inside the time bounds or not)
  std::uint64_t skipped = 0;            // malformed lines, skipped
  std::uint64_t duplicates = 0;         // samples whose (target, time) a later line repeated
  std::vector<std::string> first_warnings;  // "file:line: reason" for the first ten skipped lines
};

// Reads every usage_YYYYMMDD.jsonl in `dir` (not its sub-folders), keeping the samples with
// since <= time < until; a file whose whole UTC day lies outside the bounds is not opened. Throws
// InputError when `dir` is not a readable directory or holds no usage_*.jsonl file; RuntimeFailure on a
// read error.
UsageLogReadResult read_usage_dir(const std::filesystem::path& dir, std::optional<TimestampUs> since,
                                  std::optional<TimestampUs> until);

// The skipped-line warnings, one line each: the first ten with file and line, then how many more; and
// how many duplicate samples were resolved. Empty when there is nothing to say.
std::vector<std::string> usage_log_warnings(const UsageLogReadResult& result, const std::string& source_name);

}  // namespace fleetcast::sources
