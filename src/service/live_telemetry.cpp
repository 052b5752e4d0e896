#include "service/live_telemetry.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

#include "common/errors.h"
#include "events/history.h"
#include "events/line_consumers.h"
#include "service/file_follower.h"
#include "service/ingest_tables.h"
#include "service/state_database.h"

namespace fleetcast::service {
namespace {

std::int64_t floor_second(TimestampUs timestamp) {
  return timestamp >= 0 ? timestamp / kMicrosPerSecond : -((-timestamp + kMicrosPerSecond - 1) / kMicrosPerSecond);
}

// The order load_heartbeats gives the ticks.
bool tick_before(const sources::HeartbeatTick& a, const sources::HeartbeatTick& b) {
  return std::tie(a.timestamp, a.gitea_down, a.inference_down) < std::tie(b.timestamp, b.gitea_down, b.inference_down);
}

std::vector<FollowedFile> files_of(const std::vector<FollowedFile>& files, SourceKind kind) {
  std::vector<FollowedFile> of_kind;
  std::copy_if(files.begin(), files.end(), std::back_inserter(of_kind), [&](const FollowedFile& file) { return file.kind == kind; });
  return of_kind;
}

// What one pass read from one kind of source, before it is committed.
struct SourceDelta {
  std::vector<FollowedFile> files;  // read or changed, with their new offsets
  std::uint64_t bytes = 0, lines = 0, skipped = 0;
  std::vector<std::string> warnings;
};

}  // namespace

struct LiveTelemetry::State {
  State(FollowOptions follow, StateDatabase& state_database)
      : options(std::move(follow)), database(state_database), writer(create_ingest_tables(state_database)) {
    if (options.history != 0 && (options.history < events::kMinHistory || options.history > events::kMaxHistory)) {
      throw InputError("--history must be between 1h and 3650d");
    }
    restore();
  }

  // The state as of the last commit.
  void restore() {
    SavedIngest saved = load_ingest(database);
    next_id = 1;
    for (const auto& file : saved.files) next_id = std::max(next_id, file.id + 1);
    metric_files = std::make_unique<FileFollower>(options.metric_paths, SourceKind::metrics, files_of(saved.files, SourceKind::metrics));
    heartbeat_files =
        std::make_unique<FileFollower>(options.heartbeat_paths, SourceKind::heartbeat, files_of(saved.files, SourceKind::heartbeat));
    store = std::move(saved.store);
    saved_callers = store.caller_names().size();
    ticks = std::move(saved.ticks);
    std::stable_sort(ticks.begin(), ticks.end(), tick_before);
    metric_summary = std::move(saved.metric_summary);
    heartbeat_summary = std::move(saved.heartbeat_summary);
    metric_summary.files = metric_files->present_count();
    heartbeat_summary.files = heartbeat_files->present_count();
  }

  // Reads the new lines of one kind of source, each file through its own consumer, handed to `keep` only
  // once the file was read to the end: a file that fails half way (a gzip still being written) adds nothing.
  template <typename Consumer, typename MakeConsumer, typename Keep>
  SourceDelta read_new_lines(FileFollower& follower, IngestPass& pass, MakeConsumer make_consumer, Keep keep) {
    SourceDelta delta;
    FollowPlan plan = follower.plan(next_id);
    pass.files_seen += plan.files_seen;
    pass.notes.insert(pass.notes.end(), plan.notes.begin(), plan.notes.end());
    delta.files = std::move(plan.changed);
    for (auto& read : plan.reads) {
      FollowedFile& file = read.file;
      std::unique_ptr<Consumer> consumer = make_consumer();
      sources::TailScan tail;
      try {
        tail = sources::scan_tail(read.input, static_cast<std::uint32_t>(file.id), file.offset, file.line_count, *consumer);
      } catch (const InputError& error) {
        follower.note_unreadable(file.path, error.what(), pass.notes);
        continue;
      } catch (const RuntimeFailure& error) {
        follower.note_unreadable(file.path, error.what(), pass.notes);
        continue;
      }
      keep(*consumer);
      file.offset = tail.end;
      file.line_count = tail.line_count;
      if (file.gzip) file.disk_size = read.input.size;
      if (file.head_length < std::min(kHeadBytes, file.offset)) {
        const ContentHead head = content_head(file.path, std::min(kHeadBytes, file.offset));
        file.head_length = head.length;
        file.head_hash = head.hash;
      }
      delta.bytes += tail.stats.bytes;
      delta.lines += tail.stats.lines;
      delta.skipped += tail.stats.skipped;
      for (const auto& skipped : tail.stats.first_skipped) {
        delta.warnings.push_back(fmt::format("{}:{}: {}", file.path, skipped.line_number, skipped.reason));
      }
      delta.files.push_back(std::move(file));
    }
    return delta;
  }

  static void add_to_summary(events::SourceSummary& summary, const SourceDelta& delta, IngestPass& pass) {
    summary.bytes += delta.bytes;
    summary.lines += delta.lines;
    summary.skipped += delta.skipped;
    summary.events += delta.lines - delta.skipped;
    for (const auto& warning : delta.warnings) {
      if (summary.first_warnings.size() < sources::kMaxReportedSkips) summary.first_warnings.push_back(warning);
    }
    pass.new_bytes += delta.bytes;
    pass.new_lines += delta.lines;
    pass.new_skipped += delta.skipped;
    pass.new_events += delta.lines - delta.skipped;
  }

  IngestPass ingest(TimestampUs now) {
    IngestPass pass;
    latest_allowed = events::latest_allowed_after(now);
    events::MetricStore new_events;
    const SourceDelta metric_delta = read_new_lines<events::MetricConsumer>(
        *metric_files, pass, [&] { return std::make_unique<events::MetricConsumer>(latest_allowed); },
        [&](events::MetricConsumer& consumer) { new_events.merge(std::move(consumer.store)); });
    std::vector<sources::HeartbeatTick> new_ticks;
    const SourceDelta heartbeat_delta = read_new_lines<events::HeartbeatConsumer>(
        *heartbeat_files, pass, [&] { return std::make_unique<events::HeartbeatConsumer>(options.heartbeat_fields, latest_allowed); },
        [&](events::HeartbeatConsumer& consumer) { new_ticks.insert(new_ticks.end(), consumer.ticks.begin(), consumer.ticks.end()); });

    // Memory first, then the database from it in one transaction; should that fail, memory goes back to
    // the last commit.
    const std::size_t metric_warnings_saved = metric_summary.first_warnings.size();
    const std::size_t heartbeat_warnings_saved = heartbeat_summary.first_warnings.size();
    std::vector<std::int64_t> touched;
    for (const auto& bucket : new_events.buckets()) touched.push_back(bucket.second);
    std::sort(touched.begin(), touched.end());
    store.merge(std::move(new_events));
    store.finalize();
    std::stable_sort(new_ticks.begin(), new_ticks.end(), tick_before);
    if (!new_ticks.empty()) {
      // Merged in from where the first new tick goes, mostly the end: the cost follows the new ticks.
      const auto first_moved =
          std::upper_bound(ticks.begin(), ticks.end(), new_ticks.front(), tick_before) - ticks.begin();
      const std::size_t old_ticks = ticks.size();
      ticks.insert(ticks.end(), new_ticks.begin(), new_ticks.end());
      std::inplace_merge(ticks.begin() + first_moved, ticks.begin() + static_cast<std::ptrdiff_t>(old_ticks), ticks.end(), tick_before);
    }
    std::optional<std::int64_t> first_kept;
    if (options.history != 0 && !store.empty()) {
      const auto cut = events::keep_recent_history(store, options.history);
      first_kept = floor_second(cut.start);
      ticks.erase(ticks.begin(), std::lower_bound(ticks.begin(), ticks.end(), *first_kept * kMicrosPerSecond,
                                                  [](const sources::HeartbeatTick& tick, TimestampUs t) { return tick.timestamp < t; }));
    }
    add_to_summary(metric_summary, metric_delta, pass);
    add_to_summary(heartbeat_summary, heartbeat_delta, pass);
    try {
      Transaction transaction(database);
      writer.save_callers(store.caller_names(), saved_callers);
      const auto& buckets = store.buckets();
      for (const std::int64_t second : touched) {
        const auto bucket = std::lower_bound(buckets.begin(), buckets.end(), second,
                                             [](const events::SecondBucket& b, std::int64_t s) { return b.second < s; });
        if (bucket != buckets.end() && bucket->second == second) writer.save_second(*bucket);
      }
      writer.append_ticks(new_ticks);
      if (first_kept) writer.drop_before(*first_kept, *first_kept * kMicrosPerSecond);
      for (const auto& file : metric_delta.files) writer.save_file(file);
      for (const auto& file : heartbeat_delta.files) writer.save_file(file);
      writer.save_summary(SourceKind::metrics, metric_summary, metric_warnings_saved);
      writer.save_summary(SourceKind::heartbeat, heartbeat_summary, heartbeat_warnings_saved);
      transaction.commit();
    } catch (...) {
      restore();
      throw;
    }
    saved_callers = store.caller_names().size();
    metric_files->apply(metric_delta.files);
    heartbeat_files->apply(heartbeat_delta.files);
    metric_summary.files = metric_files->present_count();
    heartbeat_summary.files = heartbeat_files->present_count();
    return pass;
  }

  std::vector<events::ExactEvent> exact_events(const std::vector<std::int64_t>& wanted) const {
    std::vector<std::int64_t> seconds = wanted;
    std::sort(seconds.begin(), seconds.end());
    seconds.erase(std::unique(seconds.begin(), seconds.end()), seconds.end());
    // The ranges to read again, per file id; a second whose lines were too scattered sends every file
    // back to its start.
    std::map<std::int64_t, std::vector<sources::LineRange>> ranges;
    bool read_all = false;
    const auto& buckets = store.buckets();
    for (const std::int64_t second : seconds) {
      const auto bucket = std::lower_bound(buckets.begin(), buckets.end(), second,
                                           [](const events::SecondBucket& b, std::int64_t s) { return b.second < s; });
      if (bucket == buckets.end() || bucket->second != second) continue;
      if (!bucket->spans_known) read_all = true;
      for (const auto& span : bucket->spans) ranges[span.file].push_back({span.begin, span.end});
    }
    if (read_all) {
      ranges.clear();
      for (const auto& file : metric_files->records()) {
        if (!file.retired && file.offset > 0) ranges[file.id].push_back({0, file.offset});
      }
    }
    events::ExactEventConsumer consumer(store, latest_allowed, seconds);
    for (auto& [id, file_ranges] : ranges) {
      const std::vector<sources::LineRange> merged = sources::merge_line_ranges(std::move(file_ranges));
      const auto& records = metric_files->records();
      const auto file = std::find_if(records.begin(), records.end(), [&](const FollowedFile& record) { return record.id == id; });
      if (file == records.end() || file->retired) continue;
      // A file rotated away or rewritten since cannot be read again: its events are left out.
      try {
        const auto inputs = sources::InputFiles::resolve({file->path});
        const sources::InputFile& input = inputs->files().front();
        if (input.device != file->device || input.inode != file->inode) continue;
        sources::scan_line_ranges(*inputs, 0, merged, consumer);
      } catch (const InputError&) {
      } catch (const RuntimeFailure&) {
      }
    }
    std::sort(consumer.events.begin(), consumer.events.end(),
              [](const events::ExactEvent& a, const events::ExactEvent& b) { return a.timestamp < b.timestamp; });
    return std::move(consumer.events);
  }

  FollowOptions options;
  StateDatabase& database;
  IngestWriter writer;
  std::unique_ptr<FileFollower> metric_files, heartbeat_files;
  std::int64_t next_id = 1;
  events::MetricStore store;
  std::size_t saved_callers = 0;  // caller names already in the database
  std::vector<sources::HeartbeatTick> ticks;
  events::SourceSummary metric_summary, heartbeat_summary;
  TimestampUs latest_allowed = std::numeric_limits<TimestampUs>::max();  // the last pass's future bound
};

LiveTelemetry::LiveTelemetry(FollowOptions options, StateDatabase& database)
    : state_(std::make_unique<State>(std::move(options), database)) {}

LiveTelemetry::~LiveTelemetry() = default;

IngestPass LiveTelemetry::ingest(TimestampUs now) { return state_->ingest(now); }

const events::MetricStore& LiveTelemetry::store() const { return state_->store; }

std::vector<events::ExactEvent> LiveTelemetry::exact_events(const std::vector<std::int64_t>& seconds) const {
  return state_->exact_events(seconds);
}

const std::vector<sources::HeartbeatTick>* LiveTelemetry::ticks() const {
  return state_->options.heartbeat_paths.empty() ? nullptr : &state_->ticks;
}

const events::SourceSummary& LiveTelemetry::metric_summary() const { return state_->metric_summary; }

std::optional<events::SourceSummary> LiveTelemetry::heartbeat_summary() const {
  if (state_->options.heartbeat_paths.empty()) return std::nullopt;
  return state_->heartbeat_summary;
}

double LiveTelemetry::lag_seconds(TimestampUs now) const {
  if (state_->store.empty()) return 0;
  return std::max(0.0, static_cast<double>(now - state_->store.latest()) / kMicrosPerSecond);
}

}  // namespace fleetcast::service
