/*
 * runsort.h — a sort for arrays that are mostly in order already.
 *
 * The extract buffer's records arrive as a few ascending runs per kind (a
 * sorted list response, then the detail responses of the same objects).
 * runsort() merges such runs in a few linear passes, and hands arrays of
 * many runs to qsort(). Same contract as qsort(), plus scratch space; the
 * result is stable.
 */
#ifndef BWM_EXTRACT_RUNSORT_H
#define BWM_EXTRACT_RUNSORT_H

#include <stddef.h>

/* Sort n elements of size bytes at base by cmp; tmp has room for n
 * elements and is clobbered. */
void runsort(void *base, void *tmp, size_t n, size_t size,
	     int (*cmp)(const void *, const void *));

#endif
