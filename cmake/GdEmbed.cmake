# gd_embed_file(<target> <symbol> <file>)
#
# Compiles <file> into <target> as
#   const unsigned char <symbol>[];   (NUL-terminated)
#   const size_t <symbol>_len;        (without the NUL)
# so data kept in formats/ (templates, stylesheets, tables) ships inside the
# binary and is rebuilt when the file changes.
function(gd_embed_file target symbol file)
  get_filename_component(abs ${file} ABSOLUTE)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embed_${symbol}.c)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${abs} -DOUT=${out} -DSYM=${symbol}
            -P ${PROJECT_SOURCE_DIR}/cmake/GdEmbedRun.cmake
    DEPENDS ${abs} ${PROJECT_SOURCE_DIR}/cmake/GdEmbedRun.cmake
    COMMENT "Embedding ${file}")
  target_sources(${target} PRIVATE ${out})
endfunction()
