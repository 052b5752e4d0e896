#include "decisions/faults/breaker_configs.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>

#include "common/errors.h"
#include "common/time.h"

namespace fleetcast::decisions::faults {
namespace {

class ConfigReader {
 public:
  explicit ConfigReader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    const YAML::Mark mark = node.Mark();
    if (!mark.is_null()) throw InputError(source_ + ":" + std::to_string(mark.line + 1) + ": " + message);
    throw InputError(source_ + ": " + message);
  }

  double number(const YAML::Node& node, const std::string& key) const {
    double value = 0;
    if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !std::isfinite(value)) {
      fail(node, key + ": expected a number, got '" + (node.IsScalar() ? node.Scalar() : std::string("a mapping or list")) + "'");
    }
    return value;
  }

  std::size_t count(const YAML::Node& node, const std::string& key) const {
    const double value = number(node, key);
    if (value < 1 || value > 1e9 || value != std::floor(value)) fail(node, key + ": expected a whole number from 1, got " + node.Scalar());
    return static_cast<std::size_t>(value);
  }

  double percent(const YAML::Node& node, const std::string& key) const {
    const double value = number(node, key);
    if (!(value > 0 && value <= 100)) fail(node, key + ": expected a percentage above 0 and at most 100, got " + node.Scalar());
    return value / 100.0;
  }

  // A number of milliseconds, or a number with a unit.
  TimestampUs duration(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) fail(node, key + ": expected a duration such as 60s or 500ms");
    const std::string text = node.Scalar();
    std::optional<double> seconds;
    if (text.ends_with("ms")) {
      seconds = parse_duration_seconds(text.substr(0, text.size() - 2), 1e-3);
    } else if (!text.empty() && std::isdigit(static_cast<unsigned char>(text.back()))) {
      seconds = parse_duration_seconds(text, 1e-3);
    } else if (!text.empty() && std::string_view("smhd").find(text.back()) != std::string_view::npos) {
      seconds = parse_duration_seconds(text, 1);
    }
    if (!seconds) fail(node, key + ": expected a duration such as 60s or 500ms (a bare number is milliseconds), got '" + text + "'");
    return std::llround(*seconds * 1e6);
  }

 private:
  std::string source_;
};

std::string duration_text(TimestampUs duration_us) {
  if (duration_us % kMicrosPerSecond == 0) return fmt::format("{}s", duration_us / kMicrosPerSecond);
  return fmt::format("{:g}ms", static_cast<double>(duration_us) / 1000.0);
}

std::string percent_text(double fraction) { return fmt::format("{:g}", fraction * 100.0); }

}  // namespace

resilience::BreakerConfig seed_breaker_config() {
  resilience::BreakerConfig config;
  config.window_type = resilience::WindowType::count_based;
  config.window_size = 5;
  config.minimum_calls = 5;
  config.failure_rate_threshold = 1.0;
  config.slow_call_rate_threshold = 1.0;
  config.slow_call_duration_us = 365LL * 86400 * kMicrosPerSecond;  // the longest allowed: no call is slow
  config.wait_in_open_us = 60 * kMicrosPerSecond;
  config.half_open_calls = 3;
  config.half_open_failure_rate_threshold = 1.0 / 3.0;  // one failure among the three trials reopens
  return config;
}

resilience::BreakerConfig load_breaker_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError("--config " + file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  const ConfigReader reader("--config " + file.string());
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& error) {
    throw InputError(fmt::format("--config {}:{}: malformed YAML: {}", file.string(), error.mark.line + 1, error.msg));
  }
  if (!root.IsMap()) reader.fail(root, "expected a mapping of resilience4j CircuitBreaker properties such as failureRateThreshold: 50");
  resilience::BreakerConfig config = resilience::BreakerConfig::resilience4j_defaults();
  for (const auto& entry : root) {
    const std::string key = entry.first.as<std::string>();
    const YAML::Node& value = entry.second;
    if (key == "slidingWindowType") {
      const std::string type = value.IsScalar() ? value.Scalar() : "";
      if (type != "COUNT_BASED" && type != "TIME_BASED") reader.fail(value, key + ": expected COUNT_BASED or TIME_BASED, got '" + type + "'");
      config.window_type = type == "COUNT_BASED" ? resilience::WindowType::count_based : resilience::WindowType::time_based;
    } else if (key == "slidingWindowSize") {
      config.window_size = reader.count(value, key);
    } else if (key == "minimumNumberOfCalls") {
      config.minimum_calls = reader.count(value, key);
    } else if (key == "failureRateThreshold") {
      config.failure_rate_threshold = reader.percent(value, key);
    } else if (key == "slowCallRateThreshold") {
      config.slow_call_rate_threshold = reader.percent(value, key);
    } else if (key == "slowCallDurationThreshold") {
      config.slow_call_duration_us = reader.duration(value, key);
    } else if (key == "waitDurationInOpenState") {
      config.wait_in_open_us = reader.duration(value, key);
    } else if (key == "permittedNumberOfCallsInHalfOpenState") {
      config.half_open_calls = reader.count(value, key);
    } else if (key == "halfOpenFailureRateThreshold") {
      config.half_open_failure_rate_threshold = reader.percent(value, key);
    } else if (key == "adaptiveFailureRateThreshold") {
      if (!value.IsMap()) reader.fail(value, key + ": expected a mapping with k, floor, halfLifeSamples, warmupSamples");
      config.adaptive.enabled = true;
      for (const auto& part : value) {
        const std::string name = part.first.as<std::string>();
        const std::string qualified = key + "." + name;
        if (name == "k") config.adaptive.k = reader.number(part.second, qualified);
        else if (name == "floor") config.adaptive.floor = reader.percent(part.second, qualified);
        else if (name == "halfLifeSamples") config.adaptive.half_life_samples = reader.number(part.second, qualified);
        else if (name == "warmupSamples") config.adaptive.warmup_samples = reader.count(part.second, qualified);
        else reader.fail(part.first, "unknown key '" + qualified + "' (known: k, floor, halfLifeSamples, warmupSamples)");
      }
    } else {
      reader.fail(entry.first, "unknown key '" + key +
                                   "' (known: slidingWindowType, slidingWindowSize, minimumNumberOfCalls, failureRateThreshold, "
                                   "slowCallRateThreshold, slowCallDurationThreshold, waitDurationInOpenState, "
                                   "permittedNumberOfCallsInHalfOpenState, halfOpenFailureRateThreshold, adaptiveFailureRateThreshold)");
    }
  }
  try {
    config.validate();
  } catch (const InputError& error) {
    throw InputError("--config " + file.string() + ": " + error.what());
  }
  return config;
}

std::string breaker_config_yaml(const resilience::BreakerConfig& config) {
  std::string yaml = fmt::format(
      "slidingWindowType: {}\nslidingWindowSize: {}\nminimumNumberOfCalls: {}\nfailureRateThreshold: {}\n"
      "slowCallRateThreshold: {}\nslowCallDurationThreshold: {}\nwaitDurationInOpenState: {}\n"
      "permittedNumberOfCallsInHalfOpenState: {}\n",
      config.window_type == resilience::WindowType::count_based ? "COUNT_BASED" : "TIME_BASED", config.window_size,
      config.minimum_calls, percent_text(config.failure_rate_threshold), percent_text(config.slow_call_rate_threshold),
      duration_text(config.slow_call_duration_us), duration_text(config.wait_in_open_us), config.half_open_calls);
  if (config.half_open_failure_rate_threshold) {
    yaml += fmt::format("halfOpenFailureRateThreshold: {}\n", percent_text(*config.half_open_failure_rate_threshold));
  }
  if (config.adaptive.enabled) {
    yaml += fmt::format("adaptiveFailureRateThreshold:\n  k: {:g}\n  floor: {}\n  halfLifeSamples: {:g}\n  warmupSamples: {}\n",
                        config.adaptive.k, percent_text(config.adaptive.floor), config.adaptive.half_life_samples,
                        config.adaptive.warmup_samples);
  }
  return yaml;
}

std::string describe_breaker_config(const resilience::BreakerConfig& config) {
  std::string text = fmt::format("{} {} / min {} / fail {}%", config.window_type == resilience::WindowType::count_based ? "count" : "time",
                                 config.window_type == resilience::WindowType::count_based ? std::to_string(config.window_size)
                                                                                           : duration_text(config.window_size * kMicrosPerSecond),
                                 config.minimum_calls, fmt::format("{:.0f}", config.failure_rate_threshold * 100));
  if (config.adaptive.enabled) text += fmt::format(" (adaptive k {:g}, floor {:.0f}%)", config.adaptive.k, config.adaptive.floor * 100);
  if (config.slow_call_rate_threshold < 1.0 || config.slow_call_duration_us < 365LL * 86400 * kMicrosPerSecond) {
    text += fmt::format(" / slow {:.0f}% over {}", config.slow_call_rate_threshold * 100, duration_text(config.slow_call_duration_us));
  }
  text += fmt::format(" / wait {} / half-open {}", duration_text(config.wait_in_open_us), config.half_open_calls);
  if (config.half_open_failure_rate_threshold) text += fmt::format(" (fail {:.0f}%)", *config.half_open_failure_rate_threshold * 100);
  return text;
}

}  // namespace fleetcast::decisions::faults
