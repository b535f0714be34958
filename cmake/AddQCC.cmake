# Helpers that keep qcc's libraries in lists the tools link, so a new library is
# picked up by every tool without editing the tools' CMakeLists.

# add_qcc_library(name sources... [DEPENDS ...] [LINK_LIBS ...])
# An MLIR-style library registered in the QCC_LIBS global property.
function(add_qcc_library name)
  add_mlir_library(${name} ${ARGN})
  set_property(GLOBAL APPEND PROPERTY QCC_LIBS ${name})
endfunction()

# add_qcc_dialect_library: the same for dialect libraries (QCC_DIALECT_LIBS).
function(add_qcc_dialect_library name)
  add_mlir_dialect_library(${name} ${ARGN})
  set_property(GLOBAL APPEND PROPERTY QCC_DIALECT_LIBS ${name})
endfunction()
