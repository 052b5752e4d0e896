#pragma once
// Markdown tables for human output: columns padded so the raw text reads well in a terminal too.
#include <string>
#include <vector>

namespace fleetcast::outputs {

enum class Align { left, right };

struct MarkdownTable {
  std::vector<std::string> headers;
  std::vector<Align> align;                 // per column; missing entries are left-aligned
  std::vector<std::vector<std::string>> rows;

  std::string render() const;
};

// A one-line sparkline of values, one block character per value, scaled from min to max.
std::string sparkline(const std::vector<double>& values);

}  // namespace fleetcast::outputs
