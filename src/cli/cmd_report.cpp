// `fleetcast report`: should the fleet pre-provision before the next surge?
#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/current_replicas.h"
#include "cli/flag_bounds.h"
#include "cli/json_text.h"
#include "cli/time_flags.h"
#include "common/errors.h"
#include "decisions/planning/current_replicas.h"
#include "decisions/planning/pools.h"
#include "decisions/report/report_pipeline.h"
#include "outputs/report_output.h"

namespace fleetcast::cli {

void register_report(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    decisions::ReportRequest request;
    std::vector<std::string> current_replicas;
    std::string horizon = "6";
    TimeFlags time;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "report", "Compare the recent window of requests with the previous active window, read the health heartbeats,\n"
                "and recommend how to allocate resources before a surge.");
  command->add_flag("--json", flags->json, "Print one JSON object on stdout instead of a Markdown report");
  command->add_option("--horizon", flags->horizon,
                      "Window length H: hours, or a duration such as 90m or 6h (default 6, at least 5m)")
      ->check(duration_within(kReportHorizonBounds));
  add_time_flags(*command, flags->time);
  command->add_option("--metrics", flags->request.metric_paths,
                      "Metric logs: files, directories (*.jsonl, *.jsonl.gz), globs, or - for stdin (default metrics/)")
      ->expected(1, -1);
  command->add_option("--heartbeat", flags->request.heartbeat_paths,
                      "Heartbeat logs, same forms (default heartbeat/ when it exists)")
      ->expected(1, -1);
  command->add_option("--gitea-field", flags->request.heartbeat_fields.gitea, "Dotted path of the Gitea health field")
      ->default_str("gitea_ok");
  command->add_option("--inference-field", flags->request.heartbeat_fields.inference, "Dotted path of the inference health field")
      ->default_str("inference_ok");
  command->add_option("--heavy-share", flags->request.thresholds.heavy_share, "Token share that makes a caller heavy")
      ->default_val(0.5)->check(number_within(0, 1));
  command->add_option("--heavy-ratio", flags->request.thresholds.heavy_ratio,
                      "Tokens per request, vs the other callers, that make a caller heavy")
      ->default_val(3.0)->check(number_within(0.01, 1000));
  command->add_option("--fail-min-requests", flags->request.thresholds.fail_min_requests,
                      "Requests a caller needs before its failure rate counts")
      ->default_val(5)->check(whole_number_within(0, 1'000'000'000));
  command->add_option("--fail-rate", flags->request.thresholds.fail_rate, "Failure rate that marks a caller as failing")
      ->default_val(0.25)->check(number_within(0, 1));
  command->add_option("--pools", flags->request.pools_file,
                      "Pools YAML: the Pre-warm advice then names how many replicas to start, and when");
  command->add_option("--pool", flags->request.pool_name, "Which pool of --pools (default: the only one)");
  add_current_replicas_flag(*command, flags->current_replicas);
  command->add_option("--seed", flags->request.seed, "Seed for the forecasting models")->default_val(42)->check(seed_number());
  command->footer(
      "Example:\n"
      "  fleetcast report --metrics examples/fleet/metrics --heartbeat examples/fleet/heartbeat --horizon 6 --json");

  registry.add(command, [flags] {
    flags->request.horizon_hours = duration_flag_seconds("--horizon", flags->horizon, kReportHorizonBounds) / 3600.0;
    const events::TimeBounds time = events::resolve_time_flags(flags->time);
    flags->request.now = time.now;
    if (!flags->time.history.empty()) flags->request.history = time.history;
    if (!flags->current_replicas.empty()) {
      if (flags->request.pools_file.empty()) throw InputError("--current-replicas needs --pools");
      flags->request.current_replicas =
          decisions::parse_current_replicas(flags->current_replicas, decisions::load_pools(flags->request.pools_file));
    }
    const auto run = decisions::run_demand_report(flags->request);
    const outputs::ReportSources sources{run.metrics, run.heartbeat};
    if (flags->json) {
      fmt::print("{}\n", json_text(outputs::report_json(run.report, sources)));
    } else {
      fmt::print("{}", outputs::report_markdown(run.report, sources));
    }
    return 0;
  });
}

}  // namespace fleetcast::cli
