#pragma once
// serve's demand from Prometheus: per pool, the query's samples over the history window, fetched whole at
// start and then only the steps since the last fetch (the last one again, which may have been partial),
// each fetch through the circuit breaker of its URL. While a fetch fails or the breaker is open, the pools
// it feeds keep their last series and are stale (since when, why) until a fetch succeeds again.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "resilience/circuit_breaker.h"
#include "series/time_series.h"
#include "sources/csv_series.h"

namespace fleetcast::service {

// One pool's demand query. The fetcher knows how to run it (query, auth, timeout); the feed needs only
// where it goes and its step.
struct PrometheusPoolQuery {
  std::string pool;
  std::string source;         // the URL without credentials: the breaker's key and the `source` label
  std::int64_t step_seconds;  // the query's step; it must divide an hour (serve plans hour by hour)
};

// Runs the pool's query over [start, end] (start a whole multiple of the step): the demand per step (a
// count), one point per step that has a value, in time order. Throws RuntimeFailure when the source cannot
// be reached or fails (a breaker failure), InputError when the server refuses the query or it matched
// nothing (the source is up).
using PrometheusRangeFetch =
    std::function<std::vector<sources::CsvPoint>(const PrometheusPoolQuery& query, TimestampUs start, TimestampUs end)>;

// serve's breaker for each Prometheus URL: a short count window, so a source that is down opens it after
// a few refreshes, and a short wait, so a source that is back is noticed within a minute.
resilience::BreakerConfig default_source_breaker();

// A pool's demand as the feed holds it after an update.
struct PrometheusPoolDemand {
  // Demand per hour: the samples held put on the query's step as a CSV's points are (gaps filled, a long
  // gap ends the series' usable stretch), summed per hour; nullopt before the first good fetch.
  std::optional<series::TimeSeries> hourly;
  TimestampUs latest = 0;                    // the newest sample's step start
  bool changed = false;                      // new samples in this update
  bool stale = false;                        // this update's fetch failed or was not tried (breaker open)
  TimestampUs stale_since = 0;               // when the first fetch in a row failed or was refused
  std::string stale_reason;
  std::string error;                         // the server refused the query: the pool cannot be planned
};

// Each Prometheus source (URL), for /metrics.
struct PrometheusSourceHealth {
  std::string source;
  bool up = false;  // the last fetch through its breaker succeeded and the breaker is not open
  resilience::BreakerState breaker = resilience::BreakerState::closed;
};

class PrometheusFeed {
 public:
  // `log` receives one line per breaker transition and per source going down or coming back.
  PrometheusFeed(std::vector<PrometheusPoolQuery> queries, TimestampUs history, resilience::BreakerConfig breaker,
                 PrometheusRangeFetch fetch, std::function<void(const std::string&)> log);
  ~PrometheusFeed();
  PrometheusFeed(const PrometheusFeed&) = delete;
  PrometheusFeed& operator=(const PrometheusFeed&) = delete;

  // Fetches what is new for every pool whose breaker lets the call through. `now` is the wall clock:
  // the end of each range and the breaker's time.
  void update(TimestampUs now);
  const std::map<std::string, PrometheusPoolDemand>& pools() const;  // by pool name
  std::vector<PrometheusSourceHealth> sources() const;               // by source
  // A pool's query refused by the server on its first fetch (a PromQL error, no series): at start this
  // is bad input rather than a source to wait for.
  std::optional<std::string> first_refusal() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace fleetcast::service
