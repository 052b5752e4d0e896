#pragma once
// Text for the SVG outputs (frontier, heatmap, flame graph): characters XML gives meaning to as entities,
// and the control characters XML 1.0 forbids even as references as spaces.
#include <string>
#include <string_view>

namespace fleetcast::outputs {

std::string xml_escaped(std::string_view text);

}  // namespace fleetcast::outputs
