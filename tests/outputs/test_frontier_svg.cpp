#include "outputs/frontier_svg.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "outputs/frontier_output.h"

namespace fleetcast::outputs {
namespace {

using decisions::FrontierPoint;
using decisions::PolicyFrontier;

FrontierPoint point(std::string knob, std::string value, double cost, double unserved, bool is_default, bool efficient) {
  FrontierPoint p;
  p.settings[knob] = value;
  p.scores.cost = cost;
  p.scores.replica_hours = cost / 2;
  p.scores.unserved_pct = unserved;
  p.is_default = is_default;
  p.efficient = efficient;
  return p;
}

std::vector<PolicyFrontier> two_frontiers() {
  return {{"reactive", {"target_utilization"},
           {point("target_utilization", "0.5", 120, 1, false, true), point("target_utilization", "0.7", 100, 4, true, true),
            point("target_utilization", "0.9", 90, 9, false, true)}},
          {"hybrid", {"prediction_weight"},
           {point("prediction_weight", "0", 110, 3, false, false), point("prediction_weight", "0.7", 95, 2, true, true),
            point("prediction_weight", "1", 105, 1.5, false, true)}}};
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t found = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++found;
  return found;
}

// Every tag closes in order (self-closing ones count as closed); attribute values hold no '<'.
bool well_formed(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t at = 0;
  while ((at = xml.find('<', at)) != std::string::npos) {
    const std::size_t end = xml.find('>', at);
    if (end == std::string::npos) return false;
    const std::string tag = xml.substr(at + 1, end - at - 1);
    if (tag.find('<') != std::string::npos) return false;
    if (tag.starts_with("?")) {
      at = end;
      continue;
    }
    const std::string name = tag.substr(tag.starts_with("/") ? 1 : 0, tag.find_first_of(" />", 1) - (tag.starts_with("/") ? 1 : 0));
    if (tag.starts_with("/")) {
      if (open.empty() || open.back() != name) return false;
      open.pop_back();
    } else if (!tag.ends_with("/")) {
      open.push_back(name);
    }
    at = end;
  }
  return open.empty();
}

TEST(FrontierSvg, IsWellFormedWithOneLinePerPolicyAndTheHpaMarked) {
  const std::string svg = frontier_svg("web <&> pool", 1'700'006'400 * kMicrosPerSecond, two_frontiers());
  EXPECT_TRUE(svg.starts_with("<?xml")) << svg.substr(0, 40);
  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_EQ(count(svg, "<svg "), 1u);
  EXPECT_EQ(count(svg, "<polyline "), 2u);
  EXPECT_EQ(count(svg, "data-policy=\"reactive\""), 1u);
  EXPECT_EQ(count(svg, "data-policy=\"hybrid\""), 1u);
  EXPECT_EQ(count(svg, ">HPA default</text>"), 2u);  // beside the point and in the legend
  EXPECT_NE(svg.find("web &lt;&amp;&gt; pool"), std::string::npos);
  EXPECT_NE(svg.find("unserved demand (%)"), std::string::npos);
  EXPECT_NE(svg.find("cost (replica-hours x price"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);
  // The hybrid line joins its two efficient points, cheapest first.
  const std::size_t hybrid = svg.find("data-policy=\"hybrid\"");
  const std::string line = svg.substr(svg.find("points=\"", hybrid) + 8, 40);
  EXPECT_EQ(count(line.substr(0, line.find('"')), ","), 2u);
}

TEST(FrontierSvg, WithoutAPriceReplicaHoursAreOnX) {
  auto frontiers = two_frontiers();
  for (auto& frontier : frontiers) {
    for (auto& p : frontier.points) p.scores.cost = 0;
  }
  const std::string svg = frontier_svg("web", std::nullopt, frontiers);
  EXPECT_TRUE(well_formed(svg));
  EXPECT_NE(svg.find(">replica-hours</text>"), std::string::npos);
}

TEST(FrontierOutput, JsonComparesWithTheHpaDefault) {
  const auto json = frontier_json("web", 600, std::nullopt, two_frontiers());
  EXPECT_TRUE(json["score_from"].is_null());
  ASSERT_EQ(json["frontiers"].size(), 2u);
  EXPECT_EQ(json["frontiers"][1]["points"][1]["cost_vs_hpa"].get<double>(), 0.95);
  EXPECT_EQ(json["frontiers"][1]["points"][1]["default"], true);
  EXPECT_EQ(json["frontiers"][1]["points"][0]["efficient"], false);
  const std::string markdown = frontier_markdown("web", std::nullopt, two_frontiers());
  EXPECT_NE(markdown.find("### hybrid"), std::string::npos);
  EXPECT_NE(markdown.find("prediction_weight=0.7"), std::string::npos);
  EXPECT_NE(markdown.find("0.95x"), std::string::npos);
}

}  // namespace
}  // namespace fleetcast::outputs
