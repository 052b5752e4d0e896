#pragma once
// `patterns --svg`: one self-contained SVG (no scripts, fonts or links): the weekday x hour-of-day heatmap
// of mean demand per hour with its colour scale (one "all days" row under a week of data), and with callers
// known the share of requests and of tokens by caller and hour of day as stacked bars. Hand-written like
// frontier_svg.cpp: a few hundred elements need no SVG library, and Debian packages none for C++.
#include <string>

#include "models/workload_patterns.h"

namespace fleetcast::outputs {

std::string patterns_svg(const models::WorkloadPatterns& patterns);

}  // namespace fleetcast::outputs
