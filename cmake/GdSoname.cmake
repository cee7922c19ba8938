# gd_soname(<var> <library> <fallback> [hint dirs...]): the soname of a
# library that is dlopen'd rather than linked (its headers are used at build
# time, the soname at run time, as the dynamic linker would have found it).
# Read from the library the -dev symlink leads to; <fallback> if that fails.
function(gd_soname var name fallback)
  find_library(_gd_lib NAMES ${name} HINTS ${ARGN} NO_CACHE)
  set(_soname "")
  if(_gd_lib)
    file(REAL_PATH ${_gd_lib} _real)
    execute_process(COMMAND objdump -p ${_real} OUTPUT_VARIABLE _out ERROR_QUIET)
    if(_out MATCHES "SONAME +([^\n ]+)")
      set(_soname ${CMAKE_MATCH_1})
    endif()
  endif()
  if(NOT _soname MATCHES "^lib[A-Za-z0-9_+-]+\\.so\\.[0-9]+$")
    set(_soname ${fallback})
  endif()
  set(${var} ${_soname} PARENT_SCOPE)
endfunction()
