#include "cli/prometheus_flags.h"

namespace fleetcast::cli {

void add_prometheus_flags(CLI::App& command, sources::prometheus::Settings& settings) {
  const std::string group = "Prometheus source";
  command.add_option("--prometheus", settings.url,
                     "Read the series from this Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL, http:// or "
                     "https://, through /api/v1/query_range")
      ->group(group);
  command.add_option("--query", settings.query,
                     "With --prometheus: the PromQL, taken as given; for a count per step use e.g. "
                     "'sum(increase(http_requests_total[5m]))' with --step 5m")
      ->group(group);
  command.add_option("--since", settings.since,
                     "With --prometheus: from when, a duration back from now (14d, 36h) or a timestamp (ISO-8601 or "
                     "epoch seconds); default 14d")
      ->group(group);
  command.add_option("--until", settings.until, "With --prometheus: up to when, as --since; default now")->group(group);
  command.add_option("--combine", settings.combine,
                     "With --prometheus: sum the series of a query that returns several (default: refuse them)")
      ->check(CLI::IsMember({"sum"}))
      ->group(group);
  command.add_option("--bearer-token-file", settings.bearer_token_file,
                     "With --prometheus: send the token in this file (trimmed) as Authorization: Bearer")
      ->group(group);
  command.add_option("--basic-auth-user", settings.basic_auth_user, "With --prometheus: basic auth user")->group(group);
  command.add_option("--basic-auth-password-file", settings.basic_auth_password_file,
                     "With --basic-auth-user: the password, read from this file (trimmed)")
      ->group(group);
  command.add_option("--timeout", settings.timeout, "With --prometheus: per HTTP request, from 1s to 1h (default 30s)")
      ->group(group);
}

}  // namespace fleetcast::cli
