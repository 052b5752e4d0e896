#pragma once
// What `fleetcast --version` prints: "fleetcast <version> (<git revision>)", fixed at build time.

namespace fleetcast::cli {

const char* version_line();

}  // namespace fleetcast::cli
