#include "outputs/frontier_svg.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "outputs/xml_text.h"

namespace fleetcast::outputs {
namespace {

constexpr double kWidth = 760, kHeight = 500;
constexpr double kLeft = 80, kRight = 190, kTop = 50, kBottom = 60;  // margins around the plot
constexpr std::array kColors = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

// Round tick spacing (1, 2 or 5 x 10^k) giving about five ticks over [low, high].
double tick_step(double low, double high) {
  const double raw = (high - low) / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0}) {
    if (factor * magnitude >= raw) return factor * magnitude;
  }
  return 10 * magnitude;
}

struct Axis {
  double low = 0, high = 1, step = 0.2;
  // Padded to whole ticks around the data; a flat range is widened so it still has ticks.
  static Axis around(double low, double high, bool from_zero) {
    if (from_zero) low = std::min(low, 0.0);
    if (!(high > low)) high = low + std::max(1.0, std::abs(low) * 0.1);
    Axis axis;
    axis.step = tick_step(low, high);
    axis.low = std::floor(low / axis.step) * axis.step;
    axis.high = std::ceil(high / axis.step) * axis.step;
    return axis;
  }
};

std::string number_label(double value) {
  if (std::abs(value) >= 10000) return fmt::format("{:.0f}", value);
  return fmt::format("{:g}", std::round(value * 1000) / 1000);
}

}  // namespace

std::string frontier_svg(const std::string& pool, std::optional<TimestampUs> score_from,
                         const std::vector<decisions::PolicyFrontier>& frontiers) {
  bool priced = false;
  double x_low = std::numeric_limits<double>::infinity(), x_high = -x_low, y_high = 0;
  for (const auto& frontier : frontiers) {
    for (const auto& point : frontier.points) priced = priced || point.scores.cost > 0;
  }
  const auto x_of = [priced](const decisions::SimulationScores& scores) { return priced ? scores.cost : scores.replica_hours; };
  for (const auto& frontier : frontiers) {
    for (const auto& point : frontier.points) {
      x_low = std::min(x_low, x_of(point.scores));
      x_high = std::max(x_high, x_of(point.scores));
      y_high = std::max(y_high, point.scores.unserved_pct);
    }
  }
  if (frontiers.empty() || !std::isfinite(x_low)) x_low = x_high = 0;
  const Axis x_axis = Axis::around(x_low, x_high, false);
  const Axis y_axis = Axis::around(0, y_high, true);
  const double plot_width = kWidth - kLeft - kRight, plot_height = kHeight - kTop - kBottom;
  const auto px = [&](double x) { return kLeft + (x - x_axis.low) / (x_axis.high - x_axis.low) * plot_width; };
  const auto py = [&](double y) { return kTop + plot_height - (y - y_axis.low) / (y_axis.high - y_axis.low) * plot_height; };

  std::string svg = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n"
      "<title>Cost against unserved demand per scaling policy, pool {2}</title>\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n"
      "<text x=\"{3}\" y=\"24\" font-size=\"15\" font-weight=\"bold\">Frontier: pool {2}{4}</text>\n",
      kWidth, kHeight, xml_escaped(pool), kLeft,
      score_from ? xml_escaped(", scored from " + format_iso8601(*score_from)) : std::string());

  // Grid, ticks and axis labels.
  svg += "<g stroke=\"#dddddd\" stroke-width=\"1\">\n";
  for (double x = x_axis.low; x <= x_axis.high + x_axis.step / 2; x += x_axis.step) {
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\"/>\n", px(x), kTop, kTop + plot_height);
  }
  for (double y = y_axis.low; y <= y_axis.high + y_axis.step / 2; y += y_axis.step) {
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\"/>\n", kLeft, py(y), kLeft + plot_width);
  }
  svg += "</g>\n<g fill=\"#333333\">\n";
  for (double x = x_axis.low; x <= x_axis.high + x_axis.step / 2; x += x_axis.step) {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", px(x), kTop + plot_height + 18,
                       number_label(x));
  }
  for (double y = y_axis.low; y <= y_axis.high + y_axis.step / 2; y += y_axis.step) {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", kLeft - 8, py(y) + 4,
                       number_label(y));
  }
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", kLeft + plot_width / 2,
                     kHeight - 16, priced ? "cost (replica-hours x price; starting replicas billed)" : "replica-hours");
  svg += fmt::format("<text transform=\"translate(20 {:.1f}) rotate(-90)\" text-anchor=\"middle\">unserved demand (%)</text>\n",
                     kTop + plot_height / 2);
  svg += fmt::format("</g>\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333333\"/>\n", kLeft,
                     kTop, plot_width, plot_height);

  // One group per policy: the line through its efficient points by cost, a dot per setting, the default ringed.
  for (std::size_t i = 0; i < frontiers.size(); ++i) {
    const auto& frontier = frontiers[i];
    const char* color = kColors[i % kColors.size()];
    std::vector<std::pair<double, double>> line;
    for (const auto& point : frontier.points) {
      if (point.efficient) line.emplace_back(px(x_of(point.scores)), py(point.scores.unserved_pct));
    }
    std::sort(line.begin(), line.end());
    svg += fmt::format("<g class=\"policy\" data-policy=\"{}\">\n<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"",
                       xml_escaped(frontier.policy), color);
    for (std::size_t k = 0; k < line.size(); ++k) svg += fmt::format("{}{:.1f},{:.1f}", k ? " " : "", line[k].first, line[k].second);
    svg += "\"/>\n";
    for (const auto& point : frontier.points) {
      svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\" fill-opacity=\"{}\"/>\n",
                         px(x_of(point.scores)), py(point.scores.unserved_pct), point.efficient ? 3 : 2, color,
                         point.efficient ? "1" : "0.35");
    }
    for (const auto& point : frontier.points) {
      if (!point.is_default) continue;
      const double x = px(x_of(point.scores)), y = py(point.scores.unserved_pct);
      if (frontier.policy == "reactive") {
        svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"none\" stroke=\"black\" "
                           "stroke-width=\"2\"/>\n<text x=\"{:.1f}\" y=\"{:.1f}\" font-weight=\"bold\">HPA default</text>\n",
                           x - 6, y - 6, x + 9, y - 9);
      } else {
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"7\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n", x,
                           y, color);
      }
    }
    svg += "</g>\n";
  }

  // Legend.
  const double legend_x = kLeft + plot_width + 20;
  svg += "<g class=\"legend\">\n";
  for (std::size_t i = 0; i < frontiers.size(); ++i) {
    const double y = kTop + 10 + 22 * static_cast<double>(i);
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" stroke-width=\"2\"/>"
                       "<text x=\"{4}\" y=\"{5}\">{6}</text>\n",
                       legend_x, y, legend_x + 24, kColors[i % kColors.size()], legend_x + 30, y + 4, xml_escaped(frontiers[i].policy));
  }
  const double notes_y = kTop + 10 + 22 * static_cast<double>(frontiers.size()) + 10;
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"none\" stroke=\"black\" stroke-width=\"2\"/>"
                     "<text x=\"{}\" y=\"{}\">HPA default</text>\n",
                     legend_x + 6, notes_y - 6, legend_x + 30, notes_y + 4);
  svg += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"none\" stroke=\"#555555\" stroke-width=\"2\"/>"
                     "<text x=\"{}\" y=\"{}\">policy default</text>\n",
                     legend_x + 12, notes_y + 22, legend_x + 30, notes_y + 26);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#555555\">line: efficient settings</text>\n", legend_x,
                     notes_y + 50);
  svg += "</g>\n</svg>\n";
  return svg;
}

}  // namespace fleetcast::outputs
