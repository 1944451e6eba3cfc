#!/usr/bin/env bash
# Runs every test: native unit tests (Release and ASan+UBSan), the WebAssembly build with its
# native/wasm parity check, the browser tests in Debian's Chromium, and a smoke run in Firefox ESR
# and WebKitGTK (under Xvfb).
# Installs whatever is missing first (Debian/Ubuntu). Idempotent; quick on a second run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n==== %s\n' "$*"; }

step "dependencies"
scripts/deps.sh --test --fuzz

step "native Release: build + unit tests"
cmake --preset native >/dev/null
cmake --build --preset native -j "$jobs"
ctest --preset native

step "native ASan + UBSan: build + unit tests"
cmake --preset native-asan >/dev/null
cmake --build --preset native-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset native-asan

step "fuzzing: each libFuzzer target for ${BPL_FUZZ_SECONDS:-20} s (clang, ASan + UBSan)"
nice -n 10 scripts/fuzz.sh "${BPL_FUZZ_SECONDS:-20}"

step "WebAssembly build (app + CLI)"
emcmake cmake --preset web >/dev/null
cmake --build --preset web -j "$jobs"

step "browser tests (Chromium) + native/wasm parity"
cd tests/browser
# One test file at a time (each starts a Chromium); Node older than 20.10 (Debian 12 ships
# 18.x) lacks the flag and then uses its default scheduling.
conc=""; node --test-concurrency=1 -e 0 >/dev/null 2>&1 && conc="--test-concurrency=1"
node --test $conc --test-reporter=spec ./*.test.mjs

step "smoke runs in Firefox ESR and WebKitGTK (under Xvfb)"
# Load, train to 95%, Train/Pause, draw and read a digit, no console errors (engines.mjs).
# Headless Firefox has no WebGL 2 here, so both run on a virtual display.
xvfb-run -a -s "-screen 0 1600x1000x24" node --test $conc --test-reporter=spec firefox.smoke.mjs
WEBKIT_DISABLE_DMABUF_RENDERER=1 xvfb-run -a -s "-screen 0 1600x1000x24" node --test $conc --test-reporter=spec webkit.smoke.mjs
