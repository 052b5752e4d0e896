// `fleetcast plan`: for each pool, replicas per step over the horizon from the demand forecast, when to
// start them so they are ready in time, the plan's cost and its risk.
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "cli/current_replicas.h"
#include "cli/json_text.h"
#include "cli/pool_plans.h"
#include "outputs/plan_output.h"

namespace fleetcast::cli {

void register_plan(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    PlanFlags plan;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "plan", "Plan each pool's replicas over the next hours from the forecast of its demand: replicas per\n"
              "step for the interval's upper bound, when to start them (ready = start + startup_seconds),\n"
              "the cost, and the risk of demand above the planned capacity (a normal matched to the interval).");
  add_plan_flags(*command, flags->plan);
  add_current_replicas_flag(*command, flags->plan.current_replicas);
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  command->footer(
      "Examples:\n"
      "  fleetcast plan --metrics examples/fleet/metrics --pools examples/pools.yaml --horizon 6h\n"
      "  fleetcast plan --csv demand.csv --pools examples/pools.yaml --pool local-inference --level 0.95 --json");

  registry.add(command, [flags] {
    const auto planned = decisions::plan_pools(flags->plan, print_warning);
    if (flags->json) {
      nlohmann::ordered_json json;
      json["pools"] = nlohmann::ordered_json::array();
      for (const auto& entry : planned) json["pools"].push_back(outputs::plan_json(entry.plan));
      fmt::print("{}\n", json_text(json));
      return 0;
    }
    for (std::size_t i = 0; i < planned.size(); ++i) {
      fmt::print("{}{}", i ? "\n" : "", outputs::plan_markdown(planned[i].plan, planned[i].rate_unit));
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
