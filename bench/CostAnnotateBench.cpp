//===- CostAnnotateBench.cpp - throughput of qcost-annotate-cost ----------===//
//
// Builds synthetic qcost modules of N ops (a chain of conv2d -> batch_norm ->
// clip -> quantize blocks), then times, in the same run:
//   - parsing the module and verifying it (MLIR's own linear walks: the
//     anchor the annotation is compared with),
//   - analyzeCost alone, and the whole qcost-annotate-cost pass (analysis +
//     one attribute per op),
//   - the text and JSON reports of every op (written, buffered, to
//     /dev/null, as qcc-opt writes a report file).
// Prints ops/s and the ratio to verification for each size, so linear
// scaling shows as constant ops/s.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCost/Analysis/CostReport.h"
#include "qcc/Dialect/QCost/Transforms/Passes.h"
#include "qcc/InitAllDialects.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>

using namespace mlir;

namespace {

/// One conv2d -> batch_norm -> clip -> quantize block on 1 x h x 8 x 16
/// activations, in the function being built in `text`.
void appendBlock(std::string &text, int index, int height) {
  std::string shape = "tensor<1x" + std::to_string(height) + "x8x16x";
  std::string act = shape + "!qcost.ufixed<4, 0>>";
  std::string acc = shape + "!qcost.fixed<16, 0>>";
  std::string f32 = shape + "f32>";
  std::string n = std::to_string(index);
  text += "  %c" + n + " = qcost.conv2d %x" + n +
          ", %w padding [1, 1, 1, 1] : (" + act +
          ", tensor<3x3x16x16x!qcost.fixed<4, 0>>) -> " + acc + "\n";
  text += "  %b" + n + " = qcost.batch_norm %c" + n + ", %p, %p, %p, %p : (" +
          acc +
          ", tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, "
          "tensor<16xf32>) -> " +
          f32 + "\n";
  text += "  %r" + n + " = qcost.clip %b" + n + " min 0.0 max 6.0 : (" + f32 +
          ") -> " + f32 + "\n";
  text += "  %x" + std::to_string(index + 1) + " = qcost.quantize %r" + n +
          " scale(%s) : (" + f32 + ", tensor<f32>) -> " + act + "\n";
}

std::string functionHeader(const std::string &name, int height) {
  std::string act =
      "tensor<1x" + std::to_string(height) + "x8x16x!qcost.ufixed<4, 0>>";
  return "func.func @" + name + "(%x0: " + act +
         ", %w: tensor<3x3x16x16x!qcost.fixed<4, 0>>, %p: tensor<16xf32>, "
         "%s: tensor<f32>) -> " +
         act + " {\n";
}

/// `blocks` x 4 qcost ops. Repeated: one chain of identical blocks, so every
/// block costs the same. Distinct: one function per block, block i on
/// 1 x (i + 1) x 8 x 16 tensors, so no two blocks cost the same (the worst
/// case for the pass's per-cost attribute cache).
std::string makeModule(int blocks, bool distinct) {
  std::string text;
  if (!distinct) {
    text = functionHeader("chain", 8);
    for (int i = 0; i < blocks; ++i)
      appendBlock(text, i, 8);
    return text + "  return %x" + std::to_string(blocks) +
           " : tensor<1x8x8x16x!qcost.ufixed<4, 0>>\n}\n";
  }
  for (int i = 0; i < blocks; ++i) {
    text += functionHeader("block" + std::to_string(i), i + 1);
    appendBlock(text, 0, i + 1);
    text += "  return %x1 : tensor<1x" + std::to_string(i + 1) +
            "x8x16x!qcost.ufixed<4, 0>>\n}\n";
  }
  return text;
}

template <typename Fn> double seconds(Fn fn) {
  auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

} // namespace

int main(int argc, char **argv) {
  DialectRegistry registry;
  qcc::registerQCCDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  context.disableMultithreading();

  // qcc-cost-bench [--distinct] [ops...]
  bool distinct = false;
  llvm::SmallVector<int> sizes;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--distinct")
      distinct = true;
    else
      sizes.push_back(std::atoi(argv[i]) / 4);
  }
  if (sizes.empty())
    sizes = {2500, 12500, 25000, 50000};
  llvm::outs() << llvm::format(
      "%8s %8s %8s %9s %10s %14s %10s %10s %14s %14s\n", "ops", "parse s",
      "verify s", "analyze s", "annotate s", "annotate op/s", "text s",
      "json s", "report op/s", "annotate/verify");
  for (int blocks : sizes) {
    std::string source = makeModule(blocks, distinct);
    OwningOpRef<ModuleOp> module;
    double parse = seconds(
        [&] { module = parseSourceString<ModuleOp>(source, &context); });
    if (!module) {
      llvm::errs() << "failed to parse the synthetic module\n";
      return 1;
    }
    double verifyTime = seconds([&] { (void)verify(*module); });
    const auto *model = qcc::qcost::lookupCostModel("ace-v2");
    double analyze =
        seconds([&] { (void)qcc::qcost::analyzeCost(*module, *model); });
    PassManager pm(&context);
    pm.enableVerifier(false);
    pm.addPass(qcc::qcost::createQCostAnnotateCost());
    double annotate = seconds([&] { (void)pm.run(*module); });
    // Reports: one analysis keeping every row, then both formats.
    std::error_code error;
    llvm::raw_fd_ostream null("/dev/null", error);
    double text = seconds([&] {
      auto report = qcc::qcost::analyzeCost(*module, *model);
      qcc::qcost::printCostTable(report, null, /*topN=*/10);
    });
    double json = seconds([&] {
      auto report = qcc::qcost::analyzeCost(*module, *model);
      qcc::qcost::printCostJson(report, null);
    });
    int64_t ops = 4 * int64_t(blocks);
    llvm::outs() << llvm::format(
        "%8lld %8.3f %8.3f %9.3f %10.3f %14.0f %10.3f %10.3f %14.0f %14.2f\n",
        (long long)ops, parse, verifyTime, analyze, annotate, ops / annotate,
        text, json, ops / std::max(text, json), annotate / verifyTime);
  }
  return 0;
}
