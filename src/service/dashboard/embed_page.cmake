# Inlines uPlot and the dashboard's own script and style into page.html and writes the page as a byte
# array in a .cpp defining fleetcast::service::dashboard_page(), so `serve` sends it from memory and
# the browser loads nothing from anywhere else. Run at build time by src/service/CMakeLists.txt:
#   cmake -DTEMPLATE=page.html -DUPLOT_JS=... -DUPLOT_CSS=... -DPAGE_JS=... -DPAGE_CSS=...
#         -DHTML_OUTPUT=dashboard_page.html -DCPP_OUTPUT=dashboard_page.cpp -P embed_page.cmake
foreach(input TEMPLATE UPLOT_JS UPLOT_CSS PAGE_JS PAGE_CSS HTML_OUTPUT CPP_OUTPUT)
  if(NOT DEFINED ${input})
    message(FATAL_ERROR "embed_page.cmake needs -D${input}=...")
  endif()
endforeach()

# Each file becomes the body of an inline element, which the first closing tag of its kind would end.
function(read_inline path closing_tag variable)
  file(READ "${path}" text)
  string(TOLOWER "${text}" lowered)
  string(FIND "${lowered}" "${closing_tag}" position)
  if(NOT position EQUAL -1)
    message(FATAL_ERROR "${path} contains '${closing_tag}', which would end its inline element early")
  endif()
  set(${variable} "${text}" PARENT_SCOPE)
endfunction()
read_inline("${UPLOT_JS}" "</script" UPLOT_JS_TEXT)
read_inline("${PAGE_JS}" "</script" PAGE_JS_TEXT)
read_inline("${UPLOT_CSS}" "</style" UPLOT_CSS_TEXT)
read_inline("${PAGE_CSS}" "</style" PAGE_CSS_TEXT)

file(READ "${TEMPLATE}" page)
foreach(part UPLOT_JS UPLOT_CSS PAGE_JS PAGE_CSS)
  string(FIND "${page}" "@${part}@" position)
  if(position EQUAL -1)
    message(FATAL_ERROR "${TEMPLATE} has no @${part}@ placeholder")
  endif()
  # Replaced one by one (not string(CONFIGURE)) so nothing inside the inlined files is ever substituted.
  string(REPLACE "@${part}@" "${${part}_TEXT}" page "${page}")
endforeach()
file(WRITE "${HTML_OUTPUT}" "${page}")

file(READ "${HTML_OUTPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR page_size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# 16 bytes a line keeps the generated file readable in an editor (CMake's regex has no {16}).
string(REPEAT "0x..," 16 line_of_bytes)
string(REGEX REPLACE "(${line_of_bytes})" "\\1\n" bytes "${bytes}")
file(WRITE "${CPP_OUTPUT}" "// Generated at build time by src/service/dashboard/embed_page.cmake from src/service/dashboard/
// and uPlot (web/node_modules/uplot/dist): edit those, not this file.
#include \"service/dashboard_page.h\"

namespace fleetcast::service {
namespace {

constexpr unsigned char page_bytes[${page_size}] = {
${bytes}
};

}  // namespace

std::string_view dashboard_page() {
  return {reinterpret_cast<const char*>(page_bytes), sizeof page_bytes};
}

}  // namespace fleetcast::service
")
