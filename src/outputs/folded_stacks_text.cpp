#include "outputs/folded_stacks_text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace fleetcast::outputs {

std::string folded_stacks_text(const FoldedStacks& stacks) {
  std::string text;
  for (const auto& [stack, count] : stacks) {
    if (stack.empty() || count == 0) continue;
    text += fmt::format("{} {}\n", fmt::join(stack, ";"), count);
  }
  return text;
}

}  // namespace fleetcast::outputs
