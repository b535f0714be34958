# Vitis HLS: C-simulation and synthesis of the emitted separable block.
#   vitis_hls -f run_hls.tcl            (from this directory)
# The testbench main() is in separable_block.cpp under #ifndef __SYNTHESIS__,
# so the one file is both the design and the testbench. csim reads in0.txt
# (one 4-bit code per line, 200704 of them; run_csim.sh shows how to make
# one) and writes out0.txt.
open_project -reset separable_block_prj
set_top separable_block
add_files separable_block.cpp -cflags "-std=c++17"
add_files -tb in0.txt
open_solution -reset solution1 -flow_target vivado
set_part xczu9eg-ffvb1156-2-e
create_clock -period 5 -name default
csim_design -argv "in0.txt out0.txt"
csynth_design
exit
