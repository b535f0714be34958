//===- CostAnnotateBench.cpp - throughput of qcost-annotate-cost ----------===//
//
// Builds synthetic qcost modules of N ops (a chain of conv2d -> batch_norm ->
// clip -> quantize blocks), then times, in the same run:
//   - parsing the module and verifying it (MLIR's own linear walks: the
//     anchor the annotation is compared with),
//   - analyzeCost alone, and the whole qcost-annotate-cost pass (analysis +
//     one attribute per op).
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

#include <chrono>
#include <cstdlib>
#include <string>

using namespace mlir;

namespace {

/// A function of `blocks` x 4 qcost ops.
std::string makeModule(int blocks) {
  const char *act = "tensor<1x8x8x16x!qcost.ufixed<4, 0>>";
  const char *acc = "tensor<1x8x8x16x!qcost.fixed<16, 0>>";
  const char *f32 = "tensor<1x8x8x16xf32>";
  std::string text =
      std::string("func.func @chain(%x0: ") + act +
      ", %w: tensor<3x3x16x16x!qcost.fixed<4, 0>>, %p: tensor<16xf32>, %s: "
      "tensor<f32>) -> " +
      act + " {\n";
  for (int i = 0; i < blocks; ++i) {
    std::string x = "%x" + std::to_string(i), n = std::to_string(i);
    text += "  %c" + n + " = qcost.conv2d " + x +
            ", %w padding [1, 1, 1, 1] : (" + act +
            ", tensor<3x3x16x16x!qcost.fixed<4, 0>>) -> " + acc + "\n";
    text += "  %b" + n + " = qcost.batch_norm %c" + n + ", %p, %p, %p, %p : (" +
            acc +
            ", tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, "
            "tensor<16xf32>) -> " +
            f32 + "\n";
    text += "  %r" + n + " = qcost.clip %b" + n + " min 0.0 max 6.0 : (" + f32 +
            ") -> " + f32 + "\n";
    text += "  %x" + std::to_string(i + 1) + " = qcost.quantize %r" + n +
            " scale(%s) : (" + f32 + ", tensor<f32>) -> " + act + "\n";
  }
  text += "  return %x" + std::to_string(blocks) + " : " + act + "\n}\n";
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

  llvm::SmallVector<int> sizes = {2500, 12500, 25000, 50000};
  if (argc > 1) {
    sizes.clear();
    for (int i = 1; i < argc; ++i)
      sizes.push_back(std::atoi(argv[i]) / 4);
  }
  llvm::outs() << llvm::format("%10s %10s %10s %12s %12s %14s %14s\n", "ops",
                               "parse s", "verify s", "analyze s", "annotate s",
                               "annotate op/s", "annotate/verify");
  for (int blocks : sizes) {
    std::string text = makeModule(blocks);
    OwningOpRef<ModuleOp> module;
    double parse =
        seconds([&] { module = parseSourceString<ModuleOp>(text, &context); });
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
    int64_t ops = 4 * int64_t(blocks);
    llvm::outs() << llvm::format("%10lld %10.3f %10.3f %12.3f %12.3f %14.0f "
                                 "%14.2f\n",
                                 (long long)ops, parse, verifyTime, analyze,
                                 annotate, ops / annotate,
                                 annotate / verifyTime);
  }
  return 0;
}
