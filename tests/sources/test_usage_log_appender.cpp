#include "sources/usage/usage_log_appender.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "sources/usage/usage_log.h"
#include "support/test_paths.h"

namespace fleetcast::sources {
namespace {

constexpr TimestampUs kSecond = kMicrosPerSecond;
// 2026-12-06T23:59:59Z
constexpr TimestampUs kLastSecondOfDec6 = 1796601599 * kSecond;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

UsageSample sample_at(TimestampUs time, const std::string& target) {
  UsageSample sample;
  sample.time = time;
  sample.target = target;
  sample.cpu_seconds = 1.5;
  sample.memory_bytes = 4096;
  return sample;
}

TEST(UsageLogAppender, AppendsWholeLinesToTheFileOfEachUtcDay) {
  testing::TempDir dir;
  const auto out = dir.path() / "new" / "log";
  {
    UsageLogAppender appender(out);
    appender.append({sample_at(kLastSecondOfDec6, "pid:1"), sample_at(kLastSecondOfDec6 + kSecond, "pid:1")});
  }
  UsageLogAppender again(out);
  again.append({sample_at(kLastSecondOfDec6 + 2 * kSecond, "pid:2")});
  EXPECT_EQ(read_text(out / "usage_20261206.jsonl"), usage_sample_json(sample_at(kLastSecondOfDec6, "pid:1")) + "\n");
  EXPECT_EQ(read_text(out / "usage_20261207.jsonl"),
            usage_sample_json(sample_at(kLastSecondOfDec6 + kSecond, "pid:1")) + "\n" +
                usage_sample_json(sample_at(kLastSecondOfDec6 + 2 * kSecond, "pid:2")) + "\n");
}

TEST(UsageLogAppender, KeepsATornLastLineApartFromTheNextOne) {
  testing::TempDir dir;
  dir.write("usage_20261206.jsonl", "{\"time\":\"2026-12-06T23:00:00Z\",\"tar");
  UsageLogAppender appender(dir.path());
  appender.append({sample_at(kLastSecondOfDec6, "pid:1")});
  appender.append({sample_at(kLastSecondOfDec6, "pid:2")});
  const UsageLogReadResult read = read_usage_dir(dir.path(), std::nullopt, std::nullopt);
  EXPECT_EQ(read.skipped, 1u);
  ASSERT_EQ(read.samples.size(), 2u);
  EXPECT_EQ(read.samples[0].target, "pid:1");
  EXPECT_EQ(read.samples[1].target, "pid:2");
}

}  // namespace
}  // namespace fleetcast::sources
