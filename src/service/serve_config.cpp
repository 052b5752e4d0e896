#include "service/serve_config.h"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "common/errors.h"
#include "common/nearest_name.h"
#include "common/value_bounds.h"
#include "events/history.h"

namespace fleetcast::service {
namespace {

const std::vector<std::string> kPathKeys = {"metrics", "heartbeat", "pools", "state", "token_file", "bearer_token_file",
                                           "basic_auth_password_file"};

// How long one Prometheus request may take (as forecast --timeout), and how long an open breaker waits
// before a trial call.
constexpr DurationBounds kSourceTimeoutBounds{1, 3600};
constexpr DurationBounds kBreakerWaitBounds{1, 86400};

// A token is sent in a header: printable ASCII without spaces, and long enough not to be guessed.
constexpr std::size_t kMinTokenLength = 16;
constexpr std::size_t kMaxTokenLength = 4096;

std::string at_line(const std::filesystem::path& file, const YAML::Mark& mark) {
  return mark.is_null() ? file.string() : fmt::format("{}:{}", file.string(), mark.line + 1);
}

std::string scalar_text(const YAML::Node& node, const std::filesystem::path& file, const std::string& key) {
  if (!node.IsScalar()) {
    throw InputError(fmt::format("{}: {}: expected {}", at_line(file, node.Mark()), key,
                                 is_list_key(key) ? "a path or a list of paths" : "a single value"));
  }
  return node.as<std::string>();
}

std::filesystem::path resolve_against(const std::filesystem::path& folder, const std::string& text) {
  const std::filesystem::path path(text);
  return path.is_absolute() ? path : folder / path;
}

// The checks below throw "ORIGIN: what is wrong".
class SettingReader {
 public:
  explicit SettingReader(const GivenSettings& given) : given_(given) {}

  const GivenSetting* find(const std::string& key) const {
    const auto found = given_.find(key);
    return found == given_.end() ? nullptr : &found->second;
  }

  std::optional<std::string> text(const std::string& key) const {
    const GivenSetting* setting = find(key);
    if (!setting) return std::nullopt;
    if (setting->values.size() != 1) fail(*setting, "expected a single value");
    if (setting->values.front().empty()) fail(*setting, "must not be empty");
    return setting->values.front();
  }

  std::optional<double> duration_seconds(const std::string& key, DurationBounds bounds) const {
    const auto value = text(key);
    if (!value) return std::nullopt;
    if (const std::string problem = duration_problem(*value, bounds); !problem.empty()) fail(*find(key), problem);
    return parse_duration_seconds(*value, 3600.0);
  }

  std::optional<double> number(const std::string& key, double min, double max) const {
    const auto value = text(key);
    if (!value) return std::nullopt;
    double parsed = 0;
    const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), parsed);
    if (error != std::errc{} || end != value->data() + value->size() || !(parsed >= min && parsed <= max)) {
      fail(*find(key), fmt::format("must be a number between {:g} and {:g}, got '{}'", min, max, *value));
    }
    return parsed;
  }

  std::optional<std::uint64_t> whole_number(const std::string& key, std::uint64_t min, std::uint64_t max) const {
    const auto value = text(key);
    if (!value) return std::nullopt;
    std::uint64_t parsed = 0;
    const bool digits_only = value->find_first_not_of("0123456789") == std::string::npos;
    const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), parsed);
    if (!digits_only || error != std::errc{} || end != value->data() + value->size() || parsed < min || parsed > max) {
      fail(*find(key), fmt::format("must be a whole number between {} and {}, got '{}'", min, max, *value));
    }
    return parsed;
  }

  std::optional<ListenAddress> address(const std::string& key) const {
    const auto value = text(key);
    if (!value) return std::nullopt;
    const auto parsed = parse_listen_address(*value);
    if (!parsed) fail(*find(key), fmt::format("expected HOST:PORT such as 127.0.0.1:9464 or [::1]:0, got '{}'", *value));
    return parsed;
  }

  std::vector<std::string> paths(const std::string& key) const {
    const GivenSetting* setting = find(key);
    if (!setting) return {};
    if (setting->values.empty()) fail(*setting, "expected at least one path");
    for (const auto& path : setting->values) {
      if (path.empty()) fail(*setting, "a path must not be empty");
    }
    return setting->values;
  }

  [[noreturn]] static void fail(const GivenSetting& setting, const std::string& problem) {
    throw InputError(fmt::format("{}: {}", setting.origin, problem));
  }

 private:
  const GivenSettings& given_;
};

Shard parse_shard(const SettingReader& reader) {
  const auto text = reader.text("shard");
  if (!text) return {};
  const auto slash = text->find('/');
  const auto problem = [&] {
    SettingReader::fail(*reader.find("shard"),
                        fmt::format("expected I/N with N from 1 to {} and I from 0 to N-1, such as 0/3, got '{}'", kMaxShards, *text));
  };
  if (slash == std::string::npos) problem();
  const auto whole = [](std::string_view part) -> std::optional<std::uint32_t> {
    std::uint32_t value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || part.find_first_not_of("0123456789") != std::string_view::npos || error != std::errc{} ||
        end != part.data() + part.size()) {
      return std::nullopt;
    }
    return value;
  };
  const auto index = whole(std::string_view(*text).substr(0, slash));
  const auto count = whole(std::string_view(*text).substr(slash + 1));
  if (!index || !count || *count < 1 || *count > kMaxShards || *index >= *count) problem();
  return Shard{*index, *count};
}

std::string read_token(const GivenSetting& setting, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) SettingReader::fail(setting, fmt::format("cannot read the token file '{}'", path.string()));
  std::ostringstream content;
  content << in.rdbuf();
  std::string token = content.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ' || token.back() == '\t')) {
    token.pop_back();
  }
  const bool printable = std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c < 127; });
  if (!printable || token.size() < kMinTokenLength || token.size() > kMaxTokenLength) {
    SettingReader::fail(setting, fmt::format("the token file '{}' must hold one token of {} to {} printable characters "
                                             "without spaces (such as the output of 'openssl rand -hex 32')",
                                             path.string(), kMinTokenLength, kMaxTokenLength));
  }
  return token;
}

}  // namespace

const std::vector<std::string>& serve_config_keys() {
  static const std::vector<std::string> keys = {
      "metrics", "heartbeat", "pools", "state", "listen", "refresh", "horizon", "token_file", "grpc_listen",
      "shard", "history", "level", "refit", "seed", "gitea_field", "inference_field", "heavy_share",
      "heavy_ratio", "fail_min_requests", "fail_rate", "prometheus", "query", "step", "combine", "bearer_token_file",
      "basic_auth_user", "basic_auth_password_file", "timeout", "breaker_window", "breaker_minimum_calls",
      "breaker_failure_rate", "breaker_wait", "breaker_half_open_calls"};
  return keys;
}

bool is_list_key(const std::string& key) { return key == "metrics" || key == "heartbeat"; }

GivenSettings read_serve_config(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot read the config file", path.string()));
  std::ostringstream content;
  content << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(content.str());
  } catch (const YAML::ParserException& error) {
    throw InputError(fmt::format("{}: not valid YAML: {}", at_line(path, error.mark), error.msg));
  }
  if (root.IsNull()) return {};
  if (!root.IsMap()) throw InputError(fmt::format("{}: expected a map of settings such as 'listen: 127.0.0.1:9464'", at_line(path, root.Mark())));

  const std::filesystem::path folder = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  const auto& keys = serve_config_keys();
  GivenSettings settings;
  for (const auto& entry : root) {
    const std::string where = at_line(path, entry.first.Mark());
    if (!entry.first.IsScalar()) throw InputError(fmt::format("{}: expected a setting name", where));
    const auto key = entry.first.as<std::string>();
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      const auto nearest = nearest_name(key, keys);
      throw InputError(nearest ? fmt::format("{}: unknown key '{}'; did you mean '{}'?", where, key, *nearest)
                               : fmt::format("{}: unknown key '{}'; the keys are {}", where, key, fmt::join(keys, ", ")));
    }
    GivenSetting setting{{}, fmt::format("{}: {}", at_line(path, entry.second.Mark()), key)};
    if (is_list_key(key) && entry.second.IsSequence()) {
      for (const auto& item : entry.second) setting.values.push_back(scalar_text(item, path, key));
    } else {
      setting.values.push_back(scalar_text(entry.second, path, key));
    }
    if (std::find(kPathKeys.begin(), kPathKeys.end(), key) != kPathKeys.end()) {
      for (auto& value : setting.values) {
        if (!value.empty()) value = resolve_against(folder, value).string();
      }
    }
    settings[key] = std::move(setting);
  }
  return settings;
}

void overlay(GivenSettings& base, const GivenSettings& overrides) {
  for (const auto& [key, setting] : overrides) base[key] = setting;
}

std::optional<ListenAddress> parse_listen_address(const std::string& text) {
  std::string host;
  std::string port_text;
  if (text.starts_with("[")) {
    const auto close = text.find("]:");
    if (close == std::string::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string::npos) return std::nullopt;  // IPv6 needs brackets
  }
  const bool host_ok = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '_';
  });
  unsigned port = 0;
  const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (!host_ok || port_text.empty() || port_text.find_first_not_of("0123456789") != std::string::npos ||
      error != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
    return std::nullopt;
  }
  return ListenAddress{host, static_cast<std::uint16_t>(port)};
}

ServeSettings resolve_serve_settings(const GivenSettings& given) {
  const SettingReader reader(given);
  ServeSettings settings;

  settings.follow.metric_paths = reader.paths("metrics");
  settings.metrics_given = !settings.follow.metric_paths.empty();
  if (settings.follow.metric_paths.empty()) settings.follow.metric_paths = {"metrics"};
  settings.follow.heartbeat_paths = reader.paths("heartbeat");
  if (!reader.find("heartbeat") && std::filesystem::is_directory("heartbeat")) settings.follow.heartbeat_paths = {"heartbeat"};
  if (const auto field = reader.text("gitea_field")) settings.follow.heartbeat_fields.gitea = *field;
  if (const auto field = reader.text("inference_field")) settings.follow.heartbeat_fields.inference = *field;
  settings.follow.history = events::kDefaultHistory;
  const DurationBounds history_bounds{static_cast<double>(events::kMinHistory / kMicrosPerSecond),
                                      static_cast<double>(events::kMaxHistory / kMicrosPerSecond)};
  if (const auto seconds = reader.duration_seconds("history", history_bounds)) {
    settings.follow.history = std::llround(*seconds) * kMicrosPerSecond;
  }

  if (const auto seconds = reader.duration_seconds("horizon", kReportHorizonBounds)) settings.refresh.horizon_hours = *seconds / 3600;
  if (const auto pools = reader.paths("pools"); !pools.empty()) {
    if (pools.size() != 1) SettingReader::fail(*reader.find("pools"), "expected one pools file");
    settings.refresh.pools_file = pools.front();
  }
  if (const auto level = reader.number("level", kLevelBounds.first, kLevelBounds.second)) settings.refresh.level = *level;
  if (const auto seconds = reader.duration_seconds("refit", kRefitBounds)) {
    settings.refresh.refit_every = std::llround(*seconds * kMicrosPerSecond);
  }
  settings.refresh.shard = parse_shard(reader);
  if (const auto seed = reader.whole_number("seed", 0, std::numeric_limits<std::uint64_t>::max())) settings.refresh.seed = *seed;
  auto& thresholds = settings.refresh.thresholds;
  if (const auto value = reader.number("heavy_share", 0, 1)) thresholds.heavy_share = *value;
  if (const auto value = reader.number("heavy_ratio", 0.01, 1000)) thresholds.heavy_ratio = *value;
  if (const auto value = reader.whole_number("fail_min_requests", 0, 1'000'000'000)) thresholds.fail_min_requests = *value;
  if (const auto value = reader.number("fail_rate", 0, 1)) thresholds.fail_rate = *value;

  if (const auto state = reader.text("state")) settings.state_path = *state;
  if (const auto listen = reader.address("listen")) settings.listen = *listen;
  settings.grpc_listen = reader.address("grpc_listen");
  if (const auto seconds = reader.duration_seconds("refresh", kRefreshBounds)) {
    settings.refresh_every = std::llround(*seconds * kMicrosPerSecond);
  }
  if (const auto token_file = reader.text("token_file")) settings.token = read_token(*reader.find("token_file"), *token_file);

  PrometheusDefaults& prometheus = settings.prometheus;
  for (auto [key, field] : {std::pair{"prometheus", &PrometheusDefaults::url}, {"query", &PrometheusDefaults::query},
                            {"step", &PrometheusDefaults::step}, {"combine", &PrometheusDefaults::combine},
                            {"bearer_token_file", &PrometheusDefaults::bearer_token_file},
                            {"basic_auth_user", &PrometheusDefaults::basic_auth_user},
                            {"basic_auth_password_file", &PrometheusDefaults::basic_auth_password_file},
                            {"timeout", &PrometheusDefaults::timeout}}) {
    if (const auto value = reader.text(key)) prometheus.*field = *value;
  }
  reader.duration_seconds("step", kStepBounds);
  reader.duration_seconds("timeout", kSourceTimeoutBounds);
  resilience::BreakerConfig& breaker = settings.source_breaker;
  if (const auto calls = reader.whole_number("breaker_window", 1, 1000)) breaker.window_size = *calls;
  if (const auto calls = reader.whole_number("breaker_minimum_calls", 1, 1000)) breaker.minimum_calls = *calls;
  if (const auto rate = reader.number("breaker_failure_rate", 0.01, 1)) breaker.failure_rate_threshold = *rate;
  if (const auto seconds = reader.duration_seconds("breaker_wait", kBreakerWaitBounds)) {
    breaker.wait_in_open_us = std::llround(*seconds * kMicrosPerSecond);
  }
  if (const auto calls = reader.whole_number("breaker_half_open_calls", 1, 1000)) breaker.half_open_calls = *calls;
  return settings;
}

}  // namespace fleetcast::service
