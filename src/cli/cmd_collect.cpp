// `fleetcast collect`: samples processes and cgroups into the daily usage log.
#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/flag_bounds.h"
#include "sources/usage/usage_collection.h"

namespace fleetcast::cli {
namespace {

// Under 10 ms a round would only measure the collector itself; over a day a series would be too coarse.
constexpr DurationBounds kIntervalBounds{0.01, kSecondsPerDay};
constexpr DurationBounds kCollectDurationBounds{0.01, 3650 * kSecondsPerDay};

}  // namespace

void register_collect(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    std::string out;
    std::string interval = "5s";
    std::string duration;
    sources::UsageTargets targets;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "collect", "Sample CPU, throttling, memory, OOM kills, disk and network bytes of processes (/proc) or cgroups\n"
                 "(v1 or v2) into DIR/usage_YYYYMMDD.jsonl, one line per target per interval, until --duration\n"
                 "is over or SIGINT/SIGTERM. Other commands read the log with --usage DIR --series cpu|memory|...");
  command->add_option("--out", flags->out, "Directory of the usage log (created when missing)")->required();
  command->add_option("--interval", flags->interval, "Time between samples, e.g. 5s or 0.5s")
      ->capture_default_str()
      ->check(duration_within(kIntervalBounds));
  auto* pids = command->add_option("--pid", flags->targets.pids, "Processes to sample (repeatable)")
                   ->expected(1, -1)
                   ->check(CLI::Range(1, 1 << 30));
  auto* cgroups = command->add_option("--cgroup", flags->targets.cgroups,
                                      "Cgroups to sample, as paths under the cgroup mount, e.g. /kubepods/pod-a (repeatable)")
                      ->expected(1, -1);
  auto* all = command->add_flag("--all-cgroups", flags->targets.all_cgroups,
                                "Every cgroup below the root, listed again each round");
  all->excludes(cgroups);
  pids->excludes(all);
  pids->excludes(cgroups);
  command->add_option("--duration", flags->duration, "Stop after this long, e.g. 10m (default: until SIGINT or SIGTERM)")
      ->check(duration_within(kCollectDurationBounds));
  command->footer(
      "Example:\n"
      "  fleetcast collect --out usage --interval 5s --pid 4242 --duration 1h\n"
      "  fleetcast forecast --usage usage --series cpu --step 1m --horizon 30m");

  registry.add(command, [flags] {
    sources::CollectionSettings settings;
    settings.out = flags->out;
    settings.interval_seconds = duration_flag_seconds("--interval", flags->interval, kIntervalBounds);
    if (!flags->duration.empty()) {
      settings.duration_seconds = duration_flag_seconds("--duration", flags->duration, kCollectDurationBounds);
    }
    sources::UsageSampler sampler(sources::system_usage_sources(), flags->targets);
    const auto summary = sources::run_collection(sampler, settings, print_warning);
    // Under a second the share of a core is mostly start-up, not the collector's steady cost.
    const std::string core_share = summary.elapsed_seconds >= 1
        ? fmt::format(" ({:.3f}% of a core)", 100 * summary.own_cpu_seconds / summary.elapsed_seconds) : "";
    fmt::print(stderr, "wrote {} samples in {} rounds to {} over {:.1f} s{}; the collector used {:.3f} s of CPU{}\n",
               summary.samples, summary.rounds, flags->out, summary.elapsed_seconds,
               summary.stopped_by_signal ? " (stopped by a signal)" : summary.targets_gone ? " (every target has gone)" : "",
               summary.own_cpu_seconds, core_share);
    return 0;
  });
}

}  // namespace fleetcast::cli
