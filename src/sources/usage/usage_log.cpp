#include "sources/usage/usage_log.h"

#include <fmt/core.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <tuple>
#include <system_error>

#include "common/errors.h"
#include "sources/input_files.h"

namespace fleetcast::sources {
namespace {

constexpr std::size_t kMaxWarnings = 10;
constexpr std::string_view kFilePrefix = "usage_";
constexpr std::string_view kFileSuffix = ".jsonl";

void append_json_string(std::string& out, std::string_view text) {
  const bool valid_utf8 = simdjson::validate_utf8(text.data(), text.size());
  out.push_back('"');
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      out += fmt::format("\\u{:04x}", byte);
    } else if (byte >= 0x80 && !valid_utf8) {
      out.push_back('?');
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

template <typename Value>
void append_field(std::string& out, std::string_view key, const Value& value) {
  out += fmt::format(",\"{}\":{}", key, value);
}

template <typename Value>
void append_optional(std::string& out, std::string_view key, const std::optional<Value>& value) {
  if (value) append_field(out, key, *value);
}

std::optional<double> read_non_negative(simdjson::dom::element value) {
  if (!value.is_number()) return std::nullopt;
  const double number = value.get_double().value_unsafe();
  if (!std::isfinite(number) || number < 0) return std::nullopt;
  return number;
}

std::optional<std::uint64_t> read_count(simdjson::dom::element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::UINT64: return value.get_uint64().value_unsafe();
    case simdjson::dom::element_type::INT64: {
      const std::int64_t number = value.get_int64().value_unsafe();
      if (number < 0) return std::nullopt;
      return static_cast<std::uint64_t>(number);
    }
    default: return std::nullopt;
  }
}

std::optional<TimestampUs> read_time(simdjson::dom::element value) {
  if (value.is_string()) return parse_iso8601(value.get_string().value_unsafe());
  if (value.is_number()) return timestamp_from_epoch_number(value.get_double().value_unsafe());
  return std::nullopt;
}

// The UTC day of a file named usage_YYYYMMDD.jsonl, as its first instant; nullopt for any other name.
std::optional<TimestampUs> day_of_file_name(std::string_view name) {
  if (name.size() != kFilePrefix.size() + 8 + kFileSuffix.size() || !name.starts_with(kFilePrefix) ||
      !name.ends_with(kFileSuffix)) {
    return std::nullopt;
  }
  const std::string_view digits = name.substr(kFilePrefix.size(), 8);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  const auto number = [&](std::size_t at, std::size_t length) {
    unsigned value = 0;
    for (std::size_t i = at; i < at + length; ++i) value = value * 10 + static_cast<unsigned>(digits[i] - '0');
    return value;
  };
  const unsigned month = number(4, 2), day = number(6, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return days_from_civil(number(0, 4), month, day) * 86400 * kMicrosPerSecond;
}

}  // namespace

std::string usage_sample_json(const UsageSample& sample) {
  std::string out;
  out.reserve(320);
  out += "{\"time\":\"";
  out += format_iso8601(sample.time);
  out += "\",\"target\":";
  append_json_string(out, sample.target);
  out += ",\"name\":";
  append_json_string(out, sample.name);
  append_field(out, "cpu_seconds", sample.cpu_seconds);
  append_optional(out, "cpu_throttled_seconds", sample.cpu_throttled_seconds);
  append_optional(out, "cpu_periods", sample.cpu_periods);
  append_optional(out, "cpu_throttled_periods", sample.cpu_throttled_periods);
  append_field(out, "memory_bytes", sample.memory_bytes);
  append_optional(out, "memory_peak_bytes", sample.memory_peak_bytes);
  append_optional(out, "oom_kills", sample.oom_kills);
  append_optional(out, "cpu_limit_cores", sample.cpu_limit_cores);
  append_optional(out, "cpu_request_cores", sample.cpu_request_cores);
  append_optional(out, "memory_limit_bytes", sample.memory_limit_bytes);
  append_optional(out, "memory_request_bytes", sample.memory_request_bytes);
  append_field(out, "disk_read_bytes", sample.disk_read_bytes);
  append_field(out, "disk_write_bytes", sample.disk_write_bytes);
  append_optional(out, "net_receive_bytes", sample.net_receive_bytes);
  append_optional(out, "net_transmit_bytes", sample.net_transmit_bytes);
  out.push_back('}');
  return out;
}

std::string usage_log_file_name(TimestampUs time) {
  const std::string iso = format_iso8601(time);  // "YYYY-MM-DDT..."
  return fmt::format("{}{}{}{}{}", kFilePrefix, iso.substr(0, 4), iso.substr(5, 2), iso.substr(8, 2), kFileSuffix);
}

std::optional<std::string> parse_usage_sample_line(std::string_view line, UsageSample& sample) {
  // A parser per thread: its buffers are reused across the lines of a log.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (const auto error = parser.parse(line.data(), line.size(), /*realloc_if_needed=*/true).get(root)) {
    return error == simdjson::UTF8_ERROR ? "invalid UTF-8" : "not valid JSON";
  }
  simdjson::dom::object object;
  if (root.get_object().get(object)) return "not a JSON object";

  sample = UsageSample{};
  bool has_time = false, has_target = false, has_cpu = false, has_memory = false;
  for (const auto member : object) {
    // Named copies rather than a structured binding, which clang 14 (the fuzz build) cannot capture.
    const std::string_view key = member.key;
    const simdjson::dom::element value = member.value;
    const auto number = [&](double& field) { return (field = read_non_negative(value).value_or(-1)) >= 0; };
    const auto optional_number = [&](std::optional<double>& field) { return (field = read_non_negative(value)).has_value(); };
    const auto count = [&](std::uint64_t& field) {
      const auto parsed = read_count(value);
      field = parsed.value_or(0);
      return parsed.has_value();
    };
    const auto optional_count = [&](std::optional<std::uint64_t>& field) { return (field = read_count(value)).has_value(); };
    bool ok = true;
    if (key == "time") {
      const auto time = read_time(value);
      if (!time) return "unparseable time";
      sample.time = *time;
      has_time = true;
    } else if (key == "target") {
      if (!value.is_string() || value.get_string().value_unsafe().empty()) return "target is not a non-empty string";
      sample.target = value.get_string().value_unsafe();
      has_target = true;
    } else if (key == "name") {
      if (!value.is_string()) return "name is not a string";
      sample.name = value.get_string().value_unsafe();
    } else if (key == "cpu_seconds") {
      ok = has_cpu = number(sample.cpu_seconds);
    } else if (key == "cpu_throttled_seconds") {
      ok = optional_number(sample.cpu_throttled_seconds);
    } else if (key == "cpu_periods") {
      ok = optional_count(sample.cpu_periods);
    } else if (key == "cpu_throttled_periods") {
      ok = optional_count(sample.cpu_throttled_periods);
    } else if (key == "memory_bytes") {
      ok = has_memory = count(sample.memory_bytes);
    } else if (key == "memory_peak_bytes") {
      ok = optional_count(sample.memory_peak_bytes);
    } else if (key == "oom_kills") {
      ok = optional_count(sample.oom_kills);
    } else if (key == "cpu_limit_cores") {
      ok = optional_number(sample.cpu_limit_cores);
    } else if (key == "cpu_request_cores") {
      ok = optional_number(sample.cpu_request_cores);
    } else if (key == "memory_limit_bytes") {
      ok = optional_count(sample.memory_limit_bytes);
    } else if (key == "memory_request_bytes") {
      ok = optional_count(sample.memory_request_bytes);
    } else if (key == "disk_read_bytes") {
      ok = count(sample.disk_read_bytes);
    } else if (key == "disk_write_bytes") {
      ok = count(sample.disk_write_bytes);
    } else if (key == "net_receive_bytes") {
      ok = optional_count(sample.net_receive_bytes);
    } else if (key == "net_transmit_bytes") {
      ok = optional_count(sample.net_transmit_bytes);
    } else {
      return fmt::format("unknown key \"{}\"", key);
    }
    if (!ok) return fmt::format("{} is not a non-negative number (counts and bytes: whole numbers)", key);
  }
  if (!has_time) return "no time";
  if (!has_target) return "no target";
  if (!has_cpu) return "no cpu_seconds";
  if (!has_memory) return "no memory_bytes";
  return std::nullopt;
}

UsageLogReadResult read_usage_dir(const std::filesystem::path& dir, std::optional<TimestampUs> since,
                                  std::optional<TimestampUs> until) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(dir, error)) throw InputError(fmt::format("--usage {}: not a directory", dir.string()));
  std::vector<std::pair<fs::path, TimestampUs>> files;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const auto day = day_of_file_name(it->path().filename().string());
    if (day && it->is_regular_file(error)) files.emplace_back(it->path(), *day);
  }
  if (error) throw InputError(fmt::format("--usage {}: cannot list it: {}", dir.string(), error.message()));
  if (files.empty()) throw InputError(fmt::format("--usage {}: no usage_YYYYMMDD.jsonl file in it", dir.string()));
  std::sort(files.begin(), files.end());

  UsageLogReadResult result;
  constexpr TimestampUs kDay = 86400 * kMicrosPerSecond;
  for (const auto& [path, day] : files) {
    if ((since && day + kDay <= *since) || (until && day >= *until)) continue;
    ++result.files;
    const std::string text = read_whole_file(path.string());
    std::size_t line_number = 0;
    for (std::size_t begin = 0; begin < text.size();) {
      std::size_t end = text.find('\n', begin);
      if (end == std::string::npos) end = text.size();
      const std::string_view line(text.data() + begin, end - begin);
      begin = end + 1;
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      ++result.lines;
      UsageSample sample;
      if (const auto reason = parse_usage_sample_line(line, sample)) {
        ++result.skipped;
        if (result.first_warnings.size() < kMaxWarnings) {
          result.first_warnings.push_back(fmt::format("{}:{}: {}", path.string(), line_number, *reason));
        }
        continue;
      }
      if ((since && sample.time < *since) || (until && sample.time >= *until)) continue;
      result.samples.push_back(std::move(sample));
    }
  }

  // Sorting small keys instead of the samples themselves: moving ~200-byte samples and comparing their
  // target strings at every step took most of the read. Targets get ranks in name order; the line order
  // breaks ties, so among samples sharing (target, time) the last line can win.
  std::map<std::string_view, std::uint32_t> target_ranks;
  for (const UsageSample& sample : result.samples) target_ranks.emplace(sample.target, 0);
  std::uint32_t rank = 0;
  for (auto& [target, target_rank] : target_ranks) target_rank = rank++;
  struct SortKey {
    std::uint32_t target_rank;
    TimestampUs time;
    std::size_t index;
  };
  std::vector<SortKey> keys;
  keys.reserve(result.samples.size());
  for (std::size_t i = 0; i < result.samples.size(); ++i) {
    keys.push_back({target_ranks.find(result.samples[i].target)->second, result.samples[i].time, i});
  }
  std::sort(keys.begin(), keys.end(), [](const SortKey& a, const SortKey& b) {
    return std::tie(a.target_rank, a.time, a.index) < std::tie(b.target_rank, b.time, b.index);
  });
  std::vector<UsageSample> unique;
  unique.reserve(result.samples.size());
  for (std::size_t k = 0; k < keys.size(); ++k) {
    UsageSample& sample = result.samples[keys[k].index];
    if (k > 0 && keys[k - 1].target_rank == keys[k].target_rank && keys[k - 1].time == keys[k].time) {
      unique.back() = std::move(sample);
      ++result.duplicates;
    } else {
      unique.push_back(std::move(sample));
    }
  }
  result.samples = std::move(unique);
  return result;
}

std::vector<std::string> usage_log_warnings(const UsageLogReadResult& result, const std::string& source_name) {
  std::vector<std::string> lines;
  for (const std::string& warning : result.first_warnings) lines.push_back(fmt::format("warning: {} (line skipped)", warning));
  if (result.skipped > result.first_warnings.size()) {
    lines.push_back(fmt::format("warning: {}: {} more malformed lines skipped ({} of {} in all)", source_name,
                                result.skipped - result.first_warnings.size(), result.skipped, result.lines));
  } else if (result.skipped > 0) {
    lines.push_back(fmt::format("warning: {}: {} of {} lines skipped as malformed", source_name, result.skipped, result.lines));
  }
  if (result.duplicates > 0) {
    lines.push_back(fmt::format("note: {}: {} samples repeated a target and time; the later line was kept", source_name,
                                result.duplicates));
  }
  return lines;
}

}  // namespace fleetcast::sources
