#include "service/serve_loop.h"

#include <fmt/core.h>

#include <chrono>
#include <exception>

#include "common/clock.h"
#include "common/errors.h"
#include "events/load.h"
#include "service/dashboard_page.h"
#include "service/http_api.h"
#include "service/live_telemetry.h"
#include "service/prometheus_pools.h"
#include "service/refresher.h"
#include "service/state_database.h"

namespace fleetcast::service {
namespace {

template <typename... Args>
void log_line(fmt::format_string<Args...> format, Args&&... args) {
  // One write per line, so lines from the refresher's thread never interleave with ours.
  std::fputs(("fleetcast serve: " + fmt::format(format, std::forward<Args>(args)...) + "\n").c_str(), stderr);
}

std::string url_host(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

// `first`: a Prometheus query refused at start is bad input (exit 2), not a source to wait for.
void refresh_once(LiveTelemetry& telemetry, Refresher& refresher, PrometheusFeed* prometheus, SnapshotHolder& snapshots, bool first) {
  const auto started = std::chrono::steady_clock::now();
  const IngestPass pass = telemetry.ingest(current_time());
  for (const auto& note : pass.notes) log_line("{}", note);
  if (prometheus) {
    prometheus->update(current_time());
    if (const auto refusal = prometheus->first_refusal(); first && refusal) throw InputError(*refusal);
  }
  const auto snapshot = refresher.refresh(telemetry, pass, current_time(), prometheus);
  snapshots.set(snapshot);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  log_line("refreshed in {:.3f} s: {} new lines ({} skipped, {} bytes) from {} files, {} pools{}", seconds, pass.new_lines,
           pass.new_skipped, pass.new_bytes, pass.files_seen, snapshot->pools.size(),
           snapshot->report_error.empty() ? "" : "; no report: " + snapshot->report_error);
}

}  // namespace

void run_service(const ServeSettings& settings, const StopRequest& stop, const StartSideServer& start_grpc) {
  StateDatabase database(settings.state_path);
  Refresher refresher(settings.refresh, database);
  const std::vector<decisions::Pool> pools = refresher.pools();
  PrometheusPools prometheus_pools = prometheus_pools_of(pools, settings.prometheus, current_time());
  const bool only_prometheus = !pools.empty() && prometheus_pools.queries.size() == pools.size();
  std::unique_ptr<PrometheusFeed> prometheus;
  if (!prometheus_pools.queries.empty()) {
    prometheus = std::make_unique<PrometheusFeed>(std::move(prometheus_pools.queries), settings.follow.history, settings.source_breaker,
                                                  std::move(prometheus_pools.fetch), [](const std::string& line) { log_line("{}", line); });
  }
  // Metric logs are followed when named, or from the default folder unless every pool reads Prometheus.
  FollowOptions follow = settings.follow;
  if (!settings.metrics_given && only_prometheus) follow.metric_paths.clear();
  LiveTelemetry telemetry(follow, database);
  SnapshotHolder snapshots;

  HttpApi http(snapshots, HttpOptions{settings.listen, settings.token, dashboard_page});
  const int port = http.start();
  log_line("listening on http://{}:{}{}", url_host(settings.listen.host), port,
           settings.token.empty() ? "" : " (token required except on /healthz and /readyz)");
  SideServer grpc;
  if (settings.grpc_listen) {
    if (!start_grpc) throw RuntimeFailure("--grpc-listen: this build has no KEDA external scaler");
    grpc = start_grpc(snapshots, *settings.grpc_listen);
    log_line("KEDA external scaler (gRPC) listening on {}:{}", url_host(settings.grpc_listen->host), grpc.port);
  }

  const auto period = std::chrono::microseconds(settings.refresh_every);
  bool first = true;
  bool callers_checked = false;
  while (!stop.requested()) {
    const auto started = std::chrono::steady_clock::now();
    try {
      refresh_once(telemetry, refresher, prometheus.get(), snapshots, first);
      // As `report` does, once: the first pass with events holds all there was (every later pass only
      // adds to it), and a warning on every refresh would bury the other lines.
      if (!callers_checked && !telemetry.store().empty()) {
        events::print_anonymous_metrics_warning(telemetry.store());
        callers_checked = true;
      }
    } catch (const InputError& error) {
      // Bad input at start (a metrics path that matches nothing on a new state) would leave a service that
      // never becomes ready and only logs: it stops with exit 2 instead. Later, the last answers stand.
      if (first) throw;
      log_line("refresh failed: {}", error.what());
    } catch (const std::exception& error) {
      // The last good snapshot keeps being served; the next period tries again.
      log_line("refresh failed: {}", error.what());
    }
    first = false;
    if (stop.wait_for(period - (std::chrono::steady_clock::now() - started))) break;
  }
  log_line("stopping: the last refresh is committed");
  grpc.owner.reset();
  http.stop();
}

}  // namespace fleetcast::service
