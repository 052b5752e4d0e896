#pragma once
// Which pools serve feeds from Prometheus, and how. serve's `prometheus` and `query` settings (with
// `step`, `combine`, `bearer_token_file`, `basic_auth_user`, `basic_auth_password_file`, `timeout`, named
// as `forecast --prometheus`'s flags) are the demand of the pools file's pool: a pool says what one
// replica serves, so the query needs a pools file, and one query is one pool's demand, so that file must
// hold one pool. The fetch is sources::prometheus::fetch_range over the range PrometheusFeed asks for.
#include <string>
#include <vector>

#include "decisions/pools.h"
#include "service/prometheus_feed.h"
#include "service/serve_config.h"

namespace fleetcast::service {

struct PrometheusPools {
  std::vector<PrometheusPoolQuery> queries;  // one per Prometheus pool, in the pools' order
  PrometheusRangeFetch fetch;
};

// The step is `step`, else 1h. Throws InputError naming the setting for a source that does not resolve
// (no URL, a bad step or timeout, an unreadable secret file), a query without a pools file of one pool,
// or a URL without a query.
PrometheusPools prometheus_pools_of(const std::vector<decisions::Pool>& pools, const PrometheusDefaults& settings, TimestampUs now);

// The URL without the user and password it may hold: the breaker's key and the `source` label.
std::string source_label(const std::string& url);

}  // namespace fleetcast::service
