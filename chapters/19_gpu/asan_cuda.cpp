// Linked into the CUDA programs of sanitizer builds only (SG_SANITIZE).
//
// AddressSanitizer reserves a "shadow gap" of the address space and protects
// it; the CUDA driver maps GPU memory into that range, so with the gap
// protected the first CUDA call fails ("out of memory"). Unprotecting it is
// the known remedy (github.com/google/sanitizers/issues/629). ASAN_OPTIONS
// given at run time still override this. Without a GPU the driver never
// maps anything and this changes nothing.
extern "C" const char* __asan_default_options() { return "protect_shadow_gap=0"; }
