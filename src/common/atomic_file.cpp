#include "common/atomic_file.h"

#include "common/atomic_writer.h"

namespace fleetcast {

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFileWriter writer(path);
  writer.write(content);
  writer.commit();
}

}  // namespace fleetcast
