#pragma once
// The dashboard served at `/`: one self-contained HTML page with uPlot, the page's script and its style
// inlined at build time (src/service/dashboard/), so the server reads nothing from disk and the browser
// loads nothing but the API of the server that sent it.
#include <string_view>

namespace fleetcast::service {

std::string_view dashboard_page();

}  // namespace fleetcast::service
