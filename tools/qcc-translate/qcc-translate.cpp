//===- qcc-translate.cpp - qcc's translation driver -----------------------===//
//
// MLIR in, another language out: `--qcost-to-hlscpp` prints HLS C++ for a
// qcost function (docs/hls.md), `--qcost-to-ptx` the PTX of its GPU kernels
// (docs/gpu.md).
//
//===----------------------------------------------------------------------===//

#include "qcc/Target/HlsCpp/HlsCpp.h"
#include "qcc/Target/Ptx/Ptx.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  qcc::hls::registerToHlsCppTranslation();
  qcc::ptx::registerToPtxTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "qcc translation driver\n"));
}
