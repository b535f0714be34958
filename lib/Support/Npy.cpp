//===- Npy.cpp - read and write NumPy .npy files --------------------------===//

#include "qcc/Support/Npy.h"

#include "qcc/Format/NumberFormat.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace qcc;
using llvm::StringRef;

int64_t NpyArray::getNumElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

std::string NpyArray::dtypeName() const {
  switch (kind) {
  case 'b':
    return "bool";
  case 'i':
    return "int" + std::to_string(itemSize * 8);
  case 'u':
    return "uint" + std::to_string(itemSize * 8);
  default:
    return "float" + std::to_string(itemSize * 8);
  }
}

uint64_t NpyArray::getUInt(int64_t i) const {
  uint64_t bits = 0;
  std::memcpy(&bits, data.data() + i * itemSize, itemSize);
  return bits;
}

int64_t NpyArray::getInt(int64_t i) const {
  uint64_t bits = getUInt(i);
  unsigned width = itemSize * 8;
  if (width < 64 && ((bits >> (width - 1)) & 1))
    bits |= ~uint64_t(0) << width;
  return static_cast<int64_t>(bits);
}

double NpyArray::getFloat(int64_t i) const {
  uint64_t bits = getUInt(i);
  if (itemSize == 2)
    return NumberFormat::minifloat(5, 10).decodeToDouble(bits);
  if (itemSize == 4) {
    float value;
    uint32_t word = static_cast<uint32_t>(bits);
    std::memcpy(&value, &word, 4);
    return value;
  }
  double value;
  std::memcpy(&value, &bits, 8);
  return value;
}

void NpyArray::setBits(int64_t i, uint64_t bits) {
  std::memcpy(data.data() + i * itemSize, &bits, itemSize);
}

static llvm::Error failure(StringRef path, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 path + ": " + message);
}

/// The value of `'key': value` in the header dictionary.
static StringRef headerField(StringRef header, StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == StringRef::npos)
    return {};
  StringRef rest = header.drop_front(at + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return {};
  rest = rest.ltrim();
  if (rest.starts_with("(")) // shape tuple
    return rest.take_until([](char c) { return c == ')'; }).drop_front();
  if (rest.starts_with("'"))
    return rest.drop_front().take_until([](char c) { return c == '\''; });
  return rest.take_until([](char c) { return c == ',' || c == '}'; }).trim();
}

llvm::Expected<NpyArray> qcc::readNpy(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return failure(path, "cannot read: " + buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  if (!bytes.starts_with("\x93NUMPY") || bytes.size() < 10)
    return failure(path, "not a .npy file (missing the \\x93NUMPY magic)");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLength, offset;
  if (major == 1) {
    headerLength = static_cast<unsigned char>(bytes[8]) |
                   (static_cast<unsigned char>(bytes[9]) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return failure(path, "truncated header");
    uint32_t length;
    std::memcpy(&length, bytes.data() + 8, 4);
    headerLength = length;
    offset = 12;
  } else {
    return failure(path,
                   "unsupported .npy format version " + llvm::Twine(major));
  }
  if (bytes.size() < offset + headerLength)
    return failure(path, "truncated header");
  StringRef header = bytes.substr(offset, headerLength);
  StringRef descr = headerField(header, "descr");
  if (headerField(header, "fortran_order") != "False")
    return failure(path, "Fortran-order arrays are not supported; save a "
                         "C-contiguous array");
  NpyArray array;
  if (descr.size() < 3 || (descr[0] != '<' && descr[0] != '|'))
    return failure(path, "unsupported dtype '" + descr +
                             "' (little-endian numbers only)");
  array.kind = descr[1];
  if (descr.drop_front(2).getAsInteger(10, array.itemSize) ||
      !llvm::is_contained(StringRef("biuf"), array.kind) ||
      !llvm::is_contained({1u, 2u, 4u, 8u}, array.itemSize) ||
      (array.kind == 'f' && array.itemSize == 1))
    return failure(path, "unsupported dtype '" + descr + "'");
  StringRef shape = headerField(header, "shape");
  llvm::SmallVector<StringRef> dims;
  shape.split(dims, ',', -1, /*KeepEmpty=*/false);
  for (StringRef dim : dims) {
    int64_t size;
    if (dim.trim().getAsInteger(10, size) || size < 0)
      return failure(path, "bad shape '(" + shape + ")'");
    array.shape.push_back(size);
  }
  size_t expected = array.getNumElements() * array.itemSize;
  StringRef payload = bytes.drop_front(offset + headerLength);
  if (payload.size() != expected)
    return failure(path, "holds " + llvm::Twine(payload.size()) +
                             " data bytes, the header promises " +
                             llvm::Twine(expected));
  array.data.assign(payload.begin(), payload.end());
  return array;
}

llvm::Error qcc::writeNpy(StringRef path, const NpyArray &array) {
  std::string shape = "(";
  for (int64_t dim : array.shape)
    shape += std::to_string(dim) + ", ";
  if (array.shape.size() > 1)
    shape.resize(shape.size() - 2);
  else if (array.shape.size() == 1)
    shape.resize(shape.size() - 1);
  shape += ")";
  char order = array.itemSize == 1 ? '|' : '<';
  std::string header = std::string("{'descr': '") + order + array.kind +
                       std::to_string(array.itemSize) +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad with spaces so the data starts on a 64-byte boundary.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::error_code error;
  llvm::raw_fd_ostream out(path, error, llvm::sys::fs::OF_None);
  if (error)
    return failure(path, "cannot write: " + error.message());
  out << "\x93NUMPY" << char(1) << char(0) << char(header.size() & 0xff)
      << char(header.size() >> 8) << header;
  out.write(array.data.data(), array.data.size());
  return llvm::Error::success();
}
