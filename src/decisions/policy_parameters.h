// The built-in policies' names and the parameters each reads, apart from the policies themselves, so
// that the pools reader can validate a file without linking the models.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fleetcast::decisions {

// The built-in policy names, in the order the CLI lists them.
const std::vector<std::string>& policy_names();

// InputError listing the valid policy names.
[[noreturn]] void throw_unknown_policy(std::string_view name);

// The parameters `policy` reads (see each policy's header); InputError listing the valid policy names
// for an unknown one.
const std::vector<std::string>& policy_parameter_names(std::string_view policy);
// "no parameter 'key' (valid: a, b, c)" for a key `policy` does not read; empty when it reads it.
std::string unknown_parameter_message(std::string_view policy, std::string_view key);

}  // namespace fleetcast::decisions
