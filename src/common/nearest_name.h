#pragma once
// "did you mean 'report'?" for a mistyped command or flag. Hand-written: CLI11 suggests nothing, and no
// Debian package offers an edit distance small enough to be worth the dependency (a dozen lines).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fleetcast {

// The candidate closest to `typed` by edit distance (insertions, deletions, substitutions, and swaps of
// neighbouring characters), when it is close enough to be a typo: at most a third of the typed length,
// and at least 1. The first of equally close candidates wins.
std::optional<std::string> nearest_name(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace fleetcast
