#pragma once
// Output file flags checked while CLI11 parses: a file in a folder that does not exist, or a path that
// is a folder, is refused with exit 2 before any work, not after a long run as a failed write (exit 1).
#include <CLI/CLI.hpp>

namespace fleetcast::cli {

// E.g. "--svg: the folder /nonexistent does not exist (for /nonexistent/x.svg)".
CLI::Validator output_file();

}  // namespace fleetcast::cli
