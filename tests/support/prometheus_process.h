#pragma once
// A real Prometheus (Debian's `prometheus`) on loopback for end-to-end tests: its TSDB made by
// `promtool tsdb create-blocks-from openmetrics` from a generated series, its own storage and a free port;
// it can be stopped (SIGKILL, as a crash) and started again on the same port and storage. Every wait is
// bounded.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>

namespace fleetcast::testing {

class PrometheusProcess {
 public:
  // /usr/bin/prometheus and /usr/bin/promtool are there.
  static bool installed();

  // Writes `openmetrics` (ending "# EOF") under `dir` and builds the TSDB from it; throws on failure.
  PrometheusProcess(std::filesystem::path dir, const std::string& openmetrics);
  ~PrometheusProcess();  // stops it
  PrometheusProcess(const PrometheusProcess&) = delete;
  PrometheusProcess& operator=(const PrometheusProcess&) = delete;

  // Starts it (on a free port the first time, the same port after) and waits until /-/ready answers 200;
  // false at the deadline.
  bool start(std::chrono::seconds timeout);
  void stop();
  std::string url() const;  // http://127.0.0.1:PORT
  std::string log() const;  // its stderr, for failure messages

 private:
  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace fleetcast::testing
