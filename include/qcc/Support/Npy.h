//===- Npy.h - read and write NumPy .npy files ------------------*- C++ -*-===//
//
// The runner's file format: NumPy's .npy (format versions 1.0 to 3.0),
// little-endian, C order. Only the dtypes qcc exchanges are accepted: bool,
// signed and unsigned integers of 1, 2, 4 and 8 bytes, float16/32/64.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_SUPPORT_NPY_H
#define QCC_SUPPORT_NPY_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qcc {

struct NpyArray {
  /// 'b' (bool), 'i' (signed), 'u' (unsigned) or 'f' (float).
  char kind = 'f';
  /// Bytes per element.
  unsigned itemSize = 4;
  llvm::SmallVector<int64_t> shape;
  /// Little-endian element bytes, row-major.
  std::vector<char> data;

  int64_t getNumElements() const;
  /// NumPy's name of the dtype: "int8", "float32", ...
  std::string dtypeName() const;
  /// Element i as a signed/unsigned 64-bit integer or a double; the caller
  /// picks the accessor matching `kind`.
  int64_t getInt(int64_t i) const;
  uint64_t getUInt(int64_t i) const;
  double getFloat(int64_t i) const;
  void setBits(int64_t i, uint64_t bits);
};

/// Reads `path`; the error names the file and what is wrong with it.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &array);

} // namespace qcc

#endif // QCC_SUPPORT_NPY_H
