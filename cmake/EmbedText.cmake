# cmake -DINPUT=<file> -DOUTPUT=<file> -DNAME=<identifier> -P EmbedText.cmake
# Writes `static const char NAME[] = R"...(<file's text>)...";` so a source
# can print a file of the repository (the HLS support header) verbatim.
file(READ "${INPUT}" text)
set(delimiter "qcc_embedded")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedText.cmake.\n"
  "static const char ${NAME}[] = R\"${delimiter}(${text})${delimiter}\";\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
