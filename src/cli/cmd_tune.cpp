// `fleetcast tune`: NSGA-II over a scaling policy's parameters in the simulator; prints the Pareto front
// of cost, unserved demand and scaling actions (on a held-out tail too, with --holdout), and writes the
// chosen settings (the knee, or the least unserved demand within --max-cost-ratio) into a pools YAML.
#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/flag_bounds.h"
#include "cli/json_text.h"
#include "cli/output_file_flag.h"
#include "cli/pool_demand.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/progress.h"
#include "decisions/planning/pools.h"
#include "decisions/scaling/tuning.h"
#include "outputs/tune_output.h"

namespace fleetcast::cli {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) throw InputError("cannot read pools file " + path);
  std::ostringstream text;
  text << input.rdbuf();
  return text.str();
}

}  // namespace

void register_tune(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    DemandInputFlags input;
    std::string pools;
    std::string pool;
    decisions::TuningOptions tuning;
    std::string out;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "tune", "Search a scaling policy's parameters with NSGA-II, replaying the demand in the simulator, for\n"
              "the trade-off between cost, unserved demand and scaling actions; recommends the knee.");
  add_demand_input_flags(*command, flags->input, "1m");
  command->add_option("--pools", flags->pools, "The pools YAML file")->required();
  command->add_option("--pool", flags->pool, "The pool to tune (may be left out when the file has one)");
  command->add_option("--policy", flags->tuning.policy, "The policy whose parameters to search")
      ->check(CLI::IsMember({"reactive", "predictive", "hybrid", "scheduled"}))
      ->capture_default_str();
  command->add_option("--population", flags->tuning.population, "Candidates per generation (at least 4)")
      ->capture_default_str()
      ->check(whole_number_within(4, 10'000));
  command->add_option("--generations", flags->tuning.generations, "Generations after the first")
      ->capture_default_str()
      ->check(whole_number_within(0, 10'000));
  command->add_option("--seed", flags->tuning.seed, "Seed of the search: the same seed gives the same front")
      ->capture_default_str()
      ->check(seed_number());
  command->add_option("--holdout", flags->tuning.holdout,
                      "Hold out this last fraction of the trace: tune on the part before it, report every front "
                      "point's scores on both parts")
      ->check(number_within(0.001, 0.999));
  command->add_option("--max-cost-ratio", flags->tuning.max_cost_ratio,
                      "Choose the least unserved demand among the points whose training cost is at most R x the "
                      "reactive policy's (1.0: no more than the HPA spends); without it, the knee")
      ->check(number_within(0.01, 100));
  command->add_option("--out", flags->out, "Write the pools YAML with the chosen settings to this file")
      ->check(output_file());
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of Markdown");
  command->footer(
      "The demand is found as `simulate` finds it: --csv, the pool's own demand CSV, or --metrics.\n"
      "Examples:\n"
      "  fleetcast tune --csv demand.csv --pools pools.yaml --pool chat --policy hybrid \\\n"
      "      --population 64 --generations 100 --seed 42 --out tuned.yaml\n"
      "  fleetcast tune --csv demand.csv --pools pools.yaml --policy predictive --holdout 0.3 \\\n"
      "      --max-cost-ratio 1.0 --out tuned.yaml   # then: simulate --pools tuned.yaml --score-from 0.7");

  registry.add(command, [flags] {
    const std::string pools_text = read_text(flags->pools);
    const std::filesystem::path pools_dir = std::filesystem::path(flags->pools).parent_path();
    const std::vector<decisions::Pool> pools = decisions::parse_pools(pools_text, flags->pools, pools_dir);
    const decisions::Pool& pool = decisions::select_pool(pools, flags->pool);

    decisions::PoolDemandSource source(flags->input, 60, print_warning);
    const series::TimeSeries demand = source.demand_for(pool);

    const std::size_t population = flags->tuning.population + flags->tuning.population % 2;
    ProgressBar progress("tune", population * (flags->tuning.generations + 1));
    const decisions::TuningResult result = decisions::tune_policy(
        demand, pool, flags->tuning, [&progress](std::size_t evaluations) { progress.advance(evaluations); });
    progress.finish();

    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::tune_json(result)));
    } else {
      fmt::print("{}", outputs::tune_markdown(result));
    }
    if (!result.chosen) {
      throw RuntimeFailure(fmt::format("--max-cost-ratio {}: no front point costs at most that ratio of the reactive "
                                       "policy's replica-hours{}",
                                       *result.max_cost_ratio, flags->out.empty() ? "" : "; " + flags->out + " not written"));
    }
    if (!flags->out.empty()) {
      const std::filesystem::path out_dir = std::filesystem::path(flags->out).parent_path();
      write_file_atomically(flags->out, decisions::tuned_pools_yaml(pools_text, pools_dir, out_dir, result,
                                                                    result.front[*result.chosen]));
      fmt::print(stderr, "wrote the chosen settings (point {}) for pool '{}' to {}\n", *result.chosen + 1, pool.name,
                 flags->out);
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
