#include "events/load.h"

#include <fmt/core.h>

#include <algorithm>
#include <optional>
#include <tuple>

#include "common/progress.h"
#include "sources/heartbeat_record.h"
#include "sources/line_scanner.h"
#include "sources/metric_record.h"

namespace fleetcast::events {
namespace {

class MetricConsumer : public sources::LineConsumer {
 public:
  const char* consume(const sources::Line& line) override {
    sources::MetricRecord record;
    if (const char* reason = parser_.parse(line.text, line.padded, record)) return reason;
    // Interning first keeps the caller's text valid: it points into the parser's buffer.
    store.add_event(record.timestamp, store.intern_caller(record.caller), record.tokens, record.success,
                    LineSpan{line.file_index, line.offset, line.offset + line.text.size()});
    return nullptr;
  }
  MetricStore store;

 private:
  sources::MetricLineParser parser_;
};

class ExactEventConsumer : public sources::LineConsumer {
 public:
  ExactEventConsumer(const MetricStore& store, const std::vector<std::int64_t>& seconds) : store_(store), seconds_(seconds) {}
  const char* consume(const sources::Line& line) override {
    sources::MetricRecord record;
    if (const char* reason = parser_.parse(line.text, line.padded, record)) return reason;
    const std::int64_t second = record.timestamp >= 0 ? record.timestamp / kMicrosPerSecond
                                                      : -((-record.timestamp + kMicrosPerSecond - 1) / kMicrosPerSecond);
    if (std::binary_search(seconds_.begin(), seconds_.end(), second)) {
      events.push_back({record.timestamp, store_.find_caller(record.caller), record.tokens, record.success});
    }
    return nullptr;
  }
  std::vector<ExactEvent> events;

 private:
  const MetricStore& store_;
  const std::vector<std::int64_t>& seconds_;
  sources::MetricLineParser parser_;
};

class HeartbeatConsumer : public sources::LineConsumer {
 public:
  explicit HeartbeatConsumer(const sources::HeartbeatFields& fields) : parser_(fields) {}
  const char* consume(const sources::Line& line) override {
    sources::HeartbeatTick tick;
    if (const char* reason = parser_.parse(line.text, tick)) return reason;
    ticks.push_back(tick);
    return nullptr;
  }
  std::vector<sources::HeartbeatTick> ticks;

 private:
  sources::HeartbeatLineParser parser_;
};

SourceSummary summarize(const sources::InputFiles& inputs, const sources::ScanStats& stats) {
  SourceSummary summary;
  summary.files = inputs.files().size();
  summary.bytes = stats.bytes;
  summary.lines = stats.lines;
  summary.skipped = stats.skipped;
  summary.events = stats.lines - stats.skipped;
  for (const auto& skipped : stats.first_skipped) summary.first_warnings.push_back(sources::describe(inputs, skipped));
  summary.file_errors = stats.file_errors;
  return summary;
}

}  // namespace

MetricLoad load_metrics(const std::vector<std::string>& patterns) {
  MetricLoad load;
  load.inputs = sources::InputFiles::resolve(patterns);
  ProgressBar progress("reading metrics", load.inputs->total_bytes());
  auto scan = sources::scan_lines(*load.inputs, [] { return std::make_unique<MetricConsumer>(); }, &progress);
  progress.finish();
  for (auto& consumer : scan.consumers) load.store.merge(std::move(static_cast<MetricConsumer&>(*consumer).store));
  load.store.finalize();
  load.summary = summarize(*load.inputs, scan.stats);
  return load;
}

namespace {

// The byte ranges, per input file, that hold every line of the given seconds; nullopt when some second's
// lines were not located precisely enough.
std::optional<std::vector<std::vector<sources::LineRange>>> ranges_of(const MetricLoad& load, const std::vector<std::int64_t>& seconds) {
  std::vector<std::vector<sources::LineRange>> ranges(load.inputs->files().size());
  for (const auto& bucket : load.store.buckets()) {
    if (!std::binary_search(seconds.begin(), seconds.end(), bucket.second)) continue;
    if (!bucket.spans_known) return std::nullopt;
    for (const auto& span : bucket.spans) ranges.at(span.file).push_back({span.begin, span.end});
  }
  for (auto& file_ranges : ranges) {
    std::sort(file_ranges.begin(), file_ranges.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
    std::vector<sources::LineRange> merged;
    for (const auto& range : file_ranges) {
      if (!merged.empty() && range.begin <= merged.back().end) {
        merged.back().end = std::max(merged.back().end, range.end);
      } else {
        merged.push_back(range);
      }
    }
    file_ranges = std::move(merged);
  }
  return ranges;
}

}  // namespace

std::vector<ExactEvent> load_events_in_seconds(const MetricLoad& load, const std::vector<std::int64_t>& seconds) {
  std::vector<std::int64_t> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  std::vector<ExactEvent> events;
  if (const auto ranges = ranges_of(load, sorted)) {
    ExactEventConsumer consumer(load.store, sorted);
    for (std::uint32_t file = 0; file < ranges->size(); ++file) {
      if (!(*ranges)[file].empty()) sources::scan_line_ranges(*load.inputs, file, (*ranges)[file], consumer);
    }
    events = std::move(consumer.events);
  } else {
    auto scan = sources::scan_lines(
        *load.inputs, [&] { return std::make_unique<ExactEventConsumer>(load.store, sorted); }, nullptr);
    for (auto& consumer : scan.consumers) {
      auto& found = static_cast<ExactEventConsumer&>(*consumer).events;
      events.insert(events.end(), found.begin(), found.end());
    }
  }
  std::sort(events.begin(), events.end(), [](const ExactEvent& a, const ExactEvent& b) { return a.timestamp < b.timestamp; });
  return events;
}

HeartbeatLoad load_heartbeats(const std::vector<std::string>& patterns, const sources::HeartbeatFields& fields) {
  HeartbeatLoad load;
  const auto inputs = sources::InputFiles::resolve(patterns);
  auto scan = sources::scan_lines(*inputs, [&] { return std::make_unique<HeartbeatConsumer>(fields); }, nullptr);
  for (auto& consumer : scan.consumers) {
    auto& ticks = static_cast<HeartbeatConsumer&>(*consumer).ticks;
    load.ticks.insert(load.ticks.end(), ticks.begin(), ticks.end());
  }
  std::stable_sort(load.ticks.begin(), load.ticks.end(),
                   [](const sources::HeartbeatTick& a, const sources::HeartbeatTick& b) {
                     return std::tie(a.timestamp, a.gitea_down, a.inference_down) < std::tie(b.timestamp, b.gitea_down, b.inference_down);
                   });
  load.summary = summarize(*inputs, scan.stats);
  return load;
}

void print_missing_field_warnings(const HeartbeatLoad& load, const sources::HeartbeatFields& fields) {
  if (load.ticks.empty()) return;
  const auto none_has = [&](bool sources::HeartbeatTick::*found) {
    return std::none_of(load.ticks.begin(), load.ticks.end(), [&](const sources::HeartbeatTick& tick) { return tick.*found; });
  };
  if (none_has(&sources::HeartbeatTick::gitea_found)) {
    fmt::print(stderr, "warning: no heartbeat tick has the Gitea field '{}' (--gitea-field); Gitea is never counted down\n",
               fields.gitea);
  }
  if (none_has(&sources::HeartbeatTick::inference_found)) {
    fmt::print(stderr,
               "warning: no heartbeat tick has the inference field '{}' (--inference-field); inference is never counted "
               "down\n",
               fields.inference);
  }
}

void print_skipped_warnings(const SourceSummary& summary, const std::string& source_name) {
  for (const auto& error : summary.file_errors) fmt::print(stderr, "warning: {}\n", error);
  for (const auto& warning : summary.first_warnings) fmt::print(stderr, "warning: skipped {} line {}\n", source_name, warning);
  if (summary.skipped > summary.first_warnings.size()) {
    fmt::print(stderr, "warning: skipped {} more malformed {} lines ({} in all)\n", summary.skipped - summary.first_warnings.size(),
               source_name, summary.skipped);
  }
}

}  // namespace fleetcast::events
