#include "mcp/json_schema.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "common/nearest_name.h"

namespace fleetcast::mcp {
namespace {

bool is_integer(const Json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double number = value.get<double>();
  return std::isfinite(number) && std::trunc(number) == number;
}

bool has_type(const Json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "number") return value.is_number();
  if (type == "integer") return is_integer(value);
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

std::string article_type(const std::string& type) {
  if (type == "object") return "an object";
  if (type == "array") return "an array";
  if (type == "integer") return "a whole number";
  if (type == "null") return "null";
  return "a " + type;
}

// "a string or an array"
std::string expected_types(const std::vector<std::string>& types) {
  std::string text;
  for (std::size_t i = 0; i < types.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == types.size() ? " or " : ", ") + article_type(types[i]);
  }
  return text;
}

// The value as the message quotes it: short, one line.
std::string shown(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::optional<std::string> violation_at(const Json& value, const Json& schema, const std::string& where);

std::optional<std::string> object_violation(const Json& value, const Json& schema, const std::string& where) {
  const Json empty = Json::object();
  const Json& properties = schema.contains("properties") ? schema["properties"] : empty;
  if (schema.contains("required")) {
    for (const auto& name : schema["required"]) {
      if (!value.contains(name.get<std::string>())) {
        return fmt::format("{}missing the required argument '{}'", where.empty() ? "" : where + ": ", name.get<std::string>());
      }
    }
  }
  for (const auto& [name, item] : value.items()) {
    const std::string place = where.empty() ? "argument '" + name + "'" : where + ", key '" + name + "'";
    if (properties.contains(name)) {
      if (auto problem = violation_at(item, properties[name], place)) return problem;
      continue;
    }
    const auto additional = schema.find("additionalProperties");
    if (additional == schema.end() || additional->is_boolean()) {
      if (additional == schema.end() || additional->get<bool>()) continue;
      std::vector<std::string> known;
      for (const auto& [known_name, ignored] : properties.items()) known.push_back(known_name);
      std::string message = where.empty() ? fmt::format("unknown argument '{}'", name) : fmt::format("{}: unknown key '{}'", where, name);
      if (const auto nearest = nearest_name(name, known)) return message + fmt::format("; did you mean '{}'?", *nearest);
      std::string names;
      for (const auto& known_name : known) names += (names.empty() ? "" : ", ") + known_name;
      return message + " (the arguments are " + names + ")";
    }
    if (auto problem = violation_at(item, *additional, place)) return problem;
  }
  return std::nullopt;
}

// Valid under any of the alternatives; otherwise the problem under the first whose type fits.
std::optional<std::string> any_of_violation(const Json& value, const Json& alternatives, const std::string& where) {
  std::optional<std::string> problem;
  for (const auto& alternative : alternatives) {
    auto found = violation_at(value, alternative, where);
    if (!found) return std::nullopt;
    const bool type_fits = alternative.contains("type") && alternative["type"].is_string() &&
                           has_type(value, alternative["type"].get<std::string>());
    if (!problem || type_fits) problem = std::move(found);
    if (type_fits) break;
  }
  return problem;
}

std::optional<std::string> violation_at(const Json& value, const Json& schema, const std::string& where) {
  if (schema.contains("anyOf")) {
    if (auto problem = any_of_violation(value, schema["anyOf"], where)) return problem;
  }
  if (schema.contains("type")) {
    std::vector<std::string> types;
    if (schema["type"].is_string()) {
      types.push_back(schema["type"].get<std::string>());
    } else {
      for (const auto& type : schema["type"]) types.push_back(type.get<std::string>());
    }
    if (std::none_of(types.begin(), types.end(), [&](const std::string& type) { return has_type(value, type); })) {
      return fmt::format("{}: expected {}, got {}", where, expected_types(types), shown(value));
    }
  }
  if (schema.contains("enum")) {
    const Json& allowed = schema["enum"];
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      std::string names;
      for (const auto& option : allowed) names += (names.empty() ? "" : ", ") + shown(option);
      return fmt::format("{}: expected one of {}, got {}", where, names, shown(value));
    }
  }
  if (value.is_number()) {
    const double number = value.get<double>();
    if (schema.contains("minimum") && number < schema["minimum"].get<double>()) {
      return fmt::format("{}: must be at least {}, got {}", where, shown(schema["minimum"]), shown(value));
    }
    if (schema.contains("maximum") && number > schema["maximum"].get<double>()) {
      return fmt::format("{}: must be at most {}, got {}", where, shown(schema["maximum"]), shown(value));
    }
  }
  if (value.is_string() && schema.contains("minLength") &&
      value.get_ref<const std::string&>().size() < schema["minLength"].get<std::size_t>()) {
    return fmt::format("{}: must not be empty", where);
  }
  if (value.is_array()) {
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>()) {
      return fmt::format("{}: needs at least {} item{}", where, schema["minItems"].get<std::size_t>(),
                         schema["minItems"].get<std::size_t>() == 1 ? "" : "s");
    }
    if (schema.contains("items")) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (auto problem = violation_at(value[i], schema["items"], fmt::format("{}[{}]", where, i))) return problem;
      }
    }
  }
  if (value.is_object()) return object_violation(value, schema, where);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> schema_violation(const Json& value, const Json& schema) {
  if (!value.is_object()) return fmt::format("the arguments must be an object, got {}", shown(value));
  return violation_at(value, schema, "");
}

bool uses_supported_keywords(const Json& schema) {
  static const std::set<std::string> kKeywords = {"anyOf", "type",    "properties", "required", "additionalProperties", "items",
                                                  "enum",    "minimum",    "maximum",  "minItems",             "minLength",
                                                  "title",   "description", "default", "examples"};
  if (!schema.is_object()) return false;
  for (const auto& [keyword, value] : schema.items()) {
    if (!kKeywords.count(keyword)) return false;
    if (keyword == "anyOf") {
      for (const auto& alternative : value) {
        if (!uses_supported_keywords(alternative)) return false;
      }
    }
    if (keyword == "properties") {
      for (const auto& [name, property] : value.items()) {
        if (!uses_supported_keywords(property)) return false;
      }
    }
    if ((keyword == "items" || (keyword == "additionalProperties" && value.is_object())) && !uses_supported_keywords(value)) {
      return false;
    }
  }
  return true;
}

}  // namespace fleetcast::mcp
