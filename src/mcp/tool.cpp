#include "mcp/tool.h"

namespace fleetcast::mcp {

Json tool_result_schema(const Tool& tool) {
  return Json{{"type", "object"},
              {"properties",
               {{tool.name, tool.output_schema},
                {"warnings",
                 {{"type", "array"},
                  {"items", {{"type", "string"}}},
                  {"description", "What `fleetcast " + tool.name + "` prints as warnings on stderr (skipped lines, filled gaps)"}}}}},
              {"required", {tool.name, "warnings"}}};
}

}  // namespace fleetcast::mcp
