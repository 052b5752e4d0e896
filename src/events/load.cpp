#include "events/load.h"

#include <fmt/core.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <tuple>

#include "common/errors.h"
#include "common/progress.h"
#include "events/line_consumers.h"
#include "sources/line_scanner.h"

namespace fleetcast::events {
namespace {

std::int64_t floor_second(TimestampUs timestamp) {
  return timestamp >= 0 ? timestamp / kMicrosPerSecond : -((-timestamp + kMicrosPerSecond - 1) / kMicrosPerSecond);
}

}  // namespace

SourceSummary summarize_scan(const sources::InputFiles& inputs, const sources::ScanStats& stats) {
  SourceSummary summary;
  summary.files = inputs.files().size();
  summary.bytes = stats.bytes;
  summary.lines = stats.lines;
  summary.skipped = stats.skipped;
  summary.events = stats.lines - stats.skipped;
  for (const auto& skipped : stats.first_skipped) summary.first_warnings.push_back(sources::describe(inputs, skipped));
  return summary;
}

MetricLoad load_metrics(const std::vector<std::string>& patterns, TimestampUs now) {
  MetricLoad load;
  load.latest_allowed = latest_allowed_after(now);
  load.inputs = sources::InputFiles::resolve(patterns);
  ProgressBar progress("reading metrics", load.inputs->total_bytes());
  const TimestampUs latest_allowed = load.latest_allowed;
  auto scan = sources::scan_lines(
      *load.inputs, [latest_allowed] { return std::make_unique<MetricConsumer>(latest_allowed); }, &progress);
  progress.finish();
  for (auto& consumer : scan.consumers) load.store.merge(std::move(static_cast<MetricConsumer&>(*consumer).store));
  load.store.finalize();
  load.summary = summarize_scan(*load.inputs, scan.stats);
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
  for (auto& file_ranges : ranges) file_ranges = sources::merge_line_ranges(std::move(file_ranges));
  return ranges;
}

// The second pass must find exactly the events the first pass aggregated in those seconds. It reads only
// the bytes each file held at first, so a log that is merely appended to passes; one rewritten in place
// does not, and its windows would mix two versions of it (or name a caller the store never saw).
void check_same_events(const MetricStore& store, const std::vector<std::int64_t>& seconds, const std::vector<ExactEvent>& events,
                       const std::vector<std::string>& reread_files) {
  const auto& buckets = store.buckets();
  auto event = events.begin();
  for (const std::int64_t second : seconds) {
    std::vector<std::pair<CallerId, CallerTotals>> seen;
    bool known_callers = true;
    for (; event != events.end() && floor_second(event->timestamp) == second; ++event) {
      known_callers = known_callers && event->caller != MetricStore::kNoCaller;
      const CallerTotals one{1, event->tokens, event->success ? 0u : 1u};
      const auto same = std::find_if(seen.begin(), seen.end(), [&](const auto& entry) { return entry.first == event->caller; });
      if (same == seen.end()) seen.emplace_back(event->caller, one);
      else same->second.add(one);
    }
    std::sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const auto bucket = std::lower_bound(buckets.begin(), buckets.end(), second,
                                         [](const SecondBucket& b, std::int64_t s) { return b.second < s; });
    const bool has_bucket = bucket != buckets.end() && bucket->second == second;
    const auto same_totals = [](const std::pair<CallerId, CallerTotals>& a, const std::pair<CallerId, CallerTotals>& b) {
      return a.first == b.first && a.second.requests == b.second.requests && a.second.failures == b.second.failures &&
             std::abs(a.second.tokens - b.second.tokens) <= 1e-9 * std::max(1.0, std::abs(b.second.tokens));
    };
    if (known_callers && (has_bucket ? std::equal(seen.begin(), seen.end(), bucket->callers.begin(), bucket->callers.end(), same_totals)
                                     : seen.empty())) {
      continue;
    }
    const std::size_t named = std::min<std::size_t>(reread_files.size(), 3);
    throw RuntimeFailure(fmt::format("metric input changed while it was being read: the events of {} differ between the two passes "
                                     "over {}{}; run again once the files are no longer rewritten",
                                     format_iso8601(second * kMicrosPerSecond), fmt::join(reread_files.begin(), reread_files.begin() + named, ", "),
                                     reread_files.size() > named ? fmt::format(" and {} more", reread_files.size() - named) : ""));
  }
}

}  // namespace

std::vector<ExactEvent> load_events_in_seconds(const MetricLoad& load, const std::vector<std::int64_t>& seconds) {
  std::vector<std::int64_t> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<ExactEvent> events;
  std::vector<std::string> reread_files;
  if (const auto ranges = ranges_of(load, sorted)) {
    ExactEventConsumer consumer(load.store, load.latest_allowed, sorted);
    for (std::uint32_t file = 0; file < ranges->size(); ++file) {
      if ((*ranges)[file].empty()) continue;
      sources::scan_line_ranges(*load.inputs, file, (*ranges)[file], consumer);
      reread_files.push_back(load.inputs->files()[file].display_name);
    }
    events = std::move(consumer.events);
  } else {
    auto scan = sources::scan_lines(
        *load.inputs, [&] { return std::make_unique<ExactEventConsumer>(load.store, load.latest_allowed, sorted); }, nullptr);
    for (auto& consumer : scan.consumers) {
      auto& found = static_cast<ExactEventConsumer&>(*consumer).events;
      events.insert(events.end(), found.begin(), found.end());
    }
    for (const auto& file : load.inputs->files()) reread_files.push_back(file.display_name);
  }
  std::sort(events.begin(), events.end(), [](const ExactEvent& a, const ExactEvent& b) { return a.timestamp < b.timestamp; });
  check_same_events(load.store, sorted, events, reread_files);
  return events;
}

HeartbeatLoad load_heartbeats(const std::vector<std::string>& patterns, const sources::HeartbeatFields& fields,
                              TimestampUs now) {
  HeartbeatLoad load;
  const auto inputs = sources::InputFiles::resolve(patterns);
  const TimestampUs latest_allowed = latest_allowed_after(now);
  auto scan = sources::scan_lines(
      *inputs, [&] { return std::make_unique<HeartbeatConsumer>(fields, latest_allowed); }, nullptr);
  for (auto& consumer : scan.consumers) {
    auto& ticks = static_cast<HeartbeatConsumer&>(*consumer).ticks;
    load.ticks.insert(load.ticks.end(), ticks.begin(), ticks.end());
  }
  std::stable_sort(load.ticks.begin(), load.ticks.end(),
                   [](const sources::HeartbeatTick& a, const sources::HeartbeatTick& b) {
                     return std::tie(a.timestamp, a.gitea_down, a.inference_down) < std::tie(b.timestamp, b.gitea_down, b.inference_down);
                   });
  load.summary = summarize_scan(*inputs, scan.stats);
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

std::string anonymous_metrics_warning(const MetricStore& store) {
  const CallerId unknown = store.find_caller("unknown");
  for (const SecondBucket& bucket : store.buckets()) {
    for (const auto& [caller, totals] : bucket.callers) {
      if (caller != unknown || totals.tokens != 0) return {};
    }
  }
  if (store.empty()) return {};
  return "warning: no metric line names a caller or a token count: are --metrics and --heartbeat swapped? (every request "
         "counts as caller 'unknown' with 0 tokens)";
}

void print_anonymous_metrics_warning(const MetricStore& store) {
  if (const std::string warning = anonymous_metrics_warning(store); !warning.empty()) fmt::print(stderr, "{}\n", warning);
}

std::vector<std::string> skipped_warnings(const SourceSummary& summary, const std::string& source_name) {
  std::vector<std::string> lines;
  for (const auto& warning : summary.first_warnings) lines.push_back(fmt::format("warning: skipped {} line {}", source_name, warning));
  if (summary.skipped > summary.first_warnings.size()) {
    lines.push_back(fmt::format("warning: skipped {} more malformed {} lines ({} in all)",
                                summary.skipped - summary.first_warnings.size(), source_name, summary.skipped));
  }
  return lines;
}

void print_skipped_warnings(const SourceSummary& summary, const std::string& source_name) {
  for (const auto& line : skipped_warnings(summary, source_name)) fmt::print(stderr, "{}\n", line);
}

}  // namespace fleetcast::events
