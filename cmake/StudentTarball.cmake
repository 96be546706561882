# The student version: a tarball of this repository's files without the
# reference solutions, ready to hand out. It builds on its own; its exercises/
# hold the stubs that make_exercises generated (the `student-tarball` target
# checks that they are up to date before it packs).
#
#   cmake -DSOURCE=<repo> -DOUTPUT=<file.tar.gz> -P cmake/StudentTarball.cmake
#
# The files are the ones git tracks (git ls-files), as they are in the working
# tree: commit or `git add` a new exercise before you pack. Left out:
#   solutions/              the reference solutions
#   tests/graded/planted/   wrong implementations that are right in places
#   tests/hidden/           the instructor's hidden tests (docs/instructors.md)
# The tarball unpacks into stepgrad-student/; its entries are sorted and
# dated 2026-01-01, so the same files give the same tarball.
cmake_minimum_required(VERSION 3.25)
foreach(var SOURCE OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "StudentTarball.cmake: pass -D${var}=...")
  endif()
endforeach()
set(excluded "^(solutions|tests/graded/planted|tests/hidden)/")

find_program(GIT git)
if(NOT GIT)
  message(FATAL_ERROR "the student tarball is made from the files git tracks, and git is not installed")
endif()
execute_process(COMMAND ${GIT} -c core.quotepath=off ls-files
                WORKING_DIRECTORY ${SOURCE} OUTPUT_VARIABLE listing RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "git ls-files failed in ${SOURCE} (is it a git checkout?): ${err}")
endif()
string(REPLACE "\n" ";" files "${listing}")
list(FILTER files EXCLUDE REGEX "${excluded}")
list(FILTER files EXCLUDE REGEX "^$")
list(SORT files)
set(stubs ${files})
list(FILTER stubs INCLUDE REGEX "^exercises/")
if(NOT stubs)
  message(FATAL_ERROR "exercises/ is not in git: generate it (cmake --build build --target exercises) and commit it")
endif()

get_filename_component(output ${OUTPUT} ABSOLUTE)
get_filename_component(out_dir ${output} DIRECTORY)
set(stage ${out_dir}/student-tarball-stage)
file(REMOVE_RECURSE ${stage})
set(entries)
foreach(f IN LISTS files)
  if(EXISTS ${SOURCE}/${f})   # tracked, but deleted in the working tree: left out
    get_filename_component(dir ${f} DIRECTORY)
    file(COPY ${SOURCE}/${f} DESTINATION ${stage}/stepgrad-student/${dir} USE_SOURCE_PERMISSIONS)
    list(APPEND entries stepgrad-student/${f})
  endif()
endforeach()
list(JOIN entries "\n" entry_lines)
file(WRITE ${stage}/entries.txt "${entry_lines}\n")
# An uncompressed tar, then gzip -n: `cmake -E tar czf` would stamp the
# gzip header with the time of packing.
find_program(GZIP gzip REQUIRED)
execute_process(COMMAND ${CMAKE_COMMAND} -E tar cf stepgrad-student.tar --format=gnutar
                        "--mtime=2026-01-01 00:00:00 UTC" --files-from=entries.txt
                WORKING_DIRECTORY ${stage} RESULT_VARIABLE rc)
if(rc EQUAL 0)
  execute_process(COMMAND ${GZIP} -n -9 -c stepgrad-student.tar
                  WORKING_DIRECTORY ${stage} OUTPUT_FILE ${output} RESULT_VARIABLE rc)
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "could not write ${output}")
endif()
file(REMOVE_RECURSE ${stage})
list(LENGTH entries n)
message(STATUS "wrote ${output}: ${n} files in stepgrad-student/, without solutions/")
