#include "service/serve_config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "common/errors.h"
#include "support/test_paths.h"

namespace fleetcast::service {
namespace {

using testing::TempDir;

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

GivenSettings flags(std::initializer_list<std::pair<std::string, std::string>> values) {
  GivenSettings settings;
  for (const auto& [key, value] : values) {
    std::string flag = "--" + key;
    std::replace(flag.begin(), flag.end(), '_', '-');
    settings[key] = GivenSetting{{value}, flag};
  }
  return settings;
}

TEST(ServeConfig, FileValuesResolveAgainstItsFolderAndFlagsWin) {
  TempDir dir;
  const std::string token(32, 'a');
  dir.write("conf/token", token + "\n");
  const auto path = dir.write("conf/serve.yaml",
                              "metrics: [logs/a, /var/log/b]\n"
                              "heartbeat: beats\n"
                              "pools: pools.yaml\n"
                              "state: state.db\n"
                              "listen: 0.0.0.0:8080\n"
                              "refresh: 30s\n"
                              "horizon: 2h\n"
                              "token_file: token\n"
                              "grpc_listen: '[::1]:9500'\n"
                              "shard: 1/3\n"
                              "level: 0.95\n"
                              "refit: 2h\n"
                              "seed: 7\n"
                              "heavy_share: 0.4\n"
                              "fail_min_requests: 9\n");
  GivenSettings given = read_serve_config(path);
  overlay(given, flags({{"horizon", "3h"}, {"seed", "8"}}));
  const ServeSettings settings = resolve_serve_settings(given);
  const auto folder = dir.path() / "conf";
  EXPECT_EQ(settings.follow.metric_paths, (std::vector<std::string>{(folder / "logs/a").string(), "/var/log/b"}));
  EXPECT_EQ(settings.follow.heartbeat_paths, (std::vector<std::string>{(folder / "beats").string()}));
  EXPECT_EQ(settings.refresh.pools_file, (folder / "pools.yaml").string());
  EXPECT_EQ(settings.state_path, folder / "state.db");
  EXPECT_EQ(settings.listen.host, "0.0.0.0");
  EXPECT_EQ(settings.listen.port, 8080);
  ASSERT_TRUE(settings.grpc_listen);
  EXPECT_EQ(settings.grpc_listen->host, "::1");
  EXPECT_EQ(settings.grpc_listen->port, 9500);
  EXPECT_EQ(settings.refresh_every, 30 * kMicrosPerSecond);
  EXPECT_DOUBLE_EQ(settings.refresh.horizon_hours, 3);
  EXPECT_EQ(settings.token, token);
  EXPECT_EQ(settings.refresh.shard.index, 1u);
  EXPECT_EQ(settings.refresh.shard.count, 3u);
  EXPECT_DOUBLE_EQ(settings.refresh.level, 0.95);
  EXPECT_EQ(settings.refresh.refit_every, 2 * 3600 * kMicrosPerSecond);
  EXPECT_EQ(settings.refresh.seed, 8u);
  EXPECT_DOUBLE_EQ(settings.refresh.thresholds.heavy_share, 0.4);
  EXPECT_EQ(settings.refresh.thresholds.fail_min_requests, 9u);
}

TEST(ServeConfig, DefaultsMatchTheIssue) {
  const ServeSettings settings = resolve_serve_settings({});
  EXPECT_EQ(settings.listen.host, "127.0.0.1");
  EXPECT_EQ(settings.listen.port, 9464);
  EXPECT_EQ(settings.refresh_every, 60 * kMicrosPerSecond);
  EXPECT_DOUBLE_EQ(settings.refresh.horizon_hours, 6);
  EXPECT_EQ(settings.refresh.refit_every, 3600 * kMicrosPerSecond);
  EXPECT_TRUE(settings.token.empty());
  EXPECT_FALSE(settings.grpc_listen);
  EXPECT_EQ(settings.refresh.shard.count, 1u);
  EXPECT_FALSE(settings.metrics_given);
  EXPECT_EQ(settings.source_breaker.window_size, 10u);
  EXPECT_EQ(settings.source_breaker.minimum_calls, 3u);
  EXPECT_EQ(settings.source_breaker.failure_rate_threshold, 0.5);
  EXPECT_EQ(settings.source_breaker.wait_in_open_us, 30 * kMicrosPerSecond);
  EXPECT_EQ(settings.source_breaker.half_open_calls, 2u);
  EXPECT_TRUE(settings.prometheus.url.empty());
}

TEST(ServeConfig, PrometheusDefaultsAndBreakerSettings) {
  TempDir dir;
  const auto path = dir.write("conf/serve.yaml",
                              "prometheus: http://prometheus:9090\n"
                              "query: sum(increase(http_requests_total[5m]))\n"
                              "step: 5m\n"
                              "bearer_token_file: prom-token\n"
                              "timeout: 10s\n"
                              "breaker_window: 20\n"
                              "breaker_minimum_calls: 5\n"
                              "breaker_failure_rate: 0.25\n"
                              "breaker_wait: 2m\n"
                              "breaker_half_open_calls: 3\n");
  const ServeSettings settings = resolve_serve_settings(read_serve_config(path));
  EXPECT_EQ(settings.prometheus.url, "http://prometheus:9090");
  EXPECT_EQ(settings.prometheus.query, "sum(increase(http_requests_total[5m]))");
  EXPECT_EQ(settings.prometheus.step, "5m");
  EXPECT_EQ(settings.prometheus.bearer_token_file, (dir.path() / "conf/prom-token").string());
  EXPECT_EQ(settings.prometheus.timeout, "10s");
  EXPECT_EQ(error_of([] { resolve_serve_settings(flags({{"step", "0s"}})); }).substr(0, 7), "--step:");
  EXPECT_EQ(settings.source_breaker.window_size, 20u);
  EXPECT_EQ(settings.source_breaker.minimum_calls, 5u);
  EXPECT_EQ(settings.source_breaker.failure_rate_threshold, 0.25);
  EXPECT_EQ(settings.source_breaker.wait_in_open_us, 120 * kMicrosPerSecond);
  EXPECT_EQ(settings.source_breaker.half_open_calls, 3u);
  EXPECT_EQ(error_of([] { resolve_serve_settings(flags({{"breaker_failure_rate", "0"}})); }),
            "--breaker-failure-rate: must be a number between 0.01 and 1, got '0'");
  EXPECT_EQ(error_of([] { resolve_serve_settings(flags({{"breaker_window", "0"}})); }),
            "--breaker-window: must be a whole number between 1 and 1000, got '0'");
}

TEST(ServeConfig, UnknownKeyNamesFileLineAndNearestKey) {
  TempDir dir;
  const auto path = dir.write("serve.yaml", "listen: 127.0.0.1:1\nhorizn: 6h\n");
  EXPECT_EQ(error_of([&] { read_serve_config(path); }),
            path.string() + ":2: unknown key 'horizn'; did you mean 'horizon'?");
}

TEST(ServeConfig, WrongTypeAndOutOfRangeNameFileAndLine) {
  TempDir dir;
  const auto listed = dir.write("a.yaml", "\nlisten: [a, b]\n");
  EXPECT_EQ(error_of([&] { read_serve_config(listed); }), listed.string() + ":2: listen: expected a single value");
  const auto far = dir.write("b.yaml", "level: 2\nhorizon: 1m\n");
  const GivenSettings given = read_serve_config(far);
  EXPECT_EQ(error_of([&] { resolve_serve_settings(given); }),
            far.string() + ":2: horizon: must be a duration between 5m and 365d (such as 90m, 6h or 2d; a bare number is "
                           "hours), got '1m'");
  const auto broken = dir.write("c.yaml", "listen: [unclosed\n");
  EXPECT_NE(error_of([&] { read_serve_config(broken); }).find(broken.string() + ":"), std::string::npos);
}

TEST(ServeConfig, FlagErrorsNameTheFlag) {
  EXPECT_EQ(error_of([] { resolve_serve_settings(flags({{"level", "0.2"}})); }),
            "--level: must be a number between 0.5 and 0.999, got '0.2'");
  EXPECT_EQ(error_of([] { resolve_serve_settings(flags({{"shard", "3/3"}})); }),
            "--shard: expected I/N with N from 1 to 1024 and I from 0 to N-1, such as 0/3, got '3/3'");
  EXPECT_EQ(error_of([] { resolve_serve_settings(flags({{"listen", "localhost"}})); }),
            "--listen: expected HOST:PORT such as 127.0.0.1:9464 or [::1]:0, got 'localhost'");
  EXPECT_EQ(error_of([] { resolve_serve_settings(flags({{"refresh", "0.1s"}})); }).substr(0, 52),
            "--refresh: must be a duration between 1s and 1d (suc");
  EXPECT_EQ(error_of([] { resolve_serve_settings(flags({{"fail_min_requests", "-1"}})); }),
            "--fail-min-requests: must be a whole number between 0 and 1000000000, got '-1'");
}

TEST(ServeConfig, TokenFileMustHoldOneLongToken) {
  TempDir dir;
  const auto short_token = dir.write("short", "abc\n");
  EXPECT_NE(error_of([&] { resolve_serve_settings(flags({{"token_file", short_token.string()}})); }).find("--token-file: the token file"),
            std::string::npos);
  const auto two_words = dir.write("words", "abcdefghijklmnop qrstuvwxyz\n");
  EXPECT_NE(error_of([&] { resolve_serve_settings(flags({{"token_file", two_words.string()}})); }).find("without spaces"),
            std::string::npos);
  EXPECT_NE(error_of([&] { resolve_serve_settings(flags({{"token_file", (dir.path() / "absent").string()}})); })
                .find("cannot read the token file"),
            std::string::npos);
}

TEST(ServeConfig, ListenAddressForms) {
  EXPECT_EQ(parse_listen_address("127.0.0.1:0")->port, 0);
  EXPECT_EQ(parse_listen_address("[::]:80")->host, "::");
  EXPECT_FALSE(parse_listen_address("::1:80"));
  EXPECT_FALSE(parse_listen_address("host:65536"));
  EXPECT_FALSE(parse_listen_address(":80"));
  EXPECT_FALSE(parse_listen_address("host:+80"));
}

}  // namespace
}  // namespace fleetcast::service
