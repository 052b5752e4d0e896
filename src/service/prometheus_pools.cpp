#include "service/prometheus_pools.h"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <memory>

#include "common/errors.h"
#include "sources/prometheus/query_range.h"
#include "sources/prometheus/settings.h"

namespace fleetcast::service {
namespace {

constexpr std::int64_t kDefaultStepSeconds = 3600;

// A field the pool's block leaves out takes serve's setting of the same name.
sources::prometheus::Settings with_defaults(sources::prometheus::Settings source, const PrometheusDefaults& settings) {
  for (auto [field, fallback] : {std::pair{&source.url, &settings.url}, {&source.query, &settings.query}, {&source.step, &settings.step},
                                 {&source.combine, &settings.combine}, {&source.bearer_token_file, &settings.bearer_token_file},
                                 {&source.basic_auth_user, &settings.basic_auth_user},
                                 {&source.basic_auth_password_file, &settings.basic_auth_password_file},
                                 {&source.timeout, &settings.timeout}}) {
    if (field->empty()) *field = *fallback;
  }
  // serve reads its history window, whatever the block says.
  source.since.clear();
  source.until.clear();
  return source;
}

}  // namespace

std::string source_label(const std::string& url) {
  const auto scheme = url.find("://");
  const std::size_t authority = scheme == std::string::npos ? 0 : scheme + 3;
  const auto at = url.find('@', authority);
  const auto path = url.find('/', authority);
  if (at == std::string::npos || (path != std::string::npos && at > path)) return url;
  return url.substr(0, authority) + url.substr(at + 1);
}

PrometheusPools prometheus_pools_of(const std::vector<decisions::Pool>& pools, const PrometheusDefaults& settings, TimestampUs now) {
  auto queries = std::make_shared<std::map<std::string, sources::prometheus::RangeQuery>>();
  PrometheusPools result;
  const auto add = [&](const decisions::Pool& pool, const sources::prometheus::Settings& block) {
    sources::prometheus::RangeQuery query;
    try {
      query = sources::prometheus::resolve_settings(with_defaults(block, settings), now, kDefaultStepSeconds);
    } catch (const InputError& error) {
      throw InputError(fmt::format("pool '{}': {}", pool.name, error.what()));
    }
    result.queries.push_back({pool.name, source_label(query.url), query.step_seconds});
    queries->emplace(pool.name, std::move(query));
  };
  const bool blocks = std::any_of(pools.begin(), pools.end(), [](const decisions::Pool& pool) { return pool.demand == "prometheus"; });
  if (blocks) {
    for (const auto& pool : pools) {
      if (pool.demand == "prometheus") add(pool, pool.demand_prometheus);
    }
  } else if (!settings.query.empty()) {
    if (pools.size() != 1) {
      std::vector<std::string> names;
      for (const auto& pool : pools) names.push_back(pool.name);
      throw InputError(pools.empty() ? "--query: the demand is a pool's: give --pools FILE with the pool (capacity per replica, limits)"
                                     : fmt::format("--query: one query is one pool's demand, and this pools file has {} pools ({}); "
                                                   "give each pool its own demand: {{prometheus: {{query: ...}}}}",
                                                   pools.size(), fmt::join(names, ", ")));
    }
    add(pools.front(), {});
  }
  result.fetch = [queries](const PrometheusPoolQuery& pool, TimestampUs start, TimestampUs end) {
    sources::prometheus::RangeQuery query = queries->at(pool.pool);
    query.start = start;
    query.end = end;
    return sources::prometheus::fetch_range(query).points;
  };
  return result;
}

}  // namespace fleetcast::service
