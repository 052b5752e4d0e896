// `fleetcast generate`: deterministic example telemetry of any size.
#include <fmt/core.h>

#include <charconv>

#include "cli/commands.h"
#include "cli/flag_bounds.h"
#include "common/errors.h"
#include "sources/synthetic_fleet.h"

namespace fleetcast::cli {
namespace {

// "AGO:DURATION", both durations (bare numbers are hours): "3h:30m" starts 3 h before the end, lasts 30 min.
sources::RelativeWindow parse_window(const std::string& flag, const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) throw InputError(flag + ": expected AGO:DURATION such as 3h:30m, got '" + text + "'");
  return {duration_flag_seconds(flag + " AGO", text.substr(0, colon), kWindowBounds),
          duration_flag_seconds(flag + " DURATION", text.substr(colon + 1), kWindowBounds)};
}

// "NAME[:RATE][@AGO:DURATION]". The name is written into JSON lines as it is, so it is kept to
// characters that need no escaping.
sources::FailingCaller parse_failing_caller(const std::string& text) {
  const auto at = text.find('@');
  const std::string name_and_rate = text.substr(0, at);
  const auto colon = name_and_rate.find(':');
  sources::FailingCaller caller{name_and_rate.substr(0, colon), 0.4, std::nullopt};
  const bool plain_name = !caller.name.empty() && caller.name.find_first_not_of(
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == std::string::npos;
  bool rate_ok = true;
  if (colon != std::string::npos) {
    const char* first = name_and_rate.data() + colon + 1;
    const char* last = name_and_rate.data() + name_and_rate.size();
    const auto [end, error] = std::from_chars(first, last, caller.failure_rate);
    rate_ok = error == std::errc{} && end == last && first != last && caller.failure_rate >= 0 && caller.failure_rate <= 1;
  }
  if (!plain_name || !rate_ok) {
    throw InputError("--failing-caller: expected NAME[:RATE][@AGO:DURATION] with a NAME of letters, digits, '-', '_' or '.' "
                     "and a RATE between 0 and 1, got '" + text + "'");
  }
  if (at != std::string::npos) caller.episode = parse_window("--failing-caller", text.substr(at + 1));
  return caller;
}

}  // namespace

void register_generate(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    sources::FleetSpec spec;
    std::string out;
    std::string end = "2026-03-29T18:00:00Z";
    double surge_hours = 0;
    std::vector<std::string> gitea_outages, inference_outages, gaps, failing;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "generate", "Write deterministic, realistic fleet telemetry: DIR/metrics/local_YYYYMMDD.jsonl and\n"
                  "DIR/heartbeat/ticks_YYYYMMDD.jsonl, with a daily and weekly cycle and optional incidents.");
  command->add_option("--out", flags->out, "Output directory")->required();
  command->add_option("--days", flags->spec.days, "Days of telemetry")->default_val(14)->check(number_within(0.01, 3650));
  command->add_option("--seed", flags->spec.seed, "Random seed; the same seed gives the same files")->default_val(42)->check(seed_number());
  command->add_option("--end", flags->end, "End of the span (ISO-8601)")->default_val(flags->end);
  command->add_option("--rate", flags->spec.requests_per_hour, "Mean requests per hour across the fleet")->default_val(120)->check(number_within(0.01, 1e6));
  command->add_option("--surge-hours", flags->surge_hours, "A surge over the last H hours")->default_val(0)->check(number_within(0, 87'600));
  command->add_option("--surge-factor", flags->spec.surge_factor, "Request rate multiplier during the surge")->default_val(3.0)->check(number_within(0.01, 1000));
  command->add_option("--gitea-outage", flags->gitea_outages, "Gitea down for AGO:DURATION before the end, e.g. 3h:30m (repeatable)");
  command->add_option("--inference-outage", flags->inference_outages, "Inference down for AGO:DURATION (repeatable)");
  command->add_option("--gap", flags->gaps, "No metric events for AGO:DURATION, e.g. 26h:20h (repeatable)");
  command->add_option("--failing-caller", flags->failing, "NAME[:RATE][@AGO:DURATION] fails RATE of its requests (default 0.4), only within\n"
                  "AGO:DURATION before the end when given, e.g. chat-frontend:0.9@3d:2h (repeatable)");
  command->add_flag("--heavy-batch", flags->spec.heavy_batch, "The batch indexer takes most of the tokens");
  command->add_option("--tick-minutes", flags->spec.tick_minutes, "Minutes between heartbeat ticks")->default_val(10)->check(number_within(0.1, 1440));
  command->add_flag("--nested-heartbeat", flags->spec.nested_heartbeat,
                    "Heartbeat health under perception.gitea_alive and perception.model_health.inference_ok");
  command->add_option("--malformed-every", flags->spec.malformed_every, "Make every Nth metric line malformed")->default_val(0)->check(whole_number_within(0, 1'000'000'000));
  command->add_flag("--truncate-last-line", flags->spec.truncate_last_line, "Cut the last metric line short");
  command->add_flag("--gzip", flags->spec.gzip, "Write gzip-compressed *.jsonl.gz files");
  command->add_flag("--force", flags->spec.replace_existing,
                    "Delete the *.jsonl and *.jsonl.gz files already in the output directory (and its metrics/ and\n"
                    "heartbeat/) first; without it, a directory that holds telemetry is refused");
  command->footer(
      "Example:\n"
      "  fleetcast generate --out examples/fleet --days 14 --seed 7 --surge-hours 3 --gitea-outage 2h:30m");

  registry.add(command, [flags] {
    auto& spec = flags->spec;
    spec.out = flags->out;
    const auto end = parse_iso8601(flags->end);
    if (!end) throw InputError("--end: not an ISO-8601 timestamp: '" + flags->end + "'");
    if (static_cast<double>(*end) < spec.days * 86400e6) {
      throw InputError(fmt::format("--end: {:g} days before {} is before 1970-01-01", spec.days, flags->end));
    }
    spec.end = *end;
    if (flags->surge_hours > 0) spec.surges.push_back({flags->surge_hours * 3600, flags->surge_hours * 3600});
    for (const auto& text : flags->gitea_outages) spec.gitea_outages.push_back(parse_window("--gitea-outage", text));
    for (const auto& text : flags->inference_outages) spec.inference_outages.push_back(parse_window("--inference-outage", text));
    for (const auto& text : flags->gaps) spec.gaps.push_back(parse_window("--gap", text));
    for (const auto& text : flags->failing) spec.failing_callers.push_back(parse_failing_caller(text));
    const auto summary = sources::generate_fleet(spec);
    fmt::print(stderr, "wrote {} metric lines ({} malformed) and {} heartbeat ticks in {} files under {}\n", summary.metric_lines,
               summary.malformed_lines, summary.heartbeat_ticks, summary.files.size(), flags->out);
    return 0;
  });
}

}  // namespace fleetcast::cli
