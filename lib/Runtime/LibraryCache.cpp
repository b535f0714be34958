//===- LibraryCache.cpp - compiled libraries kept on disk -----------------===//

#include "qcc/Runtime/LibraryCache.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdlib>
#include <dlfcn.h>

using namespace qcc::runtime;
using llvm::StringRef;

std::optional<LibraryCache> LibraryCache::open(StringRef directory) {
  std::string path = directory.str();
  if (path.empty()) {
    if (const char *set = getenv("QCC_CACHE_DIR")) {
      path = set;
    } else {
      llvm::SmallString<128> home;
      if (const char *xdg = getenv("XDG_CACHE_HOME"); xdg && *xdg)
        home = xdg;
      else if (const char *user = getenv("HOME"); user && *user)
        llvm::sys::path::append(home, user, ".cache");
      else
        return std::nullopt;
      llvm::sys::path::append(home, "qcc");
      path = std::string(home);
    }
  }
  if (path.empty() || path == "none")
    return std::nullopt;
  return LibraryCache(path);
}

std::string
LibraryCache::entry(llvm::function_ref<void(llvm::SHA256 &)> describe) const {
  llvm::SHA256 hasher;
  describe(hasher);
  llvm::SmallString<128> path(directory);
  llvm::sys::path::append(path, llvm::toHex(hasher.final(), true) + ".so");
  return std::string(path);
}

bool LibraryCache::fetch(StringRef entry, StringRef destination) const {
  return llvm::sys::fs::exists(entry) &&
         !llvm::sys::fs::copy_file(entry, destination);
}

void LibraryCache::store(StringRef library, StringRef entry) const {
  if (llvm::sys::fs::create_directories(directory))
    return;
  llvm::SmallString<128> partial;
  if (!llvm::sys::fs::createUniqueFile(entry + ".%%%%%%.partial", partial) &&
      (llvm::sys::fs::copy_file(library, partial) ||
       llvm::sys::fs::rename(partial, entry)))
    llvm::sys::fs::remove(partial);
}

void LibraryCache::hashFile(llvm::SHA256 &hasher, StringRef path) {
  hasher.update(path);
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(path, status))
    hasher.update(
        std::to_string(status.getSize()) + ":" +
        std::to_string(
            status.getLastModificationTime().time_since_epoch().count()));
  hasher.update(StringRef("\0", 1));
}

void LibraryCache::hashBinaryOf(llvm::SHA256 &hasher, const void *code) {
  Dl_info info;
  if (dladdr(code, &info) && info.dli_fname)
    hashFile(hasher, info.dli_fname);
  else
    hasher.update(StringRef("an unknown binary"));
}
