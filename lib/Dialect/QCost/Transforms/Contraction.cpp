//===- Contraction.cpp - the dot products of conv2d, matmul, dense --------===//

#include "qcc/Dialect/QCost/Transforms/Contraction.h"

#include "qcc/Dialect/QCost/IR/QCostOps.h"

#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace qcc::qcost;

std::optional<Contraction> qcc::qcost::getContraction(Operation *op) {
  auto dim = [](Value v, int64_t i) {
    return cast<RankedTensorType>(v.getType()).getDimSize(i);
  };
  return TypeSwitch<Operation *, std::optional<Contraction>>(op)
      .Case([&](Conv2DOp conv) -> std::optional<Contraction> {
        Value filter = conv.getFilter();
        return Contraction{conv.getInput(), filter, conv.getBias(),
                           conv.getResult(),
                           dim(filter, 0) * dim(filter, 1) * dim(filter, 2)};
      })
      .Case([&](MatmulOp matmul) -> std::optional<Contraction> {
        Value lhs = matmul.getLhs();
        int64_t rank = cast<RankedTensorType>(lhs.getType()).getRank();
        return Contraction{lhs, matmul.getRhs(), Value(), matmul.getResult(),
                           dim(lhs, rank - 1)};
      })
      .Case([&](DenseOp dense) -> std::optional<Contraction> {
        return Contraction{dense.getInput(), dense.getWeight(), dense.getBias(),
                           dense.getResult(), dim(dense.getWeight(), 0)};
      })
      .Default([](Operation *) { return std::nullopt; });
}

std::optional<std::pair<long double, long double>>
qcc::qcost::getWorstCaseSum(Type lhs, Type rhs, int64_t length,
                            int lsbExponent) {
  std::optional<IntegerEnvelope> lhsEnv = getIntegerEnvelope(lhs);
  std::optional<IntegerEnvelope> rhsEnv = getIntegerEnvelope(rhs);
  if (!lhsEnv || !rhsEnv)
    return std::nullopt;
  long double corners[] = {lhsEnv->minMultiple * rhsEnv->minMultiple,
                           lhsEnv->minMultiple * rhsEnv->maxMultiple,
                           lhsEnv->maxMultiple * rhsEnv->minMultiple,
                           lhsEnv->maxMultiple * rhsEnv->maxMultiple};
  int shift = lhsEnv->lsbExponent + rhsEnv->lsbExponent - lsbExponent;
  long double k = length;
  return std::pair{
      std::ldexp(*std::min_element(std::begin(corners), std::end(corners)),
                 shift) *
          k,
      std::ldexp(*std::max_element(std::begin(corners), std::end(corners)),
                 shift) *
          k};
}
