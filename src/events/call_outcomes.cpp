#include "events/call_outcomes.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "common/errors.h"
#include "common/progress.h"
#include "events/line_consumers.h"
#include "sources/line_scanner.h"
#include "sources/metric_record.h"

namespace fleetcast::events {
namespace {

class CallOutcomeConsumer : public sources::LineConsumer {
 public:
  explicit CallOutcomeConsumer(TimestampUs latest_allowed) : latest_allowed_(latest_allowed) {}

  const char* consume(const sources::Line& line) override {
    sources::MetricRecord record;
    if (const char* reason = parser_.parse(line.text, line.padded, record)) return reason;
    if (record.timestamp > latest_allowed_) return kFutureTimestampReason;
    CallOutcome call{record.timestamp, CallOutcome::kUnknownLatency, record.success};
    // Latencies past ~292,000 years do not fit in microseconds; they are as unknown as a missing one.
    if (record.latency_ms && *record.latency_ms < 9e12) call.latency_us = std::llround(*record.latency_ms * 1000.0);
    auto found = calls.find(record.caller);
    if (found == calls.end()) found = calls.emplace(std::string(record.caller), std::vector<CallOutcome>{}).first;
    found->second.push_back(call);
    return nullptr;
  }

  std::map<std::string, std::vector<CallOutcome>, std::less<>> calls;

 private:
  TimestampUs latest_allowed_;
  sources::MetricLineParser parser_;
};

bool earlier(const CallOutcome& a, const CallOutcome& b) {
  return std::tie(a.start, a.success, a.latency_us) < std::tie(b.start, b.success, b.latency_us);
}

}  // namespace

std::uint64_t CallOutcomeLoad::calls() const {
  std::uint64_t total = 0;
  for (const auto& caller : callers) total += caller.calls.size();
  return total;
}

CallOutcomeLoad load_call_outcomes(const std::vector<std::string>& patterns, TimestampUs now, TimestampUs history) {
  if (history < kMinHistory || history > kMaxHistory) throw InputError("--history must be between 1h and 3650d");
  const auto inputs = sources::InputFiles::resolve(patterns);
  ProgressBar progress("reading metrics", inputs->total_bytes());
  const TimestampUs latest_allowed = latest_allowed_after(now);
  auto scan = sources::scan_lines(
      *inputs, [latest_allowed] { return std::make_unique<CallOutcomeConsumer>(latest_allowed); }, &progress);
  progress.finish();

  std::map<std::string, std::vector<CallOutcome>, std::less<>> merged;
  for (auto& consumer : scan.consumers) {
    for (auto& [caller, calls] : static_cast<CallOutcomeConsumer&>(*consumer).calls) {
      auto& into = merged[caller];
      into.insert(into.end(), calls.begin(), calls.end());
    }
  }
  CallOutcomeLoad load;
  load.summary = summarize_scan(*inputs, scan.stats);
  load.history = history;
  TimestampUs latest = std::numeric_limits<TimestampUs>::min();
  for (auto& [caller, calls] : merged) {
    std::sort(calls.begin(), calls.end(), earlier);
    if (!calls.empty()) latest = std::max(latest, calls.back().start);
  }
  if (merged.empty()) return load;
  const HistoryBound bound = history_bound(latest, history);
  load.history_cut.start = bound.start;
  const TimestampUs kept_from = bound.first_second <= std::numeric_limits<TimestampUs>::min() / kMicrosPerSecond
                                    ? std::numeric_limits<TimestampUs>::min()
                                    : bound.first_second * kMicrosPerSecond;
  load.first = latest;
  load.last = latest;
  for (auto& [caller, calls] : merged) {
    const auto kept = std::lower_bound(calls.begin(), calls.end(), kept_from, [](const CallOutcome& c, TimestampUs t) { return c.start < t; });
    load.history_cut.dropped_events += static_cast<std::uint64_t>(kept - calls.begin());
    calls.erase(calls.begin(), kept);
    if (calls.empty()) continue;
    CallerCalls entry{caller, std::move(calls), 0, 0};
    for (const auto& call : entry.calls) {
      entry.failures += call.success ? 0 : 1;
      entry.unknown_latency += call.has_latency() ? 0 : 1;
    }
    load.unknown_latency += entry.unknown_latency;
    load.first = std::min(load.first, entry.calls.front().start);
    load.callers.push_back(std::move(entry));
  }
  // Heartbeat ticks parse as metric lines with neither; replaying them would answer for a fleet of one
  // caller named 'unknown' whose every call succeeded instantly.
  const bool anonymous = std::all_of(load.callers.begin(), load.callers.end(), [](const CallerCalls& c) { return c.caller == "unknown"; });
  if (!load.callers.empty() && anonymous && load.unknown_latency == load.calls()) {
    throw InputError(fmt::format("no metric line names a caller or a latency_ms ({} lines read): are --metrics and --heartbeat swapped?",
                                 load.calls()));
  }
  return load;
}

std::vector<std::string> call_outcome_notes(const CallOutcomeLoad& load) {
  std::vector<std::string> notes = skipped_warnings(load.summary, "metrics");
  if (std::string note = history_note(load.history_cut, load.history); !note.empty()) notes.push_back(std::move(note));
  if (load.unknown_latency > 0) {
    notes.push_back(fmt::format("note: {} of {} calls have no latency_ms (missing, or not a number >= 0); they count as instant calls, never slow",
                                load.unknown_latency, load.calls()));
  }
  return notes;
}

}  // namespace fleetcast::events
