// `fleetcast bulkheads`: per-caller concurrency limits from the metric logs, by Little's law.
#include <fmt/core.h>

#include <cmath>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/flag_bounds.h"
#include "cli/json_text.h"
#include "cli/time_flags.h"
#include "common/errors.h"
#include "common/warnings.h"
#include "decisions/faults/bulkhead_pipeline.h"
#include "outputs/bulkhead_output.h"

namespace fleetcast::cli {
namespace {

constexpr DurationBounds kRateWindowBounds{1, kSecondsPerDay};
constexpr DurationBounds kMaxWaitBounds{0.001, kSecondsPerDay};

TimestampUs duration_flag_us(const std::string& flag, const std::string& text, DurationBounds bounds) {
  return std::llround(duration_flag_seconds(flag, text, bounds) * kMicrosPerSecond);
}

}  // namespace

void register_bulkheads(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    decisions::faults::BulkheadRequest request;
    TimeFlags time;
    std::string rate_window = "latency";
    std::string max_wait;
    std::optional<std::size_t> pool_concurrency;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  auto& options = flags->request.options;
  CLI::App* command = app.add_subcommand(
      "bulkheads", "Size per-caller concurrency limits from the metric logs by Little's law (arrival rate x latency,\n"
                   "with headroom), so that a heavy caller cannot take the capacity of the others; show each\n"
                   "caller's share of the pool and what each limit would have queued or rejected over the history.");
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  command->add_option("--metrics", flags->request.metric_paths,
                      "Metric logs with latency_ms: files, directories (*.jsonl, *.jsonl.gz), globs, or - for stdin "
                      "(default metrics/)")
      ->expected(1, -1);
  add_time_flags(*command, flags->time);
  command->add_option("--rate-window", flags->rate_window,
                      "Arrivals are counted per window of this length, e.g. 10s or 1m (from 1s to 1d), or 'latency': "
                      "each caller's latency at --latency-percentile, at least 1s (default)");
  command->add_option("--rate-percentile", options.rate_percentile,
                      "Percentile of the arrivals per window taken as the arrival rate")
      ->default_val(0.99)->check(number_within(0.01, 1));
  command->add_option("--latency-percentile", options.latency_percentile, "Percentile of the latencies taken")
      ->default_val(0.99)->check(number_within(0.01, 1));
  command->add_option("--headroom", options.headroom, "Fraction added above Little's law, e.g. 0.2 for 20%")
      ->default_val(0.2)->check(number_within(0, 10));
  auto* max_queue = command->add_option("--max-queue", options.max_queue,
                                        "Calls that may wait for a slot, per caller, in the replay (default 0: a call "
                                        "beyond the limit is rejected)")
                        ->check(whole_number_within(0, 1'000'000));
  command->add_option("--max-wait", flags->max_wait, "How long a queued call waits before it gives up, e.g. 2s")
      ->check(duration_within(kMaxWaitBounds))->needs(max_queue);
  command->add_option("--pool-concurrency", flags->pool_concurrency,
                      "Concurrent calls the shared pool serves: the limits are scaled down to fit when they add up "
                      "to more")
      ->check(whole_number_within(1, 1'000'000));
  command->footer(
      "limit = ceil(arrivals per window at the rate percentile / window seconds x latency at the latency\n"
      "percentile x (1 + headroom)), at least 1; with the default window (the caller's latency) that is the\n"
      "percentile of the calls started within one latency, x (1 + headroom). The replay runs each caller's\n"
      "calls (start = timestamp, end = start + latency_ms) through a bulkhead of its limit.\n"
      "Example:\n"
      "  fleetcast bulkheads --metrics examples/fleet/metrics --pool-concurrency 16 --max-queue 8 --max-wait 5s");

  registry.add(command, [flags] {
    auto& options = flags->request.options;
    if (flags->rate_window != "latency") {
      options.rate_window_us = duration_flag_us("--rate-window", flags->rate_window, kRateWindowBounds);
    }
    if (options.max_queue > 0 && flags->max_wait.empty()) throw InputError("--max-queue needs --max-wait");
    if (!flags->max_wait.empty()) options.max_wait_us = duration_flag_us("--max-wait", flags->max_wait, kMaxWaitBounds);
    if (options.max_queue == 0 && options.max_wait_us > 0) throw InputError("--max-wait needs --max-queue above 0");
    options.pool_concurrency = flags->pool_concurrency;
    const events::TimeBounds time = events::resolve_time_flags(flags->time);
    flags->request.now = time.now;
    flags->request.history = time.history;
    const auto run = decisions::faults::run_bulkhead_sizing(flags->request);
    send_warnings(print_warning, events::call_outcome_notes(run.load));
    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::bulkheads_json(run.sizing, options)));
    } else {
      fmt::print("{}", outputs::bulkheads_markdown(run.sizing, options));
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
