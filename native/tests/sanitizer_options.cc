// Defaults for sanitized builds (-DPADDLE_SANITIZE=ON), compiled into the test and fuzz
// executables so a plain ctest run needs no environment. Empty in normal builds.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __asan_default_options() {
  // A failed huge allocation must come back as nullptr (the engine reports PD_OUT_OF_MEMORY)
  // rather than abort inside the sanitizer.
  return "allocator_may_return_null=1";
}
extern "C" const char* __ubsan_default_options() { return "print_stacktrace=1"; }
#endif
