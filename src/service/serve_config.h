#pragma once
// `fleetcast serve`'s settings: a YAML config file and flags with the same names (a flag wins), checked
// once after merging so the file and the flags obey the same bounds and give the same style of error,
// naming where the value came from ("serve.yaml:4: horizon" or "--horizon").
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "resilience/circuit_breaker.h"
#include "service/live_telemetry.h"
#include "service/refresher.h"

namespace fleetcast::service {

// Every key of the config file; the flag of key `a_b` is `--a-b`.
const std::vector<std::string>& serve_config_keys();
// Keys that take a list (one value is allowed too); every other key takes one value.
bool is_list_key(const std::string& key);

// One setting as given, before any checking.
struct GivenSetting {
  std::vector<std::string> values;
  std::string origin;  // "--horizon" or "serve.yaml:4: horizon", the start of every error about it
};
using GivenSettings = std::map<std::string, GivenSetting>;  // by key

// Reads a config file: a YAML map of the keys above. Relative paths (metrics, heartbeat, pools, state,
// token_file) resolve against the file's folder. Throws InputError naming the file and line for YAML that
// does not parse, an unknown key (with the nearest known one), or a list or map where one value belongs.
GivenSettings read_serve_config(const std::filesystem::path& path);

// The settings of `overrides` replace those of `base`.
void overlay(GivenSettings& base, const GivenSettings& overrides);

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;  // 0: any free port
};
// "127.0.0.1:9464", "[::1]:9464", "0.0.0.0:0"; nullopt when malformed.
std::optional<ListenAddress> parse_listen_address(const std::string& text);

// The serve settings named as `forecast --prometheus`'s flags: each is the default of the same field in
// the pools file's `demand: {prometheus: {...}}` blocks (`prometheus` of `url`), for a block that leaves
// it out. Checked here, kept as text for sources::prometheus::resolve_settings; paths resolve as the
// other paths of the config file.
struct PrometheusDefaults {
  std::string url, query, step, combine, bearer_token_file, basic_auth_user, basic_auth_password_file, timeout;
};

struct ServeSettings {
  FollowOptions follow;
  bool metrics_given = false;  // without it, `metrics` is followed unless every pool reads Prometheus
  RefreshOptions refresh;
  std::filesystem::path state_path = "fleetcast-state.db";
  ListenAddress listen{"127.0.0.1", 9464};
  std::optional<ListenAddress> grpc_listen;
  std::string token;  // from token_file; empty: no authentication
  TimestampUs refresh_every = 60 * kMicrosPerSecond;
  PrometheusDefaults prometheus;
  resilience::BreakerConfig source_breaker = default_source_breaker();  // one per Prometheus URL
};

// Checks every setting and fills the defaults: metrics "metrics", heartbeat "heartbeat" when that folder
// exists, the report's thresholds and fields, history 8w, horizon 6h, refresh 60s, refit 1h, level 0.9,
// shard 0/1, seed 42; the Prometheus breaker's (breaker_*) from default_source_breaker(). Reads the token file (it must hold one non-empty line). Throws InputError naming
// the setting's origin and its bounds.
ServeSettings resolve_serve_settings(const GivenSettings& given);

}  // namespace fleetcast::service
