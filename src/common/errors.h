#pragma once
// The two kinds of failure the CLI maps to exit codes: bad usage or input (2) and runtime failure (1).
#include <stdexcept>

namespace fleetcast {

// The caller asked for something impossible or gave input with nothing usable in it: exit code 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Valid work that could not be completed (I/O failure, numerical breakdown): exit code 1.
class RuntimeFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace fleetcast
