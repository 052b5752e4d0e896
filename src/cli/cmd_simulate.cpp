// `fleetcast simulate`: replays a demand series against a pool under each scaling policy and scores them.
#include <fmt/core.h>

#include <memory>
#include <optional>
#include <sstream>

#include "cli/commands.h"
#include "cli/json_text.h"
#include "cli/pool_demand.h"
#include "cli/policy_flags.h"
#include "cli/output_file_flag.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "decisions/scaling/policy_comparison.h"
#include "decisions/scaling/policy_frontier.h"
#include "decisions/scaling/score_from.h"
#include "decisions/scaling/simulator.h"
#include "outputs/frontier_output.h"
#include "outputs/frontier_svg.h"
#include "outputs/simulation_output.h"

namespace fleetcast::cli {
namespace {

// `--frontier` (and `--svg`): the sweep instead of the comparison.
void print_frontier(const decisions::Pool& pool, const series::TimeSeries& demand, const std::vector<std::string>& names,
                    const decisions::PolicyOverrides& overrides, std::size_t score_from_step, bool json,
                    const std::string& svg_file) {
  const auto frontiers = decisions::sweep_frontiers(demand, pool, names, overrides, score_from_step);
  if (frontiers.empty()) throw InputError("--frontier: none of the policies has a knob to sweep (reactive, predictive, hybrid)");
  const std::optional<TimestampUs> score_from =
      score_from_step > 0 ? std::optional<TimestampUs>(demand.time_at(score_from_step)) : std::nullopt;
  if (!svg_file.empty()) {
    write_file_atomically(svg_file, outputs::frontier_svg(pool.name, score_from, frontiers));
    fmt::print(stderr, "wrote the frontier chart to {}\n", svg_file);
  }
  if (json) {
    fmt::print("{}\n", json_text(outputs::frontier_json(pool.name, demand.step_seconds, score_from, frontiers)));
  } else {
    fmt::print("{}", outputs::frontier_markdown(pool.name, score_from, frontiers));
  }
}

}  // namespace

void register_simulate(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    DemandInputFlags input;
    std::string pools_file;
    std::string pool;
    std::string policies = "reactive,predictive,hybrid,scheduled";
    std::vector<std::string> params;
    bool json = false;
    std::string timeline;
    std::string timeline_policy;
    std::string score_from;
    bool frontier = false;
    std::string svg;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "simulate", "Replay a demand series step by step against a pool run by each scaling policy, and score\n"
                  "cost, utilization, waste, unserved demand, scaling actions and recovery time.");
  add_demand_input_flags(*command, flags->input, "1m");
  command->add_option("--pools", flags->pools_file, "Pools YAML file (see examples/pools.yaml)")->required()->check(CLI::ExistingFile);
  command->add_option("--pool", flags->pool, "The pool to replay (needed when the file has several)");
  command->add_option("--policies", flags->policies, "Comma-separated policies to compare")->capture_default_str();
  add_policy_param_flag(*command, flags->params);
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  auto* timeline = command->add_option("--timeline", flags->timeline,
                                       "Write timestamp,demand,forecast,desired,ready,served,billed per step to this CSV")
                       ->check(output_file());
  command->add_option("--policy", flags->timeline_policy, "The policy whose timeline --timeline writes")->needs(timeline);
  auto* score_from_option = command->add_option("--score-from", flags->score_from,
                      "Replay the whole trace but score only the steps at or after WHEN: a fraction of the\n"
                      "trace (0.7 scores the last 30%) or a timestamp (ISO-8601 or epoch seconds)");
  auto* frontier = command->add_flag("--frontier", flags->frontier,
                                     "Sweep each policy's main knob (reactive: target utilization; predictive: q and "
                                     "headroom; hybrid: prediction weight) and print cost against unserved demand")
                       ->excludes(timeline);
  command->add_option("--svg", flags->svg, "With --frontier: draw the frontiers (cost x, unserved y) into this SVG file")
      ->needs(frontier)
      ->check(output_file());
  command->footer(
      "Starting replicas are billed from launch: the timeline's billed column is ready plus starting, and\n"
      "cost = sum(billed) x step hours x cost_per_replica_hour. Demand in a CSV is a count per step; it is\n"
      "served at capacity_per_replica per hour per ready replica.\n"
      "Examples:\n"
      "  fleetcast simulate --csv demand.csv --pools examples/pools.yaml --pool local-inference --json\n"
      "  fleetcast simulate --metrics examples/fleet/metrics --pools examples/pools.yaml --step 1m \\\n"
      "      --policies reactive,hybrid --timeline hybrid.csv --policy hybrid\n"
      "  fleetcast simulate --csv demand.csv --pools tuned.yaml --pool web --score-from 0.7\n"
      "  fleetcast simulate --csv demand.csv --pools pools.yaml --frontier --svg frontier.svg");

  registry.add(command, [flags, score_from_option] {
    const auto pools = decisions::load_pools(flags->pools_file);
    const decisions::Pool& pool = decisions::select_pool(pools, flags->pool);
    const std::vector<std::string> names = decisions::split_policy_names(flags->policies);
    if (!flags->timeline.empty()) {
      if (flags->timeline_policy.empty() && names.size() == 1) flags->timeline_policy = names.front();
      if (std::find(names.begin(), names.end(), flags->timeline_policy) == names.end()) {
        throw InputError("--timeline needs --policy NAME, one of the policies simulated (" + flags->policies + ")");
      }
    }
    const auto overrides = decisions::parse_policy_params(flags->params);
    decisions::PoolDemandSource source(flags->input, 60, print_warning);
    const series::TimeSeries demand = source.demand_for(pool);
    const std::size_t first_scored = score_from_option->count() == 0 ? 0 : decisions::score_from_step(demand, flags->score_from);
    if (flags->frontier) {
      print_frontier(pool, demand, names, overrides, first_scored, flags->json, flags->svg);
      return 0;
    }

    const auto comparison = decisions::compare_policies(demand, pool, names, overrides,
                                                        flags->timeline.empty() ? "" : flags->timeline_policy, first_scored);
    if (!flags->timeline.empty()) {
      write_file_atomically(flags->timeline, outputs::timeline_csv(comparison.timeline));
      fmt::print(stderr, "wrote the {} timeline to {}\n", flags->timeline_policy, flags->timeline);
    }
    const auto& scores = comparison.scores;
    const TimestampUs score_from = demand.time_at(first_scored);
    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::simulation_json(pool.name, demand.step_seconds, scores, score_from)));
    } else {
      std::optional<outputs::ScoredPeriod> scored;
      if (first_scored > 0) scored = outputs::ScoredPeriod{score_from, first_scored};
      fmt::print("{}", outputs::simulation_markdown(pool, demand.step_seconds, demand.size(), scores, scored));
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
