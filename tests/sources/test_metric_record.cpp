#include "sources/metric_record.h"

#include <gtest/gtest.h>

#include <string>

namespace fleetcast::sources {
namespace {

constexpr TimestampUs kBase = 1774793111LL * kMicrosPerSecond;  // 2026-03-29T14:05:11Z

struct Parsed {
  const char* error;
  MetricRecord record;
  std::string caller;
};

Parsed parse(const std::string& line) {
  MetricLineParser parser;
  Parsed parsed{};
  parsed.error = parser.parse(line, /*padded=*/false, parsed.record);
  parsed.caller = std::string(parsed.record.caller);
  return parsed;
}

TEST(MetricRecord, FullLine) {
  const auto p = parse(R"({"timestamp": "2026-03-29T14:05:11.208Z", "caller": "triage-bot", "model": "hermes3:8b",
                          "prompt_tokens": 812, "completion_tokens": 164, "success": true, "latency_ms": 2310.5})");
  ASSERT_EQ(p.error, nullptr);
  EXPECT_EQ(p.record.timestamp, kBase + 208000);
  EXPECT_EQ(p.caller, "triage-bot");
  EXPECT_EQ(p.record.tokens, 976);
  EXPECT_TRUE(p.record.success);
}

// Found by fuzz/metric_line.cpp: a caller logged -490 tokens and it was counted as such; two huge parts
// summed to infinity.
TEST(MetricRecord, NegativeOrOverflowingTokenCountsMakeTheLineMalformed) {
  EXPECT_STREQ(parse(R"({"ts": 1774793111, "prompt_tokens": -490, "completion_tokens": 600})").error, "negative token count");
  EXPECT_STREQ(parse(R"({"ts": 1774793111, "total_tokens": -1})").error, "negative token count");
  EXPECT_STREQ(parse(R"({"ts": 1774793111, "prompt_tokens": 1e308, "completion_tokens": 1e308})").error,
               "token count out of range");
  EXPECT_EQ(parse(R"({"ts": 1774793111, "prompt_tokens": 0, "completion_tokens": 0})").error, nullptr);
}

TEST(MetricRecord, TotalTokensWinsOverParts) {
  EXPECT_EQ(parse(R"({"ts": 1774793111, "total_tokens": 50, "prompt_tokens": 812})").record.tokens, 50);
  EXPECT_EQ(parse(R"({"ts": 1774793111, "total_tokens": "50", "prompt_tokens": 812})").record.tokens, 812);
  EXPECT_EQ(parse(R"({"ts": 1774793111, "completion_tokens": 7})").record.tokens, 7);
  EXPECT_EQ(parse(R"({"ts": 1774793111})").record.tokens, 0);
}

TEST(MetricRecord, TimestampKeyThenTs) {
  EXPECT_EQ(parse(R"({"ts": "2026-03-29T14:05:11Z"})").record.timestamp, kBase);
  EXPECT_EQ(parse(R"({"timestamp": 1774793111208, "ts": 5})").record.timestamp, kBase + 208000);
  EXPECT_EQ(parse(R"({"timestamp": 1774793111.5})").record.timestamp, kBase + 500000);
}

TEST(MetricRecord, CallerFallbacks) {
  EXPECT_EQ(parse(R"({"ts": 1774793111, "source": "cron"})").caller, "cron");
  EXPECT_EQ(parse(R"({"ts": 1774793111, "caller": "", "source": "cron"})").caller, "cron");
  EXPECT_EQ(parse(R"({"ts": 1774793111, "caller": ""})").caller, "unknown");
  EXPECT_EQ(parse(R"({"ts": 1774793111})").caller, "unknown");
  EXPECT_EQ(parse(R"({"ts": 1774793111, "caller": 42})").caller, "unknown");
}

TEST(MetricRecord, SuccessOnlyFromBooleans) {
  EXPECT_FALSE(parse(R"({"ts": 1774793111, "success": false})").record.success);
  EXPECT_FALSE(parse(R"({"ts": 1774793111, "ok": false})").record.success);
  EXPECT_TRUE(parse(R"({"ts": 1774793111, "success": "false"})").record.success);
  EXPECT_TRUE(parse(R"({"ts": 1774793111, "success": 0})").record.success);
  EXPECT_TRUE(parse(R"({"ts": 1774793111, "success": true, "ok": false})").record.success);
  EXPECT_TRUE(parse(R"({"ts": 1774793111})").record.success);
}

TEST(MetricRecord, SkipsWithReasons) {
  EXPECT_STREQ(parse("not json").error, "not valid JSON");
  EXPECT_STREQ(parse(R"(["ts", 1])").error, "not a JSON object");
  EXPECT_STREQ(parse(R"({"caller": "x"})").error, "no timestamp");
  EXPECT_STREQ(parse(R"({"timestamp": "yesterday"})").error, "unparseable timestamp");
  EXPECT_STREQ(parse(R"({"timestamp": "yesterday", "ts": 1774793111})").error, "unparseable timestamp");
  EXPECT_STREQ(parse(R"({"timestamp": true})").error, "unparseable timestamp");
  EXPECT_STREQ(parse(R"({"timestamp": "2026-03-29T14:05:11Z", "caller": "tri)").error, "not valid JSON");
  EXPECT_STREQ(parse(R"({"timestamp": "2026-03-29T14:05:11Z"} {"x": 1})").error, "not valid JSON");
}

TEST(MetricRecord, NegativeOrUnboundedTokenCountsAreMalformed) {
  // A caller once showed -490 tokens: such a count was taken as is.
  EXPECT_STREQ(parse(R"({"ts": 1774793111, "total_tokens": -490})").error, "negative token count");
  EXPECT_STREQ(parse(R"({"ts": 1774793111, "prompt_tokens": 10, "completion_tokens": -1})").error, "negative token count");
  EXPECT_STREQ(parse(R"({"ts": 1774793111, "total_tokens": 5, "prompt_tokens": -1})").error, "negative token count");
  EXPECT_STREQ(parse(R"({"ts": 1774793111, "prompt_tokens": 1.7e308, "completion_tokens": 1.7e308})").error, "token count out of range");
  EXPECT_STREQ(parse(R"({"ts": 1774793111, "total_tokens": 1e999})").error, "not valid JSON");
  EXPECT_EQ(parse(R"({"ts": 1774793111, "total_tokens": 0, "prompt_tokens": -0.0})").error, nullptr);
}

TEST(MetricRecord, TimestampsBefore1970AreMalformed) {
  EXPECT_STREQ(parse(R"({"timestamp": "1969-12-31T23:59:59Z"})").error, "unparseable timestamp");
  EXPECT_STREQ(parse(R"({"ts": -1})").error, "unparseable timestamp");
}

TEST(MetricRecord, PaddedInPlaceParseMatchesCopy) {
  std::string buffer = R"({"timestamp": "2026-03-29T14:05:11Z", "caller": "a", "total_tokens": 3})";
  const std::size_t length = buffer.size();
  buffer += "\n" + std::string(80, ' ');
  MetricLineParser parser;
  MetricRecord record;
  ASSERT_EQ(parser.parse(std::string_view(buffer.data(), length), /*padded=*/true, record), nullptr);
  EXPECT_EQ(record.timestamp, kBase);
  EXPECT_EQ(record.tokens, 3);
}

}  // namespace
}  // namespace fleetcast::sources
