#include "service/prometheus_pools.h"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <memory>

#include "common/errors.h"
#include "sources/prometheus/query_range.h"
#include "sources/prometheus/settings.h"

namespace fleetcast::service {
namespace {

constexpr std::int64_t kDefaultStepSeconds = 3600;

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
  PrometheusPools result;
  if (settings.query.empty()) {
    if (!settings.url.empty()) throw InputError("--prometheus: serve reads Prometheus for the pool of --query 'PROMQL'; give it");
    return result;
  }
  if (pools.size() != 1) {
    std::vector<std::string> names;
    for (const auto& pool : pools) names.push_back(pool.name);
    throw InputError(pools.empty() ? "--query: the demand is a pool's: give --pools FILE with the pool (capacity per replica, limits)"
                                   : fmt::format("--query: one query is one pool's demand, and this pools file has {} pools ({}); "
                                                 "give serve a file with the one pool it feeds",
                                                 pools.size(), fmt::join(names, ", ")));
  }
  sources::prometheus::Settings source;
  source.url = settings.url;
  source.query = settings.query;
  source.step = settings.step;
  source.combine = settings.combine;
  source.bearer_token_file = settings.bearer_token_file;
  source.basic_auth_user = settings.basic_auth_user;
  source.basic_auth_password_file = settings.basic_auth_password_file;
  source.timeout = settings.timeout;
  auto query = std::make_shared<const sources::prometheus::RangeQuery>(sources::prometheus::resolve_settings(source, now, kDefaultStepSeconds));
  result.queries.push_back({pools.front().name, source_label(query->url), query->step_seconds});
  result.fetch = [query](const PrometheusPoolQuery&, TimestampUs start, TimestampUs end) {
    sources::prometheus::RangeQuery range = *query;
    range.start = start;
    range.end = end;
    return sources::prometheus::fetch_range(range).points;
  };
  return result;
}

}  // namespace fleetcast::service
