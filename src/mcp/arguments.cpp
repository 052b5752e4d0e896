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
  Json schema{{"type", {"string", "number"}}, {"description", description + ": a duration such as 90m, 6h or 2d, or a number of hours"}};
  if (!default_value.empty()) schema["default"] = default_value;
  return schema;
}

Json number_schema(const std::string& description, double min, double max, double default_value) {
  return Json{{"type", "number"}, {"minimum", min}, {"maximum", max}, {"default", default_value}, {"description", description}};
}

Json numbers_schema(const std::string& description, double min, double max) {
  const Json number{{"type", "number"}, {"minimum", min}, {"maximum", max}};
  return Json{{"type", {"number", "array"}}, {"items", number}, {"minimum", min}, {"maximum", max}, {"minItems", 1}, {"description", description}};
}

Json whole_numbers_schema(const std::string& description, std::uint64_t min, std::uint64_t max) {
  const Json number{{"type", "integer"}, {"minimum", min}, {"maximum", max}};
  return Json{{"type", {"integer", "array"}}, {"items", number}, {"minimum", min}, {"maximum", max}, {"minItems", 1}, {"description", description}};
}

Json enums_schema(const std::string& description, const std::vector<std::string>& values) {
  const Json name{{"type", "string"}, {"enum", values}};
  return Json{{"anyOf", {name, {{"type", "array"}, {"items", name}, {"minItems", 1}}}}, {"description", description}};
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

std::vector<std::string> text_list(const Json& arguments, const std::string& name) {
  if (!arguments.contains(name)) return {};
  const Json& value = arguments[name];
  return value.is_array() ? value.get<std::vector<std::string>>() : std::vector{value.get<std::string>()};
}

std::vector<double> number_list(const Json& arguments, const std::string& name) {
  if (!arguments.contains(name)) return {};
  const Json& value = arguments[name];
  return value.is_array() ? value.get<std::vector<double>>() : std::vector{value.get<double>()};
}

std::vector<std::size_t> whole_number_list(const Json& arguments, const std::string& name) {
  std::vector<std::size_t> numbers;
  // Bounded by the schema, so each fits.
  for (const double number : number_list(arguments, name)) numbers.push_back(static_cast<std::size_t>(number));
  return numbers;
}

std::string duration_text(const Json& arguments, const std::string& name, const std::string& default_value) {
  if (!arguments.contains(name)) return default_value;
  const Json& value = arguments[name];
  return value.is_string() ? value.get<std::string>() : fmt::format("{}", value.get<double>());
}

std::vector<std::string> current_replicas_entries(const Json& arguments) {
  std::vector<std::string> entries;
  if (!arguments.contains("current_replicas")) return entries;
  for (const auto& [pool, count] : arguments["current_replicas"].items()) {
    entries.push_back(fmt::format("{}={}", pool, whole_number_argument(arguments["current_replicas"], pool, 0)));
  }
  return entries;
}

}  // namespace fleetcast::mcp
