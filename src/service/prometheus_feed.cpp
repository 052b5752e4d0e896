#include "service/prometheus_feed.h"

#include <fmt/core.h>

#include <chrono>
#include <exception>

#include "common/errors.h"
#include "series/regularize.h"

namespace fleetcast::service {
namespace {

constexpr TimestampUs kHour = 3600LL * kMicrosPerSecond;

TimestampUs hour_floor(TimestampUs t) { return t - ((t % kHour) + kHour) % kHour; }

}  // namespace

// Named, not anonymous: PrometheusFeed::State, which has external linkage, holds them (GCC's
// -Wsubobject-linkage in unity builds).
namespace prometheus_feed_state {

struct PoolFeed {
  PrometheusPoolQuery query;
  std::map<TimestampUs, double> samples;  // step start -> demand in that step
  PrometheusPoolDemand demand;
  bool answered = false;                  // the server has answered one of its queries
  bool bad_step = false;                  // never fetched
  std::optional<std::string> first_refusal;
};

struct SourceFeed {
  explicit SourceFeed(resilience::CircuitBreaker source_breaker) : breaker(std::move(source_breaker)) {}
  resilience::CircuitBreaker breaker;
  bool up = false;
  bool tried = false;
  TimestampUs down_since = 0;
  std::string last_failure;
};

}  // namespace prometheus_feed_state

using prometheus_feed_state::PoolFeed;
using prometheus_feed_state::SourceFeed;

namespace {

// The samples on the query's step as `forecast --prometheus` reads them, then whole hours of steps summed;
// a first hour that starts mid-way (the window's edge) is left out, so every hour but the newest (still
// filling, as with telemetry) holds all its steps.
series::TimeSeries hourly_sums(const std::map<TimestampUs, double>& samples, std::int64_t step_seconds) {
  std::vector<TimestampUs> times;
  std::vector<double> values;
  for (const auto& [at, value] : samples) {
    times.push_back(at);
    values.push_back(value);
  }
  const series::TimeSeries steps = series::regularize(times, values, step_seconds).series;
  std::map<TimestampUs, double> hours;
  for (std::size_t i = 0; i < steps.size(); ++i) hours[hour_floor(steps.time_at(i))] += steps.values[i];
  if (hours.size() > 1 && steps.start != hours.begin()->first) hours.erase(hours.begin());
  series::TimeSeries series{hours.begin()->first, 3600, {}, true};
  for (const auto& [hour, value] : hours) series.values.push_back(value);
  return series;
}

}  // namespace

resilience::BreakerConfig default_source_breaker() {
  resilience::BreakerConfig config;
  config.window_type = resilience::WindowType::count_based;
  config.window_size = 10;
  config.minimum_calls = 3;
  config.failure_rate_threshold = 0.5;
  config.slow_call_rate_threshold = 1.0;
  config.slow_call_duration_us = 60 * kMicrosPerSecond;
  config.wait_in_open_us = 30 * kMicrosPerSecond;
  config.half_open_calls = 2;
  return config;
}

struct PrometheusFeed::State {
  TimestampUs history;
  PrometheusRangeFetch fetch;
  std::function<void(const std::string&)> log;
  std::vector<PoolFeed> pools;
  std::map<std::string, SourceFeed> sources;
  std::map<std::string, PrometheusPoolDemand> demands;

  void update_pool(PoolFeed& pool, SourceFeed& source, TimestampUs now);
  void mark_stale(PoolFeed& pool, TimestampUs now, const std::string& reason);
  void source_down(const std::string& name, SourceFeed& source, TimestampUs now, const std::string& reason);
  void source_up(const std::string& name, SourceFeed& source);
};

void PrometheusFeed::State::mark_stale(PoolFeed& pool, TimestampUs now, const std::string& reason) {
  if (!pool.demand.stale) pool.demand.stale_since = now;
  pool.demand.stale = true;
  pool.demand.stale_reason = reason;
}

void PrometheusFeed::State::source_down(const std::string& name, SourceFeed& source, TimestampUs now, const std::string& reason) {
  if (source.up || !source.tried) {
    source.down_since = now;
    log(fmt::format("prometheus source {} is down: {}; its pools keep their last forecast and plan, marked stale", name, reason));
  }
  source.up = false;
  source.tried = true;
}

void PrometheusFeed::State::source_up(const std::string& name, SourceFeed& source) {
  if (!source.up && source.tried) log(fmt::format("prometheus source {} is up again (down since {})", name, format_iso8601(source.down_since)));
  source.up = true;
  source.tried = true;
}

void PrometheusFeed::State::update_pool(PoolFeed& pool, SourceFeed& source, TimestampUs now) {
  const std::string& name = pool.query.source;
  pool.demand.changed = false;
  if (!source.breaker.try_acquire(now)) {
    mark_stale(pool, now,
               fmt::format("the circuit breaker of {} is open after failed fetches (the last: {}); no request was made", name,
                           source.last_failure));
    return;
  }
  // Again from the newest step held: it may have been fetched while still filling.
  const TimestampUs start = pool.samples.empty() ? hour_floor(now - history) : pool.samples.rbegin()->first;
  const auto started = std::chrono::steady_clock::now();
  const auto took = [&] {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  };
  std::vector<sources::CsvPoint> fetched;
  try {
    fetched = fetch(pool.query, start, now);
  } catch (const InputError& error) {
    // The server answered: the source is up, the query is what is wrong.
    source.breaker.on_result(now, true, took());
    source_up(name, source);
    if (!pool.answered) {
      pool.first_refusal = fmt::format("pool '{}': {}", pool.query.pool, error.what());
      pool.demand.error = error.what();
    } else {
      mark_stale(pool, now, error.what());
    }
    pool.answered = true;
    return;
  } catch (const std::exception& error) {
    source.breaker.on_result(now, false, took());
    source.last_failure = error.what();
    source_down(name, source, now, error.what());
    mark_stale(pool, now, error.what());
    return;
  }
  source.breaker.on_result(now, true, took());
  source_up(name, source);
  pool.answered = true;
  pool.demand.stale = false;
  pool.demand.stale_since = 0;
  pool.demand.stale_reason.clear();
  pool.demand.error.clear();
  for (const auto& point : fetched) {
    const auto [slot, inserted] = pool.samples.try_emplace(point.timestamp, point.value);
    if (inserted || slot->second != point.value) pool.demand.changed = true;
    slot->second = point.value;
  }
  const auto kept_from = pool.samples.lower_bound(hour_floor(now - history));
  if (kept_from != pool.samples.begin()) {
    pool.samples.erase(pool.samples.begin(), kept_from);
    pool.demand.changed = true;
  }
  if (!pool.demand.changed && pool.demand.hourly) return;
  pool.demand.hourly.reset();
  if (pool.samples.empty()) return;
  pool.demand.latest = pool.samples.rbegin()->first;
  try {
    pool.demand.hourly = hourly_sums(pool.samples, pool.query.step_seconds);
  } catch (const InputError& error) {  // too few samples to make a series of
    pool.demand.error = error.what();
  }
}

PrometheusFeed::PrometheusFeed(std::vector<PrometheusPoolQuery> queries, TimestampUs history, resilience::BreakerConfig breaker,
                               PrometheusRangeFetch fetch, std::function<void(const std::string&)> log)
    : state_(std::make_unique<State>(State{history, std::move(fetch), std::move(log), {}, {}, {}})) {
  State& state = *state_;
  for (auto& query : queries) {
    PoolFeed& pool = state.pools.emplace_back();
    pool.query = std::move(query);
    if (pool.query.step_seconds <= 0 || 3600 % pool.query.step_seconds != 0) {
      pool.bad_step = true;
      pool.demand.error = fmt::format("serve plans hour by hour: the Prometheus step must divide 1h, got {} s", pool.query.step_seconds);
      pool.first_refusal = fmt::format("pool '{}': {}", pool.query.pool, pool.demand.error);
    }
    if (state.sources.count(pool.query.source)) continue;
    auto& source = state.sources.emplace(pool.query.source, SourceFeed{resilience::CircuitBreaker(breaker)}).first->second;
    source.breaker.on_transition = [log = state.log, name = pool.query.source](resilience::BreakerState from, resilience::BreakerState to,
                                                                              TimestampUs at) {
      log(fmt::format("prometheus source {}: circuit breaker {} -> {} at {}", name, resilience::to_string(from), resilience::to_string(to),
                      format_iso8601(at)));
    };
  }
}

PrometheusFeed::~PrometheusFeed() = default;

void PrometheusFeed::update(TimestampUs now) {
  State& state = *state_;
  for (auto& pool : state.pools) {
    if (!pool.bad_step) state.update_pool(pool, state.sources.at(pool.query.source), now);
    state.demands[pool.query.pool] = pool.demand;
  }
}

const std::map<std::string, PrometheusPoolDemand>& PrometheusFeed::pools() const { return state_->demands; }

std::vector<PrometheusSourceHealth> PrometheusFeed::sources() const {
  std::vector<PrometheusSourceHealth> health;
  for (const auto& [name, source] : state_->sources) {
    // A good trial fetch can still leave the breaker open (the trials' failure rate): no fetch is made then.
    const resilience::BreakerState breaker = source.breaker.state();
    health.push_back({name, source.up && breaker != resilience::BreakerState::open, breaker});
  }
  return health;
}

std::optional<std::string> PrometheusFeed::first_refusal() const {
  for (const auto& pool : state_->pools) {
    if (pool.first_refusal) return pool.first_refusal;
  }
  return std::nullopt;
}

}  // namespace fleetcast::service
