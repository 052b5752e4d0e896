#include "cli/current_replicas.h"

namespace fleetcast::cli {

void add_current_replicas_flag(CLI::App& command, std::vector<std::string>& entries) {
  command.add_option("--current-replicas", entries,
                     "Replicas a pool runs now, as POOL=N (repeatable; over the pool's current_replicas field). "
                     "Without it the count is assumed from the last hour's demand");
}

}  // namespace fleetcast::cli
