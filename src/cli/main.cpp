// The fleetcast CLI: parses flags and hands the work to libfleetcast; exit codes 0 ok, 1 runtime
// failure, 2 bad usage or input.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "cli/commands.h"
#include "common/errors.h"

namespace {

int run_reporting_errors(const fleetcast::cli::CommandAction& action) {
  try {
    return action();
  } catch (const fleetcast::InputError& error) {
    fmt::print(stderr, "fleetcast: error: {}\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    fmt::print(stderr, "fleetcast: failed: {}\n", error.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fleetcast: forecast near-term demand on a fleet of services from its own telemetry,\n"
               "and turn the forecast into capacity decisions before a surge hits."};
  app.set_version_flag("--version", "fleetcast 0.1.0");
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  for (const auto& [subcommand, action] : registry.commands) {
    if (subcommand->parsed()) return run_reporting_errors(action);
  }
  return 2;
}
