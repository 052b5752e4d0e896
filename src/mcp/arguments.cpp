#include "mcp/arguments.h"

#include <fmt/core.h>

#include <cmath>
#include <limits>

#include "common/errors.h"
#include "common/time.h"

namespace fleetcast::mcp {
namespace {

// "-" means standard input to the CLI; here standard input carries the protocol.
void refuse_stdin(const std::string& name, const std::string& path) {
  if (path == "-") {
    throw InputError(fmt::format("argument '{}': '-' (standard input) carries the MCP messages here; give a file path", name));
  }
}

}  // namespace

Json object_schema(Json properties, std::vector<std::string> required) {
  return Json{{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}, {"additionalProperties", false}};
}

Json paths_schema(const std::string& description) {
  return Json{{"type", {"array", "string"}},
              {"items", {{"type", "string"}, {"minLength", 1}}},
              {"minItems", 1},
              {"minLength", 1},
              {"description", description + " (one path or a list: files, directories of *.jsonl and *.jsonl.gz, globs)"}};
}

Json path_schema(const std::string& description) {
  return Json{{"type", "string"}, {"minLength", 1}, {"description", description}};
}

Json string_schema(const std::string& description) { return Json{{"type", "string"}, {"description", description}}; }

Json enum_schema(const std::string& description, const std::vector<std::string>& values, const std::string& default_value) {
  return Json{{"type", "string"}, {"enum", values}, {"default", default_value}, {"description", description}};
}

Json duration_schema(const std::string& description, const std::string& default_value) {
  return Json{{"type", {"string", "number"}},
              {"default", default_value},
              {"description", description + ": a duration such as 90m, 6h or 2d, or a number of hours"}};
}

Json number_schema(const std::string& description, double min, double max, double default_value) {
  return Json{{"type", "number"}, {"minimum", min}, {"maximum", max}, {"default", default_value}, {"description", description}};
}

Json whole_number_schema(const std::string& description, std::uint64_t min, std::uint64_t max, std::uint64_t default_value) {
  return Json{{"type", "integer"}, {"minimum", min}, {"maximum", max}, {"default", default_value}, {"description", description}};
}

Json seed_schema(std::uint64_t default_value) {
  return Json{{"type", "integer"},
              {"minimum", 0},
              {"maximum", std::numeric_limits<std::uint64_t>::max()},
              {"default", default_value},
              {"description", "Seed for the models that draw random numbers"}};
}

Json current_replicas_schema() {
  return Json{{"type", "object"},
              {"additionalProperties", {{"type", "integer"}, {"minimum", 0}, {"maximum", 1'000'000}}},
              {"description",
               "Replicas each pool runs now, as {\"POOL\": N} (over the pool's current_replicas field); without it the "
               "count is assumed from the last hour's demand"}};
}

std::vector<std::string> path_list(const Json& arguments, const std::string& name) {
  if (!arguments.contains(name)) return {};
  const Json& value = arguments[name];
  std::vector<std::string> paths = value.is_string() ? std::vector{value.get<std::string>()} : value.get<std::vector<std::string>>();
  for (const auto& path : paths) refuse_stdin(name, path);
  return paths;
}

std::string path_argument(const Json& arguments, const std::string& name) {
  const std::string path = text_argument(arguments, name);
  refuse_stdin(name, path);
  return path;
}

std::string text_argument(const Json& arguments, const std::string& name, const std::string& default_value) {
  return arguments.contains(name) ? arguments[name].get<std::string>() : default_value;
}

double number_argument(const Json& arguments, const std::string& name, double default_value) {
  return arguments.contains(name) ? arguments[name].get<double>() : default_value;
}

std::uint64_t whole_number_argument(const Json& arguments, const std::string& name, std::uint64_t default_value) {
  if (!arguments.contains(name)) return default_value;
  const Json& value = arguments[name];
  if (!value.is_number_float()) return value.get<std::uint64_t>();
  // The schema let through only whole numbers, but 5.0 or 1e30 arrive as floats.
  const double number = value.get<double>();
  if (number >= 0x1p64) throw InputError(fmt::format("argument '{}': {} is too large", name, value.dump()));
  return static_cast<std::uint64_t>(number);
}

std::string duration_argument(const Json& arguments, const std::string& name, const std::string& default_value,
                              DurationBounds bounds) {
  std::string text = default_value;
  if (arguments.contains(name)) {
    const Json& value = arguments[name];
    text = value.is_string() ? value.get<std::string>() : fmt::format("{}", value.get<double>());
  }
  duration_seconds(name, text, bounds);
  return text;
}

double duration_seconds(const std::string& name, const std::string& text, DurationBounds bounds) {
  if (const std::string problem = duration_problem(text, bounds); !problem.empty()) {
    throw InputError(fmt::format("argument '{}': {}", name, problem));
  }
  return *parse_duration_seconds(text, 3600.0);
}

}  // namespace fleetcast::mcp
