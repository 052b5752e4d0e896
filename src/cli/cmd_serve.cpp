// `fleetcast serve`: the live allocator. Flags and the YAML config file share their names (a flag wins);
// the library checks the merged settings and runs the service.
#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "service/keda/external_scaler_server.h"
#include "service/serve_config.h"
#include "service/serve_loop.h"
#include "service/stop_request.h"

namespace fleetcast::cli {
namespace {

std::string flag_of(std::string key) {
  std::replace(key.begin(), key.end(), '_', '-');
  return "--" + key;
}

struct SettingFlag {
  const char* type;
  const char* help;
};

const std::map<std::string, SettingFlag>& setting_flags() {
  static const std::map<std::string, SettingFlag> table = {
      {"metrics", {"PATH", "Metric logs to follow: files, directories (*.jsonl, *.jsonl.gz), globs (default metrics/)"}},
      {"heartbeat", {"PATH", "Heartbeat logs to follow, same forms (default heartbeat/ when it exists)"}},
      {"pools", {"FILE", "Pools YAML: forecast, plan and KEDA answers per pool (without it, the report only)"}},
      {"state", {"FILE", "SQLite state database: aggregates, file offsets, forecasts issued (default fleetcast-state.db)"}},
      {"listen", {"HOST:PORT", "HOST:PORT of the HTTP API (default 127.0.0.1:9464; port 0 picks a free one)"}},
      {"refresh", {"DURATION", "Time between ingest-and-refresh passes, e.g. 30s or 5m (default 60s, 1s to 1d)"}},
      {"horizon", {"DURATION", "Report window and forecast horizon, e.g. 6h (default 6h, 5m to 365d)"}},
      {"token_file", {"FILE", "File holding a token: every endpoint but /healthz and /readyz then needs it (Bearer; the dashboard page also takes it as a Basic password)"}},
      {"grpc_listen", {"HOST:PORT", "HOST:PORT of the KEDA external scaler (gRPC)"}},
      {"shard", {"I/N", "I/N: serve only the pools whose name hashes to I modulo N (default 0/1)"}},
      {"history", {"DURATION", "How far before the latest event telemetry is kept, e.g. 8w or 30d (default 8w, 1h to 3650d)"}},
      {"level", {"NUMBER", "Coverage of the forecast intervals (default 0.9, 0.5 to 0.999)"}},
      {"refit", {"DURATION", "How often each pool's model is refitted, e.g. 1h (default 1h, 1m to 30d)"}},
      {"seed", {"INTEGER", "Seed for the forecasting models (default 42)"}},
      {"gitea_field", {"FIELD", "Dotted path of the Gitea health field (default gitea_ok)"}},
      {"inference_field", {"FIELD", "Dotted path of the inference health field (default inference_ok)"}},
      {"heavy_share", {"NUMBER", "Token share that makes a caller heavy (default 0.5, 0 to 1)"}},
      {"heavy_ratio", {"NUMBER", "Tokens per request, vs the other callers, that make a caller heavy (default 3, 0.01 to 1000)"}},
      {"fail_min_requests", {"INTEGER", "Requests a caller needs before its failure rate counts (default 5)"}},
      {"fail_rate", {"NUMBER", "Failure rate that marks a caller as failing (default 0.25, 0 to 1)"}},
      {"prometheus", {"URL", "Prometheus URL for the pools whose demand.prometheus block gives no url"}},
      {"query", {"PROMQL", "PromQL for the pools whose demand.prometheus block gives no query"}},
      {"step", {"DURATION", "Query step for the pools whose demand.prometheus block gives none (default 1h; it must divide 1h)"}},
      {"combine", {"sum", "How to combine several series, for the pools whose demand.prometheus block does not say"}},
      {"bearer_token_file", {"FILE", "Bearer token for Prometheus, for the pools whose demand.prometheus block names none"}},
      {"basic_auth_user", {"USER", "Basic auth user for Prometheus, for the pools whose demand.prometheus block names none"}},
      {"basic_auth_password_file", {"FILE", "Basic auth password file, with --basic-auth-user"}},
      {"timeout", {"DURATION", "Time limit of one Prometheus request (default 30s, 1s to 1h)"}},
      {"breaker_window", {"CALLS", "Circuit breaker of each Prometheus URL: fetches in its count window (default 10)"}},
      {"breaker_minimum_calls", {"CALLS", "Fetches in the window before its failure rate counts (default 3)"}},
      {"breaker_failure_rate", {"NUMBER", "Failure rate that opens the breaker (default 0.5, 0.01 to 1)"}},
      {"breaker_wait", {"DURATION", "Time an open breaker waits before trial fetches (default 30s, 1s to 1d)"}},
      {"breaker_half_open_calls", {"CALLS", "Trial fetches that decide whether the breaker closes (default 2)"}},
  };
  return table;
}

}  // namespace

void register_serve(CLI::App& app, CommandRegistry& registry) {
  struct Flags {
    std::string config;
    std::map<std::string, std::vector<std::string>> values;  // by config key
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "serve", "Run as a service: follow the logs as they grow, refresh the report, each pool's forecast and plan\n"
               "every --refresh, and serve them over HTTP (JSON API, Prometheus /metrics, KEDA metrics-api).\n"
               "SIGTERM or SIGINT stops it cleanly.");
  command->add_option("--config", flags->config, "YAML file of the settings below (keys as the flags, with _ for -); a flag wins")
      ->check(CLI::ExistingFile);
  for (const auto& key : service::serve_config_keys()) {
    const SettingFlag& flag = setting_flags().at(key);
    CLI::Option* option = command->add_option(flag_of(key), flags->values[key], flag.help)->type_name(flag.type);
    if (service::is_list_key(key)) {
      option->expected(1, -1);
    } else {
      option->expected(1);
    }
  }
  command->footer(
      "Example:\n"
      "  fleetcast serve --metrics examples/fleet/metrics --heartbeat examples/fleet/heartbeat \\\n"
      "                  --pools examples/pools.yaml --state fleetcast-state.db --listen 127.0.0.1:9464 --refresh 60s\n"
      "  curl http://127.0.0.1:9464/api/v1/plan?pool=local-inference");

  registry.add(command, [flags, command] {
    service::GivenSettings given;
    if (!flags->config.empty()) given = service::read_serve_config(flags->config);
    service::GivenSettings from_flags;
    for (const auto& [key, values] : flags->values) {
      if (command->count(flag_of(key)) > 0) from_flags[key] = service::GivenSetting{values, flag_of(key)};
    }
    service::overlay(given, from_flags);
    const service::ServeSettings settings = service::resolve_serve_settings(given);
    service::StopRequest stop;
    const service::StopOnSignals signals(stop);
    service::run_service(settings, stop, [](const service::SnapshotHolder& snapshots, const service::ListenAddress& address) {
      const std::string host = address.host.find(':') != std::string::npos ? "[" + address.host + "]" : address.host;
      auto scaler = std::make_shared<service::keda::ExternalScalerServer>(snapshots, fmt::format("{}:{}", host, address.port));
      return service::SideServer{scaler, scaler->port()};
    });
    return 0;
  });
}

}  // namespace fleetcast::cli
