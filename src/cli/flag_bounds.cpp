#include "cli/flag_bounds.h"

#include <fmt/core.h>

#include <charconv>
#include <limits>

namespace fleetcast::cli {

CLI::Validator duration_within(DurationBounds bounds) {
  return CLI::Validator([bounds](std::string& text) { return duration_problem(text, bounds); },
                        fmt::format("DURATION in [{}, {}]", human_duration(bounds.min_seconds), human_duration(bounds.max_seconds)));
}

CLI::Validator number_within(double min, double max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        double value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc{} && end == text.data() + text.size() && !text.empty() && value >= min && value <= max) return {};
        return fmt::format("must be a number between {:g} and {:g}, got '{}'", min, max, text);
      },
      fmt::format("NUMBER in [{:g}, {:g}]", min, max));
}

CLI::Validator whole_number_within(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const bool digits_only = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (digits_only && error == std::errc{} && end == text.data() + text.size() && value >= min && value <= max) return {};
        return fmt::format("must be a whole number between {} and {}, got '{}'", min, max, text);
      },
      fmt::format("INTEGER in [{}, {}]", min, max));
}

CLI::Validator seed_number() { return whole_number_within(0, std::numeric_limits<std::uint64_t>::max()); }

}  // namespace fleetcast::cli
