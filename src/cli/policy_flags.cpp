#include "cli/policy_flags.h"

namespace fleetcast::cli {

void add_policy_param_flag(CLI::App& command, std::vector<std::string>& params) {
  command.add_option("--param", params,
                     "A policy parameter over the YAML's, as policy.key=value (e.g. hybrid.prediction_weight=0.5, "
                     "predictive.model=snaive); repeatable");
}

}  // namespace fleetcast::cli
