// `fleetcast rightsize`: CPU and memory requests and limits per target from its usage, Autopilot-style,
// replayed over the history beside the current settings and VPA's defaults.
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "cli/flag_bounds.h"
#include "cli/json_text.h"
#include "common/value_bounds.h"
#include "common/warnings.h"
#include "decisions/usage/rightsize.h"
#include "outputs/usage_output.h"

namespace fleetcast::cli {
namespace {

constexpr DurationBounds kHalfLifeBounds{60, 365 * kSecondsPerDay};

}  // namespace

void register_rightsize(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    std::string usage;
    std::string target = "both";
    std::string cpu_half_life = "12h";
    std::string memory_half_life = "48h";
    decisions::usage::RightsizeOptions options;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "rightsize", "Recommend CPU and memory requests and limits per target from its own usage (Autopilot-style\n"
                   "decaying histograms), and replay them hour by hour over the history beside the current settings\n"
                   "and VPA's recommender defaults: slack, throttled intervals and would-be OOM kills.");
  command->add_option("--usage", flags->usage, "Folder of usage_YYYYMMDD.jsonl files written by `fleetcast collect`")
      ->required();
  command->add_option("--target", flags->target, "Which resources to size")
      ->check(CLI::IsMember({"cpu", "memory", "both"}))
      ->capture_default_str();
  command->add_option("--cpu-half-life", flags->cpu_half_life, "Half-life of the CPU histogram's weights, e.g. 12h")
      ->check(duration_within(kHalfLifeBounds))
      ->capture_default_str();
  command->add_option("--memory-half-life", flags->memory_half_life, "Half-life of the memory histogram's weights")
      ->check(duration_within(kHalfLifeBounds))
      ->capture_default_str();
  command->add_option("--margin", flags->options.margin, "Fraction added to each recommendation, e.g. 0.15")
      ->check(number_within(0, 10))
      ->capture_default_str();
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  command->footer(
      "CPU: request at p95 and limit at p99 of the cores used per sample interval; memory: request at p98 of\n"
      "5-minute peaks and limit at the largest recent peak; an OOM kill adds a peak 20% (at least 100 MiB)\n"
      "above what was killed. The replay scores each hour against the settings recommended from the hours\n"
      "before it only.\n"
      "Examples:\n"
      "  fleetcast rightsize --usage usage/\n"
      "  fleetcast rightsize --usage usage/ --target memory --memory-half-life 24h --json");

  registry.add(command, [flags] {
    auto& options = flags->options;
    options.cpu = flags->target != "memory";
    options.memory = flags->target != "cpu";
    options.cpu_half_life_seconds = duration_flag_seconds("--cpu-half-life", flags->cpu_half_life, kHalfLifeBounds);
    options.memory_half_life_seconds =
        duration_flag_seconds("--memory-half-life", flags->memory_half_life, kHalfLifeBounds);
    const auto usage = decisions::usage::read_target_usage(flags->usage, print_warning);
    const auto results = decisions::usage::rightsize(usage, options);
    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::rightsize_json(results, options)));
    } else {
      fmt::print("{}", outputs::rightsize_markdown(results, options));
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
