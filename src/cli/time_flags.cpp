#include "cli/time_flags.h"

namespace fleetcast::cli {

void add_time_flags(CLI::App& command, TimeFlags& flags) {
  command.add_option("--now", flags.now,
                     "The current time, ISO-8601 or epoch seconds (default: the clock); lines dated more than 24 h "
                     "after it are skipped as future timestamps");
  command.add_option("--history", flags.history,
                     "How far before the latest event telemetry is used, e.g. 8w, 30d or 36h; a bare number is hours "
                     "(default 8w, from 1h to 3650d)");
}

}  // namespace fleetcast::cli
