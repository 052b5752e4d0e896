#include "sources/heartbeat_record.h"

#include <gtest/gtest.h>

namespace fleetcast::sources {
namespace {

TEST(HeartbeatRecord, DownOnlyWhereTheFieldIsJsonFalse) {
  HeartbeatLineParser parser(HeartbeatFields{});
  HeartbeatTick tick;
  ASSERT_EQ(parser.parse(R"({"timestamp": "2026-03-29T14:10:00Z", "tick_id": 1, "gitea_ok": false, "inference_ok": true})", tick), nullptr);
  EXPECT_EQ(tick.timestamp, 1774793400LL * kMicrosPerSecond);
  EXPECT_TRUE(tick.gitea_down);
  EXPECT_FALSE(tick.inference_down);
  ASSERT_EQ(parser.parse(R"({"ts": 1774793400, "gitea_ok": "false", "inference_ok": 0})", tick), nullptr);
  EXPECT_FALSE(tick.gitea_down);
  EXPECT_FALSE(tick.inference_down);
  ASSERT_EQ(parser.parse(R"({"ts": 1774793400})", tick), nullptr);
  EXPECT_FALSE(tick.gitea_down);
}

TEST(HeartbeatRecord, NestedDottedPaths) {
  HeartbeatLineParser parser(HeartbeatFields{"perception.gitea_alive", "perception.model_health.inference_ok"});
  HeartbeatTick tick;
  ASSERT_EQ(parser.parse(R"({"timestamp": "2026-03-29T14:10:00Z",
      "perception": {"gitea_alive": true, "model_health": {"inference_ok": false}}})", tick), nullptr);
  EXPECT_FALSE(tick.gitea_down);
  EXPECT_TRUE(tick.inference_down);
}

TEST(HeartbeatRecord, SkipsWithReasons) {
  HeartbeatLineParser parser(HeartbeatFields{});
  HeartbeatTick tick;
  EXPECT_STREQ(parser.parse("{", tick), "not valid JSON");
  EXPECT_STREQ(parser.parse("[1]", tick), "not a JSON object");
  EXPECT_STREQ(parser.parse(R"({"gitea_ok": false})", tick), "no timestamp");
  EXPECT_STREQ(parser.parse(R"({"timestamp": "soon"})", tick), "unparseable timestamp");
}

TEST(HeartbeatRecord, DottedPathToPointerEscapes) {
  EXPECT_EQ(dotted_path_to_pointer("a.b~c/d"), "/a/b~0c~1d");
}

}  // namespace
}  // namespace fleetcast::sources
