// Writing a whole file, with an error that names it.
#pragma once

#include <filesystem>
#include <string_view>

namespace sg {

// Creates or truncates `path` and writes `data` to it, byte for byte.
// Throws Error("WHO: could not write 'PATH': REASON") when that fails, REASON
// being the error of the call that failed ("No space left on device" for a
// full disk, "Is a directory", ...).
void write_file(const std::filesystem::path& path, std::string_view data, std::string_view who);

}  // namespace sg
