#include "series/failure_rate.h"

#include "common/errors.h"

namespace fleetcast::series {

std::vector<NamedSeries> load_failure_rate_series(const SeriesRequest& request, const WarningSink& warn) {
  if (request.metrics.empty()) {
    throw InputError("--series failure_rate works only with --metrics: it is the failures over the requests of the "
                     "metric logs");
  }
  SeriesRequest failures_request = request;
  failures_request.measure = "failures";
  SeriesRequest requests_request = request;
  requests_request.measure = "requests";
  std::vector<NamedSeries> rates = load_series(failures_request, warn);
  // The second read's warnings repeat the first's.
  const std::vector<NamedSeries> requests = load_series(requests_request, [](const std::string&) {});
  for (std::size_t i = 0; i < rates.size(); ++i) {
    // Both come from the same events, so the callers and the steps are the same.
    TimeSeries& rate = rates[i].series;
    const std::vector<double>& totals = requests[i].series.values;
    for (std::size_t t = 0; t < rate.size(); ++t) rate.values[t] = totals[t] > 0 ? rate.values[t] / totals[t] : 0;
    rate.counts = false;
    if (request.by.empty()) {
      rates[i].name = request.caller.empty() ? "failure_rate" : "failure_rate of " + request.caller;
    }
  }
  return rates;
}

}  // namespace fleetcast::series
