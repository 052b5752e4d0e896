#pragma once
// An interactive flame graph as one self-contained SVG file, after Brendan Gregg's flamegraph.pl: one box
// per frame, its width proportional to the samples under it, callers below callees, siblings in
// alphabetical order; a hover title and details line per frame; a small inline script to search
// (regular expression, matches in magenta with their share) and to zoom into a frame by clicking it.
#include <string>

#include "sources/usage/folded_stacks.h"

namespace fleetcast::outputs {

struct FlameGraphStyle {
  double width = 1200;         // pixels
  double frame_height = 16;
  double side_padding = 10;
  double minimum_frame_width = 0.1;  // narrower frames are left out, as flamegraph.pl does
};

std::string flame_graph_svg(const FoldedStacks& stacks, const std::string& title, const FlameGraphStyle& style = {});

}  // namespace fleetcast::outputs
