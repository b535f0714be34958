//===- EmitOps.cpp - scalar ops as C++ ------------------------------------===//
//
// Every MLIR integer iN is an ap_int<N> (signless: unsigned operations cast
// to ap_uint<N>), i1 is bool, index is int, f64/f32/f16 are double, float
// and qcc_half. An op's result is a named variable; arithmetic wraps by
// constructing the result type, as MLIR's does.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"
#include "Schedule.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstdio>

using namespace mlir;
using namespace qcc;
using namespace qcc::hls;

//===----------------------------------------------------------------------===//
// Types and literals
//===----------------------------------------------------------------------===//

FailureOr<std::string> Printer::scalarType(Type type, Location loc) {
  if (type.isInteger(1))
    return std::string("bool");
  if (auto integer = dyn_cast<IntegerType>(type))
    return "ap_int<" + std::to_string(integer.getWidth()) + ">";
  if (type.isIndex())
    return std::string("int");
  if (type.isF64())
    return std::string("double");
  if (type.isF32())
    return std::string("float");
  if (type.isF16())
    return std::string("qcc_half");
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return emitError(loc) << "the HLS C++ emitter has no type for " << type;
}

std::string qcc::hls::integerLiteral(const APInt &value, unsigned width) {
  if (width == 1)
    return value.isZero() ? "false" : "true";
  SmallString<48> digits;
  value.toStringSigned(digits, 10);
  std::string type = "ap_int<" + std::to_string(width) + ">";
  if (width > 64)
    return type + "(\"" + std::string(digits) + "\", 10)";
  if (value.getBitWidth() >= 64 && value.isMinSignedValue())
    return type + "(-9223372036854775807LL - 1)";
  return type + "(" + std::string(digits) + "LL)";
}

std::string qcc::hls::floatLiteral(const APFloat &value, FloatType type) {
  bool isDouble = type.isF64();
  if (!value.isFinite()) {
    APInt bits = value.bitcastToAPInt();
    unsigned width = type.getWidth();
    std::string code = integerLiteral(bits.zext(64).sextOrTrunc(width), width);
    return (isDouble ? "qcc_f64_from_bits("
                     : type.isF32() ? "qcc_f32_from_bits(" : "qcc_f16_from_bits(") +
           code + ")";
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%a", value.convertToDouble());
  if (isDouble)
    return buffer;
  if (type.isF32())
    return std::string(buffer) + "f";
  return "qcc_half(" + std::string(buffer) + ")";
}

std::string Printer::fresh(StringRef prefix) {
  return (prefix + Twine(counter++)).str();
}

void Printer::indentBy(unsigned indent) { os.indent(2 * indent); }

std::string Printer::expr(Value value) {
  if (auto constant = value.getDefiningOp<arith::ConstantOp>()) {
    Attribute attr = constant.getValue();
    if (auto integer = dyn_cast<IntegerAttr>(attr)) {
      if (integer.getType().isIndex())
        return std::to_string(integer.getInt());
      return integerLiteral(integer.getValue(),
                            integer.getType().getIntOrFloatBitWidth());
    }
    if (auto real = dyn_cast<FloatAttr>(attr))
      return floatLiteral(real.getValue(), cast<FloatType>(real.getType()));
  }
  auto found = names.find(value);
  return found == names.end() ? "/*?*/" : found->second;
}

//===----------------------------------------------------------------------===//
// Scalar expressions
//===----------------------------------------------------------------------===//

namespace {
unsigned widthOf(Value value) { return value.getType().getIntOrFloatBitWidth(); }
std::string apUint(unsigned width, const std::string &value) {
  return "ap_uint<" + std::to_string(width) + ">(" + value + ")";
}
std::string apInt(unsigned width, const std::string &value) {
  return "ap_int<" + std::to_string(width) + ">(" + value + ")";
}
bool isHalf(Value value) { return value.getType().isF16(); }
} // namespace

FailureOr<std::string> Printer::scalarExpr(Operation *op) {
  auto a = [&]() { return expr(op->getOperand(0)); };
  auto b = [&]() { return expr(op->getOperand(1)); };
  Type resultType = op->getNumResults() ? op->getResult(0).getType() : Type();
  unsigned width = resultType && resultType.isIntOrFloat()
                       ? resultType.getIntOrFloatBitWidth()
                       : 0;
  bool isIndex = resultType && resultType.isIndex();
  // Integer ops wrap in the result type; index arithmetic is plain int.
  auto wrapped = [&](const std::string &value) -> std::string {
    if (isIndex || width == 1)
      return "(" + value + ")";
    return apInt(width, value);
  };
  auto binary = [&](const char *sign) {
    return wrapped(a() + " " + sign + " " + b());
  };
  auto unsignedBinary = [&](const char *sign) {
    unsigned w = widthOf(op->getOperand(0));
    return wrapped(apUint(w, a()) + " " + sign + " " + apUint(w, b()));
  };
  auto shiftAmount = [&]() -> std::string {
    Value amount = op->getOperand(1);
    if (amount.getType().isIndex())
      return b();
    return "(" + b() + ").to_uint()";
  };
  // f16 arithmetic in float, rounded once into qcc_half (innocuous double
  // rounding: float has more than 2 * 11 + 2 bits).
  auto floatBinary = [&](const char *sign) -> std::string {
    if (isHalf(op->getResult(0)))
      return "qcc_half(float(" + a() + ") " + sign + " float(" + b() + "))";
    return "(" + a() + " " + sign + " " + b() + ")";
  };
  auto floatCall = [&](const char *function) -> std::string {
    if (isHalf(op->getResult(0)))
      return "qcc_half(" + std::string(function) + "(float(" + a() + ")))";
    return std::string(function) + "(" + a() + ")";
  };
  auto signedCompare = [&](arith::CmpIPredicate p) -> const char * {
    switch (p) {
    case arith::CmpIPredicate::eq:
      return "==";
    case arith::CmpIPredicate::ne:
      return "!=";
    case arith::CmpIPredicate::slt:
    case arith::CmpIPredicate::ult:
      return "<";
    case arith::CmpIPredicate::sle:
    case arith::CmpIPredicate::ule:
      return "<=";
    case arith::CmpIPredicate::sgt:
    case arith::CmpIPredicate::ugt:
      return ">";
    case arith::CmpIPredicate::sge:
    case arith::CmpIPredicate::uge:
      return ">=";
    }
    return "==";
  };

  return llvm::TypeSwitch<Operation *, FailureOr<std::string>>(op)
      .Case([&](arith::AddIOp) { return binary("+"); })
      .Case([&](arith::SubIOp) { return binary("-"); })
      .Case([&](arith::MulIOp) { return binary("*"); })
      .Case([&](arith::AndIOp) { return binary("&"); })
      .Case([&](arith::OrIOp) { return binary("|"); })
      .Case([&](arith::XOrIOp) { return binary("^"); })
      .Case([&](arith::DivSIOp) { return binary("/"); })
      .Case([&](arith::RemSIOp) { return binary("%"); })
      .Case([&](arith::DivUIOp) { return unsignedBinary("/"); })
      .Case([&](arith::RemUIOp) { return unsignedBinary("%"); })
      .Case([&](arith::ShLIOp) {
        return wrapped(a() + " << " + shiftAmount());
      })
      .Case([&](arith::ShRSIOp) {
        return wrapped(a() + " >> " + shiftAmount());
      })
      .Case([&](arith::ShRUIOp) {
        return wrapped(apUint(width, a()) + " >> " + shiftAmount());
      })
      .Case([&](arith::MinSIOp) {
        return "(" + a() + " < " + b() + " ? " + a() + " : " + b() + ")";
      })
      .Case([&](arith::MaxSIOp) {
        return "(" + a() + " > " + b() + " ? " + a() + " : " + b() + ")";
      })
      .Case([&](arith::MinUIOp) {
        return "(" + apUint(width, a()) + " < " + apUint(width, b()) + " ? " +
               a() + " : " + b() + ")";
      })
      .Case([&](arith::MaxUIOp) {
        return "(" + apUint(width, a()) + " > " + apUint(width, b()) + " ? " +
               a() + " : " + b() + ")";
      })
      .Case([&](arith::CmpIOp cmp) -> std::string {
        Value lhs = cmp.getLhs();
        bool isUnsigned = cmp.getPredicate() == arith::CmpIPredicate::ult ||
                          cmp.getPredicate() == arith::CmpIPredicate::ule ||
                          cmp.getPredicate() == arith::CmpIPredicate::ugt ||
                          cmp.getPredicate() == arith::CmpIPredicate::uge;
        std::string x = a(), y = b();
        if (isUnsigned && !lhs.getType().isIndex() && !lhs.getType().isInteger(1)) {
          x = apUint(widthOf(lhs), x);
          y = apUint(widthOf(lhs), y);
        }
        return "(" + x + " " + signedCompare(cmp.getPredicate()) + " " + y +
               ")";
      })
      .Case([&](arith::SelectOp select) {
        return "(" + expr(select.getCondition()) + " ? " +
               expr(select.getTrueValue()) + " : " +
               expr(select.getFalseValue()) + ")";
      })
      .Case([&](arith::ExtSIOp) -> std::string {
        if (op->getOperand(0).getType().isInteger(1))
          return apInt(width, "(" + a() + " ? -1 : 0)");
        return apInt(width, a());
      })
      .Case([&](arith::ExtUIOp) -> std::string {
        Value source = op->getOperand(0);
        if (source.getType().isInteger(1))
          return apInt(width, "(" + a() + " ? 1 : 0)");
        return apInt(width, apUint(widthOf(source), a()));
      })
      .Case([&](arith::TruncIOp) -> std::string {
        if (width == 1)
          return "bool((" + a() + ")[0])";
        return apInt(width, a());
      })
      .Case<arith::IndexCastOp, arith::IndexCastUIOp>(
          [&](Operation *) -> std::string {
            Value source = op->getOperand(0);
            if (isIndex)
              return source.getType().isIndex()
                         ? a()
                         : "int((" + a() + ").to_int64())";
            return apInt(width, a());
          })
      .Case([&](arith::SIToFPOp) -> std::string {
        Value source = op->getOperand(0);
        unsigned w = widthOf(source);
        std::string value = w <= 64 ? "(" + a() + ").to_int64()"
                                    : "qcc_sitofp<" + std::to_string(w) + ">(" +
                                          a() + ")";
        if (resultType.isF64())
          return "double(" + value + ")";
        if (resultType.isF32())
          return "float(" + value + ")";
        return "qcc_half(double(" + value + "))";
      })
      .Case([&](arith::UIToFPOp) -> std::string {
        Value source = op->getOperand(0);
        unsigned w = widthOf(source);
        std::string value =
            w < 64 ? "(" + apUint(w, a()) + ").to_uint64()"
                   : "qcc_uitofp<" + std::to_string(w) + ">(" + a() + ")";
        if (resultType.isF64())
          return "double(" + value + ")";
        if (resultType.isF32())
          return "float(" + value + ")";
        return "qcc_half(double(" + value + "))";
      })
      .Case([&](arith::FPToSIOp) -> std::string {
        std::string value = "double(" + a() + ")";
        if (width <= 64)
          return apInt(width, "(long long)(" + value + ")");
        return "qcc_fptosi<" + std::to_string(width) + ">(" + value + ")";
      })
      .Case([&](arith::FPToUIOp) -> std::string {
        std::string value = "double(" + a() + ")";
        if (width < 64)
          return apInt(width, "(unsigned long long)(" + value + ")");
        return "qcc_fptoui<" + std::to_string(width) + ">(" + value + ")";
      })
      .Case([&](arith::TruncFOp) -> std::string {
        if (resultType.isF32())
          return "float(" + a() + ")";
        return "qcc_half(" + a() + ")";
      })
      .Case([&](arith::ExtFOp) -> std::string {
        if (resultType.isF64())
          return "double(" + a() + ")";
        return "float(" + a() + ")";
      })
      .Case([&](arith::BitcastOp) -> std::string {
        Type source = op->getOperand(0).getType();
        if (resultType.isF64())
          return "qcc_f64_from_bits(" + a() + ")";
        if (resultType.isF32())
          return "qcc_f32_from_bits(" + a() + ")";
        if (resultType.isF16())
          return "qcc_f16_from_bits(" + a() + ")";
        if (source.isF64())
          return "qcc_bits_of_f64(" + a() + ")";
        if (source.isF32())
          return "qcc_bits_of_f32(" + a() + ")";
        if (source.isF16())
          return "qcc_bits_of_f16(" + a() + ")";
        return apInt(width, a());
      })
      .Case([&](arith::AddFOp) { return floatBinary("+"); })
      .Case([&](arith::SubFOp) { return floatBinary("-"); })
      .Case([&](arith::MulFOp) { return floatBinary("*"); })
      .Case([&](arith::DivFOp) { return floatBinary("/"); })
      .Case([&](arith::RemFOp) -> std::string {
        // fmod is exact, as LLVM's frem.
        if (isHalf(op->getResult(0)))
          return "qcc_half(std::fmod(float(" + a() + "), float(" + b() +
                 ")))";
        return "std::fmod(" + a() + ", " + b() + ")";
      })
      .Case([&](arith::NegFOp) { return "(-" + a() + ")"; })
      .Case([&](arith::MaximumFOp) {
        return "qcc_maximum(" + a() + ", " + b() + ")";
      })
      .Case([&](arith::MinimumFOp) {
        return "qcc_minimum(" + a() + ", " + b() + ")";
      })
      .Case([&](arith::CmpFOp cmp) -> std::string {
        std::string x = a(), y = b();
        std::string ordered = "(" + x + " == " + x + " && " + y + " == " + y + ")";
        switch (cmp.getPredicate()) {
        case arith::CmpFPredicate::OEQ:
          return "(" + x + " == " + y + ")";
        case arith::CmpFPredicate::ONE:
          return "(" + x + " < " + y + " || " + x + " > " + y + ")";
        case arith::CmpFPredicate::OLT:
          return "(" + x + " < " + y + ")";
        case arith::CmpFPredicate::OLE:
          return "(" + x + " <= " + y + ")";
        case arith::CmpFPredicate::OGT:
          return "(" + x + " > " + y + ")";
        case arith::CmpFPredicate::OGE:
          return "(" + x + " >= " + y + ")";
        case arith::CmpFPredicate::ORD:
          return ordered;
        case arith::CmpFPredicate::UNO:
          return "!" + ordered;
        case arith::CmpFPredicate::UEQ:
          return "!(" + x + " < " + y + " || " + x + " > " + y + ")";
        case arith::CmpFPredicate::UNE:
          return "(" + x + " != " + y + ")";
        case arith::CmpFPredicate::ULT:
          return "!(" + x + " >= " + y + ")";
        case arith::CmpFPredicate::ULE:
          return "!(" + x + " > " + y + ")";
        case arith::CmpFPredicate::UGT:
          return "!(" + x + " <= " + y + ")";
        case arith::CmpFPredicate::UGE:
          return "!(" + x + " < " + y + ")";
        case arith::CmpFPredicate::AlwaysTrue:
          return "true";
        case arith::CmpFPredicate::AlwaysFalse:
          return "false";
        }
        return "false";
      })
      .Case([&](math::AbsFOp) { return floatCall("std::fabs"); })
      .Case([&](math::SqrtOp) { return floatCall("std::sqrt"); })
      .Case([&](math::FloorOp) { return floatCall("std::floor"); })
      .Case([&](math::TruncOp) { return floatCall("std::trunc"); })
      .Case([&](math::RoundEvenOp) { return floatCall("qcc_roundeven"); })
      .Case([&](math::CopySignOp) -> std::string {
        if (isHalf(op->getResult(0)))
          return "qcc_half(std::copysign(float(" + a() + "), float(" + b() +
                 ")))";
        return "std::copysign(" + a() + ", " + b() + ")";
      })
      .Case([&](math::CountLeadingZerosOp) {
        return "qcc_ctlz<" + std::to_string(width) + ">(" + a() + ")";
      })
      .Case([&](qcost::DecodeOp decode) -> FailureOr<std::string> {
        NumberFormat format = decode.getNumberFormat();
        unsigned codeWidth = widthOf(decode.getCode());
        // The code as the integer it is (sign- or zero-extended).
        std::string code = format.getKind() == FormatKind::Fixed &&
                                   !format.isSigned()
                               ? apUint(codeWidth, a())
                               : a();
        int64_t shift = -int64_t(format.getFracBits()) - decode.getLsbExponent();
        if (format.getKind() == FormatKind::Binary) {
          // Bit 0 set is +1.
          std::string bit = codeWidth == 1 ? a() : "bool((" + a() + ")[0])";
          if (resultType.isF64())
            return "(" + bit + " ? 1.0 : -1.0)";
          APInt one = APInt(width, 1).shl(-decode.getLsbExponent());
          return "(" + bit + " ? " + integerLiteral(one, width) + " : " +
                 integerLiteral(-one, width) + ")";
        }
        if (resultType.isF64()) {
          std::string value = format.isSigned()
                                  ? "(" + a() + ").to_int64()"
                                  : "(" + code + ").to_uint64()";
          return "(double(" + value + ") * " +
                 floatLiteral(APFloat(std::ldexp(1.0, -format.getFracBits())),
                              Float64Type::get(op->getContext())) +
                 ")";
        }
        std::string value = apInt(width, code);
        if (shift == 0)
          return value;
        return apInt(width, value + " << " + std::to_string(shift));
      })
      .Case([&](qcost::EncodeOp encode) -> FailureOr<std::string> {
        // n * 2^lsb as an ap_fixed<N, N + lsb>, cast with the format's
        // native modes, its bits as the code.
        NumberFormat format = encode.getNumberFormat();
        unsigned n = widthOf(encode.getValue());
        int64_t integerBits = int64_t(n) + encode.getLsbExponent();
        std::string q = encode.getRounding() == qcost::RoundingMode::nearest_even
                            ? "AP_RND_CONV"
                            : "AP_TRN_ZERO";
        std::string o = encode.getOverflow() == qcost::OverflowMode::wrap
                            ? "AP_WRAP"
                            : "AP_SAT";
        unsigned w = format.getBitWidth();
        int64_t resultInteger = int64_t(w) - format.getFracBits();
        std::string target = std::string(format.isSigned() ? "ap_fixed<"
                                                           : "ap_ufixed<") +
                             std::to_string(w) + ", " +
                             std::to_string(resultInteger) + ", " + q + ", " +
                             o + ">";
        return "qcc_code_of<" + std::to_string(width) + ">(" + target +
               "(qcc_fixed_bits<" + std::to_string(n) + ", " +
               std::to_string(integerBits) + ">(" + a() + ")))";
      })
      .Case([&](func::CallOp call) -> std::string {
        std::string text = call.getCallee().str() + "(";
        llvm::interleave(
            call.getOperands(), [&](Value v) { text += expr(v); },
            [&] { text += ", "; });
        return text + ")";
      })
      .Case([&](memref::LoadOp loadOp) {
        return load(loadOp.getMemRef(), loadOp.getIndices());
      })
      .Default([&](Operation *) -> FailureOr<std::string> {
        return op->emitError("the HLS C++ emitter does not print '")
               << op->getName() << "'";
      });
}

LogicalResult Printer::emitScalar(Operation *op, unsigned indent) {
  // Values nothing reads are not printed (g++ would warn of them).
  if (op->getNumResults() == 1 && op->use_empty() && isMemoryEffectFree(op))
    return success();
  FailureOr<std::string> value = scalarExpr(op);
  if (failed(value))
    return failure();
  if (op->getNumResults() == 0) {
    indentBy(indent);
    os << *value << ";\n";
    return success();
  }
  Value result = op->getResult(0);
  FailureOr<std::string> type = scalarType(result.getType(), op->getLoc());
  if (failed(type))
    return failure();
  std::string name = fresh("v");
  names[result] = name;
  indentBy(indent);
  os << *type << " " << name << " = " << *value << ";\n";
  return success();
}
