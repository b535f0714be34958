//===- TensorIO.cpp - tensors of codes to and from NumPy arrays -----------===//

#include "qcc/Runtime/TensorIO.h"

#include "qcc/Dialect/QCost/IR/QCostTypes.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::runtime;

static unsigned storageBytes(unsigned bits) {
  return bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

std::pair<char, unsigned> qcc::runtime::getStorageDtype(Type element) {
  if (element.isF32())
    return {'f', 4};
  if (element.isF16())
    return {'f', 2};
  std::optional<NumberFormat> format = qcost::getNumberFormat(element);
  unsigned bytes = storageBytes(format ? format->getBitWidth() : 64);
  bool isSigned =
      format && format->getKind() == FormatKind::Fixed && format->isSigned();
  return {isSigned ? 'i' : 'u', bytes};
}

static llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<CodeTensor> qcc::runtime::tensorFromArray(const NpyArray &array,
                                                         RankedTensorType type,
                                                         bool values,
                                                         StringRef what) {
  Type element = type.getElementType();
  std::optional<NumberFormat> format = qcost::getNumberFormat(element);
  if (!format)
    return error(what + ": element type " + llvm::formatv("{0}", element) +
                 " has no number format (f64 is not exchanged)");
  if (!llvm::equal(array.shape, type.getShape()))
    return error(what + ": shape " + shapeString(array.shape) +
                 " does not match " + llvm::formatv("{0}", type) +
                 ", which needs " + shapeString(type.getShape()));
  CodeTensor tensor{type, std::vector<uint64_t>(array.getNumElements())};
  unsigned width = format->getBitWidth();
  uint64_t mask = width >= 64 ? ~uint64_t(0) : (uint64_t(1) << width) - 1;
  if (values) {
    for (int64_t i = 0, e = array.getNumElements(); i < e; ++i) {
      double real = array.kind == 'f'   ? array.getFloat(i)
                    : array.kind == 'i' ? double(array.getInt(i))
                                        : double(array.getUInt(i));
      tensor.codes[i] = format->encode(real);
    }
    return tensor;
  }
  auto [kind, bytes] = getStorageDtype(element);
  bool integerStorage = kind != 'f';
  bool acceptable = integerStorage
                        ? array.kind != 'f'
                        : array.kind == 'f' && array.itemSize == bytes;
  if (!acceptable) {
    NpyArray expected;
    expected.kind = kind;
    expected.itemSize = bytes;
    return error(what + ": dtype " + array.dtypeName() +
                 " cannot hold codes of " + llvm::formatv("{0}", element) +
                 "; expected " + expected.dtypeName() +
                 " (or pass real numbers with values mode)");
  }
  bool signedCodes = kind == 'i';
  for (int64_t i = 0, e = array.getNumElements(); i < e; ++i) {
    if (!integerStorage) {
      tensor.codes[i] = array.getUInt(i);
      continue;
    }
    bool fits;
    uint64_t code;
    if (array.kind == 'i' || array.kind == 'b') {
      int64_t v =
          array.kind == 'b' ? int64_t(array.getUInt(i)) : array.getInt(i);
      int64_t lo =
          signedCodes ? (width >= 64 ? INT64_MIN : -(int64_t(1) << (width - 1)))
                      : 0;
      int64_t hi = signedCodes ? (width >= 64 ? INT64_MAX
                                              : (int64_t(1) << (width - 1)) - 1)
                               : (width >= 63 ? INT64_MAX : int64_t(mask));
      fits = v >= lo && v <= hi;
      code = static_cast<uint64_t>(v) & mask;
    } else {
      uint64_t v = array.getUInt(i);
      uint64_t hi = signedCodes ? mask >> 1 : mask;
      fits = v <= hi;
      code = v & mask;
    }
    if (!fits)
      return error(
          what + ": element " + llvm::Twine(i) + " is not a code of " +
          llvm::formatv("{0}", element) + " (" + llvm::Twine(width) +
          (signedCodes ? "-bit two's complement value" : "-bit pattern") +
          " expected)");
    tensor.codes[i] = code;
  }
  return tensor;
}

NpyArray qcc::runtime::arrayFromTensor(const CodeTensor &tensor, bool values) {
  Type element = tensor.type.getElementType();
  NumberFormat format = *qcost::getNumberFormat(element);
  NpyArray array;
  array.shape.assign(tensor.type.getShape().begin(),
                     tensor.type.getShape().end());
  if (values) {
    array.kind = 'f';
    array.itemSize = 8;
  } else {
    std::tie(array.kind, array.itemSize) = getStorageDtype(element);
  }
  array.data.resize(tensor.codes.size() * array.itemSize);
  unsigned width = format.getBitWidth();
  for (size_t i = 0; i < tensor.codes.size(); ++i) {
    uint64_t code = tensor.codes[i];
    if (values) {
      double real = format.decodeToDouble(code);
      uint64_t bits;
      std::memcpy(&bits, &real, 8);
      array.setBits(i, bits);
      continue;
    }
    if (array.kind == 'i' && width < 64 && ((code >> (width - 1)) & 1))
      code |= ~uint64_t(0) << width; // Sign-extend into the storage type.
    array.setBits(i, code);
  }
  return array;
}
