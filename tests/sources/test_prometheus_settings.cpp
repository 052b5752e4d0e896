#include <gtest/gtest.h>

#include <string>

#include "common/errors.h"
#include "sources/prometheus/settings.h"
#include "support/test_paths.h"

namespace fleetcast::sources::prometheus {
namespace {

constexpr TimestampUs kNow = 1'774'807'200LL * kMicrosPerSecond;  // 2026-03-29T18:00:00Z

std::string message_of(const Settings& settings) {
  try {
    resolve_settings(settings, kNow, 3600);
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(ParseWhen, ADurationWithAUnitIsBackFromNowAndAnythingElseATimestamp) {
  EXPECT_EQ(parse_when("--since", "14d", kNow), kNow - 14LL * 86400 * kMicrosPerSecond);
  EXPECT_EQ(parse_when("--since", "90m", kNow), kNow - 5400LL * kMicrosPerSecond);
  EXPECT_EQ(parse_when("--until", "2026-03-29T12:00:00Z", kNow), kNow - 6LL * 3600 * kMicrosPerSecond);
  EXPECT_EQ(parse_when("--until", "1774807200", kNow), kNow);
  EXPECT_THROW(parse_when("--since", "yesterday", kNow), InputError);
}

TEST(ResolveSettings, DefaultsToTheLast14DaysUpToNowAtTheCommandsStep) {
  Settings settings;
  settings.url = "http://localhost:9090";
  settings.query = "up";
  const RangeQuery query = resolve_settings(settings, kNow, 3600);
  EXPECT_EQ(query.end, kNow);
  EXPECT_EQ(query.start, kNow - 14LL * 86400 * kMicrosPerSecond);
  EXPECT_EQ(query.step_seconds, 3600);
  EXPECT_EQ(query.timeout_seconds, 30);
  EXPECT_EQ(query.combine, Combine::none);
  EXPECT_TRUE(query.credentials.bearer_token.empty());
}

TEST(ResolveSettings, NamesTheSettingThatIsWrong) {
  Settings settings;
  settings.url = "http://localhost:9090";
  EXPECT_EQ(message_of(settings), "--prometheus needs --query 'PROMQL'");
  settings.query = "up";
  settings.since = "1d";
  settings.until = "2d";
  EXPECT_EQ(message_of(settings), "--since 2026-03-28T18:00:00Z is not before --until 2026-03-27T18:00:00Z");
  settings.until.clear();
  settings.timeout = "0.1s";
  EXPECT_EQ(message_of(settings).rfind("--timeout: must be a duration between 1s and 1h", 0), 0u) << message_of(settings);
  settings.timeout.clear();
  settings.combine = "max";
  EXPECT_EQ(message_of(settings), "--combine: expected sum, got 'max'");
}

TEST(ReadCredentials, TrimsTheSecretsAndNamesAMissingOrEmptyFileWithoutItsContent) {
  testing::TempDir dir;
  const std::string token = dir.write("token", "  s3cret\n").string();
  const std::string empty = dir.write("empty", "\n").string();
  EXPECT_EQ(read_credentials(token, "", "").bearer_token, "s3cret");
  const Credentials basic = read_credentials("", "fleet", token);
  EXPECT_EQ(basic.basic_user, "fleet");
  EXPECT_EQ(basic.basic_password, "s3cret");
  const std::string missing = (dir.path() / "missing").string();
  try {
    read_credentials(missing, "", "");
    FAIL() << "no exception";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "--bearer-token-file " + missing + ": no such file");
  }
  try {
    read_credentials("", "fleet", empty);
    FAIL() << "no exception";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "--basic-auth-password-file " + empty + ": the file is empty");
  }
  EXPECT_THROW(read_credentials("", "fleet", ""), InputError);
  EXPECT_THROW(read_credentials(token, "fleet", token), InputError);
}

}  // namespace
}  // namespace fleetcast::sources::prometheus
