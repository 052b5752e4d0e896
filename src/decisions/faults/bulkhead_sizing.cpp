#include "decisions/faults/bulkhead_sizing.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <queue>
#include <unordered_map>

#include <fmt/format.h>

#include "common/errors.h"
#include "resilience/bulkhead.h"

namespace fleetcast::decisions::faults {
namespace {

constexpr std::size_t kMaxQueue = 1'000'000;
constexpr std::size_t kMaxPool = 1'000'000;
constexpr double kMaxHeadroom = 10;

void require_percentile(const char* name, double value) {
  if (!(value > 0 && value <= 1)) {
    throw InputError(fmt::format("{} must be in (0, 1], got {}", name, value));
  }
}

// A caller's calls by start: events::CallerCalls' own order, or a sorted copy when they are not in it.
struct CallsByStart {
  const std::string* caller;
  const std::vector<events::CallOutcome>* logged;
  std::vector<events::CallOutcome> sorted_copy;
  const std::vector<events::CallOutcome>& calls() const { return sorted_copy.empty() ? *logged : sorted_copy; }
};

CallsByStart by_start(const events::CallerCalls& caller) {
  const auto earlier = [](const events::CallOutcome& a, const events::CallOutcome& b) { return a.start < b.start; };
  CallsByStart result{&caller.caller, &caller.calls, {}};
  if (!std::is_sorted(caller.calls.begin(), caller.calls.end(), earlier)) {
    result.sorted_copy = caller.calls;
    std::stable_sort(result.sorted_copy.begin(), result.sorted_copy.end(), earlier);
  }
  return result;
}

// Window index of a timestamp; floor division, timestamps are never negative in telemetry.
std::int64_t window_of(TimestampUs t, TimestampUs window_us) { return t / window_us; }

// Nearest-rank percentile of arrivals per window over `windows` windows, most of which may hold no call.
double arrivals_percentile(const std::vector<events::CallOutcome>& calls_by_start, TimestampUs window_us, std::int64_t windows,
                           double percentile) {
  std::vector<double> busy;  // arrivals of each window with at least one
  for (std::size_t i = 0; i < calls_by_start.size();) {
    const std::int64_t window = window_of(calls_by_start[i].start, window_us);
    std::size_t j = i;
    while (j < calls_by_start.size() && window_of(calls_by_start[j].start, window_us) == window) ++j;
    busy.push_back(static_cast<double>(j - i));
    i = j;
  }
  std::sort(busy.begin(), busy.end());
  const auto rank = static_cast<std::int64_t>(std::ceil(percentile * static_cast<double>(windows)));
  const std::int64_t empty = windows - static_cast<std::int64_t>(busy.size());
  if (rank <= empty) return 0;
  return busy[static_cast<std::size_t>(std::min<std::int64_t>(rank - empty, static_cast<std::int64_t>(busy.size())) - 1)];
}

std::size_t peak_concurrency(const std::vector<events::CallOutcome>& calls_by_start) {
  std::priority_queue<TimestampUs, std::vector<TimestampUs>, std::greater<>> ends;
  std::size_t peak = 0;
  for (const auto& call : calls_by_start) {
    if (!call.has_latency()) continue;
    while (!ends.empty() && ends.top() <= call.start) ends.pop();
    ends.push(call.start + call.latency_us);
    peak = std::max(peak, ends.size());
  }
  return peak;
}

// One slot each, the rest of the pool shared in proportion to (limit - 1) by largest remainder (ties to
// the earlier caller), so no caller gets more than its limit and the grants add up to the pool exactly.
void fit_pool(std::vector<CallerBulkhead>& callers, std::size_t pool, std::size_t total_limit) {
  const std::size_t spare = pool - callers.size();
  const std::size_t wanted = total_limit - callers.size();
  std::vector<std::pair<double, std::size_t>> remainders;
  std::size_t given = 0;
  for (std::size_t i = 0; i < callers.size(); ++i) {
    const double exact = static_cast<double>(callers[i].limit - 1) * static_cast<double>(spare) / static_cast<double>(wanted);
    const auto whole = static_cast<std::size_t>(std::floor(exact));
    callers[i].granted = 1 + whole;
    given += whole;
    remainders.emplace_back(exact - static_cast<double>(whole), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < spare; ++k, ++given) ++callers[remainders[k].second].granted;
}

}  // namespace

void BulkheadSizingOptions::validate() const {
  require_percentile("the rate percentile", rate_percentile);
  require_percentile("the latency percentile", latency_percentile);
  if (rate_window_us != 0 && (rate_window_us < kMicrosPerSecond || rate_window_us > 86400 * kMicrosPerSecond)) {
    throw InputError(fmt::format("the rate window must be 0 (the latency) or from 1s to 1d, got {} s",
                                 static_cast<double>(rate_window_us) / kMicrosPerSecond));
  }
  if (!(headroom >= 0 && headroom <= kMaxHeadroom)) {
    throw InputError(fmt::format("the headroom must be in [0, {}], got {}", kMaxHeadroom, headroom));
  }
  if (max_queue > kMaxQueue) throw InputError(fmt::format("the max queue must be at most {}, got {}", kMaxQueue, max_queue));
  if (pool_concurrency && (*pool_concurrency < 1 || *pool_concurrency > kMaxPool)) {
    throw InputError(fmt::format("the pool concurrency must be from 1 to {}, got {}", kMaxPool, *pool_concurrency));
  }
  resilience::BulkheadConfig{1, max_queue, max_wait_us}.validate();
}

double nearest_rank_percentile(std::vector<double> values, double percentile) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(percentile * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

ReplayCounts replay_bulkhead(const std::vector<events::CallOutcome>& calls_by_start, std::size_t limit, std::size_t max_queue,
                             TimestampUs max_wait_us) {
  resilience::BulkheadAdmission admission({limit, max_queue, max_wait_us});
  ReplayCounts counts;
  // Calls in flight by end time; the call id is its index in calls_by_start.
  using Ending = std::pair<TimestampUs, std::uint64_t>;
  std::priority_queue<Ending, std::vector<Ending>, std::greater<>> in_flight;
  auto collect_timeouts = [&](TimestampUs now) { counts.timed_out += admission.expire(now).size(); };
  auto end_calls_until = [&](TimestampUs now) {
    while (!in_flight.empty() && in_flight.top().first <= now) {
      const TimestampUs ended = in_flight.top().first;
      in_flight.pop();
      if (const auto promoted = admission.release(ended)) {
        const events::CallOutcome& call = calls_by_start[*promoted];
        ++counts.admitted_after_wait;
        counts.longest_wait_us = std::max(counts.longest_wait_us, ended - call.start);
        in_flight.emplace(ended + call.latency_us, *promoted);
      }
      collect_timeouts(ended);
    }
  };
  for (std::uint64_t id = 0; id < calls_by_start.size(); ++id) {
    const events::CallOutcome& call = calls_by_start[id];
    if (!call.has_latency()) continue;
    end_calls_until(call.start);
    switch (admission.arrive(id, call.start)) {
      case resilience::BulkheadAdmission::Decision::admitted:
        ++counts.admitted_at_once;
        in_flight.emplace(call.start + call.latency_us, id);
        break;
      case resilience::BulkheadAdmission::Decision::queued: break;
      case resilience::BulkheadAdmission::Decision::rejected: ++counts.rejected; break;
    }
    collect_timeouts(call.start);
  }
  end_calls_until(std::numeric_limits<TimestampUs>::max());
  // Nothing is left to free a slot: whoever still waits times out.
  if (!calls_by_start.empty()) collect_timeouts(std::numeric_limits<TimestampUs>::max() / 2);
  return counts;
}

BulkheadSizing size_bulkheads(const std::vector<events::CallerCalls>& callers, const BulkheadSizingOptions& options) {
  options.validate();
  std::vector<CallsByStart> sorted;
  for (const auto& caller : callers) {
    if (!caller.calls.empty()) sorted.push_back(by_start(caller));
  }
  if (sorted.empty()) throw InputError("bulkheads: no calls to size limits from");
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return *a.caller < *b.caller; });

  BulkheadSizing sizing;
  sizing.pool_concurrency = options.pool_concurrency;
  sizing.first_call = sorted.front().calls().front().start;
  sizing.last_call = sorted.front().calls().back().start;
  for (const auto& entry : sorted) {
    const auto& calls = entry.calls();
    sizing.first_call = std::min(sizing.first_call, calls.front().start);
    sizing.last_call = std::max(sizing.last_call, calls.back().start);
  }

  for (const auto& entry : sorted) {
    const auto& calls = entry.calls();
    CallerBulkhead bulkhead;
    bulkhead.caller = *entry.caller;
    bulkhead.calls = calls.size();
    std::vector<double> latencies;
    latencies.reserve(calls.size());
    for (const auto& call : calls) {
      if (call.has_latency()) latencies.push_back(static_cast<double>(call.latency_us) / kMicrosPerSecond);
    }
    bulkhead.unknown_latency = calls.size() - latencies.size();
    bulkhead.latency_seconds = nearest_rank_percentile(std::move(latencies), options.latency_percentile);
    const TimestampUs window_us =
        options.rate_window_us != 0
            ? options.rate_window_us
            : std::max<TimestampUs>(kMicrosPerSecond, std::llround(bulkhead.latency_seconds * kMicrosPerSecond));
    const std::int64_t windows = window_of(sizing.last_call, window_us) - window_of(sizing.first_call, window_us) + 1;
    bulkhead.rate_window_seconds = static_cast<double>(window_us) / kMicrosPerSecond;
    bulkhead.arrival_rate_per_second =
        arrivals_percentile(calls, window_us, windows, options.rate_percentile) / bulkhead.rate_window_seconds;
    bulkhead.concurrency = bulkhead.arrival_rate_per_second * bulkhead.latency_seconds;
    // The product is rounded to 1e-9 first so that a concurrency such as 2.0000000000000004 is not taken as 3.
    const double wanted = std::round(bulkhead.concurrency * (1 + options.headroom) * 1e9) / 1e9;
    bulkhead.limit = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(wanted)));
    bulkhead.granted = bulkhead.limit;
    bulkhead.peak_concurrency = peak_concurrency(calls);
    sizing.total_limit += bulkhead.limit;
    sizing.callers.push_back(std::move(bulkhead));
  }

  if (options.pool_concurrency) {
    const std::size_t pool = *options.pool_concurrency;
    if (pool < sizing.callers.size()) {
      throw InputError(fmt::format("the pool concurrency {} is below the {} callers: each needs at least one slot",
                                   pool, sizing.callers.size()));
    }
    sizing.fits = sizing.total_limit <= pool;
    if (!sizing.fits) fit_pool(sizing.callers, pool, sizing.total_limit);
  }
  for (const auto& caller : sizing.callers) sizing.total_granted += caller.granted;
  const double share_of = static_cast<double>(options.pool_concurrency.value_or(sizing.total_granted));
  for (std::size_t i = 0; i < sizing.callers.size(); ++i) {
    auto& caller = sizing.callers[i];
    caller.pool_share = static_cast<double>(caller.granted) / share_of;
    caller.replay = replay_bulkhead(sorted[i].calls(), caller.granted, options.max_queue, options.max_wait_us);
  }
  return sizing;
}

}  // namespace fleetcast::decisions::faults
