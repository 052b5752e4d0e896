// The fleetcast CLI: parses flags and hands the work to libfleetcast; exit codes 0 ok, 1 runtime
// failure, 2 bad usage or input. Every error, CLI11's own included, is one line on stderr that reads
// "fleetcast: error: ...".
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <exception>
#include <system_error>

#include "cli/commands.h"
#include "cli/version.h"
#include "common/errors.h"
#include "common/nearest_name.h"

namespace {

void print_error(std::string message) {
  // CLI11 starts its messages with a capital ("The following argument..."); ours start lower case,
  // acronyms ("JSON") aside.
  if (message.size() > 1 && std::isupper(static_cast<unsigned char>(message[0])) &&
      !std::isupper(static_cast<unsigned char>(message[1]))) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  }
  fmt::print(stderr, "fleetcast: error: {}\n", message);
}

// A write to stdout that failed (a full disk, a closed pipe) leaves the stream's error flag set; a
// buffered one fails only at this flush.
bool flush_stdout() {
  errno = 0;
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return true;
  print_error(fmt::format("writing standard output: {}", std::strerror(errno ? errno : EIO)));
  return false;
}

int run_reporting_errors(const fleetcast::cli::CommandAction& action) {
  try {
    const int code = action();
    return flush_stdout() ? code : 1;
  } catch (const fleetcast::InputError& error) {
    print_error(error.what());
    return 2;
  } catch (const std::system_error& error) {
    // fmt throws this when stdout refuses a write.
    if (std::ferror(stdout)) {
      print_error("writing standard output: " + error.code().message());
    } else {
      print_error(error.what());
    }
    return 1;
  } catch (const std::exception& error) {
    print_error(error.what());
    return 1;
  }
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands({})) names.push_back(command->get_name());
  return names;
}

// The first argument is a command; a mistyped one gets the nearest name instead of CLI11's
// "The following argument was not expected".
bool is_unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return false;
  const std::vector<std::string> names = command_names(app);
  if (std::find(names.begin(), names.end(), argv[1]) != names.end()) return false;
  const auto nearest = fleetcast::nearest_name(argv[1], names);
  print_error(nearest ? fmt::format("unknown command '{}'; did you mean '{}'?", argv[1], *nearest)
                      : fmt::format("unknown command '{}'; the commands are {}", argv[1], fmt::join(names, ", ")));
  return true;
}

// "unexpected --horizn; did you mean --horizon?" for each unknown flag of the command that was given.
std::string unknown_flag_hints(const CLI::App& app) {
  std::string hints;
  for (const CLI::App* command : app.get_subcommands()) {
    std::vector<std::string> flags;
    for (const CLI::Option* option : command->get_options()) {
      for (const auto& name : option->get_lnames()) flags.push_back("--" + name);
    }
    for (const auto& extra : command->remaining()) {
      if (extra.rfind("--", 0) != 0) continue;
      const std::string typed = extra.substr(0, extra.find('='));
      if (const auto nearest = fleetcast::nearest_name(typed, flags)) {
        hints += fmt::format("; did you mean {} instead of {}?", *nearest, typed);
      }
    }
  }
  return hints;
}

std::string help_hint(const CLI::App& app) {
  const auto given = app.get_subcommands();
  return given.empty() ? "run 'fleetcast --help' for the commands"
                       : fmt::format("run 'fleetcast {} --help' for its flags", given.front()->get_name());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fleetcast: forecast near-term demand on a fleet of services from its own telemetry,\n"
               "and turn the forecast into capacity decisions before a surge hits.",
               "fleetcast"};  // the name in usage lines, not argv[0]'s path
  app.set_version_flag("--version", fleetcast::cli::version_line());
  app.require_subcommand(1);
  app.footer("Run 'fleetcast <command> --help' for a command's flags and an example.");

  fleetcast::cli::CommandRegistry registry;
  fleetcast::cli::register_report(app, registry);
  fleetcast::cli::register_generate(app, registry);
  fleetcast::cli::register_forecast(app, registry);
  fleetcast::cli::register_backtest(app, registry);
  fleetcast::cli::register_tune(app, registry);
  fleetcast::cli::register_simulate(app, registry);
  fleetcast::cli::register_plan(app, registry);
  fleetcast::cli::register_allocate(app, registry);
  fleetcast::cli::register_serve(app, registry);
  fleetcast::cli::register_breaker(app, registry);
  fleetcast::cli::register_bulkheads(app, registry);
  fleetcast::cli::register_anomalies(app, registry);
  fleetcast::cli::register_patterns(app, registry);
  fleetcast::cli::register_collect(app, registry);
  fleetcast::cli::register_profile(app, registry);
  fleetcast::cli::register_rightsize(app, registry);
  fleetcast::cli::register_bottlenecks(app, registry);
  fleetcast::cli::register_mcp(app, registry);

  if (is_unknown_command(app, argc, argv)) return 2;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {  // --help, --version
      app.exit(error);
      return flush_stdout() ? 0 : 1;
    }
    print_error(fmt::format("{}{} ({})", error.what(), unknown_flag_hints(app), help_hint(app)));
    return 2;
  }
  for (const auto& [subcommand, action] : registry.commands) {
    if (subcommand->parsed()) return run_reporting_errors(action);
  }
  return 2;
}
