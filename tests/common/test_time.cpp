#include "common/time.h"

#include <gtest/gtest.h>

namespace fleetcast {
namespace {

constexpr TimestampUs kBase = 1774793111LL * kMicrosPerSecond;  // 2026-03-29T14:05:11Z

TEST(ParseIso8601, ZuluWithMilliseconds) {
  EXPECT_EQ(parse_iso8601("2026-03-29T14:05:11.208Z"), kBase + 208000);
}

TEST(ParseIso8601, NoZoneMeansUtc) { EXPECT_EQ(parse_iso8601("2026-03-29T14:05:11"), kBase); }

TEST(ParseIso8601, SpaceSeparatorAsInNab) { EXPECT_EQ(parse_iso8601("2026-03-29 14:05:11"), kBase); }

TEST(ParseIso8601, PositiveAndNegativeOffsets) {
  EXPECT_EQ(parse_iso8601("2026-03-29T16:05:11+02:00"), kBase);
  EXPECT_EQ(parse_iso8601("2026-03-29T09:35:11-04:30"), kBase);
  EXPECT_EQ(parse_iso8601("2026-03-29T16:05:11+0200"), kBase);
}

TEST(ParseIso8601, FractionalDigitsToMicroseconds) {
  EXPECT_EQ(parse_iso8601("2026-03-29T14:05:11.5Z"), kBase + 500000);
  EXPECT_EQ(parse_iso8601("2026-03-29T14:05:11.123456Z"), kBase + 123456);
  EXPECT_EQ(parse_iso8601("2026-03-29T14:05:11.1234567Z"), kBase + 123456);
}

TEST(ParseIso8601, LeapDay) {
  EXPECT_TRUE(parse_iso8601("2024-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2026-02-29T00:00:00Z"));
}

TEST(ParseIso8601, Rejects) {
  for (const char* bad : {"", "2026-03-29", "2026-13-01T00:00:00Z", "2026-03-32T00:00:00Z", "2026-03-29T24:00:00Z",
                          "2026-03-29T14:60:00Z", "2026-03-29T14:05:11.Z", "2026-03-29T14:05:11Zjunk", "2026-03-29X14:05:11",
                          "2026-03-29T14:05:11+2", "2026-03-29T14:05:11+25:00", "not a timestamp", "2026/03/29T14:05:11Z"}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
}

TEST(Timestamps, NothingBefore1970InEitherForm) {
  // Negative epoch numbers were refused while pre-1970 ISO dates were accepted: one rule for both now.
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601("1970-01-01T01:00:00+01:00"), 0);
  for (const char* before : {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59.999999Z", "1970-01-01T00:30:00+01:00", "0001-01-01T00:00:00Z",
                             "0000-03-01T00:00:00Z"}) {
    EXPECT_FALSE(parse_iso8601(before)) << before;
    EXPECT_FALSE(parse_timestamp_text(before)) << before;
  }
  EXPECT_EQ(timestamp_from_epoch_number(0), 0);
  EXPECT_FALSE(timestamp_from_epoch_number(-0.5));
  EXPECT_FALSE(parse_timestamp_text("-1"));
}

// Found by fuzz/timestamp.cpp: a leap second or a zone offset carried 9999-12-31 into year 10000, which
// format_iso8601 writes with five digits that parse_iso8601 refuses.
TEST(ParseIso8601, RejectsInstantsOutsideTheEpochToYear9999) {
  for (const char* outside : {"9999-12-31T23:59:60.999999Z", "9999-12-31T23:30:00-01:00", "1970-01-01T00:30:00+01:00",
                              "1969-12-31T23:59:59Z", "0000-01-01T00:00:00+01:00"}) {
    EXPECT_FALSE(parse_iso8601(outside)) << outside;
  }
  EXPECT_EQ(parse_iso8601("9999-12-31T23:59:59.999999Z"), 253'402'300'800 * kMicrosPerSecond - 1);
  EXPECT_EQ(parse_iso8601("1970-01-01T01:00:00+01:00"), 0);
}

TEST(EpochNumber, SecondsAndMilliseconds) {
  EXPECT_EQ(timestamp_from_epoch_number(1774793111.0), kBase);
  EXPECT_EQ(timestamp_from_epoch_number(1774793111208.0), kBase + 208000);
  EXPECT_EQ(timestamp_from_epoch_number(1774793111.25), kBase + 250000);
  EXPECT_FALSE(timestamp_from_epoch_number(-1));
  EXPECT_FALSE(timestamp_from_epoch_number(1e300));
}

TEST(ParseTimestampText, IsoOrNumber) {
  EXPECT_EQ(parse_timestamp_text("1774793111"), kBase);
  EXPECT_EQ(parse_timestamp_text("2026-03-29T14:05:11Z"), kBase);
  EXPECT_FALSE(parse_timestamp_text("12abc"));
}

TEST(FormatIso8601, DigitsOnlyAsNeeded) {
  EXPECT_EQ(format_iso8601(kBase), "2026-03-29T14:05:11Z");
  EXPECT_EQ(format_iso8601(kBase + 208000), "2026-03-29T14:05:11.208Z");
  EXPECT_EQ(format_iso8601(kBase + 1), "2026-03-29T14:05:11.000001Z");
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00Z");
}

TEST(FormatIso8601, RoundTrips) {
  for (TimestampUs t : {kBase, kBase + 999000, TimestampUs{951782400} * kMicrosPerSecond, TimestampUs{4102444799} * kMicrosPerSecond}) {
    EXPECT_EQ(parse_iso8601(format_iso8601(t)), t);
  }
}

TEST(ParseDuration, UnitsAndBareNumbers) {
  EXPECT_EQ(parse_duration_seconds("90m", 3600), 5400);
  EXPECT_EQ(parse_duration_seconds("6h", 3600), 21600);
  EXPECT_EQ(parse_duration_seconds("2d", 3600), 172800);
  EXPECT_EQ(parse_duration_seconds("30s", 3600), 30);
  EXPECT_EQ(parse_duration_seconds("1.5", 3600), 5400);
  EXPECT_FALSE(parse_duration_seconds("0", 3600));
  EXPECT_FALSE(parse_duration_seconds("-2h", 3600));
  EXPECT_FALSE(parse_duration_seconds("h", 3600));
  EXPECT_FALSE(parse_duration_seconds("6x", 3600));
}

}  // namespace
}  // namespace fleetcast
