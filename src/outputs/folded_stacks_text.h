#pragma once
// Folded stacks as text, one stack a line, frames root first joined by ';', then a space and the count:
// the input of Brendan Gregg's flamegraph.pl, speedscope and inferno.
#include <string>

#include "sources/usage/folded_stacks.h"

namespace fleetcast::outputs {

std::string folded_stacks_text(const FoldedStacks& stacks);

}  // namespace fleetcast::outputs
