# A compile-fail test: compiles FILE (cmake -DCXX=... -DINCLUDE=... -DFILE=... -P this) and
# passes when the compiler refuses it with exactly one error, whose text matches the file's
# first line, "// expect: <regex>". A mistake a student makes must end in one clear message.
file(STRINGS ${FILE} first LIMIT_COUNT 1)
string(REGEX REPLACE "^// expect: " "" expected "${first}")
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -I${INCLUDE} ${FILE}
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(code EQUAL 0)
  message(FATAL_ERROR "${FILE} compiles; it must not")
endif()
string(REGEX MATCHALL "error: " errors "${out}")
list(LENGTH errors count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "${count} errors instead of one:\n${out}")
endif()
if(NOT out MATCHES "${expected}")
  message(FATAL_ERROR "the error does not say \"${expected}\":\n${out}")
endif()
