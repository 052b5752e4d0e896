#pragma once
// The text of a command's --json output: the library's, so `serve` answers with the same bytes.
#include "outputs/json_text.h"

namespace fleetcast::cli {

using outputs::json_text;

}  // namespace fleetcast::cli
