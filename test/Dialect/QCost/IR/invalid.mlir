// RUN: qcc-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// constant
//===----------------------------------------------------------------------===//

func.func @constant_shape() {
  // expected-error @+1 {{'qcost.constant' op value shape [3] must equal the result shape [4]}}
  %0 = qcost.constant dense<[1, 2, 3]> : tensor<3xi4> -> tensor<4x!qcost.fixed<4, 0>>
  return
}

// -----

func.func @constant_builtin_result() {
  // expected-error @+1 {{result element type must be a qcost number format (use arith.constant for builtin types), got 'i8'}}
  %0 = qcost.constant dense<[1, 2]> : tensor<2xi8> -> tensor<2xi8>
  return
}

// -----

func.func @constant_narrow_codes() {
  // expected-error @+1 {{code type 'i4' is narrower than the 8-bit format '!qcost.fixed<8, 0>'}}
  %0 = qcost.constant dense<[1, 2]> : tensor<2xi4> -> tensor<2x!qcost.fixed<8, 0>>
  return
}

// -----

func.func @constant_code_overflow() {
  // expected-error @+1 {{code 9 at element 1 does not fit the 4-bit format '!qcost.fixed<4, 0>'}}
  %0 = qcost.constant dense<[1, 9]> : tensor<2xi8> -> tensor<2x!qcost.fixed<4, 0>>
  return
}

// -----

func.func @constant_unsigned_code_overflow() {
  // expected-error @+1 {{code 255 at element 0 does not fit the 4-bit format '!qcost.ufixed<4, 0>'}}
  %0 = qcost.constant dense<[-1, 3]> : tensor<2xi8> -> tensor<2x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @constant_not_representable() {
  // expected-error @+1 {{value 0.3000000119 at element 1 is not exactly representable in '!qcost.fixed<8, 4>'}}
  %0 = qcost.constant dense<[0.25, 0.3]> : tensor<2xf32> -> tensor<2x!qcost.fixed<8, 4>>
  return
}

// -----

func.func @constant_pot_not_representable() {
  // expected-error @+1 {{value 3 at element 0 is not exactly representable in '!qcost.pot<4, -6, 0>'}}
  %0 = qcost.constant dense<[3.0, 0.5]> : tensor<2xf32> -> tensor<2x!qcost.pot<4, -6, 0>>
  return
}

// -----

func.func @constant_index_values() {
  // expected-error @+1 {{value element type must be an integer (codes) or a float (real values), got 'index'}}
  %0 = qcost.constant dense<[1, 2]> : tensor<2xindex> -> tensor<2x!qcost.fixed<8, 0>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

func.func @complex_element(%x: tensor<4xcomplex<f32>>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of qcost number format, builtin integer (1 to 64 bits) or builtin float values}}
  %0 = qcost.relu %x : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  return
}

// -----

func.func @quantize_from_fixed(%x: tensor<4x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of floating-point values}}
  %0 = qcost.quantize %x : (tensor<4x!qcost.fixed<8, 0>>) -> tensor<4x!qcost.fixed<4, 0>>
  return
}

// -----

func.func @dequantize_to_fixed(%x: tensor<4x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{result #0 must be ranked tensor of floating-point values}}
  %0 = qcost.dequantize %x : (tensor<4x!qcost.fixed<8, 0>>) -> tensor<4x!qcost.fixed<8, 0>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Rounding attributes
//===----------------------------------------------------------------------===//

func.func @stochastic_without_seed(%x: tensor<4xf32>) {
  // expected-error @+1 {{stochastic rounding needs a 'seed'}}
  %0 = qcost.quantize %x rounding stochastic : (tensor<4xf32>) -> tensor<4x!qcost.fixed<4, 0>>
  return
}

// -----

func.func @seed_without_stochastic(%x: tensor<4xf32>) {
  // expected-error @+1 {{'seed' is only meaningful with stochastic rounding}}
  %0 = qcost.quantize %x seed 3 : (tensor<4xf32>) -> tensor<4x!qcost.fixed<4, 0>>
  return
}

// -----

func.func @wrap_into_pot(%x: tensor<4xf32>) {
  // expected-error @+1 {{overflow 'wrap' needs a fixed-point, integer or float result; '!qcost.pot<4, -6, 0>' always saturates}}
  %0 = qcost.quantize %x overflow wrap : (tensor<4xf32>) -> tensor<4x!qcost.pot<4, -6, 0>>
  return
}

// -----

func.func @unknown_rounding(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'rounding' [nearest_even, toward_zero, stochastic]}}
  %0 = qcost.quantize %x rounding up : (tensor<4xf32>) -> tensor<4x!qcost.fixed<4, 0>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

func.func @conv_rank(%x: tensor<8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{expects an NHWC input of rank 4, got rank 3}}
  %0 = qcost.conv2d %x, %w : (tensor<8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>) -> tensor<1x8x8x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_strides_size(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{'strides' must have 2 entries, got 3}}
  %0 = qcost.conv2d %x, %w strides [1, 1, 1] : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>) -> tensor<1x8x8x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_zero_stride(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{'strides' entries must be at least 1, got 0}}
  %0 = qcost.conv2d %x, %w strides [1, 0] : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>) -> tensor<1x8x8x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_negative_padding(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{'padding' entries must be at least 0, got -1}}
  %0 = qcost.conv2d %x, %w padding [0, 0, -1, 0] : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>) -> tensor<1x8x8x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_zero_groups(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{'groups' must be at least 1, got 0}}
  %0 = qcost.conv2d %x, %w groups 0 : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>) -> tensor<1x8x8x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_groups_divide_channels(%x: tensor<1x8x8x15x!qcost.fixed<4, 0>>, %w: tensor<1x1x3x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{input channels (15) must be divisible by groups (4)}}
  %0 = qcost.conv2d %x, %w groups 4 : (tensor<1x8x8x15x!qcost.fixed<4, 0>>, tensor<1x1x3x16x!qcost.fixed<4, 0>>) -> tensor<1x8x8x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_depthwise_filter(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<3x3x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{filter input channels (dimension 2) must be C / groups = 1, got 16}}
  %0 = qcost.conv2d %x, %w padding [1, 1, 1, 1] groups 16 : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<3x3x16x16x!qcost.fixed<4, 0>>) -> tensor<1x8x8x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_groups_divide_outputs(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x4x10x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{filter output channels (10) must be divisible by groups (4)}}
  %0 = qcost.conv2d %x, %w groups 4 : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x4x10x!qcost.fixed<4, 0>>) -> tensor<1x8x8x10x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_batch(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{result batch must be 1, got 2}}
  %0 = qcost.conv2d %x, %w : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>) -> tensor<2x8x8x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_result_channels(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{result channels must be the filter's output channels 16, got 32}}
  %0 = qcost.conv2d %x, %w : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>) -> tensor<1x8x8x32x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_window_too_large(%x: tensor<1x2x8x16x!qcost.fixed<4, 0>>, %w: tensor<3x3x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{padded input height (2) is smaller than the (dilated) window 3}}
  %0 = qcost.conv2d %x, %w : (tensor<1x2x8x16x!qcost.fixed<4, 0>>, tensor<3x3x16x16x!qcost.fixed<4, 0>>) -> tensor<1x1x6x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_result_height(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<3x3x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{result height must be 4, got 8}}
  %0 = qcost.conv2d %x, %w strides [2, 2] padding [1, 1, 1, 1] : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<3x3x16x16x!qcost.fixed<4, 0>>) -> tensor<1x8x4x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_result_width_dilated(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<3x3x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{result width must be 4, got 6}}
  %0 = qcost.conv2d %x, %w dilations [2, 2] : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<3x3x16x16x!qcost.fixed<4, 0>>) -> tensor<1x4x6x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_bias_shape(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>, %b: tensor<8x!qcost.fixed<16, 0>>) {
  // expected-error @+1 {{bias must have shape [16], got [8]}}
  %0 = qcost.conv2d %x, %w bias(%b) : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>, tensor<8x!qcost.fixed<16, 0>>) -> tensor<1x8x8x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_bias_type(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>, %b: tensor<16x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{bias element type '!qcost.fixed<8, 0>' must be the accumulator type '!qcost.fixed<16, 0>'}}
  %0 = qcost.conv2d %x, %w bias(%b) : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>, tensor<16x!qcost.fixed<8, 0>>) -> tensor<1x8x8x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @conv_pot_accumulator(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{accumulator type must be fixed point, an integer or a float, got '!qcost.pot<8, -60, 60>'}}
  %0 = qcost.conv2d %x, %w : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>) -> tensor<1x8x8x16x!qcost.pot<8, -60, 60>>
  return
}

// -----

func.func @conv_accumulator_fraction(%x: tensor<1x8x8x16x!qcost.fixed<8, 4>>, %w: tensor<1x1x16x16x!qcost.fixed<8, 4>>) {
  // expected-error @+1 {{accumulator '!qcost.fixed<24, 4>' has 4 fraction bits but a product of '!qcost.fixed<8, 4>' and '!qcost.fixed<8, 4>' needs 8}}
  %0 = qcost.conv2d %x, %w : (tensor<1x8x8x16x!qcost.fixed<8, 4>>, tensor<1x1x16x16x!qcost.fixed<8, 4>>) -> tensor<1x8x8x16x!qcost.fixed<24, 4>>
  return
}

// -----

func.func @conv_accumulator_range(%x: tensor<1x8x8x16x!qcost.ufixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{accumulator '!qcost.fixed<7, 0>' cannot hold one product of '!qcost.ufixed<4, 0>' and '!qcost.fixed<4, 0>': products range over [-120, 105], the accumulator over [-64, 63]}}
  %0 = qcost.conv2d %x, %w : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>) -> tensor<1x8x8x16x!qcost.fixed<7, 0>>
  return
}

// -----

func.func @conv_pot_product_range(%x: tensor<1x8x8x16x!qcost.ufixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.pot<4, -6, 0>>) {
  // expected-error @+1 {{accumulator '!qcost.fixed<10, 6>' cannot hold one product of '!qcost.ufixed<4, 0>' and '!qcost.pot<4, -6, 0>': products range over [-15, 15], the accumulator over [-8, 7.984375]}}
  %0 = qcost.conv2d %x, %w : (tensor<1x8x8x16x!qcost.ufixed<4, 0>>, tensor<1x1x16x16x!qcost.pot<4, -6, 0>>) -> tensor<1x8x8x16x!qcost.fixed<10, 6>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// matmul and dense
//===----------------------------------------------------------------------===//

func.func @matmul_rank(%a: tensor<4x!qcost.fixed<8, 0>>, %b: tensor<4x2x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{operands and result must have the same rank, at least 2; got 1, 2 and 2}}
  %0 = qcost.matmul %a, %b : (tensor<4x!qcost.fixed<8, 0>>, tensor<4x2x!qcost.fixed<8, 0>>) -> tensor<4x2x!qcost.fixed<24, 0>>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x4x8x!qcost.fixed<8, 0>>, %b: tensor<3x8x2x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{batch dimensions differ: [2] vs [3]}}
  %0 = qcost.matmul %a, %b : (tensor<2x4x8x!qcost.fixed<8, 0>>, tensor<3x8x2x!qcost.fixed<8, 0>>) -> tensor<2x4x2x!qcost.fixed<24, 0>>
  return
}

// -----

func.func @matmul_contraction(%a: tensor<4x8x!qcost.fixed<8, 0>>, %b: tensor<7x2x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{contraction sizes differ: lhs K = 8, rhs K = 7}}
  %0 = qcost.matmul %a, %b : (tensor<4x8x!qcost.fixed<8, 0>>, tensor<7x2x!qcost.fixed<8, 0>>) -> tensor<4x2x!qcost.fixed<24, 0>>
  return
}

// -----

func.func @matmul_result(%a: tensor<4x8x!qcost.fixed<8, 0>>, %b: tensor<8x2x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{result shape must be [4, 2], got [4, 3]}}
  %0 = qcost.matmul %a, %b : (tensor<4x8x!qcost.fixed<8, 0>>, tensor<8x2x!qcost.fixed<8, 0>>) -> tensor<4x3x!qcost.fixed<24, 0>>
  return
}

// -----

func.func @dense_rank(%x: tensor<1x1x8x!qcost.fixed<8, 0>>, %w: tensor<8x2x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{expects an N x K input of rank 2, got rank 3}}
  %0 = qcost.dense %x, %w : (tensor<1x1x8x!qcost.fixed<8, 0>>, tensor<8x2x!qcost.fixed<8, 0>>) -> tensor<1x2x!qcost.fixed<24, 0>>
  return
}

// -----

func.func @dense_features(%x: tensor<1x8x!qcost.fixed<8, 0>>, %w: tensor<9x2x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{input features (8) must equal the weight's rows (9)}}
  %0 = qcost.dense %x, %w : (tensor<1x8x!qcost.fixed<8, 0>>, tensor<9x2x!qcost.fixed<8, 0>>) -> tensor<1x2x!qcost.fixed<24, 0>>
  return
}

// -----

func.func @dense_result(%x: tensor<1x8x!qcost.fixed<8, 0>>, %w: tensor<8x2x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{result shape must be [1, 2], got [2, 1]}}
  %0 = qcost.dense %x, %w : (tensor<1x8x!qcost.fixed<8, 0>>, tensor<8x2x!qcost.fixed<8, 0>>) -> tensor<2x1x!qcost.fixed<24, 0>>
  return
}

// -----

func.func @dense_binary_accumulator(%x: tensor<1x8x!qcost.binary>, %w: tensor<8x2x!qcost.binary>) {
  // expected-error @+1 {{accumulator type must be fixed point, an integer or a float, got '!qcost.binary'}}
  %0 = qcost.dense %x, %w : (tensor<1x8x!qcost.binary>, tensor<8x2x!qcost.binary>) -> tensor<1x2x!qcost.binary>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Scales and parameters (block broadcasting)
//===----------------------------------------------------------------------===//

func.func @quantize_shape(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{result shape [8, 4] must equal the input shape [4, 8]}}
  %0 = qcost.quantize %x : (tensor<4x8xf32>) -> tensor<8x4x!qcost.fixed<4, 0>>
  return
}

// -----

func.func @scale_rank(%x: tensor<8xf32>, %s: tensor<1x8xf32>) {
  // expected-error @+1 {{'scale' has rank 2, more than the rank 1 it applies to}}
  %0 = qcost.quantize %x scale(%s) : (tensor<8xf32>, tensor<1x8xf32>) -> tensor<8x!qcost.fixed<4, 0>>
  return
}

// -----

func.func @scale_blocks(%x: tensor<4x8xf32>, %s: tensor<3xf32>) {
  // expected-error @+1 {{'scale' shape [3] does not block-broadcast to [4, 8]: dimension 1 is 3, which must be 1 or divide 8}}
  %0 = qcost.quantize %x scale(%s) : (tensor<4x8xf32>, tensor<3xf32>) -> tensor<4x8x!qcost.fixed<4, 0>>
  return
}

// -----

func.func @dequantize_shape(%x: tensor<4x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{result shape [5] must equal the input shape [4]}}
  %0 = qcost.dequantize %x : (tensor<4x!qcost.fixed<8, 0>>) -> tensor<5xf32>
  return
}

// -----

func.func @rescale_scale(%x: tensor<4x8x!qcost.fixed<16, 0>>, %s: tensor<5x!qcost.pot<4, -6, 0>>) {
  // expected-error @+1 {{'scale' shape [5] does not block-broadcast to [4, 8]: dimension 1 is 5, which must be 1 or divide 8}}
  %0 = qcost.rescale %x, %s : (tensor<4x8x!qcost.fixed<16, 0>>, tensor<5x!qcost.pot<4, -6, 0>>) -> tensor<4x8x!qcost.fixed<4, 0>>
  return
}

// -----

func.func @rescale_shape(%x: tensor<4x8x!qcost.fixed<16, 0>>, %s: tensor<f32>) {
  // expected-error @+1 {{result shape [4, 4] must equal the input shape [4, 8]}}
  %0 = qcost.rescale %x, %s : (tensor<4x8x!qcost.fixed<16, 0>>, tensor<f32>) -> tensor<4x4x!qcost.fixed<4, 0>>
  return
}

// -----

func.func @batch_norm_params(%x: tensor<1x4x4x8x!qcost.fixed<16, 0>>, %g: tensor<4xf32>, %p: tensor<8xf32>) {
  // expected-error @+1 {{'gamma' must have shape [8] (one value per channel), got [4]}}
  %0 = qcost.batch_norm %x, %g, %p, %p, %p : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return
}

// -----

func.func @batch_norm_param_types(%x: tensor<1x4x4x8x!qcost.fixed<16, 0>>, %p: tensor<8xf32>, %h: tensor<8xf16>) {
  // expected-error @+1 {{all parameters must share one float type; 'variance' is 'f16', 'gamma' is 'f32'}}
  %0 = qcost.batch_norm %x, %p, %p, %p, %h : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf16>) -> tensor<1x4x4x8xf32>
  return
}

// -----

func.func @batch_norm_epsilon(%x: tensor<1x4x4x8x!qcost.fixed<16, 0>>, %p: tensor<8xf32>) {
  // expected-error @+1 {{'epsilon' must be finite and non-negative, got -0.001}}
  %0 = qcost.batch_norm %x, %p, %p, %p, %p epsilon -1.0e-3 : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return
}

// -----

func.func @batch_norm_shape(%x: tensor<1x4x4x8x!qcost.fixed<16, 0>>, %p: tensor<8xf32>) {
  // expected-error @+1 {{result shape [1, 4, 8] must equal the input shape [1, 4, 4, 8]}}
  %0 = qcost.batch_norm %x, %p, %p, %p, %p : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  return
}

// -----

func.func @quant_norm_bias(%x: tensor<1x4x4x8x!qcost.fixed<16, 0>>, %s: tensor<8x!qcost.fixed<8, 6>>, %b: tensor<6x!qcost.fixed<16, 6>>) {
  // expected-error @+1 {{'bias' shape [6] does not block-broadcast to [1, 4, 4, 8]: dimension 3 is 6, which must be 1 or divide 8}}
  %0 = qcost.quant_norm %x, %s, %b : (tensor<1x4x4x8x!qcost.fixed<16, 0>>, tensor<8x!qcost.fixed<8, 6>>, tensor<6x!qcost.fixed<16, 6>>) -> tensor<1x4x4x8x!qcost.fixed<16, 4>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

func.func @add_operands(%a: tensor<4x!qcost.fixed<8, 4>>, %b: tensor<5x!qcost.fixed<8, 4>>) {
  // expected-error @+1 {{'rhs' shape [5] does not block-broadcast to [4]: dimension 0 is 5, which must be 1 or divide 4}}
  %0 = qcost.add %a, %b : (tensor<4x!qcost.fixed<8, 4>>, tensor<5x!qcost.fixed<8, 4>>) -> tensor<4x!qcost.fixed<9, 4>>
  return
}

// -----

// Only rhs broadcasts: the result has the shape of lhs.
func.func @mul_lhs_broadcast(%a: tensor<1x1x1x8xf32>, %b: tensor<1x4x4x8xf32>) {
  // expected-error @+1 {{'rhs' shape [1, 4, 4, 8] does not block-broadcast to [1, 1, 1, 8]: dimension 1 is 4, which must be 1 or divide 1}}
  %0 = qcost.mul %a, %b : (tensor<1x1x1x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return
}

// -----

func.func @mul_result(%a: tensor<4x!qcost.fixed<8, 4>>) {
  // expected-error @+1 {{result shape [2, 2] must equal the lhs shape [4]}}
  %0 = qcost.mul %a, %a : (tensor<4x!qcost.fixed<8, 4>>, tensor<4x!qcost.fixed<8, 4>>) -> tensor<2x2x!qcost.fixed<16, 8>>
  return
}

// -----

func.func @shift_amount_type(%a: tensor<4x!qcost.fixed<8, 4>>, %k: tensor<4x!qcost.fixed<8, 2>>) {
  // expected-error @+1 {{shift amount must be a builtin integer or !qcost.fixed<W, 0> tensor, got '!qcost.fixed<8, 2>'}}
  %0 = qcost.shift %a, %k : (tensor<4x!qcost.fixed<8, 4>>, tensor<4x!qcost.fixed<8, 2>>) -> tensor<4x!qcost.fixed<8, 4>>
  return
}

// -----

func.func @shift_amount_shape(%a: tensor<4x!qcost.fixed<8, 4>>, %k: tensor<3xi8>) {
  // expected-error @+1 {{'amount' shape [3] does not block-broadcast to [4]: dimension 0 is 3, which must be 1 or divide 4}}
  %0 = qcost.shift %a, %k : (tensor<4x!qcost.fixed<8, 4>>, tensor<3xi8>) -> tensor<4x!qcost.fixed<8, 4>>
  return
}

// -----

func.func @relu_shape(%a: tensor<4x!qcost.fixed<8, 4>>) {
  // expected-error @+1 {{result shape [8] must equal the input shape [4]}}
  %0 = qcost.relu %a : (tensor<4x!qcost.fixed<8, 4>>) -> tensor<8x!qcost.ufixed<8, 4>>
  return
}

// -----

func.func @prelu_alpha(%a: tensor<2x4x!qcost.fixed<8, 4>>, %alpha: tensor<3x!qcost.fixed<8, 7>>) {
  // expected-error @+1 {{'alpha' shape [3] does not block-broadcast to [2, 4]: dimension 1 is 3, which must be 1 or divide 4}}
  %0 = qcost.prelu %a, %alpha : (tensor<2x4x!qcost.fixed<8, 4>>, tensor<3x!qcost.fixed<8, 7>>) -> tensor<2x4x!qcost.fixed<8, 4>>
  return
}

// -----

func.func @dprelu_eta(%a: tensor<2x4x!qcost.fixed<8, 4>>, %p: tensor<4x!qcost.fixed<8, 4>>, %eta: tensor<2x3x!qcost.fixed<8, 4>>) {
  // expected-error @+1 {{'eta' shape [2, 3] does not block-broadcast to [2, 4]: dimension 1 is 3, which must be 1 or divide 4}}
  %0 = qcost.dprelu %a, %p, %p, %eta, %p : (tensor<2x4x!qcost.fixed<8, 4>>, tensor<4x!qcost.fixed<8, 4>>, tensor<4x!qcost.fixed<8, 4>>, tensor<2x3x!qcost.fixed<8, 4>>, tensor<4x!qcost.fixed<8, 4>>) -> tensor<2x4x!qcost.fixed<8, 4>>
  return
}

// -----

func.func @clip_bounds(%a: tensor<4x!qcost.fixed<8, 4>>) {
  // expected-error @+1 {{needs finite bounds with min <= max, got [6, 0]}}
  %0 = qcost.clip %a min 6.0 max 0.0 : (tensor<4x!qcost.fixed<8, 4>>) -> tensor<4x!qcost.fixed<8, 4>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

func.func @pool_kernel(%x: tensor<1x8x8x4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{'kernel' must have 2 entries, got 1}}
  %0 = qcost.max_pool2d %x kernel [2] : (tensor<1x8x8x4x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x4x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @pool_padding(%x: tensor<1x8x8x4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{padding (2) must be smaller than the kernel (2) so every window holds an input}}
  %0 = qcost.avg_pool2d %x kernel [2, 2] padding [2, 0, 0, 0] : (tensor<1x8x8x4x!qcost.ufixed<4, 0>>) -> tensor<1x5x4x4x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @pool_channels(%x: tensor<1x8x8x4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{result batch and channels must equal the input's: expected [1, _, _, 4], got [1, 4, 4, 8]}}
  %0 = qcost.max_pool2d %x kernel [2, 2] : (tensor<1x8x8x4x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x8x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @pool_result_height(%x: tensor<1x8x8x4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{result height must be 7, got 4}}
  %0 = qcost.avg_pool2d %x kernel [2, 2] strides [1, 2] : (tensor<1x8x8x4x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x4x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @global_pool_shape(%x: tensor<1x8x8x4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{result shape must be [1, 1, 1, 4], got [1, 2, 2, 4]}}
  %0 = qcost.global_avg_pool %x : (tensor<1x8x8x4x!qcost.ufixed<4, 0>>) -> tensor<1x2x2x4x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @global_pool_rank(%x: tensor<8x8x4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{expects an NHWC input of rank 4, got rank 3}}
  %0 = qcost.global_avg_pool %x : (tensor<8x8x4x!qcost.ufixed<4, 0>>) -> tensor<1x1x1x4x!qcost.ufixed<4, 0>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

func.func @concat_empty() {
  // expected-error @+1 {{needs at least one input}}
  %0 = qcost.concat axis 0 : () -> tensor<4x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @concat_axis(%a: tensor<4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{'axis' must be in [0, 1), got 1}}
  %0 = qcost.concat %a, %a axis 1 : (tensor<4x!qcost.ufixed<4, 0>>, tensor<4x!qcost.ufixed<4, 0>>) -> tensor<8x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @concat_formats(%a: tensor<4x!qcost.ufixed<4, 0>>, %b: tensor<4x!qcost.ufixed<4, 1>>) {
  // expected-error @+1 {{input 1 has element type '!qcost.ufixed<4, 1>' but the result has '!qcost.ufixed<4, 0>'; requantize inputs to one format first}}
  %0 = qcost.concat %a, %b axis 0 : (tensor<4x!qcost.ufixed<4, 0>>, tensor<4x!qcost.ufixed<4, 1>>) -> tensor<8x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @concat_rank(%a: tensor<4x!qcost.ufixed<4, 0>>, %b: tensor<1x4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{input 1 has rank 2, expected 1}}
  %0 = qcost.concat %a, %b axis 0 : (tensor<4x!qcost.ufixed<4, 0>>, tensor<1x4x!qcost.ufixed<4, 0>>) -> tensor<8x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @concat_other_dims(%a: tensor<2x4x!qcost.ufixed<4, 0>>, %b: tensor<2x5x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{input 1 dimension 1 is 5, the result's is 4}}
  %0 = qcost.concat %a, %b axis 0 : (tensor<2x4x!qcost.ufixed<4, 0>>, tensor<2x5x!qcost.ufixed<4, 0>>) -> tensor<4x4x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @concat_sum(%a: tensor<2x4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{result dimension 0 must be the sum of the inputs' (4), got 5}}
  %0 = qcost.concat %a, %a axis 0 : (tensor<2x4x!qcost.ufixed<4, 0>>, tensor<2x4x!qcost.ufixed<4, 0>>) -> tensor<5x4x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @reshape_format(%a: tensor<2x4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{element type must not change: '!qcost.ufixed<4, 0>' vs '!qcost.fixed<4, 0>'}}
  %0 = qcost.reshape %a : (tensor<2x4x!qcost.ufixed<4, 0>>) -> tensor<8x!qcost.fixed<4, 0>>
  return
}

// -----

func.func @reshape_count(%a: tensor<2x4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{element count must not change: 8 vs 6}}
  %0 = qcost.reshape %a : (tensor<2x4x!qcost.ufixed<4, 0>>) -> tensor<6x!qcost.ufixed<4, 0>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Format type parameters: one case per message of the NumberFormat checks
//===----------------------------------------------------------------------===//

// expected-error @+1 {{fixed-point width W must be in [1, 64], got 65}}
func.func @fixed_width(%x: tensor<!qcost.fixed<65, 0>>) { return }

// -----

// expected-error @+1 {{fixed-point width W must be in [1, 64], got 0}}
func.func @ufixed_width(%x: tensor<!qcost.ufixed<0, 0>>) { return }

// -----

// expected-error @+1 {{fixed-point fraction bits F must be in [-128, 128], got 129}}
func.func @fixed_fraction(%x: tensor<!qcost.fixed<8, 129>>) { return }

// -----

// expected-error @+1 {{power-of-two width W (sign + exponent field) must be in [2, 16], got 1}}
func.func @pot_signed_width(%x: tensor<!qcost.pot<1, 0, 0>>) { return }

// -----

// expected-error @+1 {{power-of-two width W must be in [1, 16], got 17}}
func.func @pot_unsigned_width(%x: tensor<!qcost.pot<17, 0, 0, unsigned>>) { return }

// -----

// expected-error @+1 {{power-of-two minExp must be in [-1000, 1000], got -1001}}
func.func @pot_min_exp(%x: tensor<!qcost.pot<16, -1001, -1000>>) { return }

// -----

// expected-error @+1 {{power-of-two maxExp must be in [0, 1000], got -1}}
func.func @pot_max_below_min(%x: tensor<!qcost.pot<4, 0, -1>>) { return }

// -----

// expected-error @+1 {{power-of-two needs 9 levels (8 exponents and zero) but a 3-bit exponent field holds 8}}
func.func @pot_levels(%x: tensor<!qcost.pot<4, -7, 0>>) { return }

// -----

// expected-error @+1 {{power-of-two needs 5 levels (5 exponents) but a 2-bit exponent field holds 4}}
func.func @pot_levels_nozero(%x: tensor<!qcost.pot<3, -4, 0, nozero>>) { return }

// -----

// expected-error @+1 {{minifloat exponent bits E must be in [1, 8], got 0}}
func.func @float_exponent(%x: tensor<!qcost.float<0, 3>>) { return }

// -----

// expected-error @+1 {{minifloat mantissa bits M must be in [0, 23], got 24}}
func.func @float_mantissa(%x: tensor<!qcost.float<8, 24>>) { return }

// -----

// expected-error @+1 {{minifloat bias must be in [-16, 32], got 40}}
func.func @float_bias(%x: tensor<!qcost.float<4, 3, bias = 40>>) { return }

// -----

// expected-error @+1 {{minifloat with IEEE specials needs E >= 2 (the top exponent is reserved), got E = 1}}
func.func @float_ieee_needs_two_exponent_bits(%x: tensor<!qcost.float<1, 3>>) { return }

// -----

func.func @quantize_to_f64(%x: tensor<4xf32>) {
  // expected-error @+1 {{result element type must be a number format, got 'f64'}}
  %0 = qcost.quantize %x : (tensor<4xf32>) -> tensor<4xf64>
  return
}

// -----

func.func @dequantize_scale(%x: tensor<4x6x!qcost.fixed<8, 0>>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'scale' shape [4] does not block-broadcast to [4, 6]: dimension 1 is 4, which must be 1 or divide 6}}
  %0 = qcost.dequantize %x scale(%s) : (tensor<4x6x!qcost.fixed<8, 0>>, tensor<4xf32>) -> tensor<4x6xf32>
  return
}

// -----

func.func @pool_zero_kernel(%x: tensor<1x8x8x4x!qcost.ufixed<4, 0>>) {
  // expected-error @+1 {{'kernel' entries must be at least 1, got 0}}
  %0 = qcost.max_pool2d %x kernel [0, 2] : (tensor<1x8x8x4x!qcost.ufixed<4, 0>>) -> tensor<1x4x4x4x!qcost.ufixed<4, 0>>
  return
}

// -----

func.func @batch_norm_scalar(%x: tensor<!qcost.fixed<16, 0>>, %p: tensor<1xf32>) {
  // expected-error @+1 {{expects an input of rank at least 1}}
  %0 = qcost.batch_norm %x, %p, %p, %p, %p : (tensor<!qcost.fixed<16, 0>>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<f32>
  return
}

// -----

func.func @conv_result_rank(%x: tensor<1x8x8x16x!qcost.fixed<4, 0>>, %w: tensor<1x1x16x16x!qcost.fixed<4, 0>>) {
  // expected-error @+1 {{expects an NHWC result of rank 4, got rank 3}}
  %0 = qcost.conv2d %x, %w : (tensor<1x8x8x16x!qcost.fixed<4, 0>>, tensor<1x1x16x16x!qcost.fixed<4, 0>>) -> tensor<8x8x16x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @dense_bias_shape(%x: tensor<1x8x!qcost.fixed<8, 0>>, %w: tensor<8x2x!qcost.fixed<8, 0>>, %b: tensor<3x!qcost.fixed<24, 0>>) {
  // expected-error @+1 {{bias must have shape [2], got [3]}}
  %0 = qcost.dense %x, %w bias(%b) : (tensor<1x8x!qcost.fixed<8, 0>>, tensor<8x2x!qcost.fixed<8, 0>>, tensor<3x!qcost.fixed<24, 0>>) -> tensor<1x2x!qcost.fixed<24, 0>>
  return
}

// -----

func.func @reduce_dim_range(%x: tensor<4x8x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{dimension 2 is out of range for rank 2}}
  %0 = qcost.reduce_sum %x dims [2] : (tensor<4x8x!qcost.fixed<8, 0>>) -> tensor<4x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @reduce_dim_twice(%x: tensor<4x8x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{dimension 0 is listed twice}}
  %0 = qcost.reduce_sum %x dims [0, 0] : (tensor<4x8x!qcost.fixed<8, 0>>) -> tensor<8x!qcost.fixed<16, 0>>
  return
}

// -----

func.func @reduce_result(%x: tensor<4x8x!qcost.fixed<8, 0>>) {
  // expected-error @+1 {{result shape must be [8], got [4]}}
  %0 = qcost.reduce_sum %x dims [0] : (tensor<4x8x!qcost.fixed<8, 0>>) -> tensor<4x!qcost.fixed<16, 0>>
  return
}
