#pragma once
// `simulate --svg`: the frontiers of `simulate --frontier` drawn as one self-contained SVG (no scripts,
// fonts or links) an operator opens in a browser: cost on x, unserved demand on y, one line per policy
// through its efficient settings, every setting a dot, each default ringed and the HPA's default marked.
// Hand-written: a few dozen elements need no SVG library, and Debian packages none for C++.
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "decisions/scaling/policy_frontier.h"

namespace fleetcast::outputs {

// Cost on x when the pool has a price, else replica-hours.
std::string frontier_svg(const std::string& pool, std::optional<TimestampUs> score_from,
                         const std::vector<decisions::PolicyFrontier>& frontiers);

}  // namespace fleetcast::outputs
