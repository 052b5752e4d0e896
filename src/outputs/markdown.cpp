#include "outputs/markdown.h"

#include <algorithm>
#include <cstddef>

namespace fleetcast::outputs {
namespace {

// Display width of UTF-8 text: one column per code point (enough for the text fleetcast prints).
std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (const unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

std::string pad(const std::string& text, std::size_t width, Align align) {
  const std::size_t fill = width > display_width(text) ? width - display_width(text) : 0;
  return align == Align::right ? std::string(fill, ' ') + text : text + std::string(fill, ' ');
}

}  // namespace

std::string MarkdownTable::render() const {
  const std::size_t columns = headers.size();
  std::vector<std::size_t> widths(columns, 3);
  for (std::size_t c = 0; c < columns; ++c) widths[c] = std::max(widths[c], display_width(headers[c]));
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < columns && c < row.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  auto alignment = [&](std::size_t c) { return c < align.size() ? align[c] : Align::left; };
  std::string out = "|";
  // Appended piece by piece: GCC 12 warns -Wrestrict (falsely) on `" " + std::string&&` at -O3.
  for (std::size_t c = 0; c < columns; ++c) out.append(" ").append(pad(headers[c], widths[c], Align::left)).append(" |");
  out += "\n|";
  for (std::size_t c = 0; c < columns; ++c) {
    const bool right = alignment(c) == Align::right;
    out.append(" ").append(right ? widths[c] - 1 : widths[c], '-').append(right ? ": |" : " |");
  }
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (std::size_t c = 0; c < columns; ++c) {
      std::string cell = c < row.size() ? row[c] : "";
      std::replace(cell.begin(), cell.end(), '|', '/');
      // Appended piece by piece: `" " + pad(...)` trips GCC 12's false -Wrestrict at -O3 in a unity build.
      out += ' ';
      out += pad(cell, widths[c], alignment(c));
      out += " |";
    }
    out += "\n";
  }
  return out;
}

std::string sparkline(const std::vector<double>& values) {
  static const char* const kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  if (values.empty()) return "";
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  std::string line;
  for (const double value : values) {
    const double span = *high - *low;
    const int level = span > 0 ? static_cast<int>((value - *low) / span * 7.0 + 0.5) : 0;
    line += kBlocks[std::clamp(level, 0, 7)];
  }
  return line;
}

}  // namespace fleetcast::outputs
