#include "events/hourly_telemetry.h"

#include <algorithm>
#include <limits>
#include <map>

#include "common/errors.h"
#include "common/progress.h"
#include "events/line_consumers.h"
#include "sources/line_scanner.h"
#include "sources/metric_record.h"

namespace fleetcast::events {
namespace {

constexpr TimestampUs kMicrosPerHour = 3600 * kMicrosPerSecond;

std::int64_t hour_of(TimestampUs timestamp) {
  return timestamp / kMicrosPerHour - (timestamp % kMicrosPerHour < 0 ? 1 : 0);
}

using CallerHours = std::map<std::string, std::map<std::int64_t, HourTotals>, std::less<>>;

class HourlyConsumer : public sources::LineConsumer {
 public:
  explicit HourlyConsumer(TimestampUs latest_allowed) : latest_allowed_(latest_allowed) {}

  const char* consume(const sources::Line& line) override {
    sources::MetricRecord record;
    if (const char* reason = parser_.parse(line.text, line.padded, record)) return reason;
    if (record.timestamp > latest_allowed_) return kFutureTimestampReason;
    auto found = callers.find(record.caller);
    if (found == callers.end()) found = callers.emplace(std::string(record.caller), std::map<std::int64_t, HourTotals>{}).first;
    HourTotals& hour = found->second[hour_of(record.timestamp)];
    hour.requests += 1;
    hour.tokens += record.tokens;
    hour.failures += record.success ? 0 : 1;
    if (record.latency_ms) {
      hour.latency_ms_sum += *record.latency_ms;
      ++hour.latency_calls;
    }
    latest = std::max(latest, record.timestamp);
    return nullptr;
  }

  CallerHours callers;
  TimestampUs latest = std::numeric_limits<TimestampUs>::min();

 private:
  TimestampUs latest_allowed_;
  sources::MetricLineParser parser_;
};

}  // namespace

HourlyTelemetry load_hourly_telemetry(const std::vector<std::string>& patterns, TimestampUs now, TimestampUs history) {
  if (history < kMinHistory || history > kMaxHistory) throw InputError("--history must be between 1h and 3650d");
  const auto inputs = sources::InputFiles::resolve(patterns);
  ProgressBar progress("reading metrics", inputs->total_bytes());
  const TimestampUs latest_allowed = latest_allowed_after(now);
  auto scan = sources::scan_lines(*inputs, [latest_allowed] { return std::make_unique<HourlyConsumer>(latest_allowed); }, &progress);
  progress.finish();

  CallerHours merged;
  TimestampUs latest = std::numeric_limits<TimestampUs>::min();
  for (auto& consumer : scan.consumers) {
    auto& hourly = static_cast<HourlyConsumer&>(*consumer);
    latest = std::max(latest, hourly.latest);
    for (auto& [caller, hours] : hourly.callers) {
      auto& into = merged[caller];
      for (const auto& [hour, totals] : hours) {
        HourTotals& sum = into[hour];
        sum.requests += totals.requests;
        sum.tokens += totals.tokens;
        sum.failures += totals.failures;
        sum.latency_ms_sum += totals.latency_ms_sum;
        sum.latency_calls += totals.latency_calls;
      }
    }
  }
  HourlyTelemetry telemetry;
  telemetry.summary = summarize_scan(*inputs, scan.stats);
  telemetry.history = history;
  if (merged.empty()) throw InputError("the metric logs hold no events to find patterns in");

  const std::int64_t first_kept = hour_of(history_bound(latest, history).start);
  const std::int64_t last = hour_of(latest);
  std::int64_t first = last;
  for (const auto& [caller, hours] : merged) {
    for (const auto& [hour, totals] : hours) {
      if (hour < first_kept) {
        telemetry.history_cut.dropped_events += static_cast<std::uint64_t>(totals.requests);
      } else {
        first = std::min(first, hour);
      }
    }
  }
  telemetry.history_cut.start = first_kept * kMicrosPerHour;
  telemetry.start = first * kMicrosPerHour;
  telemetry.hours = static_cast<std::size_t>(last - first + 1);
  for (const auto& [caller, hours] : merged) {
    std::vector<HourTotals> series(telemetry.hours);
    bool any = false;
    for (auto it = hours.lower_bound(first); it != hours.end(); ++it) {
      series[static_cast<std::size_t>(it->first - first)] = it->second;
      any = true;
    }
    if (!any) continue;  // a caller seen only before the history kept
    telemetry.callers.push_back(caller);
    telemetry.totals.push_back(std::move(series));
  }
  return telemetry;
}

std::vector<std::string> hourly_telemetry_notes(const HourlyTelemetry& telemetry) {
  std::vector<std::string> notes = skipped_warnings(telemetry.summary, "metrics");
  if (std::string note = history_note(telemetry.history_cut, telemetry.history); !note.empty()) notes.push_back(std::move(note));
  if (telemetry.callers == std::vector<std::string>{"unknown"} &&
      std::all_of(telemetry.totals[0].begin(), telemetry.totals[0].end(), [](const HourTotals& hour) { return hour.tokens == 0; })) {
    notes.push_back("warning: no metric line names a caller or a token count: are --metrics and --heartbeat swapped? (every "
                    "request counts as caller 'unknown' with 0 tokens)");
  }
  return notes;
}

}  // namespace fleetcast::events
