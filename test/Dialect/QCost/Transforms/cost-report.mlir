// The text and JSON reports of qcost-annotate-cost on the PikeLPN separable
// block example (docs/cost-model.md describes both formats).
// RUN: qcc-opt %qcc_src_root/examples/pikelpn_separable_block.mlir --qcost-annotate-cost="report=text top=3" -o /dev/null | FileCheck %s --check-prefix=TEXT
// RUN: qcc-opt %qcc_src_root/examples/pikelpn_separable_block.mlir --qcost-annotate-cost="report=json report-file=%t.json" -o /dev/null
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: %python %s.py %t.json

// TEXT: qcc cost report: module, model ace-v2 (bit-adders)
// TEXT: #     op               location
// TEXT: 0     qcost.conv2d     {{.*}}pikelpn_separable_block.mlir:11:11     1.806M      28.901M   1.65%
// TEXT: 1     qcost.batch_norm {{.*}}pikelpn_separable_block.mlir:16:14          0     237.634M  13.58%
// TEXT: Totals
// TEXT-NEXT: MACs                         27.496M
// TEXT-NEXT: ace-v2 total                 1.750G bit-adders
// TEXT-NEXT: MAC                            439.943M   25.14%
// TEXT-NEXT: elementwise                      1.310G   74.86%
// TEXT-NEXT: batch-norm (BN)              712.901M   40.73%
// TEXT-NEXT: activation (Act)                    0    0.00%
// TEXT-NEXT: quantization (QP)            597.295M   34.13%
// TEXT: memory footprint
// TEXT: Top 3 ops by ace-v2
// TEXT-NEXT: 475.267M  27.16%  qcost.batch_norm at {{.*}}:26:14
// TEXT-NEXT: 411.042M  23.49%  qcost.conv2d at {{.*}}:21:11
// TEXT-NEXT: 398.197M  22.75%  qcost.quantize at {{.*}}:29:15
// TEXT-NOT: Unpriced

// JSON: "cost_model": "ace-v2",
// JSON: "macs": 27496448,
// JSON: "schema": "qcc-cost-report/1",
