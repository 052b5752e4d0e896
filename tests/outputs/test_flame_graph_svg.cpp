// The flame graph SVG is well-formed XML (read back by Python's xml.dom.minidom) with frame widths
// proportional to their samples; the folded text is flamegraph.pl's format.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "outputs/flame_graph_svg.h"
#include "outputs/folded_stacks_text.h"
#include "support/run_command.h"

namespace fleetcast {
namespace {

const FoldedStacks kStacks{{{"main", "parse", "read"}, 30},
                           {{"main", "parse"}, 10},
                           {{"main", "compute<int> & <more>"}, 55},
                           {{"start"}, 5}};

TEST(FoldedStacksText, OneLinePerStack) {
  EXPECT_EQ(outputs::folded_stacks_text(kStacks),
            "main;compute<int> & <more> 55\nmain;parse 10\nmain;parse;read 30\nstart 5\n");
}

TEST(FlameGraphSvg, WellFormedWithWidthsProportionalToSamples) {
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 is absent";
  outputs::FlameGraphStyle style;
  const std::string svg = outputs::flame_graph_svg(kStacks, "test <graph>", style);
  const auto path = std::filesystem::temp_directory_path() / ("flame_graph_test_" + std::to_string(::getpid()) + ".svg");
  std::ofstream(path) << svg;
  // Prints "name<TAB>samples<TAB>width" for each frame.
  const std::string script =
      "import sys, xml.dom.minidom\n"
      "doc = xml.dom.minidom.parse(sys.argv[1])\n"
      "for g in doc.getElementsByTagName('g'):\n"
      "    rect = g.getElementsByTagName('rect')[0]\n"
      "    print(g.getAttribute('data-n') + '\\t' + g.getAttribute('data-w') + '\\t' + rect.getAttribute('width'))\n";
  const auto result = testing::run_program({"/usr/bin/python3", "-c", script, path.string()});
  std::filesystem::remove(path);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::map<std::string, std::pair<double, double>> frames;
  std::istringstream lines(result.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string name;
    std::string samples;
    std::string width;
    std::getline(fields, name, '\t');
    std::getline(fields, samples, '\t');
    std::getline(fields, width, '\t');
    frames[name] = {std::stod(samples), std::stod(width)};
  }
  const double span = style.width - 2 * style.side_padding;
  const std::map<std::string, double> expected{{"all", 100},  {"main", 95}, {"parse", 40}, {"read", 30},
                                               {"compute<int> & <more>", 55}, {"start", 5}};
  ASSERT_EQ(frames.size(), expected.size()) << result.out;
  for (const auto& [name, samples] : expected) {
    ASSERT_TRUE(frames.contains(name)) << name;
    EXPECT_EQ(frames[name].first, samples) << name;
    EXPECT_NEAR(frames[name].second, span * samples / 100, 0.006) << name;
  }
}

TEST(FlameGraphSvg, NoSamplesIsStillAnSvg) {
  const std::string svg = outputs::flame_graph_svg({}, "empty");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_EQ(svg.find("class=\"f\""), std::string::npos);
}

}  // namespace
}  // namespace fleetcast
