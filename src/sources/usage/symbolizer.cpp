#include "sources/usage/symbolizer.h"

#include <cxxabi.h>
#include <elfutils/libdwfl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace fleetcast {
namespace {

const Dwfl_Callbacks kProcessCallbacks = {
    .find_elf = dwfl_linux_proc_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = nullptr,
    .debuginfo_path = nullptr,
};

// A folded stack separates frames with ';' and ends with " count": a ';' inside a name would split it.
std::string folded_safe(std::string name) {
  std::replace(name.begin(), name.end(), ';', ':');
  std::replace(name.begin(), name.end(), '\n', ' ');
  return name;
}

}  // namespace

std::string demangled(const char* symbol) {
  int status = 0;
  char* plain = abi::__cxa_demangle(symbol, nullptr, nullptr, &status);
  if (status != 0 || plain == nullptr) return symbol;
  std::string name(plain);
  std::free(plain);
  return name;
}

Symbolizer::Symbolizer(const std::string& maps_text) {
  dwfl_ = dwfl_begin(&kProcessCallbacks);
  if (dwfl_ == nullptr || maps_text.empty()) return;
  // fmemopen needs a writable buffer pointer in older glibc prototypes; it only reads it in "r" mode.
  std::string buffer = maps_text;
  std::FILE* maps = fmemopen(buffer.data(), buffer.size(), "r");
  if (maps == nullptr) return;
  dwfl_report_begin(dwfl_);
  dwfl_linux_proc_maps_report(dwfl_, maps);
  dwfl_report_end(dwfl_, nullptr, nullptr);
  std::fclose(maps);
}

Symbolizer::~Symbolizer() {
  if (dwfl_ != nullptr) dwfl_end(dwfl_);
}

const std::string& Symbolizer::name(std::uint64_t address, bool is_return_address) {
  const std::uint64_t lookup = is_return_address && address > 0 ? address - 1 : address;
  auto found = cache_.find(lookup);
  if (found == cache_.end()) found = cache_.emplace(lookup, folded_safe(look_up(lookup))).first;
  return found->second;
}

bool Symbolizer::is_mapped(std::uint64_t address) const {
  return dwfl_ != nullptr && dwfl_addrmodule(dwfl_, address) != nullptr;
}

std::string Symbolizer::look_up(std::uint64_t address) const {
  if (dwfl_ == nullptr) return "[unknown]";
  Dwfl_Module* module = dwfl_addrmodule(dwfl_, address);
  if (module == nullptr) return "[unknown]";
  GElf_Off offset = 0;
  GElf_Sym symbol;
  const char* symbol_name = dwfl_module_addrinfo(module, address, &offset, &symbol, nullptr, nullptr, nullptr);
  if (symbol_name != nullptr && symbol_name[0] != '\0') return demangled(symbol_name);
  const char* module_name = dwfl_module_info(module, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr);
  if (module_name == nullptr) return "[unknown]";
  return "[unknown in " + std::filesystem::path(module_name).filename().string() + "]";
}

}  // namespace fleetcast
