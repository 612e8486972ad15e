// Files attached to dossiers (giấy tờ đính kèm, bản số hóa): PDF, JPEG or PNG, recognised by their
// content (magic bytes), never by the name or the Content-Type a client claims. Stored
// content-addressed by SHA-256 under one directory (<dir>/ab/abcdef...), written to a temporary
// file, flushed and renamed, so a stored file is always complete and identical uploads share it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace motcua::service {

struct StoredFile {
  std::string sha256;  // lower-case hex
  std::string mime;    // application/pdf, image/jpeg, image/png
  int64_t size_bytes = 0;
};

// The type of `bytes` by signature: "application/pdf" (%PDF-), "image/jpeg" (FF D8 FF),
// "image/png" (89 50 4E 47 0D 0A 1A 0A); nullopt for anything else.
std::optional<std::string> SniffAttachmentType(std::string_view bytes);

class AttachmentStore {
 public:
  // `max_bytes` bounds one file (the HTTP upload limit applies before that).
  AttachmentStore(std::string dir, int64_t max_bytes);

  // Checks type and size, then stores. Failures: Validation "empty_file",
  // UnsupportedMediaType "unsupported_file_type", PayloadTooLarge "file_too_large",
  // Internal on I/O errors.
  Result<StoredFile> Put(std::string_view bytes);
  // Where the file of `sha256` lives (whether or not it exists); empty for a malformed hash.
  std::string PathOf(std::string_view sha256) const;
  bool Exists(std::string_view sha256) const;
  const std::string& dir() const { return dir_; }
  int64_t max_bytes() const { return max_bytes_; }

 private:
  std::string dir_;
  int64_t max_bytes_;
};

}  // namespace motcua::service
