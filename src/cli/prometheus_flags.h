#pragma once
// --prometheus URL --query PROMQL and their companions, for every command that reads a series or a demand.
#include <CLI/CLI.hpp>

#include "sources/prometheus/settings.h"

namespace fleetcast::cli {

// The step is the command's own --step.
void add_prometheus_flags(CLI::App& command, sources::prometheus::Settings& settings);

}  // namespace fleetcast::cli
