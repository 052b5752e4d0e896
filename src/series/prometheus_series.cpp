#include "series/prometheus_series.h"

#include <algorithm>

#include "common/clock.h"
#include "series/regularize.h"

namespace fleetcast::series {

TimeSeries prometheus_series(const sources::prometheus::Settings& settings, std::int64_t default_step_seconds,
                             const WarningSink& warn) {
  namespace prometheus = sources::prometheus;
  const prometheus::RangeQuery query = prometheus::resolve_settings(settings, current_time(), default_step_seconds);
  const prometheus::RangeSeries range = prometheus::fetch_range(query);
  send_warnings(warn, prometheus::range_warnings(range, settings.query));
  RegularizedSeries regular = regularize(range.points, query.step_seconds);
  send_warnings(warn, regularize_notes(regular, settings.query));
  regular.series.counts = std::all_of(range.points.begin(), range.points.end(),
                                      [](const sources::CsvPoint& point) { return point.value >= 0; });
  return std::move(regular.series);
}

}  // namespace fleetcast::series
