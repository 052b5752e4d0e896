#include "support/prometheus_process.h"

#include <fcntl.h>
#include <httplib.h>
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

namespace fleetcast::testing {
namespace {

constexpr const char* kPrometheus = "/usr/bin/prometheus";
constexpr const char* kPromtool = "/usr/bin/promtool";

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("no free port on 127.0.0.1");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

// Starts `args` with stdout and stderr appended to `log`; its pid.
pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log) {
  std::vector<std::string> storage = args;
  std::vector<char*> argv;
  for (auto& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDONLY);
    const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (null_fd < 0 || log_fd < 0) ::_exit(127);
    ::dup2(null_fd, 0);
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

bool PrometheusProcess::installed() { return ::access(kPrometheus, X_OK) == 0 && ::access(kPromtool, X_OK) == 0; }

PrometheusProcess::PrometheusProcess(std::filesystem::path dir, const std::string& openmetrics) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_ / "data");
  std::ofstream(dir_ / "series.om") << openmetrics;
  std::ofstream(dir_ / "prometheus.yml") << "global:\n  scrape_interval: 1m\nscrape_configs: []\n";
  const pid_t pid = spawn({kPromtool, "tsdb", "create-blocks-from", "openmetrics", (dir_ / "series.om").string(), (dir_ / "data").string()},
                          dir_ / "promtool.log");
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream in(dir_ / "promtool.log");
    std::ostringstream text;
    text << in.rdbuf();
    throw std::runtime_error("promtool tsdb create-blocks-from openmetrics failed: " + text.str());
  }
}

PrometheusProcess::~PrometheusProcess() { stop(); }

bool PrometheusProcess::start(std::chrono::seconds timeout) {
  if (port_ == 0) port_ = free_port();
  pid_ = spawn({kPrometheus, "--config.file=" + (dir_ / "prometheus.yml").string(), "--storage.tsdb.path=" + (dir_ / "data").string(),
                "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:" + std::to_string(port_)},
               dir_ / "prometheus.log");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(1, 0);
    if (const auto answer = client.Get("/-/ready"); answer && answer->status == 200) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void PrometheusProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string PrometheusProcess::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string PrometheusProcess::log() const {
  std::ifstream in(dir_ / "prometheus.log");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace fleetcast::testing
