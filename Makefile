# irqlab — a thin wrapper around scripts/setup.sh, CMake and CTest.
#   make run        set up, build, and run the main job (scenarios/sigint_keyboard.yaml, traces in build/)
#   make test       set up, build, and run every test (ctest)
#   make bench      build and run the CPU benchmark (never part of make test)
#   make shell      busybox sh on the mini OS: with a display the debugger on scenarios/shell.yaml
#                   (type in its console window), without one `irqlab exec` on this terminal
#   make asan-test  the tests again in build-asan/ with AddressSanitizer + UBSan
#   make clean      remove build/ and build-asan/
# A second run skips set-up (the script's fast check) and rebuilds nothing. The configure step runs
# once per build folder (CTestTestfile.cmake is written when CMake generated successfully); after
# that `cmake --build` re-runs CMake by itself when a CMakeLists.txt or a source glob changes.

MAKEFLAGS  += --no-print-directory

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
MAIN       ?= scenarios/sigint_keyboard.yaml

.PHONY: all run shell test bench asan-test asan-cpu fuzz clean setup build

all: build

setup:
	@bash scripts/setup.sh

$(BUILD)/CTestTestfile.cmake: | setup
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: setup $(BUILD)/CTestTestfile.cmake
	cmake --build $(BUILD) -j$(JOBS)

run: build
	./$(BUILD)/sim/irqlab run $(MAIN) --trace $(BUILD)/main.jsonl --perfetto $(BUILD)/main.perfetto.json \
	  --vcd $(BUILD)/main.vcd

shell: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then ./$(BUILD)/sim/irqlab gui scenarios/shell.yaml; \
	else ./$(BUILD)/sim/irqlab exec $(BUILD)/busybox/bin/busybox sh -i; fi

# The tests, then all but the Unicorn comparison again under AddressSanitizer + UBSan (random code,
# malformed scenarios, and the shipped scenarios' golden trace hashes included), and the conformance
# suite with the sanitized `irqlab exec` (reusing the first pass's oracle results: compare.sh), so
# no guest input makes the kernel touch bad host memory, overflow, or leak (LeakSanitizer at exit).
SAN_ENV = ASAN_OPTIONS=exitcode=199 LSAN_OPTIONS=exitcode=199 UBSAN_OPTIONS=exitcode=199:print_stacktrace=1 \
          IRQ_EXEC_TIMEOUT=55
test: build
	cd $(BUILD) && ctest --output-on-failure -j2
	$(MAKE) --no-print-directory asan-cpu

asan-cpu: setup $(ASAN_BUILD)/CTestTestfile.cmake
	cmake --build $(ASAN_BUILD) -j$(JOBS) --target irq_tests sst_runner irqlab user_programs conformance_programs busybox
	./$(ASAN_BUILD)/tests/irq_tests -w NoTests "~[unicorn]"
	./$(ASAN_BUILD)/tests/sst_runner ../shared/data/sst-80286-real > $(ASAN_BUILD)/sst.log \
	  || (tail -n 40 $(ASAN_BUILD)/sst.log; exit 1)
	tail -n 1 $(ASAN_BUILD)/sst.log
	cd $(ASAN_BUILD) && $(SAN_ENV) ctest -L conformance -j2 --output-on-failure

bench: build
	./$(BUILD)/bench/irq_bench
	./$(BUILD)/bench/irq_board_bench
	./$(BUILD)/bench/irq_os_bench

$(ASAN_BUILD)/CTestTestfile.cmake: | setup
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIRQ_SANITIZE=ON -DIRQ_GUI=OFF \
	  -DIRQ_ORACLE_CACHE=$(abspath $(BUILD))/oracle-cache \
	  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1"

asan-test: setup $(ASAN_BUILD)/CTestTestfile.cmake
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && $(SAN_ENV) ctest --output-on-failure -j2

# libFuzzer on the CPU (clang only): random code, descriptor tables and registers for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz: setup
	cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_C_COMPILER=clang -DIRQ_SANITIZE=ON -DIRQ_FUZZ=ON
	cmake --build build-fuzz -j$(JOBS) --target fuzz_cpu
	mkdir -p build-fuzz/corpus
	./build-fuzz/tests/fuzz_cpu -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build-fuzz/corpus

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
