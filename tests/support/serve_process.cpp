#include "support/serve_process.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string_view>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/test_paths.h"

namespace fleetcast::testing {
namespace {

constexpr auto kPoll = std::chrono::milliseconds(50);

template <typename Condition>
bool poll_until(std::chrono::seconds timeout, Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(kPoll);
  }
  return condition();
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
  return count;
}

}  // namespace

ServeProcess::ServeProcess(const std::vector<std::string>& args, std::filesystem::path log_path) : log_path_(std::move(log_path)) {
  const std::string binary = fleetcast_binary().string();
  std::vector<std::string> argv_storage{binary, "serve"};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int null_fd = ::open("/dev/null", O_RDWR);
    const int err_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (null_fd < 0 || err_fd < 0) ::_exit(127);
    ::dup2(null_fd, 0);
    ::dup2(null_fd, 1);
    ::dup2(err_fd, 2);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
}

ServeProcess::~ServeProcess() {
  if (exit_code_ || pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

std::string ServeProcess::log() const {
  std::ifstream in(log_path_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<int> ServeProcess::wait_for_port(std::chrono::seconds timeout) {
  // Plain string search rather than std::regex: GCC 12 warns (-Wmaybe-uninitialized) inside <regex> under
  // the sanitizers.
  static constexpr std::string_view kListening = "fleetcast serve: listening on http://";
  std::optional<int> port;
  poll_until(timeout, [&] {
    const std::string text = log();
    const auto start = text.find(kListening);
    if (start != std::string::npos) {
      const auto end = text.find_first_of(" \n", start + kListening.size());
      const auto colon = text.rfind(':', end == std::string::npos ? text.size() - 1 : end - 1);
      const std::string digits = text.substr(colon + 1, end == std::string::npos ? std::string::npos : end - colon - 1);
      if (colon > start && !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos) {
        port = std::stoi(digits);
      }
    }
    return port || wait_exit(std::chrono::seconds(0));
  });
  return port;
}

bool ServeProcess::wait_until_ready(int port, std::chrono::seconds timeout) {
  return poll_until(timeout, [&] { return http_get(port, "/readyz").status == 200 || wait_exit(std::chrono::seconds(0)); }) &&
         !exit_code_;
}

bool ServeProcess::wait_for_log(const std::string& text, std::chrono::seconds timeout, std::size_t count) {
  return poll_until(timeout, [&] { return occurrences(log(), text) >= count || wait_exit(std::chrono::seconds(0)); }) &&
         occurrences(log(), text) >= count;
}

void ServeProcess::send_signal(int signal) {
  if (!exit_code_) ::kill(pid_, signal);
}

std::optional<int> ServeProcess::wait_exit(std::chrono::seconds timeout) {
  if (exit_code_) return exit_code_;
  poll_until(timeout, [&] {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  });
  return exit_code_;
}

HttpAnswer http_get(int port, const std::string& path, const std::vector<std::pair<std::string, std::string>>& headers) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(10, 0);
  httplib::Headers request_headers(headers.begin(), headers.end());
  const auto result = client.Get(path, request_headers);
  if (!result) return {};
  return {result->status, result->body};
}

}  // namespace fleetcast::testing
