#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/errors.h"
#include "sources/prometheus/query_range.h"

namespace fleetcast::sources::prometheus {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;
constexpr TimestampUs kT0 = 1'700'000'100 * kSecond;  // a whole multiple of 300 s

RangeQuery query_every_5m() {
  RangeQuery query;
  query.url = "http://prometheus.test:9090";
  query.query = "up";
  query.start = kT0;
  query.end = kT0 + 3600 * kSecond;
  query.step_seconds = 300;
  return query;
}

LabeledSeries series(std::string labels, std::vector<CsvPoint> points) { return {std::move(labels), std::move(points)}; }

TEST(ParseMatrix, ReadsLabelsMillisecondTimesAndValuesAsTheApiWritesThem) {
  const std::string body = R"({"status":"success","data":{"resultType":"matrix","result":[
    {"metric":{"__name__":"up","job":"api"},"values":[[1700000100,"1"],[1700000400.5,"2.25"],[1700000700,"NaN"],
     [1700001000,"+Inf"],[1700001300,"-Inf"]]}]}})";
  const auto parsed = parse_matrix(body, "http://p");
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].labels, R"({__name__="up", job="api"})");
  ASSERT_EQ(parsed[0].points.size(), 5u);
  EXPECT_EQ(parsed[0].points[0].timestamp, kT0);
  EXPECT_EQ(parsed[0].points[1].timestamp, kT0 + 300 * kSecond + 500'000);
  EXPECT_EQ(parsed[0].points[1].value, 2.25);
  EXPECT_TRUE(std::isnan(parsed[0].points[2].value));
  EXPECT_EQ(parsed[0].points[3].value, HUGE_VAL);
  EXPECT_EQ(parsed[0].points[4].value, -HUGE_VAL);
}

TEST(ParseMatrix, AnErrorBodyIsAnInputErrorWithTheServersMessage) {
  const std::string body =
      R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected"})";
  try {
    parse_matrix(body, "http://p");
    FAIL() << "no exception";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              R"(http://p: the query was refused: bad_data: invalid parameter "query": 1:5: parse error: unexpected)");
  }
}

TEST(ParseMatrix, ABodyThatIsNotTheApisJsonIsARuntimeFailureNamingTheUrl) {
  EXPECT_THROW(parse_matrix("<html>proxy error</html>", "http://p"), RuntimeFailure);
  EXPECT_THROW(parse_matrix(R"({"status":"success","data":{"resultType":"vector","result":[]}})", "http://p"), RuntimeFailure);
  EXPECT_THROW(parse_matrix(R"({"status":"success","data":{"resultType":"matrix","result":[{"values":[[1,"x"]]}]}})", "http://p"),
               RuntimeFailure);
}

TEST(MergeChunks, JoinsEachLabelSetsPiecesInTimeOrderWithoutDuplicates) {
  std::vector<std::vector<LabeledSeries>> chunks{
      {series("{a}", {{1, 1}, {2, 2}}), series("{b}", {{1, 10}})},
      {series("{a}", {{2, 2}, {3, 3}}), series("{c}", {{3, 30}})},
  };
  const auto merged = merge_chunks(std::move(chunks));
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].labels, "{a}");
  ASSERT_EQ(merged[0].points.size(), 3u);
  EXPECT_EQ(merged[0].points[2].timestamp, 3);
  EXPECT_EQ(merged[1].labels, "{b}");
  EXPECT_EQ(merged[2].labels, "{c}");
}

TEST(CombineSeries, CountsTheMissingStepsBetweenTheFirstAndLastPointAsGaps) {
  const TimestampUs step = 300 * kSecond;
  const auto result = combine_series({series("{}", {{kT0, 1}, {kT0 + step, 2}, {kT0 + 4 * step, 5}, {kT0 + 6 * step, 7}})},
                                     query_every_5m());
  ASSERT_EQ(result.points.size(), 4u);
  ASSERT_EQ(result.gaps.size(), 2u);
  EXPECT_EQ(result.gaps[0].first, kT0 + 2 * step);
  EXPECT_EQ(result.gaps[0].steps, 2u);
  EXPECT_EQ(result.gaps[1].first, kT0 + 5 * step);
  EXPECT_EQ(result.gaps[1].steps, 1u);
  const auto lines = range_warnings(result, "up");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "up: 3 missing steps in 2 gaps (2 steps from 2023-11-14T22:25:00Z, 1 step from 2023-11-14T22:40:00Z)");
}

TEST(CombineSeries, TakesANonFiniteValueAsAMissingStepAndSaysSo) {
  const TimestampUs step = 300 * kSecond;
  const auto result =
      combine_series({series("{}", {{kT0, 1}, {kT0 + step, std::nan("")}, {kT0 + 2 * step, 3}})}, query_every_5m());
  ASSERT_EQ(result.points.size(), 2u);
  EXPECT_EQ(result.non_finite, 1u);
  ASSERT_EQ(result.gaps.size(), 1u);
  const auto lines = range_warnings(result, "up");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "up: 1 step with a NaN, infinite or out-of-range value taken as missing");
}

TEST(CombineSeries, RefusesNoSeriesAndSeveralWithoutCombineListingTheirLabels) {
  try {
    combine_series({}, query_every_5m());
    FAIL() << "no exception";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "http://prometheus.test:9090: the query matched no series in [2023-11-14T22:15:00Z, 2023-11-14T23:15:00Z]");
  }
  const std::vector<LabeledSeries> four{series("{a}", {{kT0, 1}}), series("{b}", {{kT0, 1}}), series("{c}", {{kT0, 1}}),
                                        series("{d}", {{kT0, 1}})};
  try {
    combine_series(four, query_every_5m());
    FAIL() << "no exception";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "http://prometheus.test:9090: the query returned 4 series ({a}, {b}, {c} and 1 more); aggregate them in "
              "PromQL (e.g. sum(...)) or give --combine sum");
  }
}

TEST(CombineSeries, SumsPerStepAsPromqlSumDoes) {
  const TimestampUs step = 300 * kSecond;
  RangeQuery query = query_every_5m();
  query.combine = Combine::sum;
  // b has no sample at the second step: it adds nothing there; at the third a NaN makes the step a gap.
  const auto result = combine_series({series("{a}", {{kT0, 1}, {kT0 + step, 2}, {kT0 + 2 * step, 3}, {kT0 + 3 * step, 4}}),
                                      series("{b}", {{kT0, 10}, {kT0 + 2 * step, std::nan("")}, {kT0 + 3 * step, 40}})},
                                     query);
  EXPECT_EQ(result.series_combined, 2u);
  ASSERT_EQ(result.points.size(), 3u);
  EXPECT_EQ(result.points[0].value, 11);
  EXPECT_EQ(result.points[1].value, 2);
  EXPECT_EQ(result.points[2].timestamp, kT0 + 3 * step);
  EXPECT_EQ(result.points[2].value, 44);
  EXPECT_EQ(result.non_finite, 1u);
}

TEST(ParseCombine, KnowsSumAndNothingElse) {
  EXPECT_EQ(parse_combine(""), Combine::none);
  EXPECT_EQ(parse_combine("sum"), Combine::sum);
  EXPECT_THROW(parse_combine("avg"), InputError);
}

}  // namespace
}  // namespace fleetcast::sources::prometheus
