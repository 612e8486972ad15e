// Reading xz-compressed text (the national catalogue ships as .jsonl.xz) with liblzma.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace motcua {

// Decompresses a whole .xz stream (concatenated streams too). Fails with invalid_xz when the
// data is not a complete, valid xz stream.
Result<std::string> DecompressXz(std::string_view compressed);

// Splits text into lines: LF or CRLF ends a line; a final line without its end is kept; no
// empty line is added after a final line end.
std::vector<std::string> SplitLines(std::string_view text);

// The lines of an .xz file. Fails with invalid_xz as above, or file_unreadable (field = path).
Result<std::vector<std::string>> ReadXzLines(const std::string& path);

}  // namespace motcua
