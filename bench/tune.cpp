// `tune` at the command's defaults (population 64 x 100 generations, hybrid with ETS forecasts) on NAB
// traces: wall time including the forecast tapes, plus counters for the evaluations, the front and how
// many front points beat the default settings on every objective. Skips when ../shared/data is absent.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "decisions/scaling/tuning.h"
#include "series/regularize.h"
#include "sources/csv_series.h"

namespace {

using namespace fleetcast;

struct Trace {
  const char* file;
  double capacity_per_replica;  // per hour, so the trace needs a handful to a few dozen replicas
};

constexpr Trace kTraces[] = {
    {"realAWSCloudwatch/ec2_cpu_utilization_ac20cd.csv", 60},
    {"realTweets/Twitter_volume_AMZN.csv", 100},
};

void BM_TuneHybrid(benchmark::State& state) {
  const Trace& trace = kTraces[state.range(0)];
  const std::filesystem::path path = std::filesystem::path(FLEETCAST_SHARED_DATA_DIR) / "nab" / trace.file;
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("../shared/data/nab is absent");
    return;
  }
  const sources::CsvSeries csv = sources::read_csv_series(path.string());
  const series::TimeSeries demand = series::regularize(csv.points).series;
  decisions::Pool pool;
  pool.name = trace.file;
  pool.capacity_per_replica = trace.capacity_per_replica;
  pool.max_replicas = 60;
  pool.cost_per_replica_hour = 1;
  pool.policy_params["hybrid"] = {{"model", "ets"}};
  decisions::TuningOptions options;  // hybrid, 64 x 100, seed 42

  decisions::TuningResult result;
  for (auto _ : state) result = decisions::tune_policy(demand, pool, options);
  state.SetLabel(trace.file);
  state.counters["steps"] = static_cast<double>(demand.size());
  state.counters["evaluations"] = static_cast<double>(result.evaluations);
  state.counters["front"] = static_cast<double>(result.front.size());
  state.counters["beat_defaults"] = static_cast<double>(std::count_if(
      result.front.begin(), result.front.end(), [](const decisions::TunedPoint& point) { return point.dominates_current; }));
}
BENCHMARK(BM_TuneHybrid)->DenseRange(0, 1)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
