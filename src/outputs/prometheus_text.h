#pragma once
// A writer of the Prometheus text exposition format 0.0.4: one HELP and one TYPE line per family, then
// its samples, label values escaped. Hand-written: Debian packages no C++ Prometheus client, and the
// format is a few rules.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fleetcast::outputs {

enum class MetricType { gauge, counter };

using MetricLabels = std::vector<std::pair<std::string, std::string>>;  // name, value

class PrometheusText {
 public:
  // Starts a family. A counter's name ends in _total (the exposition convention the parsers expect);
  // names and label names are [a-zA-Z_][a-zA-Z0-9_]* (std::invalid_argument otherwise: a bug, not input).
  void family(std::string_view name, MetricType type, std::string_view help);
  // One sample of the family started last.
  void sample(const MetricLabels& labels, double value);
  void sample(double value) { sample({}, value); }

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::string family_;
};

// Backslash, double quote and newline escaped, as label values need.
std::string escape_label_value(std::string_view value);
// Shortest round-trip decimal; NaN, +Inf and -Inf spelled as the format wants.
std::string format_metric_value(double value);

}  // namespace fleetcast::outputs
