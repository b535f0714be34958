//===- TensorIO.h - tensors of codes to and from NumPy arrays ---*- C++ -*-===//
//
// How qcc-run and the Python bindings exchange qcost tensors. By default an
// array holds codes in their storage type, the same layout the compiled code
// uses: signed fixed point (and builtin signed integers) as sign-extended
// int8/16/32/64, builtin f32/f16 as float32/float16, every other format as the
// raw code bits in uint8/16/32/64. In "values" mode arrays hold real numbers
// (any numeric dtype in, float64 out), encoded with nearest-even rounding and
// saturation.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_RUNTIME_TENSORIO_H
#define QCC_RUNTIME_TENSORIO_H

#include "qcc/Support/CodeTensor.h"
#include "qcc/Support/Npy.h"

namespace qcc::runtime {

/// The NumPy dtype holding codes of `element`, as (kind, bytes).
std::pair<char, unsigned> getStorageDtype(mlir::Type element);

/// Converts `array` to a tensor of `type`. `what` names the input in errors
/// ("input #0 (x.npy)").
llvm::Expected<CodeTensor> tensorFromArray(const NpyArray &array,
                                           mlir::RankedTensorType type,
                                           bool values, llvm::StringRef what);
NpyArray arrayFromTensor(const CodeTensor &tensor, bool values);

} // namespace qcc::runtime

#endif // QCC_RUNTIME_TENSORIO_H
