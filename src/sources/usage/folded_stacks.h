#pragma once
// A CPU profile as folded stacks: each distinct stack of frame names (root first) with the number of
// samples taken in it, the shape Brendan Gregg's flamegraph.pl reads (`main;work;leaf 42`).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fleetcast {

using Stack = std::vector<std::string>;
using FoldedStacks = std::map<Stack, std::uint64_t>;

// Adds `from`'s counts into `into`, stack by stack.
void merge_stacks(FoldedStacks& into, const FoldedStacks& from);

std::uint64_t total_samples(const FoldedStacks& stacks);

// Time per function: self counts the samples whose leaf it is, total the samples with it anywhere on
// the stack (once per sample, however deep the recursion).
struct FunctionTime {
  std::string name;
  std::uint64_t self_samples = 0;
  std::uint64_t total_samples = 0;
};

// Most self time first, then most total time, then by name.
std::vector<FunctionTime> function_times(const FoldedStacks& stacks);

}  // namespace fleetcast
