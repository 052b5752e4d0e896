// The refresh from the live telemetry: its view of itself as loaded telemetry. Apart from the refresher
// so that code refreshing from logs loaded once links without the live telemetry.
#include "service/refresher.h"

namespace fleetcast::service {

std::shared_ptr<const ServiceSnapshot> Refresher::refresh(const LiveTelemetry& telemetry, const IngestPass& pass, TimestampUs now,
                                                          const PrometheusFeed* prometheus) {
  static const std::vector<sources::HeartbeatTick> kNoTicks;
  const auto* ticks = telemetry.ticks();
  const decisions::LoadedTelemetry loaded{
      telemetry.store(), [&telemetry](const std::vector<std::int64_t>& seconds) { return telemetry.exact_events(seconds); },
      ticks ? *ticks : kNoTicks, telemetry.metric_summary(), telemetry.heartbeat_summary()};
  return refresh(loaded, telemetry.lag_seconds(now), pass, now, prometheus);
}

}  // namespace fleetcast::service
