#include "support/prometheus_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/run_command.h"
#include "support/serve_process.h"

namespace fleetcast::testing {
namespace {

std::string on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream folders(path ? path : "/usr/bin:/bin");
  for (std::string folder; std::getline(folders, folder, ':');) {
    const auto candidate = std::filesystem::path(folder) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

}  // namespace

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("no free loopback port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool PrometheusProcess::available() { return !on_path("prometheus").empty() && !on_path("promtool").empty(); }

PrometheusProcess::PrometheusProcess(const std::string& openmetrics, const std::string& web_config, const std::string& lookback)
    : lookback_(lookback) {
  const auto input = dir_.write("series.om", openmetrics);
  const auto created = run_program({on_path("promtool"), "tsdb", "create-blocks-from", "openmetrics", "--quiet",
                                    input.string(), (dir_.path() / "data").string()});
  if (created.exit_code != 0) throw std::runtime_error("promtool tsdb create-blocks-from failed: " + created.err + created.out);
  dir_.write("prometheus.yml", "global:\n  scrape_interval: 1h\n");
  if (!web_config.empty()) web_config_ = dir_.write("web.yml", web_config).string();
  port_ = free_loopback_port();
  start();
}

PrometheusProcess::~PrometheusProcess() { stop(); }

std::string PrometheusProcess::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string PrometheusProcess::log() const {
  std::ifstream in(dir_.path() / "prometheus.log", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void PrometheusProcess::start() {
  std::vector<std::string> args{on_path("prometheus"),
                                "--storage.tsdb.path=" + (dir_.path() / "data").string(),
                                "--storage.tsdb.retention.time=100y",
                                "--web.listen-address=127.0.0.1:" + std::to_string(port_),
                                "--config.file=" + (dir_.path() / "prometheus.yml").string(),
                                "--query.lookback-delta=" + lookback_};
  if (!web_config_.empty()) args.push_back("--web.config.file=" + web_config_);
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string log_path = (dir_.path() / "prometheus.log").string();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int null_fd = ::open("/dev/null", O_RDWR);
    const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (null_fd < 0 || log_fd < 0) ::_exit(127);
    ::dup2(null_fd, 0);
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  // /-/ready answers 401 under basic auth: either status means it serves.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const int status = http_get(port_, "/-/ready").status;
    if (status == 200 || status == 401) return;
    int exit_status = 0;
    if (::waitpid(pid_, &exit_status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("prometheus exited at start:\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  stop();
  throw std::runtime_error("prometheus was not ready within 60 s:\n" + log());
}

void PrometheusProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace fleetcast::testing
