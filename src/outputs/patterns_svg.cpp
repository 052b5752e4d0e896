#include "outputs/patterns_svg.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>

#include "outputs/patterns_output.h"
#include "outputs/xml_text.h"

namespace fleetcast::outputs {
namespace {

constexpr double kWidth = 900;
constexpr double kLeft = 70, kTop = 60;
constexpr double kCellWidth = 32, kCellHeight = 26;
constexpr double kBarsHeight = 180;
constexpr double kLegendRow = 18;
// ColorBrewer's sequential "YlOrRd" stops, light (quiet) to dark (busy).
constexpr std::array<std::array<int, 3>, 5> kScale = {{{255, 255, 178}, {254, 204, 92}, {253, 141, 60}, {240, 59, 32}, {189, 0, 38}}};
constexpr std::array kCallerColors = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string scale_color(double fraction) {
  const double position = std::clamp(fraction, 0.0, 1.0) * (kScale.size() - 1);
  const auto low = std::min(static_cast<std::size_t>(position), kScale.size() - 2);
  const double blend = position - static_cast<double>(low);
  std::array<int, 3> rgb{};
  for (std::size_t i = 0; i < 3; ++i) {
    rgb[i] = static_cast<int>(std::lround(kScale[low][i] + (kScale[low + 1][i] - kScale[low][i]) * blend));
  }
  return fmt::format("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
}

std::string level_label(double value) {
  if (std::abs(value) >= 100) return fmt::format("{:.0f}", value);
  return fmt::format("{:.3g}", value);
}

std::string hour_labels(double y) {
  std::string svg = "<g fill=\"#333333\" text-anchor=\"middle\">\n";
  for (std::size_t hour = 0; hour < models::kHoursPerDay; ++hour) {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", kLeft + (static_cast<double>(hour) + 0.5) * kCellWidth, y, hour);
  }
  return svg + "</g>\n";
}

// The heatmap, its axis labels and colour scale from y = top; returns the y below it.
double draw_heatmap(const models::WorkloadPatterns& patterns, double top, std::string& svg) {
  std::vector<std::pair<std::string, std::array<double, models::kHoursPerDay>>> rows;
  if (patterns.weekly) {
    for (std::size_t day = 0; day < models::kDaysPerWeek; ++day) rows.emplace_back(weekday_name(day), patterns.weekly->mean[day]);
  } else {
    rows.emplace_back("all days", patterns.hour_of_day_mean);
  }
  // NaN cells (a local hour skipped when clocks go forward) are left out of the scale and drawn grey.
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (const auto& row : rows) {
    for (const double value : row.second) {
      if (std::isnan(value)) continue;
      low = std::min(low, value);
      high = std::max(high, value);
    }
  }
  const double range = high > low ? high - low : 1;
  svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-weight=\"bold\">Mean per hour by {}hour of day ({})</text>\n", kLeft,
                     top - 26, patterns.weekly ? "weekday and " : "", xml_escaped(patterns.timezone));
  svg += hour_labels(top - 6);
  svg += "<g class=\"heatmap\" stroke=\"white\" stroke-width=\"1\">\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double y = top + static_cast<double>(r) * kCellHeight;
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" stroke=\"none\" fill=\"#333333\">{}</text>\n",
                       kLeft - 8, y + kCellHeight / 2 + 4, xml_escaped(rows[r].first));
    for (std::size_t hour = 0; hour < models::kHoursPerDay; ++hour) {
      const double value = rows[r].second[hour];
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {:02}:00 {}: {}</title></rect>\n",
                         kLeft + static_cast<double>(hour) * kCellWidth, y, kCellWidth, kCellHeight,
                         std::isnan(value) ? std::string("#dddddd") : scale_color((value - low) / range),
                         xml_escaped(rows[r].first), hour, xml_escaped(patterns.timezone),
                         std::isnan(value) ? std::string("no such hour") : level_label(value));
    }
  }
  svg += "</g>\n";
  const double bottom = top + static_cast<double>(rows.size()) * kCellHeight;
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#333333\">hour of day ({})</text>\n",
                     kLeft + kCellWidth * models::kHoursPerDay / 2, bottom + 18, xml_escaped(patterns.timezone));

  // The colour scale: a gradient with the lowest and highest cell means at its ends.
  const double scale_y = bottom + 34, scale_width = 240;
  svg += "<defs><linearGradient id=\"demand-scale\">";
  for (std::size_t i = 0; i < kScale.size(); ++i) {
    const double offset = static_cast<double>(i) / static_cast<double>(kScale.size() - 1);
    svg += fmt::format("<stop offset=\"{:.2f}\" stop-color=\"{}\"/>", offset, scale_color(offset));
  }
  svg += "</linearGradient></defs>\n";
  svg += fmt::format("<rect class=\"scale\" x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"12\" fill=\"url(#demand-scale)\" stroke=\"#999999\"/>\n",
                     kLeft, scale_y, scale_width);
  svg += fmt::format("<g fill=\"#333333\"><text x=\"{}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>"
                     "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>"
                     "<text x=\"{}\" y=\"{:.1f}\">mean per hour</text></g>\n",
                     kLeft, scale_y + 26, level_label(low), kLeft + scale_width, scale_y + 26, level_label(high),
                     kLeft + scale_width + 12, scale_y + 10);
  return scale_y + 40;
}

// Stacked bars of each caller's share by hour of day from y = top; returns the y below them.
double draw_shares(const models::WorkloadPatterns& patterns, const std::string& title,
                   const std::function<const models::HourOfDayValues&(const models::CallerShares&)>& shares_of, double top,
                   std::string& svg) {
  svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-weight=\"bold\">{}</text>\n", kLeft, top - 26, xml_escaped(title));
  svg += hour_labels(top + kBarsHeight + 16);
  svg += "<g fill=\"#333333\" text-anchor=\"end\">";
  for (const int percent : {0, 50, 100}) {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}%</text>", kLeft - 8, top + kBarsHeight * (1 - percent / 100.0) + 4, percent);
  }
  svg += "</g>\n<g class=\"shares\">\n";
  for (std::size_t hour = 0; hour < models::kHoursPerDay; ++hour) {
    double stacked = 0;
    for (std::size_t c = 0; c < patterns.callers.size(); ++c) {
      const auto& share = shares_of(patterns.callers[c])[hour];
      if (!share || *share <= 0) continue;
      const double height = *share * kBarsHeight;
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"><title>{} {:02}:00 {}: {:.1f}%</title></rect>\n",
                         kLeft + static_cast<double>(hour) * kCellWidth + 2, top + kBarsHeight - stacked - height, kCellWidth - 4,
                         height, kCallerColors[c % kCallerColors.size()], xml_escaped(patterns.callers[c].caller), hour,
                         xml_escaped(patterns.timezone), *share * 100);
      stacked += height;
    }
  }
  svg += "</g>\n";
  return top + kBarsHeight + 30;
}

double draw_caller_legend(const models::WorkloadPatterns& patterns, double top, std::string& svg) {
  svg += "<g class=\"legend\" fill=\"#333333\">\n";
  for (std::size_t c = 0; c < patterns.callers.size(); ++c) {
    const double y = top + static_cast<double>(c) * kLegendRow;
    svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{:.1f}\">{}</text>\n", kLeft,
                       y, kCallerColors[c % kCallerColors.size()], kLeft + 18, y + 10, xml_escaped(patterns.callers[c].caller));
  }
  svg += "</g>\n";
  return top + static_cast<double>(patterns.callers.size()) * kLegendRow + 10;
}

}  // namespace

std::string patterns_svg(const models::WorkloadPatterns& patterns) {
  std::string body;
  double y = draw_heatmap(patterns, kTop + 40, body);
  if (!patterns.callers.empty()) {
    y = draw_shares(patterns, fmt::format("Share of requests by caller and hour of day ({})", patterns.timezone),
                    [](const models::CallerShares& caller) -> const models::HourOfDayValues& { return caller.request_share; }, y + 40,
                    body);
    y = draw_shares(patterns, fmt::format("Share of tokens by caller and hour of day ({})", patterns.timezone),
                    [](const models::CallerShares& caller) -> const models::HourOfDayValues& { return caller.token_share; }, y + 40,
                    body);
    y = draw_caller_legend(patterns, y, body);
  }
  const double height = y + 10;
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1:.0f}\" viewBox=\"0 0 {0} {1:.0f}\" "
                     "font-family=\"sans-serif\" font-size=\"12\">\n"
                     "<title>Workload patterns of {2}</title>\n"
                     "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1:.0f}\" fill=\"white\"/>\n"
                     "<text x=\"{3}\" y=\"28\" font-size=\"15\" font-weight=\"bold\">Workload patterns: {2}</text>\n"
                     "<text x=\"{3}\" y=\"46\" fill=\"#555555\">{4} hours from {5} to {6}</text>\n{7}</svg>\n",
                     kWidth, height, xml_escaped(patterns.name), kLeft, patterns.hours, format_iso8601(patterns.first_hour),
                     format_iso8601(patterns.last_hour), body);
}

}  // namespace fleetcast::outputs
