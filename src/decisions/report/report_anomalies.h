#pragma once
// The anomalies `report` names: the anomaly detectors (models/anomaly) run over complete hours of the
// fleet's and each recently active caller's requests and failures, and the windows that reach into the
// report's recent window are kept.
#include <cstdint>
#include <vector>

#include "decisions/report/demand_report.h"
#include "events/metric_store.h"
#include "events/windows.h"

namespace fleetcast::decisions {

// Anomaly windows of the hourly requests and failures series (failures scored as a failure series: an
// upward anomaly is a failure burst) of the whole fleet and of each caller with requests in `recent`,
// that overlap `recent`; highest score first (then oldest first, the fleet before callers). The hour
// holding the latest event is still filling up and is left out. A failure burst whose peak hour holds
// fewer than `min_burst_failures` failures is left out: on a caller that rarely fails, one failure scores as
// a burst but is no incident. A caller's window scoring 0.5 or more but below the threshold is kept where
// it overlaps a kept fleet window of the same kind and series: it names the callers that carry a fleet
// incident. `seed` drives the isolation forest.
std::vector<ReportAnomaly> recent_anomalies(const events::MetricStore& store, const events::WindowTotals& recent,
                                            std::uint64_t min_burst_failures, std::uint64_t seed);

}  // namespace fleetcast::decisions
