#include "outputs/prometheus_text.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace fleetcast::outputs {
namespace {

bool is_metric_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  for (const char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!allowed) return false;
  }
  return true;
}

void require_name(std::string_view name) {
  if (!is_metric_name(name)) throw std::invalid_argument(fmt::format("not a Prometheus metric or label name: '{}'", name));
}

// HELP text escapes only backslash and newline.
std::string escape_help(std::string_view help) {
  std::string escaped;
  for (const char c : help) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string format_metric_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

void PrometheusText::family(std::string_view name, MetricType type, std::string_view help) {
  require_name(name);
  if (type == MetricType::counter && !name.ends_with("_total")) {
    throw std::invalid_argument(fmt::format("counter '{}' must end in _total", name));
  }
  family_ = name;
  text_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escape_help(help), name,
                       type == MetricType::counter ? "counter" : "gauge");
}

void PrometheusText::sample(const MetricLabels& labels, double value) {
  if (family_.empty()) throw std::invalid_argument("a Prometheus sample before its family");
  text_ += family_;
  if (!labels.empty()) {
    text_ += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      require_name(labels[i].first);
      text_ += fmt::format("{}{}=\"{}\"", i ? "," : "", labels[i].first, escape_label_value(labels[i].second));
    }
    text_ += '}';
  }
  text_ += ' ';
  text_ += format_metric_value(value);
  text_ += '\n';
}

}  // namespace fleetcast::outputs
