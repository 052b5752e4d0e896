// The JSON Schema subset that holds tool arguments to their input schemas.
#include <gtest/gtest.h>

#include "mcp/arguments.h"
#include "mcp/json_schema.h"

namespace fleetcast::mcp {
namespace {

const Json kSchema = object_schema({{"metrics", paths_schema("logs")},
                                    {"horizon", duration_schema("ahead", "6h")},
                                    {"level", number_schema("coverage", 0.5, 0.999, 0.9)},
                                    {"folds", whole_number_schema("origins", 1, 100, 3)},
                                    {"current_replicas", current_replicas_schema()},
                                    {"model", enum_schema("model", {"auto", "naive"}, "auto")}},
                                   {"metrics"});

std::string violation(const std::string& arguments) { return schema_violation(Json::parse(arguments), kSchema).value_or("ok"); }

TEST(JsonSchema, AcceptsWhatTheSchemaAllows) {
  EXPECT_EQ(violation(R"({"metrics":"fleet/metrics"})"), "ok");
  EXPECT_EQ(violation(R"({"metrics":["a","b"],"horizon":6,"level":0.95,"folds":5.0,"current_replicas":{"web":3},"model":"naive"})"), "ok");
  EXPECT_EQ(violation(R"({"metrics":"m","horizon":"90m"})"), "ok");
}

TEST(JsonSchema, NamesTheArgumentAndWhatWasExpected) {
  EXPECT_EQ(violation("{}"), "missing the required argument 'metrics'");
  EXPECT_EQ(violation(R"({"metrics":[]})"), "argument 'metrics': needs at least 1 item");
  EXPECT_EQ(violation(R"({"metrics":""})"), "argument 'metrics': must not be empty");
  EXPECT_EQ(violation(R"({"metrics":[3]})"), "argument 'metrics'[0]: expected a string, got 3");
  EXPECT_EQ(violation(R"({"metrics":"m","horizon":true})"), "argument 'horizon': expected a string or a number, got true");
  EXPECT_EQ(violation(R"({"metrics":"m","level":0.2})"), "argument 'level': must be at least 0.5, got 0.2");
  EXPECT_EQ(violation(R"({"metrics":"m","level":1})"), "argument 'level': must be at most 0.999, got 1");
  EXPECT_EQ(violation(R"({"metrics":"m","folds":2.5})"), "argument 'folds': expected a whole number, got 2.5");
  EXPECT_EQ(violation(R"({"metrics":"m","current_replicas":{"web":-1}})"),
            "argument 'current_replicas', key 'web': must be at least 0, got -1");
  EXPECT_EQ(violation(R"({"metrics":"m","model":"best"})"), R"(argument 'model': expected one of "auto", "naive", got "best")");
  EXPECT_EQ(violation(R"({"metrics":"m","horizn":"6h"})"), "unknown argument 'horizn'; did you mean 'horizon'?");
  EXPECT_EQ(violation(R"({"metrics":"m","colour":"red"})"),
            "unknown argument 'colour' (the arguments are metrics, horizon, level, folds, current_replicas, model)");
  EXPECT_EQ(schema_violation(Json::array(), kSchema).value_or("ok"), "the arguments must be an object, got []");
}

TEST(JsonSchema, QuotesLongValuesShortened) {
  const std::string message = violation(R"({"metrics":"m","horizon":[")" + std::string(200, 'x') + R"("]})");
  EXPECT_LT(message.size(), 140u);
  EXPECT_EQ(message.substr(message.size() - 3), "...");
}

TEST(JsonSchema, KnowsWhichKeywordsItChecks) {
  EXPECT_TRUE(uses_supported_keywords(kSchema));
  EXPECT_FALSE(uses_supported_keywords(Json{{"type", "string"}, {"pattern", "^a"}}));
  EXPECT_FALSE(uses_supported_keywords(object_schema({{"a", {{"type", "array"}, {"items", {{"oneOf", Json::array()}}}}}}, {})));
}

}  // namespace
}  // namespace fleetcast::mcp
