# The compiler of a student's export: Debian's clang-16 when it is installed (scripts/setup
# installs it for the grader), linking with its lld-16; else the system's, GCC. From scratch on
# this 2-core machine, idle, headers precompiled both times, common, lab 01 and the grader built
# in 89 s with clang-16 and lld-16 against 211 s with GCC 12 and ld: a student's first build.
# make serve then compiles a lab with the compiler the grader uses: the same messages.
# Not in the repository (solutions/ is there), whose builds ccache serves and CI runs with GCC,
# nor in a sanitized build (clang-16's sanitizers are another package). CXX or
# -DCMAKE_CXX_COMPILER choose any compiler anywhere: `CXX=g++ make serve` builds an export with
# GCC (scripts/check-export does). Read before project(), which fixes the compiler.
if(NOT DEFINED CMAKE_CXX_COMPILER AND NOT DEFINED ENV{CXX} AND NOT COURSE_SANITIZE
   AND NOT EXISTS ${CMAKE_SOURCE_DIR}/solutions)
  find_program(COURSE_CLANG_16 clang++-16)
  find_program(COURSE_LLD_16 ld.lld-16)
  if(COURSE_CLANG_16)
    set(CMAKE_CXX_COMPILER ${COURSE_CLANG_16} CACHE FILEPATH "C++ compiler (cmake/Compiler.cmake)")
    if(COURSE_LLD_16)
      set(CMAKE_EXE_LINKER_FLAGS_INIT -fuse-ld=lld)
    endif()
  endif()
endif()
