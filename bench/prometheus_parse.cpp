// The Prometheus source's CPU side: parsing query_range JSON bodies and merging the chunks into one
// series, for 20 series of 10,000 steps per chunk over two chunks (about 8 MB of JSON), as a long
// --combine sum fetch would receive. bytes_per_second is JSON parsed (and merged) per second.
#include <benchmark/benchmark.h>
#include <fmt/core.h>

#include <string>
#include <vector>

#include "sources/prometheus/query_range.h"

namespace {

using namespace fleetcast::sources::prometheus;

constexpr long long kStart = 1'772'323'200;  // 2026-03-01
constexpr int kStep = 300;
constexpr int kSeries = 20;

std::string chunk_body(int chunk) {
  std::string body = R"({"status":"success","data":{"resultType":"matrix","result":[)";
  for (int series = 0; series < kSeries; ++series) {
    body += fmt::format(R"({}{{"metric":{{"__name__":"http_requests","job":"api","instance":"pod-{}"}},"values":[)",
                        series ? "," : "", series);
    for (int i = 0; i < static_cast<int>(kMaxPointsPerRequest); ++i) {
      const long long step = static_cast<long long>(chunk) * kMaxPointsPerRequest + i;
      body += fmt::format(R"({}[{},"{}"])", i ? "," : "", kStart + step * kStep, 100 + (step * 7 + series) % 97);
    }
    body += "]}";
  }
  return body + "]}}";
}

void BM_ParseMatrix(benchmark::State& state) {
  const std::string body = chunk_body(0);
  for (auto _ : state) benchmark::DoNotOptimize(parse_matrix(body, "bench"));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_ParseMatrix)->Unit(benchmark::kMillisecond);

void BM_ParseMergeAndSum(benchmark::State& state) {
  const std::vector<std::string> bodies{chunk_body(0), chunk_body(1)};
  RangeQuery query;
  query.url = "bench";
  query.start = kStart * 1'000'000;
  query.end = (kStart + 2 * kMaxPointsPerRequest * kStep) * 1'000'000;
  query.step_seconds = kStep;
  query.combine = Combine::sum;
  for (auto _ : state) {
    std::vector<std::vector<LabeledSeries>> chunks;
    for (const auto& body : bodies) chunks.push_back(parse_matrix(body, "bench"));
    benchmark::DoNotOptimize(combine_series(merge_chunks(std::move(chunks)), query));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bodies[0].size() + bodies[1].size()));
}
BENCHMARK(BM_ParseMergeAndSum)->Unit(benchmark::kMillisecond);

}  // namespace
