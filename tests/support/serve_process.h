#pragma once
// `fleetcast serve` running in the background for end-to-end tests, and plain HTTP GETs against it.
// Every wait is bounded, so a failing test never hangs.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fleetcast::testing {

class ServeProcess {
 public:
  // Starts build/fleetcast serve with `args`; its stderr goes to `log_path`.
  ServeProcess(const std::vector<std::string>& args, std::filesystem::path log_path);
  ~ServeProcess();  // kills it (SIGKILL) if still running
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // The port of its "listening on http://HOST:PORT" line, or nullopt when it did not come in time.
  std::optional<int> wait_for_port(std::chrono::seconds timeout);
  // Until GET /readyz answers 200; false at the deadline.
  bool wait_until_ready(int port, std::chrono::seconds timeout);
  // Until the log holds `text` `count` times; false at the deadline or when the process has ended.
  bool wait_for_log(const std::string& text, std::chrono::seconds timeout, std::size_t count = 1);
  std::string log() const;

  void send_signal(int signal);
  // The exit code (128 + signal when killed by one), or nullopt while it still runs at the deadline.
  std::optional<int> wait_exit(std::chrono::seconds timeout);

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_path_;
  std::optional<int> exit_code_;
};

struct HttpAnswer {
  int status = 0;  // 0 when no connection or no answer
  std::string body;
};
HttpAnswer http_get(int port, const std::string& path, const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace fleetcast::testing
