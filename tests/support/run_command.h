#pragma once
// Runs the real fleetcast binary the way a user would and captures what it printed.
#include <string>
#include <vector>

namespace fleetcast::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs build/fleetcast with `args` (no shell), stdin from `stdin_text`, in `working_dir` if not empty.
CommandResult run_fleetcast(const std::vector<std::string>& args, const std::string& stdin_text = "",
                            const std::string& working_dir = "");

// The same for any program: argv[0] is its path (no PATH search, no shell).
CommandResult run_program(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                          const std::string& working_dir = "");

}  // namespace fleetcast::testing
