/*
 * jit.h — whether regular expressions may be compiled by PCRE2's JIT.
 *
 * JIT is only an optimisation: a pattern matches the same with or without
 * it. It is on unless the environment variable BWM_NO_JIT is set to
 * something other than "" or "0". The suite sets BWM_NO_JIT=1 under
 * valgrind, whose memcheck cannot follow JIT-generated code and reports
 * false "uninitialised value" errors with no symbol to suppress them by
 * (docs/building.md).
 */
#ifndef BWM_CORE_JIT_H
#define BWM_CORE_JIT_H

/* 1 when callers should pcre2_jit_compile() their patterns, else 0. */
int bwm_jit_enabled(void);

#endif
