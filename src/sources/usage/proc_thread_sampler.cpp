#include "sources/usage/proc_thread_sampler.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "sources/usage/perf_sampler.h"

namespace fleetcast {
namespace {

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// The system calls a waiting thread is most often in, by their x86-64 numbers; others keep their number.
std::string syscall_name(long number) {
#if defined(__x86_64__)
  static const std::map<long, std::string> kNames = {
      {0, "read"},          {1, "write"},           {7, "poll"},        {23, "select"},
      {35, "nanosleep"},    {44, "sendto"},         {45, "recvfrom"},   {61, "wait4"},
      {202, "futex"},       {230, "clock_nanosleep"}, {232, "epoll_wait"}, {270, "pselect6"},
      {271, "ppoll"},       {281, "epoll_pwait"},   {288, "accept4"},   {17, "pread64"}};
  if (const auto found = kNames.find(number); found != kNames.end()) return found->second;
#endif
  return "syscall " + std::to_string(number);
}

}  // namespace

TaskStat parse_task_stat(const std::string& line) {
  TaskStat stat;
  // The name is between the first '(' and the last ')': it may itself hold spaces and parentheses.
  const auto open = line.find('(');
  const auto close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return stat;
  std::istringstream rest(line.substr(close + 1));
  std::string state;
  rest >> state;
  // After the state: ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime.
  std::uint64_t skip = 0;
  for (int i = 0; i < 10; ++i) rest >> skip;
  std::uint64_t user = 0;
  std::uint64_t system = 0;
  rest >> user >> system;
  if (!rest || state.size() != 1) return stat;
  stat.name = line.substr(open + 1, close - open - 1);
  stat.state = state[0];
  stat.cpu_ticks = user + system;
  return stat;
}

std::string thread_state_frame(char state, const std::string& wchan, long syscall_number) {
  std::string waiting_in;
  if (!wchan.empty() && wchan != "0") {
    waiting_in = wchan;
  } else if (syscall_number >= 0) {
    waiting_in = syscall_name(syscall_number);
  }
  auto described = [&waiting_in](const std::string& what) {
    return waiting_in.empty() ? what : what + " in " + waiting_in;
  };
  switch (state) {
    case 'R': return "running";
    case 'S': return described("sleeping");
    case 'D': return described("disk wait");
    case 'T': case 't': return "stopped";
    case 'Z': return "zombie";
    default: return std::string("state ") + state;
  }
}

ProcThreadSampler::ProcThreadSampler(pid_t pid) : pid_(pid) {}

void ProcThreadSampler::sample() {
  const std::string task_dir = "/proc/" + std::to_string(pid_) + "/task/";
  bool any = false;
  for (const pid_t tid : thread_ids(pid_)) {
    const std::string dir = task_dir + std::to_string(tid) + "/";
    const TaskStat stat = parse_task_stat(read_first_line(dir + "stat"));
    if (stat.state == '\0') continue;
    any = true;
    long syscall_number = -1;
    if (stat.state != 'R') {
      // "running" or "-1 ..." when not in a system call; unreadable without ptrace rights.
      std::istringstream syscall_line(read_first_line(dir + "syscall"));
      if (!(syscall_line >> syscall_number)) syscall_number = -1;
    }
    const std::string state = thread_state_frame(stat.state, stat.state == 'R' ? "" : read_first_line(dir + "wchan"),
                                                 syscall_number);
    ThreadTime& thread = threads_[tid];
    thread.tid = tid;
    thread.name = stat.name;
    thread.cpu_seconds = static_cast<double>(stat.cpu_ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
    ++thread.samples;
    if (stat.state == 'R') ++thread.running_samples;
    ++stacks_[Stack{stat.name + " " + std::to_string(tid), state}];
  }
  if (any) ++samples_;
}

std::vector<ThreadTime> ProcThreadSampler::threads() const {
  std::vector<ThreadTime> threads;
  for (const auto& entry : threads_) threads.push_back(entry.second);
  return threads;
}

}  // namespace fleetcast
