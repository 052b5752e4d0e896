#pragma once
// Which pools serve feeds from Prometheus, and how. A pool with `demand: {prometheus: {url, query, ...}}` in
// the pools file reads it (the pools file requires url and query), the fields its block leaves out taken
// from serve's settings of the same names (`prometheus` for url, `query`, `step`, `combine`, `bearer_token_file`, `basic_auth_user`,
// `basic_auth_password_file`, `timeout`, as `forecast --prometheus` names them). When no pool has such a
// block, serve's `query` is the demand of the pools file's pool: a pool says what one replica serves, so
// the query needs a pools file, and one query is one pool's demand, so that file must hold one pool. The
// block's since and until do not apply: serve reads its history window. The fetch is
// sources::prometheus::fetch_range over the range PrometheusFeed asks for.
#include <string>
#include <vector>

#include "decisions/planning/pools.h"
#include "service/prometheus_feed.h"
#include "service/serve_config.h"

namespace fleetcast::service {

struct PrometheusPools {
  std::vector<PrometheusPoolQuery> queries;  // one per Prometheus pool, in the pools' order
  PrometheusRangeFetch fetch;
};

// The step is the block's, else serve's `step`, else 1h. Throws InputError naming the pool for a source
// that does not resolve (no URL, no query, a bad step or timeout, an unreadable secret file), and for
// serve's query without a pools file of one pool.
PrometheusPools prometheus_pools_of(const std::vector<decisions::Pool>& pools, const PrometheusDefaults& settings, TimestampUs now);

// The URL without the user and password it may hold: the breaker's key and the `source` label.
std::string source_label(const std::string& url);

}  // namespace fleetcast::service
