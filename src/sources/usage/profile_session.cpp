#include "sources/usage/profile_session.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <thread>

#include "common/errors.h"
#include "common/progress.h"
#include "sources/usage/perf_sampler.h"
#include "sources/usage/proc_files.h"
#include "sources/usage/symbolizer.h"

namespace fleetcast {
namespace {

using Clock = std::chrono::steady_clock;

// A /proc file's text, empty when the process has gone or the file cannot be read.
std::string read_text(const std::string& path) { return sources::read_kernel_file(path).value_or(std::string()); }

std::string process_name(pid_t pid) {
  std::string name = read_text("/proc/" + std::to_string(pid) + "/comm");
  while (!name.empty() && name.back() == '\n') name.pop_back();
  return name;
}

bool process_gone(pid_t pid) {
  if (kill(pid, 0) == -1 && errno == ESRCH) return true;
  const TaskStat stat = parse_task_stat(read_text("/proc/" + std::to_string(pid) + "/stat"));
  return stat.state == 'Z' || stat.state == 'X' || stat.state == '\0';
}

double seconds_of(const timeval& time) { return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6; }

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// A forked child that waits for a byte on a pipe before it execs the command, so that the sampler can
// attach to it first; an exec failure comes back as errno on a second, close-on-exec pipe.
class StartedCommand {
 public:
  StartedCommand(const std::vector<std::string>& command, bool stdout_to_stderr) {
    std::vector<char*> argv;
    for (const auto& argument : command) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    if (pipe2(go_, O_CLOEXEC) != 0 || pipe2(exec_error_, O_CLOEXEC) != 0) {
      throw RuntimeFailure(std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    pid_ = fork();
    if (pid_ < 0) throw RuntimeFailure(std::string("cannot fork: ") + std::strerror(errno));
    if (pid_ == 0) {
      close(go_[1]);
      close(exec_error_[0]);
      if (stdout_to_stderr) dup2(STDERR_FILENO, STDOUT_FILENO);
      char go = 0;
      if (read(go_[0], &go, 1) == 1) {
        execvp(argv[0], argv.data());
        const int error = errno;
        [[maybe_unused]] const auto written = write(exec_error_[1], &error, sizeof error);
      }
      _exit(127);
    }
    close(go_[0]);
    close(exec_error_[1]);
  }
  ~StartedCommand() {
    if (go_[1] >= 0) close(go_[1]);
    if (exec_error_[0] >= 0) close(exec_error_[0]);
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  StartedCommand(const StartedCommand&) = delete;
  StartedCommand& operator=(const StartedCommand&) = delete;

  pid_t pid() const { return pid_; }

  // Lets the child exec; returns once it has, or throws with the reason it could not.
  void release(const std::string& program) {
    const char go = 1;
    [[maybe_unused]] const auto written = write(go_[1], &go, 1);
    close(go_[1]);
    go_[1] = -1;
    int error = 0;
    ssize_t got = 0;
    do {
      got = read(exec_error_[0], &error, sizeof error);
    } while (got < 0 && errno == EINTR);
    if (got == static_cast<ssize_t>(sizeof error)) {
      waitpid(pid_, nullptr, 0);
      reaped_ = true;
      throw RuntimeFailure("cannot run '" + program + "': " + std::strerror(error));
    }
  }

  // The exit code once the child has exited, without waiting.
  std::optional<int> poll_exit() {
    int status = 0;
    rusage usage{};
    if (reaped_ || wait4(pid_, &status, WNOHANG, &usage) != pid_) return std::nullopt;
    reaped_ = true;
    cpu_seconds_ = seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
    return exit_code_of(status);
  }

  // User + system CPU seconds of the command (its threads, and its children it waited for) once reaped.
  std::optional<double> cpu_seconds() const { return cpu_seconds_; }

  void stop() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    reaped_ = true;
  }

 private:
  pid_t pid_ = -1;
  int go_[2] = {-1, -1};
  int exec_error_[2] = {-1, -1};
  bool reaped_ = false;
  std::optional<double> cpu_seconds_;
};

FoldedStacks symbolised(const std::map<CallChain, std::uint64_t>& chains, const std::string& maps) {
  Symbolizer symbolizer(maps);
  FoldedStacks stacks;
  for (const auto& [chain, count] : chains) {
    // From the leaf up to the first caller outside every module: what the kernel read beyond it were
    // not frames (a function built without frame pointers kept something else in the frame register).
    std::size_t callers = 1;
    while (callers < chain.addresses.size() && symbolizer.is_mapped(chain.addresses[callers])) ++callers;
    Stack stack;
    stack.reserve(callers);
    for (std::size_t i = callers; i-- > 0;) stack.push_back(symbolizer.name(chain.addresses[i], i > 0));
    stacks[stack] += count;
  }
  return stacks;
}

}  // namespace

ProfileRecording record_profile(const ProfileOptions& options, const WarningSink& warn) {
  if (options.pid.has_value() == !options.command.empty()) {
    throw InputError("give either --pid or a command after --");
  }
  ProfileRecording recording;
  recording.frequency_hz = options.frequency_hz;
  std::unique_ptr<StartedCommand> command;
  pid_t pid = 0;
  if (options.pid) {
    pid = *options.pid;
    if (pid <= 0 || process_gone(pid)) throw InputError("--pid " + std::to_string(pid) + ": no such process");
  } else {
    command = std::make_unique<StartedCommand>(options.command, options.command_stdout_to_stderr);
    pid = command->pid();
  }
  recording.pid = pid;

  std::unique_ptr<PerfSampler> perf;
  if (options.sampler != SamplerChoice::proc) {
    try {
      perf = std::make_unique<PerfSampler>(pid, options.frequency_hz, command != nullptr);
    } catch (const PerfRefused& refused) {
      if (options.sampler == SamplerChoice::perf_event) throw RuntimeFailure(refused.what());
      recording.fallback_reason = std::string(refused.what()) + " (see /proc/sys/kernel/perf_event_paranoid)";
      send_warning(warn, "profile: " + recording.fallback_reason +
                             "; sampling threads from /proc instead: a profile by thread and state, not by function");
    }
  }
  std::unique_ptr<ProcThreadSampler> proc;
  if (!perf) proc = std::make_unique<ProcThreadSampler>(pid);
  recording.sampler = perf ? "perf_event" : "proc";
  if (command) command->release(options.command.front());

  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  const auto tick = perf ? std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(20))
                         : std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / options.frequency_hz));
  const auto memory_interval = std::chrono::milliseconds(100);
  const auto maps_interval = std::chrono::milliseconds(500);
  const std::string proc_dir = "/proc/" + std::to_string(pid) + "/";
  const auto tenths = static_cast<std::uint64_t>(std::ceil(options.seconds * 10));
  ProgressBar progress("profiling", tenths, options.show_progress && isatty(STDERR_FILENO) == 1 ? stderr : nullptr);
  std::uint64_t tenths_shown = 0;

  std::string maps;
  auto next_memory = start;
  auto next_maps = start;
  auto next_tick = start;
  bool first_read = true;
  while (true) {
    const auto now = Clock::now();
    if (perf) perf->drain();
    if (proc) proc->sample();
    if (now >= next_memory) {
      next_memory += memory_interval;
      if (const auto rss = resident_bytes(pid)) {
        recording.memory.push_back({std::chrono::duration<double>(now - start).count(), *rss});
        const IoCounters io = io_counters(pid);
        if (first_read) {
          recording.io_start = io;
          recording.process_name = process_name(pid);
          first_read = false;
        }
        recording.io_end = io;
      }
      if (perf) perf->add_new_threads();
    }
    if (perf && now >= next_maps) {
      next_maps += maps_interval;
      std::string latest = read_text(proc_dir + "maps");
      if (!latest.empty()) maps = std::move(latest);
    }
    const auto elapsed_tenths =
        std::min<std::uint64_t>(tenths, static_cast<std::uint64_t>(std::chrono::duration<double>(now - start).count() * 10));
    progress.advance(elapsed_tenths - tenths_shown);
    tenths_shown = elapsed_tenths;
    if (command) {
      if (const auto code = command->poll_exit()) {
        recording.command_exit_code = code;
        recording.command_cpu_seconds = command->cpu_seconds();
        break;
      }
    } else if (process_gone(pid)) {
      break;
    }
    if (now >= deadline) {
      if (command) command->stop();
      break;
    }
    next_tick += tick;
    std::this_thread::sleep_until(std::min(next_tick, deadline));
  }
  progress.finish();
  recording.duration_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (perf) {
    perf->drain();
    recording.samples = perf->samples();
    recording.lost_samples = perf->lost_samples();
    recording.stacks = symbolised(perf->chains(), maps);
  } else {
    recording.samples = proc->samples();
    recording.stacks = proc->stacks();
    recording.threads = proc->threads();
  }
  return recording;
}

}  // namespace fleetcast
