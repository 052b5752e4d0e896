#include "sources/usage/folded_stacks.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

namespace fleetcast {

void merge_stacks(FoldedStacks& into, const FoldedStacks& from) {
  for (const auto& [stack, count] : from) into[stack] += count;
}

std::uint64_t total_samples(const FoldedStacks& stacks) {
  std::uint64_t total = 0;
  for (const auto& entry : stacks) total += entry.second;
  return total;
}

std::vector<FunctionTime> function_times(const FoldedStacks& stacks) {
  std::unordered_map<std::string, FunctionTime> by_name;
  for (const auto& [stack, count] : stacks) {
    if (stack.empty()) continue;
    by_name[stack.back()].self_samples += count;
    const std::set<std::string> on_stack(stack.begin(), stack.end());
    for (const auto& name : on_stack) by_name[name].total_samples += count;
  }
  std::vector<FunctionTime> times;
  times.reserve(by_name.size());
  for (auto& [name, time] : by_name) {
    time.name = name;
    times.push_back(std::move(time));
  }
  std::sort(times.begin(), times.end(), [](const FunctionTime& a, const FunctionTime& b) {
    return std::tie(b.self_samples, b.total_samples, a.name) < std::tie(a.self_samples, a.total_samples, b.name);
  });
  return times;
}

}  // namespace fleetcast
