#include "support/run_command.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/test_paths.h"

namespace fleetcast::testing {
namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CommandResult run_fleetcast(const std::vector<std::string>& args, const std::string& stdin_text,
                            const std::string& working_dir) {
  std::vector<std::string> argv{fleetcast_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, stdin_text, working_dir);
}

CommandResult run_program(const std::vector<std::string>& program_argv, const std::string& stdin_text,
                          const std::string& working_dir) {
  TempDir scratch;
  const auto in_path = scratch.write("stdin", stdin_text);
  const auto out_path = scratch.path() / "stdout";
  const auto err_path = scratch.path() / "stderr";
  const std::string binary = program_argv.at(0);

  std::vector<std::string> argv_storage = program_argv;
  std::vector<char*> argv;
  for (auto& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int in_fd = ::open(in_path.c_str(), O_RDONLY);
    const int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) ::_exit(127);
    ::dup2(in_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    if (!working_dir.empty() && ::chdir(working_dir.c_str()) != 0) ::_exit(127);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  return result;
}

}  // namespace fleetcast::testing
