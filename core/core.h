/*
 * core.h — what every stage shares. Depends on nothing else of ours.
 *
 *   error.h      status codes and the caller-owned error message
 *   strbuf.h     growable strings, checked allocation
 *   jsonl.h      JSON Lines reading/writing and cJSON accessors
 *   log.h        operator messages (text or JSON) on stderr
 *   normalize.h  E.164, DN ranges, MAC addresses, e-mail
 *   arena.h      bump allocation for objects that die together
 *   jit.h        whether to JIT-compile regular expressions (BWM_NO_JIT)
 *   sha256.h     SHA-256 digests of input files (for reports)
 *   digest.h     SHA-1 and MD5 (the OCI-P login signature only)
 *   outfile.h    -o FILE: temporary file and rename, or straight to a device
 */
#ifndef BWM_CORE_H
#define BWM_CORE_H

#include "core/error.h"
#include "core/strbuf.h"
#include "core/jsonl.h"
#include "core/json_print.h"
#include "core/log.h"
#include "core/normalize.h"
#include "core/arena.h"
#include "core/jit.h"
#include "core/sha256.h"
#include "core/digest.h"
#include "core/outfile.h"

#endif
