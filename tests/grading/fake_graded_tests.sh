#!/usr/bin/env bash
# A stand-in for the graded test program (grading/graded_main.cpp), speaking
# its protocol (--sg-list; NAME --sg-result FILE), whose test cases end in
# each way a student's code can: passed, failed, an endless loop, a
# segfault, a stub, an exit() before the test case ends. grade must report
# each for what it is (tests/grading/grading_tests.cmake).
if [ "$1" = "--sg-list" ]; then
  echo '{"name":"1.1 a: passes","tags":["ch01","ex1.1","points:2"]}'
  echo '{"name":"1.1 a: fails, with comma","tags":["ch01","ex1.1","points:1"]}'
  echo '{"name":"1.2 b: loops","tags":["ch01","ex1.2","points:1"]}'
  echo '{"name":"2.1 c: segfaults","tags":["ch02","ex2.1","points:3"]}'
  echo '{"name":"2.2 d: stub","tags":["ch02","ex2.2","points:3"]}'
  echo '{"name":"2.3 e: exits","tags":["ch02","ex2.3","points:3"]}'
  exit 0
fi
name="$1"; file="$3"
case "$name" in
  *passes) echo '{"name":"x","passed":true,"not_implemented":false,"failures":0,"message":""}' > "$file";;
  *comma) echo '{"name":"x","passed":false,"not_implemented":false,"failures":1,"message":"f(1): expected 2, got 3 <&> \u0001"}' > "$file";;
  *loops) while true; do echo "still looping"; done;;
  *segfaults) echo "ERROR: AddressSanitizer: SEGV"; echo "    #0 0x1 in sg::ch02::c exercises/02_x/exercises.cpp:12"; kill -SEGV $$;;
  *stub) echo '{"name":"x","passed":false,"not_implemented":true,"failures":1,"message":"Exercise 2.2 (d) is not implemented yet"}' > "$file";;
  *exits) exit 3;;
esac
