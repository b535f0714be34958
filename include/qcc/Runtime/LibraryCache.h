//===- LibraryCache.h - compiled libraries kept on disk ---------*- C++ -*-===//
//
// The cache CompiledModule keeps its shared libraries in (docs/running.md):
// entries named by a SHA-256 of what determines the library, at two levels,
// the module as given (with the options and qcc's own identity: a hit skips
// the lowering too) and the bitcode clang builds from (a hit skips clang).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_RUNTIME_LIBRARYCACHE_H
#define QCC_RUNTIME_LIBRARYCACHE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SHA256.h"

#include <optional>
#include <string>

namespace qcc::runtime {

class LibraryCache {
public:
  /// The cache in `directory`, else $QCC_CACHE_DIR, else
  /// $XDG_CACHE_HOME/qcc, else ~/.cache/qcc; none if that is "none".
  static std::optional<LibraryCache> open(llvm::StringRef directory);

  /// The entry of what `describe` hashes.
  std::string entry(llvm::function_ref<void(llvm::SHA256 &)> describe) const;

  /// Copies `entry` to `destination`; false if it is not there.
  bool fetch(llvm::StringRef entry, llvm::StringRef destination) const;

  /// Stores `library` as `entry` (a unique name, then renamed, so that a
  /// concurrent reader sees all of it or nothing); failures are ignored.
  void store(llvm::StringRef library, llvm::StringRef entry) const;

  /// Adds a file's identity (path, size, modification time) to `hasher`.
  static void hashFile(llvm::SHA256 &hasher, llvm::StringRef path);

  /// Adds the identity of the binary that holds `code` (qcc-run, the Python
  /// extension, libMLIR.so, ...) to `hasher`: a rebuilt compiler may lower
  /// differently.
  static void hashBinaryOf(llvm::SHA256 &hasher, const void *code);

private:
  explicit LibraryCache(std::string directory)
      : directory(std::move(directory)) {}
  std::string directory;
};

} // namespace qcc::runtime

#endif // QCC_RUNTIME_LIBRARYCACHE_H
