#pragma once
// Each command registers its CLI11 subcommand, its flags and the action that runs it after parsing.
#include <CLI/CLI.hpp>

#include <functional>
#include <utility>
#include <vector>

namespace fleetcast::cli {

using CommandAction = std::function<int()>;

struct CommandRegistry {
  std::vector<std::pair<CLI::App*, CommandAction>> commands;
  void add(CLI::App* subcommand, CommandAction action) { commands.emplace_back(subcommand, std::move(action)); }
};

void register_report(CLI::App& app, CommandRegistry& registry);
void register_generate(CLI::App& app, CommandRegistry& registry);
void register_forecast(CLI::App& app, CommandRegistry& registry);
void register_backtest(CLI::App& app, CommandRegistry& registry);
void register_anomalies(CLI::App& app, CommandRegistry& registry);
void register_tune(CLI::App& app, CommandRegistry& registry);
void register_simulate(CLI::App& app, CommandRegistry& registry);
void register_plan(CLI::App& app, CommandRegistry& registry);
void register_allocate(CLI::App& app, CommandRegistry& registry);
void register_serve(CLI::App& app, CommandRegistry& registry);
void register_breaker(CLI::App& app, CommandRegistry& registry);
void register_bulkheads(CLI::App& app, CommandRegistry& registry);
void register_mcp(CLI::App& app, CommandRegistry& registry);

}  // namespace fleetcast::cli
