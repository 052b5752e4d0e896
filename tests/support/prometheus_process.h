#pragma once
// A real Prometheus (the Debian `prometheus` package) for end-to-end tests: its TSDB filled from an
// OpenMetrics text by `promtool tsdb create-blocks-from openmetrics`, serving on a free loopback port from
// its own temporary storage, removed afterwards. Every wait is bounded.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "support/test_paths.h"

namespace fleetcast::testing {

class PrometheusProcess {
 public:
  // Whether prometheus and promtool are on PATH; a test skips with a clear message when not.
  static bool available();

  // Builds the TSDB from `openmetrics` (ending in "# EOF") and starts Prometheus on it. `web_config`, when
  // not empty, is its --web.config.file (e.g. basic_auth_users with a bcrypt hash). Its lookback delta is
  // `lookback` (Prometheus reuses a sample that long, so a missing sample shows as a missing step only
  // beyond it). Throws std::runtime_error when promtool fails or Prometheus is not ready within 60 s.
  explicit PrometheusProcess(const std::string& openmetrics, const std::string& web_config = "",
                             const std::string& lookback = "4m");
  ~PrometheusProcess();  // kills it and removes the storage
  PrometheusProcess(const PrometheusProcess&) = delete;
  PrometheusProcess& operator=(const PrometheusProcess&) = delete;

  std::string url() const;  // http://127.0.0.1:PORT
  int port() const { return port_; }
  // Kills it (SIGKILL) / starts it again on the same port and storage, ready when this returns.
  void stop();
  void start();
  std::string log() const;

 private:
  TempDir dir_;
  std::string web_config_;
  std::string lookback_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// A loopback port nothing listens on at the time of the call.
int free_loopback_port();

}  // namespace fleetcast::testing
