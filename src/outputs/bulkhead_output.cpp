#include "outputs/bulkhead_output.h"

#include <fmt/core.h>

#include "common/time.h"
#include "common/value_bounds.h"
#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

double seconds(TimestampUs us) { return static_cast<double>(us) / kMicrosPerSecond; }

std::string percentile_text(double percentile) { return fmt::format("p{:g}", 100 * percentile); }

std::string latency_text(double value_seconds) {
  if (value_seconds >= 60) return fmt::format("{:.1f} min", value_seconds / 60);
  return fmt::format("{:.2f} s", value_seconds);
}

std::string unknown_latency_note(const decisions::faults::BulkheadSizing& sizing) {
  std::size_t unknown = 0;
  for (const auto& caller : sizing.callers) unknown += caller.unknown_latency;
  if (unknown == 0) return "";
  return fmt::format("Calls without a latency: {}, counted as arrivals but not replayed (how long they held a slot is "
                     "unknown).\n",
                     unknown);
}

std::string pool_note(const decisions::faults::BulkheadSizing& sizing) {
  if (!sizing.pool_concurrency) {
    return fmt::format("The limits add up to {} concurrent calls; the share is of that sum (give --pool-concurrency "
                       "to fit a pool).\n",
                       sizing.total_limit);
  }
  const std::size_t pool = *sizing.pool_concurrency;
  if (sizing.fits) {
    return fmt::format("The limits add up to {} of the pool's {} concurrent calls: they fit, {} spare.\n",
                       sizing.total_limit, pool, pool - sizing.total_limit);
  }
  return fmt::format("**The limits add up to {}, more than the pool's {}: they do not fit.** They were scaled down "
                     "to add up to {} (the granted column; one slot each, the rest in proportion to the limits), and "
                     "the replay uses the granted limits.\n",
                     sizing.total_limit, pool, sizing.total_granted);
}

}  // namespace

nlohmann::ordered_json bulkheads_json(const decisions::faults::BulkheadSizing& sizing,
                                      const decisions::faults::BulkheadSizingOptions& options) {
  nlohmann::ordered_json json;
  json["first_call"] = format_iso8601(sizing.first_call);
  json["last_call"] = format_iso8601(sizing.last_call);
  json["rate_window_seconds"] = options.rate_window_us == 0 ? nlohmann::ordered_json(nullptr)
                                                           : nlohmann::ordered_json(seconds(options.rate_window_us));
  json["rate_percentile"] = options.rate_percentile;
  json["latency_percentile"] = options.latency_percentile;
  json["headroom"] = options.headroom;
  json["max_queue"] = options.max_queue;
  json["max_wait_seconds"] = seconds(options.max_wait_us);
  json["pool_concurrency"] = sizing.pool_concurrency ? nlohmann::ordered_json(*sizing.pool_concurrency) : nullptr;
  json["fits"] = sizing.fits;
  json["total_limit"] = sizing.total_limit;
  json["total_granted"] = sizing.total_granted;
  json["callers"] = nlohmann::ordered_json::array();
  for (const auto& caller : sizing.callers) {
    json["callers"].push_back({{"caller", caller.caller},
                               {"calls", caller.calls},
                               {"unknown_latency", caller.unknown_latency},
                               {"rate_window_seconds", caller.rate_window_seconds},
                               {"arrival_rate_per_second", caller.arrival_rate_per_second},
                               {"latency_seconds", caller.latency_seconds},
                               {"concurrency", caller.concurrency},
                               {"limit", caller.limit},
                               {"granted", caller.granted},
                               {"pool_share", caller.pool_share},
                               {"peak_concurrency", caller.peak_concurrency},
                               {"admitted_at_once", caller.replay.admitted_at_once},
                               {"admitted_after_wait", caller.replay.admitted_after_wait},
                               {"queued", caller.replay.queued()},
                               {"timed_out", caller.replay.timed_out},
                               {"rejected", caller.replay.rejected},
                               {"longest_wait_seconds", seconds(caller.replay.longest_wait_us)}});
  }
  return json;
}

std::string bulkheads_markdown(const decisions::faults::BulkheadSizing& sizing,
                               const decisions::faults::BulkheadSizingOptions& options) {
  const std::string rate = percentile_text(options.rate_percentile);
  const std::string latency = percentile_text(options.latency_percentile);
  MarkdownTable table;
  table.headers = {"caller", "calls", "rate window", fmt::format("arrivals/s ({})", rate), fmt::format("latency ({})", latency),
                   "concurrency", "limit", "granted", "pool share", "peak in flight", "queued", "timed out",
                   "rejected"};
  table.align.assign(table.headers.size(), Align::right);
  table.align.front() = Align::left;
  for (const auto& caller : sizing.callers) {
    table.rows.push_back({caller.caller, std::to_string(caller.calls), latency_text(caller.rate_window_seconds),
                          fmt::format("{:.3f}", caller.arrival_rate_per_second),
                          latency_text(caller.latency_seconds), fmt::format("{:.2f}", caller.concurrency),
                          std::to_string(caller.limit), std::to_string(caller.granted),
                          fmt::format("{:.1f}%", 100 * caller.pool_share), std::to_string(caller.peak_concurrency),
                          std::to_string(caller.replay.queued()), std::to_string(caller.replay.timed_out),
                          std::to_string(caller.replay.rejected)});
  }
  const std::string queue = options.max_queue == 0
                                ? "no queue (a call beyond the limit is rejected)"
                                : fmt::format("a queue of {} waiting up to {}", options.max_queue,
                                              human_duration(seconds(options.max_wait_us)));
  return fmt::format(
      "## Bulkheads: per-caller concurrency limits\n\n"
      "Little's law over the calls from {} to {}: limit = ceil(arrivals per rate window at {} / window seconds x "
      "latency at {} x {:g}), at least 1; {}.\n\n{}\n{}\n"
      "Replay: each caller's calls through its own bulkhead of its granted limit with {}; queued counts the calls "
      "that waited (timed out are those that gave up), rejected those that found the queue full.\n{}",
      format_iso8601(sizing.first_call), format_iso8601(sizing.last_call), rate, latency, 1 + options.headroom,
      options.rate_window_us == 0
          ? fmt::format("the rate window is each caller's latency at {} (at least 1 s), so the limit is the {} of "
                        "the calls started within one such latency, with headroom",
                        latency, rate)
          : fmt::format("arrivals counted per {}", human_duration(seconds(options.rate_window_us))),
      table.render(), pool_note(sizing), queue,
      unknown_latency_note(sizing));
}

}  // namespace fleetcast::outputs
