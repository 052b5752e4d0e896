#pragma once
// Where the library sends the warnings and notes of a load (skipped rows, filled steps, dropped history):
// one line each, without a newline. The CLI prints each on stderr as it comes, so they keep their order
// among progress bars and still precede an error; MCP collects them into its result.
#include <functional>
#include <string>
#include <vector>

namespace fleetcast {

using WarningSink = std::function<void(const std::string& line)>;

// Prints the line and a newline on stderr.
void print_warning(const std::string& line);

// Sends `line` to `warn` unless it is empty (a check that found nothing to say), and each of `lines`.
void send_warning(const WarningSink& warn, const std::string& line);
void send_warnings(const WarningSink& warn, const std::vector<std::string>& lines);

// A sink that appends each line to `lines`, which must outlive it.
WarningSink collect_warnings(std::vector<std::string>& lines);

}  // namespace fleetcast
