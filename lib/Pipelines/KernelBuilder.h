//===- KernelBuilder.h - what the CPU kernels' emitters share -*- C++ -*-===//
//
// Private to lib/Pipelines: loops, index arithmetic, masked vector reads
// and stores of 16 lanes, and the epilogue on 16 lanes, for the emitters of
// VnniKernels.cpp and DepthwiseKernels.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_PIPELINES_KERNELBUILDER_H
#define QCC_LIB_PIPELINES_KERNELBUILDER_H

#include "VnniKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace qcc::vnni {

class KernelBuilder {
protected:
  KernelBuilder(mlir::OpBuilder &builder, const Contraction &contraction)
      : b(builder), loc(contraction.op->getLoc()), c(contraction) {}

  /// Index constants, made once at the top of the function.
  mlir::Value index(int64_t value) {
    mlir::Value &constant = constants[value];
    if (!constant) {
      mlir::OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(
          &c.op->getParentOfType<mlir::FunctionOpInterface>()
               .getFunctionBody()
               .front());
      constant = mlir::arith::ConstantIndexOp::create(b, loc, value);
    }
    return constant;
  }

  /// `body(iv)` in a loop from 0 to `count` (inline when `count` is 1).
  void loop(int64_t count, int64_t step,
            llvm::function_ref<void(mlir::Value)> body) {
    if (count <= step) {
      body(index(0));
      return;
    }
    mlir::scf::ForOp::create(b, loc, index(0), index(count), index(step),
                             mlir::ValueRange{},
                             [&](mlir::OpBuilder &nested, mlir::Location,
                                 mlir::Value iv, mlir::ValueRange) {
                               mlir::OpBuilder::InsertionGuard guard(b);
                               b.setInsertionPoint(nested.getInsertionBlock(),
                                                   nested.getInsertionPoint());
                               body(iv);
                               mlir::scf::YieldOp::create(b, loc);
                             });
  }

  /// `body(ivs)` in an scf.parallel from 0 to `counts` by `steps` (which
  /// scf-to-openmp runs on the threads).
  void parallelLoop(llvm::ArrayRef<int64_t> counts,
                    llvm::ArrayRef<int64_t> steps,
                    llvm::function_ref<void(mlir::ValueRange)> body) {
    llvm::SmallVector<mlir::Value> lower, upper, step;
    for (auto [count, by] : llvm::zip(counts, steps)) {
      lower.push_back(index(0));
      upper.push_back(index(count));
      step.push_back(index(by));
    }
    mlir::scf::ParallelOp::create(
        b, loc, lower, upper, step,
        [&](mlir::OpBuilder &nested, mlir::Location, mlir::ValueRange ivs) {
          mlir::OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nested.getInsertionBlock(),
                              nested.getInsertionPoint());
          body(ivs);
        });
  }

  // Index arithmetic folds as it is built: most of it is on constants.
  mlir::Value add(mlir::Value x, int64_t y) {
    return b.createOrFold<mlir::arith::AddIOp>(loc, x, index(y));
  }
  mlir::Value add(mlir::Value x, mlir::Value y) {
    return b.createOrFold<mlir::arith::AddIOp>(loc, x, y);
  }
  mlir::Value mul(mlir::Value x, int64_t y) {
    return b.createOrFold<mlir::arith::MulIOp>(loc, x, index(y));
  }

  llvm::SmallVector<mlir::Value>
  outputIndices(mlir::ValueRange outer, mlir::Value pixel, mlir::Value filter) {
    llvm::SmallVector<mlir::Value> indices(outer);
    indices.push_back(pixel);
    indices.push_back(filter);
    return indices;
  }

  mlir::Value mask(int64_t lanes) {
    return mlir::vector::ConstantMaskOp::create(
        b, loc, mlir::VectorType::get({kLanes}, b.getI1Type()),
        llvm::ArrayRef<int64_t>{lanes});
  }

  /// Stores `value` into `memref` at `at` (its first `lanes` only when
  /// `lanes` is not 0). One lane is a scalar store: LLVM 22 turns a one-lane
  /// masked store of a truncated vector (i32 lanes to i8) into a 4-byte
  /// `vmovss`, which writes 3 bytes past the lane.
  void storeLanes(mlir::Value value, mlir::Value memref, mlir::ValueRange at,
                  int64_t lanes) {
    if (lanes == 0) {
      mlir::vector::StoreOp::create(b, loc, value, memref, at);
    } else if (lanes == 1) {
      mlir::Value first = mlir::vector::ExtractOp::create(
          b, loc, value, llvm::ArrayRef<int64_t>{0});
      mlir::memref::StoreOp::create(b, loc, first, memref, at);
    } else {
      mlir::vector::MaskedStoreOp::create(b, loc, memref, at, mask(lanes),
                                          value);
    }
  }

  /// A vector of 16 values read from `memref` at `at` (the first `lanes`
  /// only, the others zero, when `lanes` is not 0).
  mlir::Value readLanes(mlir::Value memref, mlir::ValueRange at,
                        int64_t lanes) {
    auto type = mlir::VectorType::get(
        {kLanes},
        llvm::cast<mlir::MemRefType>(memref.getType()).getElementType());
    if (lanes == 0)
      return mlir::vector::LoadOp::create(b, loc, type, memref, at);
    mlir::Value zeros = mlir::arith::ConstantOp::create(
        b, loc,
        mlir::DenseElementsAttr::get(type,
                                     b.getZeroAttr(type.getElementType())));
    return mlir::vector::MaskedLoadOp::create(b, loc, type, memref, at,
                                              mask(lanes), zeros);
  }

  /// The epilogue's per-filter and scalar inputs for the 16 filters from
  /// `filter` (null for the others).
  llvm::SmallVector<mlir::Value> epilogueInputs(mlir::Value filter,
                                                int64_t lanes) {
    llvm::SmallVector<mlir::Value> values;
    for (auto [access, input] :
         llvm::zip(c.epilogue.access, c.epilogue.inputs)) {
      mlir::Value value;
      if (access == Epilogue::Access::PerFilter) {
        value = readLanes(input, mlir::ValueRange{filter}, lanes);
      } else if (access == Epilogue::Access::Scalar) {
        mlir::Value scalar =
            mlir::memref::LoadOp::create(b, loc, input, mlir::ValueRange{});
        value = mlir::vector::BroadcastOp::create(
            b, loc, mlir::VectorType::get({kLanes}, scalar.getType()), scalar);
      }
      values.push_back(value);
    }
    return values;
  }

  /// The epilogue's body on 16 lanes: the sums `acc`, the element inputs
  /// read at `at`, the others from `perFilter`.
  mlir::Value applyEpilogue(llvm::ArrayRef<mlir::Value> perFilter,
                            mlir::ValueRange at, mlir::Value acc,
                            int64_t lanes) {
    mlir::Block &body = c.epilogue.op->getRegion(0).front();
    mlir::IRMapping map;
    for (auto [index, access] : llvm::enumerate(c.epilogue.access)) {
      mlir::Value value = perFilter[index];
      if (access == Epilogue::Access::Sums)
        value = acc;
      else if (access == Epilogue::Access::Element)
        value = readLanes(c.epilogue.inputs[index], at, lanes);
      map.map(body.getArgument(index), value);
    }
    return vectorizeEpilogueBody(b, loc, c.epilogue, map);
  }

  /// A tile's sums, `rows` x `blocks` vectors (row-major), stored into
  /// the output or, with an epilogue, through it into its result; `at(i,
  /// j)` the indices of row `i`, block `j`, whose first `lanes[j]` lanes
  /// count (0: all). With `scratch` (memref<R x 4 x 16 x i32>, R at least
  /// `rows`), the sums are parked there and the epilogue runs in a loop
  /// over rows: one copy of its body per block, not one per accumulator,
  /// which keeps the IR (and compile time) small.
  void finishTile(
      llvm::ArrayRef<mlir::Value> sums, int64_t rows, int64_t blocks,
      llvm::ArrayRef<mlir::Value> filterAt, llvm::ArrayRef<int64_t> lanes,
      llvm::function_ref<llvm::SmallVector<mlir::Value>(mlir::Value, int64_t)>
          at,
      mlir::Value scratch) {
    mlir::Value target = c.epilogue ? c.epilogue.result : c.output;
    bool parked = c.epilogue && scratch && rows > 1;
    if (parked)
      for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < blocks; ++j)
          mlir::vector::StoreOp::create(
              b, loc, sums[i * blocks + j], scratch,
              mlir::ValueRange{index(i), index(j), index(0)});
    for (int64_t j = 0; j < blocks; ++j) {
      llvm::SmallVector<mlir::Value> perFilter;
      if (c.epilogue)
        perFilter = epilogueInputs(filterAt[j], lanes[j]);
      auto finish = [&](mlir::Value i, mlir::Value sum) {
        llvm::SmallVector<mlir::Value> indices = at(i, j);
        if (c.epilogue)
          sum = applyEpilogue(perFilter, indices, sum, lanes[j]);
        storeLanes(sum, target, indices, lanes[j]);
      };
      if (!parked) {
        for (int64_t i = 0; i < rows; ++i)
          finish(index(i), sums[i * blocks + j]);
        continue;
      }
      loop(rows, 1, [&](mlir::Value i) {
        auto type = mlir::cast<mlir::VectorType>(sums[0].getType());
        finish(i, mlir::vector::LoadOp::create(
                      b, loc, type, scratch,
                      mlir::ValueRange{i, index(j), index(0)}));
      });
    }
  }

  mlir::OpBuilder &b;
  mlir::Location loc;
  const Contraction &c;
  llvm::DenseMap<int64_t, mlir::Value> constants;
};

} // namespace qcc::vnni

#endif // QCC_LIB_PIPELINES_KERNELBUILDER_H
