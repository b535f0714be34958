//===- qcc-opt.cpp - qcc's optimizer driver -------------------------------===//

#include "qcc/InitAllDialects.h"
#include "qcc/InitAllPasses.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  qcc::registerQCCDialects(registry);
  qcc::registerQCCPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "qcc optimizer driver\n", registry));
}
