#include "service/ingest_tables.h"

#include <fmt/format.h>

#include <charconv>

#include "common/errors.h"

namespace fleetcast::service {
namespace {

constexpr int kGiteaDown = 1, kInferenceDown = 2, kGiteaFound = 4, kInferenceFound = 8;

// "file:begin:end" for each span, ';' between; NULL (not this) when the spans are unknown.
std::string encode_spans(const std::vector<events::LineSpan>& spans) {
  std::string text;
  for (const auto& span : spans) {
    if (!text.empty()) text += ';';
    text += fmt::format("{}:{}:{}", span.file, span.begin, span.end);
  }
  return text;
}

std::vector<events::LineSpan> decode_spans(const std::string& text, std::int64_t second) {
  std::vector<events::LineSpan> spans;
  const char* cursor = text.data();
  const char* end = text.data() + text.size();
  while (cursor < end) {
    events::LineSpan span;
    auto parsed = std::from_chars(cursor, end, span.file);
    if (parsed.ec == std::errc{} && parsed.ptr < end && *parsed.ptr == ':') parsed = std::from_chars(parsed.ptr + 1, end, span.begin);
    if (parsed.ec == std::errc{} && parsed.ptr < end && *parsed.ptr == ':') parsed = std::from_chars(parsed.ptr + 1, end, span.end);
    if (parsed.ec != std::errc{} || (parsed.ptr < end && *parsed.ptr != ';')) {
      throw RuntimeFailure(fmt::format("state database: the line spans of second {} are unreadable: '{}'", second, text));
    }
    spans.push_back(span);
    cursor = parsed.ptr + 1;
  }
  return spans;
}


}  // namespace

StateDatabase& create_ingest_tables(StateDatabase& database) {
  database.execute(R"sql(
CREATE TABLE IF NOT EXISTS ingest_files (
  id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, path TEXT NOT NULL, device INTEGER NOT NULL, inode INTEGER NOT NULL,
  gzip INTEGER NOT NULL, offset INTEGER NOT NULL, line_count INTEGER NOT NULL, head_length INTEGER NOT NULL,
  head_hash INTEGER NOT NULL, disk_size INTEGER NOT NULL, present INTEGER NOT NULL, retired INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ingest_callers (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS ingest_seconds (second INTEGER PRIMARY KEY, earliest INTEGER NOT NULL, latest INTEGER NOT NULL, spans TEXT);
CREATE TABLE IF NOT EXISTS ingest_caller_seconds (
  second INTEGER NOT NULL, caller INTEGER NOT NULL, requests INTEGER NOT NULL, tokens REAL NOT NULL, failures INTEGER NOT NULL,
  PRIMARY KEY (second, caller)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ingest_ticks (timestamp INTEGER NOT NULL, flags INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS ingest_ticks_by_time ON ingest_ticks (timestamp);
CREATE TABLE IF NOT EXISTS ingest_summaries (
  kind INTEGER PRIMARY KEY, bytes INTEGER NOT NULL, lines INTEGER NOT NULL, events INTEGER NOT NULL, skipped INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ingest_warnings (kind INTEGER NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (kind, position));
)sql");
  return database;
}

SavedIngest load_ingest(StateDatabase& database) {
  SavedIngest saved;
  Statement files(database.handle(),
                  "SELECT id, kind, path, device, inode, gzip, offset, line_count, head_length, head_hash, disk_size, present, retired "
                  "FROM ingest_files ORDER BY id");
  while (files.step()) {
    FollowedFile file;
    file.id = files.column_int(0);
    file.kind = files.column_int(1) == 0 ? SourceKind::metrics : SourceKind::heartbeat;
    file.path = files.column_text(2);
    file.device = static_cast<dev_t>(files.column_int(3));
    file.inode = static_cast<ino_t>(files.column_int(4));
    file.gzip = files.column_int(5) != 0;
    file.offset = static_cast<std::uint64_t>(files.column_int(6));
    file.line_count = static_cast<std::uint64_t>(files.column_int(7));
    file.head_length = static_cast<std::uint64_t>(files.column_int(8));
    file.head_hash = static_cast<std::uint64_t>(files.column_int(9));
    file.disk_size = static_cast<std::uint64_t>(files.column_int(10));
    file.present = files.column_int(11) != 0;
    file.retired = files.column_int(12) != 0;
    saved.files.push_back(std::move(file));
  }

  Statement callers(database.handle(), "SELECT id, name FROM ingest_callers ORDER BY id");
  while (callers.step()) {
    if (saved.store.intern_caller(callers.column_text(1)) != static_cast<events::CallerId>(callers.column_int(0))) {
      throw RuntimeFailure("state database: the caller ids are not consecutive");
    }
  }

  Statement seconds(database.handle(),
                    "SELECT s.second, s.earliest, s.latest, s.spans, c.caller, c.requests, c.tokens, c.failures "
                    "FROM ingest_seconds s JOIN ingest_caller_seconds c ON c.second = s.second ORDER BY s.second, c.caller");
  events::SecondBucket bucket;
  bool open = false;
  while (seconds.step()) {
    const std::int64_t second = seconds.column_int(0);
    if (!open || bucket.second != second) {
      if (open) saved.store.add_bucket(bucket);
      bucket = events::SecondBucket{};
      bucket.second = second;
      bucket.earliest = seconds.column_int(1);
      bucket.latest = seconds.column_int(2);
      bucket.spans_known = !seconds.column_is_null(3);
      if (bucket.spans_known) bucket.spans = decode_spans(seconds.column_text(3), second);
      open = true;
    }
    const auto caller = static_cast<events::CallerId>(seconds.column_int(4));
    if (caller >= saved.store.caller_names().size()) throw RuntimeFailure("state database: a second names an unknown caller");
    bucket.callers.emplace_back(caller, events::CallerTotals{static_cast<std::uint64_t>(seconds.column_int(5)), seconds.column_double(6),
                                                             static_cast<std::uint64_t>(seconds.column_int(7))});
  }
  if (open) saved.store.add_bucket(bucket);
  saved.store.finalize();

  Statement ticks(database.handle(), "SELECT timestamp, flags FROM ingest_ticks ORDER BY rowid");
  while (ticks.step()) {
    const auto flags = ticks.column_int(1);
    saved.ticks.push_back({ticks.column_int(0), (flags & kGiteaDown) != 0, (flags & kInferenceDown) != 0, (flags & kGiteaFound) != 0,
                           (flags & kInferenceFound) != 0});
  }

  Statement summaries(database.handle(), "SELECT kind, bytes, lines, events, skipped FROM ingest_summaries");
  while (summaries.step()) {
    auto& summary = summaries.column_int(0) == 0 ? saved.metric_summary : saved.heartbeat_summary;
    summary.bytes = static_cast<std::uint64_t>(summaries.column_int(1));
    summary.lines = static_cast<std::uint64_t>(summaries.column_int(2));
    summary.events = static_cast<std::uint64_t>(summaries.column_int(3));
    summary.skipped = static_cast<std::uint64_t>(summaries.column_int(4));
  }
  Statement warnings(database.handle(), "SELECT kind, text FROM ingest_warnings ORDER BY kind, position");
  while (warnings.step()) {
    (warnings.column_int(0) == 0 ? saved.metric_summary : saved.heartbeat_summary).first_warnings.push_back(warnings.column_text(1));
  }
  return saved;
}

IngestWriter::IngestWriter(StateDatabase& database)
    : insert_caller_(database.handle(), "INSERT INTO ingest_callers (id, name) VALUES (?, ?)"),
      save_second_(database.handle(), "INSERT OR REPLACE INTO ingest_seconds (second, earliest, latest, spans) VALUES (?, ?, ?, ?)"),
      save_caller_second_(database.handle(),
                          "INSERT OR REPLACE INTO ingest_caller_seconds (second, caller, requests, tokens, failures) VALUES (?, ?, ?, ?, ?)"),
      drop_seconds_(database.handle(), "DELETE FROM ingest_seconds WHERE second < ?"),
      drop_caller_seconds_(database.handle(), "DELETE FROM ingest_caller_seconds WHERE second < ?"),
      drop_ticks_(database.handle(), "DELETE FROM ingest_ticks WHERE timestamp < ?"),
      insert_tick_(database.handle(), "INSERT INTO ingest_ticks (timestamp, flags) VALUES (?, ?)"),
      save_file_(database.handle(),
                 "INSERT OR REPLACE INTO ingest_files (id, kind, path, device, inode, gzip, offset, line_count, head_length, head_hash, "
                 "disk_size, present, retired) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      save_summary_(database.handle(), "INSERT OR REPLACE INTO ingest_summaries (kind, bytes, lines, events, skipped) VALUES (?, ?, ?, ?, ?)"),
      insert_warning_(database.handle(), "INSERT OR REPLACE INTO ingest_warnings (kind, position, text) VALUES (?, ?, ?)") {}

void IngestWriter::save_callers(const std::vector<std::string>& names, std::size_t from) {
  for (std::size_t id = from; id < names.size(); ++id) insert_caller_.bind(1, static_cast<std::int64_t>(id)).bind(2, names[id]).run();
}

void IngestWriter::save_second(const events::SecondBucket& bucket) {
  save_second_.bind(1, bucket.second).bind(2, bucket.earliest).bind(3, bucket.latest);
  if (bucket.spans_known) {
    save_second_.bind(4, encode_spans(bucket.spans));
  } else {
    save_second_.bind_null(4);
  }
  save_second_.run();
  for (const auto& [caller, totals] : bucket.callers) {
    save_caller_second_.bind(1, bucket.second)
        .bind(2, static_cast<std::int64_t>(caller))
        .bind(3, static_cast<std::int64_t>(totals.requests))
        .bind(4, totals.tokens)
        .bind(5, static_cast<std::int64_t>(totals.failures))
        .run();
  }
}

void IngestWriter::drop_before(std::int64_t second, TimestampUs tick_cut) {
  drop_seconds_.bind(1, second).run();
  drop_caller_seconds_.bind(1, second).run();
  drop_ticks_.bind(1, tick_cut).run();
}

void IngestWriter::append_ticks(const std::vector<sources::HeartbeatTick>& ticks) {
  for (const auto& tick : ticks) {
    const int flags = (tick.gitea_down ? kGiteaDown : 0) | (tick.inference_down ? kInferenceDown : 0) |
                      (tick.gitea_found ? kGiteaFound : 0) | (tick.inference_found ? kInferenceFound : 0);
    insert_tick_.bind(1, tick.timestamp).bind(2, static_cast<std::int64_t>(flags)).run();
  }
}

void IngestWriter::save_file(const FollowedFile& file) {
  save_file_.bind(1, file.id)
      .bind(2, static_cast<std::int64_t>(file.kind))
      .bind(3, file.path)
      .bind(4, static_cast<std::int64_t>(file.device))
      .bind(5, static_cast<std::int64_t>(file.inode))
      .bind(6, static_cast<std::int64_t>(file.gzip))
      .bind(7, static_cast<std::int64_t>(file.offset))
      .bind(8, static_cast<std::int64_t>(file.line_count))
      .bind(9, static_cast<std::int64_t>(file.head_length))
      .bind(10, static_cast<std::int64_t>(file.head_hash))
      .bind(11, static_cast<std::int64_t>(file.disk_size))
      .bind(12, static_cast<std::int64_t>(file.present))
      .bind(13, static_cast<std::int64_t>(file.retired))
      .run();
}

void IngestWriter::save_summary(SourceKind kind, const events::SourceSummary& summary, std::size_t warnings_from) {
  save_summary_.bind(1, static_cast<std::int64_t>(kind))
      .bind(2, static_cast<std::int64_t>(summary.bytes))
      .bind(3, static_cast<std::int64_t>(summary.lines))
      .bind(4, static_cast<std::int64_t>(summary.events))
      .bind(5, static_cast<std::int64_t>(summary.skipped))
      .run();
  for (std::size_t i = warnings_from; i < summary.first_warnings.size(); ++i) {
    insert_warning_.bind(1, static_cast<std::int64_t>(kind)).bind(2, static_cast<std::int64_t>(i)).bind(3, summary.first_warnings[i]).run();
  }
}

}  // namespace fleetcast::service
