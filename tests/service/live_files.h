#pragma once
// Helpers for the live-ingest tests: log lines, files appended, renamed and compressed, and the check
// that the live aggregates equal what a fresh `report` load of the same files gives.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "common/time.h"
#include "events/load.h"
#include "service/live_telemetry.h"

namespace fleetcast::service::testing {

constexpr TimestampUs kBase = 1795910400LL * kMicrosPerSecond;  // 2026-11-29T00:00:00Z
constexpr TimestampUs kNow = kBase + 86400LL * kMicrosPerSecond;

// One metric line `micros` after kBase.
inline std::string metric_line(TimestampUs micros, const std::string& caller, int tokens, bool success = true) {
  return "{\"timestamp\": \"" + format_iso8601(kBase + micros) + "\", \"caller\": \"" + caller +
         "\", \"total_tokens\": " + std::to_string(tokens) + ", \"success\": " + (success ? "true" : "false") + "}\n";
}

inline std::string heartbeat_line(TimestampUs micros, bool gitea_ok) {
  return "{\"timestamp\": \"" + format_iso8601(kBase + micros) + "\", \"gitea_ok\": " + (gitea_ok ? "true" : "false") +
         ", \"inference_ok\": true}\n";
}

inline void append(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << text;
}

// `text` as one gzip member.
inline std::string gzip_bytes(const std::string& text) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

inline std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Per second: earliest, latest and the totals by caller name.
using CallerTotalsByName = std::map<std::string, std::tuple<std::uint64_t, double, std::uint64_t>>;
using SecondsByName = std::map<std::int64_t, std::tuple<TimestampUs, TimestampUs, CallerTotalsByName>>;

inline SecondsByName seconds_by_name(const events::MetricStore& store) {
  SecondsByName seconds;
  for (const auto& bucket : store.buckets()) {
    CallerTotalsByName callers;
    for (const auto& [id, totals] : bucket.callers) {
      callers[store.caller_names()[id]] = {totals.requests, totals.tokens, totals.failures};
    }
    seconds[bucket.second] = {bucket.earliest, bucket.latest, callers};
  }
  return seconds;
}

inline CallerTotalsByName totals_by_name(const events::MetricStore& store) {
  CallerTotalsByName totals;
  for (const auto& bucket : store.buckets()) {
    for (const auto& [id, caller] : bucket.callers) {
      auto& [requests, tokens, failures] = totals[store.caller_names()[id]];
      requests += caller.requests;
      tokens += caller.tokens;
      failures += caller.failures;
    }
  }
  return totals;
}

// The live state equals a fresh load of `patterns`, second by second, and in its line counts.
inline void expect_same_as_fresh_load(const LiveTelemetry& live, const std::vector<std::string>& patterns) {
  const events::MetricLoad load = events::load_metrics(patterns, kNow);
  EXPECT_EQ(live.store().event_count(), load.store.event_count());
  EXPECT_EQ(totals_by_name(live.store()), totals_by_name(load.store));
  EXPECT_EQ(seconds_by_name(live.store()), seconds_by_name(load.store));
  EXPECT_EQ(live.metric_summary().lines, load.summary.lines);
  EXPECT_EQ(live.metric_summary().events, load.summary.events);
  EXPECT_EQ(live.metric_summary().skipped, load.summary.skipped);
}

inline bool has_note(const IngestPass& pass, const std::string& part) {
  for (const auto& note : pass.notes) {
    if (note.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace fleetcast::service::testing
