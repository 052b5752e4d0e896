#pragma once
// Names for the code addresses of a profiled process, through elfutils' libdwfl: the modules come from a
// copy of the process's /proc/PID/maps (taken while it ran, so a process that has since exited can still
// be symbolised from its files on disk); C++ names are demangled. Cached per address.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

struct Dwfl;

namespace fleetcast {

class Symbolizer {
 public:
  // `maps_text` is the content of /proc/PID/maps.
  explicit Symbolizer(const std::string& maps_text);
  ~Symbolizer();
  Symbolizer(const Symbolizer&) = delete;
  Symbolizer& operator=(const Symbolizer&) = delete;

  // The function containing `address`, or `[unknown in MODULE]` / `[unknown]` when there is no symbol.
  // A return address (every frame but the leaf) points after its call: pass is_return_address to look up
  // the call instruction instead, which may be the last one of its function.
  const std::string& name(std::uint64_t address, bool is_return_address);

  // Whether `address` lies in a mapped file or the vdso: a frame-pointer walk through code built
  // without frame pointers goes on with values that are not.
  bool is_mapped(std::uint64_t address) const;

 private:
  std::string look_up(std::uint64_t address) const;

  Dwfl* dwfl_ = nullptr;
  std::unordered_map<std::uint64_t, std::string> cache_;
};

// `abi::__cxa_demangle`'s name for a mangled C++ symbol, or the symbol as it is.
std::string demangled(const char* symbol);

}  // namespace fleetcast
