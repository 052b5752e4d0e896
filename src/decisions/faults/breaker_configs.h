#pragma once
// The breaker configurations `fleetcast breaker` compares, and a user's, in resilience4j's property names.
#include <filesystem>
#include <string>

#include "resilience/circuit_breaker.h"

namespace fleetcast::decisions::faults {

// The seed's rule: open after 5 failures in a row (a count window of 5 that must be all failures), wait
// 60 s, then 3 trial calls that must all succeed to close (any failure among them opens again). It has
// no slow-call rule.
resilience::BreakerConfig seed_breaker_config();

// A YAML mapping of resilience4j CircuitBreaker properties, as under
// resilience4j.circuitbreaker.instances.NAME in Spring Boot (camelCase; rates in percent, as there):
// slidingWindowType (COUNT_BASED | TIME_BASED), slidingWindowSize, minimumNumberOfCalls,
// failureRateThreshold, slowCallRateThreshold, slowCallDurationThreshold, waitDurationInOpenState,
// permittedNumberOfCallsInHalfOpenState; and fleetcast's own halfOpenFailureRateThreshold (percent) and
// adaptiveFailureRateThreshold {k, floor (percent), halfLifeSamples, warmupSamples}. Durations: a number
// of milliseconds (Spring's default unit) or a number with ms, s, m, h or d. Keys left out keep
// resilience4j's defaults. Throws InputError naming the file, the line and the key that is unknown or
// whose value is wrong.
resilience::BreakerConfig load_breaker_config(const std::filesystem::path& file);

// The same properties as YAML that load_breaker_config reads back to the same configuration.
std::string breaker_config_yaml(const resilience::BreakerConfig& config);

// One line for tables: "count 5 / min 5 / fail 100% / wait 60s / half-open 3 (fail 34%)" and so on.
std::string describe_breaker_config(const resilience::BreakerConfig& config);

}  // namespace fleetcast::decisions::faults
