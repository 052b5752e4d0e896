#include "sources/usage/usage_log.h"

#include <gtest/gtest.h>

#include <string>

#include "common/errors.h"
#include "support/test_paths.h"

namespace fleetcast::sources {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;
// 2026-12-06T23:59:58Z
constexpr TimestampUs kLateDec6 = 1796601598 * kSecond;

UsageSample full_sample() {
  UsageSample sample;
  sample.time = kLateDec6 + kSecond / 4;
  sample.target = "/kubepods/pod-a/ctr \"1\"";
  sample.name = "ctr \"1\"";
  sample.cpu_seconds = 12.34;
  sample.cpu_throttled_seconds = 0.5;
  sample.cpu_periods = 1000;
  sample.cpu_throttled_periods = 7;
  sample.memory_bytes = 104857600;
  sample.memory_peak_bytes = 125829120;
  sample.oom_kills = 1;
  sample.cpu_limit_cores = 1.5;
  sample.cpu_request_cores = 0.25;
  sample.memory_limit_bytes = 268435456;
  sample.memory_request_bytes = 134217728;
  sample.disk_read_bytes = 18446744073709551615ULL;
  sample.disk_write_bytes = 4096;
  sample.net_receive_bytes = 1532;
  sample.net_transmit_bytes = 880;
  return sample;
}

void expect_same(const UsageSample& a, const UsageSample& b) {
  EXPECT_EQ(a.time, b.time);
  EXPECT_EQ(a.target, b.target);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.cpu_seconds, b.cpu_seconds);
  EXPECT_EQ(a.cpu_throttled_seconds, b.cpu_throttled_seconds);
  EXPECT_EQ(a.cpu_periods, b.cpu_periods);
  EXPECT_EQ(a.cpu_throttled_periods, b.cpu_throttled_periods);
  EXPECT_EQ(a.memory_bytes, b.memory_bytes);
  EXPECT_EQ(a.memory_peak_bytes, b.memory_peak_bytes);
  EXPECT_EQ(a.oom_kills, b.oom_kills);
  EXPECT_EQ(a.cpu_limit_cores, b.cpu_limit_cores);
  EXPECT_EQ(a.cpu_request_cores, b.cpu_request_cores);
  EXPECT_EQ(a.memory_limit_bytes, b.memory_limit_bytes);
  EXPECT_EQ(a.memory_request_bytes, b.memory_request_bytes);
  EXPECT_EQ(a.disk_read_bytes, b.disk_read_bytes);
  EXPECT_EQ(a.disk_write_bytes, b.disk_write_bytes);
  EXPECT_EQ(a.net_receive_bytes, b.net_receive_bytes);
  EXPECT_EQ(a.net_transmit_bytes, b.net_transmit_bytes);
}

TEST(UsageSampleJson, WritesTheDocumentedLine) {
  UsageSample sample;
  sample.time = kLateDec6 + kSecond / 4;
  sample.target = "pid:4242";
  sample.name = "python3";
  sample.cpu_seconds = 12.34;
  sample.memory_bytes = 104857600;
  sample.memory_peak_bytes = 125829120;
  sample.disk_write_bytes = 4096;
  EXPECT_EQ(usage_sample_json(sample),
            "{\"time\":\"2026-12-06T23:59:58.250Z\",\"target\":\"pid:4242\",\"name\":\"python3\",\"cpu_seconds\":12.34,"
            "\"memory_bytes\":104857600,\"memory_peak_bytes\":125829120,\"disk_read_bytes\":0,\"disk_write_bytes\":4096}");
}

TEST(UsageSampleJson, EscapesNamesAndReplacesInvalidUtf8) {
  UsageSample sample;
  sample.target = "pid:1";
  sample.name = std::string("a\tb\\c\xff", 6);
  const std::string line = usage_sample_json(sample);
  EXPECT_NE(line.find("\"name\":\"a\\u0009b\\\\c?\""), std::string::npos) << line;
  UsageSample back;
  ASSERT_EQ(parse_usage_sample_line(line, back), std::nullopt);
  EXPECT_EQ(back.name, "a\tb\\c?");
}

TEST(UsageSampleJson, RoundTripsEveryField) {
  const UsageSample sample = full_sample();
  UsageSample back;
  ASSERT_EQ(parse_usage_sample_line(usage_sample_json(sample), back), std::nullopt);
  expect_same(sample, back);
}

TEST(UsageLogFileName, IsTheUtcDay) {
  EXPECT_EQ(usage_log_file_name(kLateDec6), "usage_20261206.jsonl");
  EXPECT_EQ(usage_log_file_name(kLateDec6 + 2 * kSecond), "usage_20261207.jsonl");
}

TEST(ParseUsageSampleLine, RefusesWhatTheSchemaDoesNot) {
  UsageSample sample;
  const std::string base = "\"time\":\"2026-12-06T00:00:00Z\",\"target\":\"pid:1\",\"cpu_seconds\":1,\"memory_bytes\":2";
  EXPECT_EQ(parse_usage_sample_line("{" + base + "}", sample), std::nullopt);
  EXPECT_EQ(parse_usage_sample_line("{" + base + ",\"colour\":1}", sample), "unknown key \"colour\"");
  EXPECT_EQ(parse_usage_sample_line("{" + base, sample), "not valid JSON");
  EXPECT_EQ(parse_usage_sample_line("[1]", sample), "not a JSON object");
  EXPECT_EQ(parse_usage_sample_line("{" + base + ",\"oom_kills\":-1}", sample),
            "oom_kills is not a non-negative number (counts and bytes: whole numbers)");
  EXPECT_EQ(parse_usage_sample_line("{" + base + ",\"oom_kills\":1.5}", sample),
            "oom_kills is not a non-negative number (counts and bytes: whole numbers)");
  EXPECT_EQ(parse_usage_sample_line("{" + base + ",\"cpu_limit_cores\":null}", sample),
            "cpu_limit_cores is not a non-negative number (counts and bytes: whole numbers)");
  EXPECT_EQ(parse_usage_sample_line("{\"target\":\"pid:1\",\"cpu_seconds\":1,\"memory_bytes\":2}", sample), "no time");
  EXPECT_EQ(parse_usage_sample_line("{\"time\":\"2026-12-06T00:00:00Z\",\"target\":\"pid:1\",\"memory_bytes\":2}", sample),
            "no cpu_seconds");
  EXPECT_EQ(parse_usage_sample_line("{\"time\":\"yesterday\",\"target\":\"pid:1\",\"cpu_seconds\":1,\"memory_bytes\":2}",
                                    sample),
            "unparseable time");
}

TEST(ReadUsageDir, SortsByTargetAndTimeAndCountsMalformedLines) {
  testing::TempDir dir;
  UsageSample a = full_sample();
  a.target = "pid:2";
  UsageSample b = a;
  b.time += 5 * kSecond;  // the next UTC day
  b.cpu_seconds = 13;
  UsageSample c = a;
  c.target = "pid:1";
  UsageSample repeated = c;
  repeated.cpu_seconds = 99;
  dir.write("usage_20261206.jsonl", usage_sample_json(a) + "\n" + usage_sample_json(c) + "\n{\"time\":\n\n" +
                                        usage_sample_json(repeated) + "\n{\"half\":");
  dir.write("usage_20261207.jsonl", usage_sample_json(b) + "\n");
  dir.write("notes.jsonl", "not a usage file\n");
  const UsageLogReadResult read = read_usage_dir(dir.path(), std::nullopt, std::nullopt);
  EXPECT_EQ(read.files, 2u);
  EXPECT_EQ(read.lines, 6u);
  EXPECT_EQ(read.skipped, 2u);
  EXPECT_EQ(read.duplicates, 1u);
  ASSERT_EQ(read.first_warnings.size(), 2u);
  EXPECT_EQ(read.first_warnings[0], (dir.path() / "usage_20261206.jsonl").string() + ":3: not valid JSON");
  EXPECT_EQ(read.first_warnings[1], (dir.path() / "usage_20261206.jsonl").string() + ":6: not valid JSON");
  ASSERT_EQ(read.samples.size(), 3u);
  expect_same(read.samples[0], repeated);
  expect_same(read.samples[1], a);
  expect_same(read.samples[2], b);
  const auto warnings = usage_log_warnings(read, "--usage");
  ASSERT_EQ(warnings.size(), 4u);
  EXPECT_EQ(warnings[2], "warning: --usage: 2 of 6 lines skipped as malformed");
}

TEST(ReadUsageDir, KeepsOnlyTheTimeBoundsAndSkipsDaysOutsideThem) {
  testing::TempDir dir;
  UsageSample a = full_sample();
  UsageSample b = a;
  b.time += 5 * kSecond;
  dir.write("usage_20261206.jsonl", usage_sample_json(a) + "\n");
  dir.write("usage_20261207.jsonl", usage_sample_json(b) + "\n");
  dir.write("usage_20261208.jsonl", "garbage that is never read\n");
  const UsageLogReadResult read = read_usage_dir(dir.path(), a.time + 1, kLateDec6 + 86400 * kSecond);
  EXPECT_EQ(read.files, 2u);  // not the 8th
  EXPECT_EQ(read.skipped, 0u);
  ASSERT_EQ(read.samples.size(), 1u);
  EXPECT_EQ(read.samples[0].time, b.time);
}

TEST(ReadUsageDir, RefusesADirectoryWithoutUsageFiles) {
  testing::TempDir dir;
  EXPECT_THROW(read_usage_dir(dir.path(), std::nullopt, std::nullopt), InputError);
  EXPECT_THROW(read_usage_dir(dir.path() / "absent", std::nullopt, std::nullopt), InputError);
}

}  // namespace
}  // namespace fleetcast::sources
