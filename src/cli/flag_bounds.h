#pragma once
// The bounds of common/value_bounds.h checked while CLI11 parses: a hostile value (--horizon 1e12,
// --folds -1, --seed 99999999999999999999) is refused with exit 2, the flag's name and its bounds in
// human units, before any arithmetic sees it.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "common/value_bounds.h"

namespace fleetcast::cli {

// CLI11 validators whose messages name the bounds, e.g. "--folds: must be a whole number between 1
// and 100, got '0'". Integers are plain decimal digits (no sign, no exponent, no hex).
CLI::Validator duration_within(DurationBounds bounds);
CLI::Validator number_within(double min, double max);
CLI::Validator whole_number_within(std::uint64_t min, std::uint64_t max);
// Any seed that fits an unsigned 64-bit integer.
CLI::Validator seed_number();

}  // namespace fleetcast::cli
