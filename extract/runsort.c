/*
 * runsort.c — natural merge sort (see runsort.h): find the ascending runs,
 * merge neighbours pairwise until one is left. With r runs that is
 * log2(r) linear passes; beyond RUNSORT_MAX_RUNS a comparison sort is
 * cheaper and qsort() does the work.
 */
#include "extract/runsort.h"

#include <stdlib.h>
#include <string.h>

#define RUNSORT_MAX_RUNS 16

/* One array being sorted: elements of `size` bytes compared by cmp. */
struct runsort_ctx {
	size_t size;
	int (*cmp)(const void *, const void *);
};

/* End (exclusive) of the ascending run of v[0..n) that starts at i. */
static size_t run_end(const struct runsort_ctx *c, const char *v, size_t i, size_t n)
{
	while (i + 1 < n && c->cmp(v + i * c->size, v + (i + 1) * c->size) <= 0)
		i++;
	return i + 1;
}

/* Merge sorted a[0..na) and b[0..nb) into out; ties take a first (stable). */
static void merge(const struct runsort_ctx *c, char *out, const char *a, size_t na,
		  const char *b, size_t nb)
{
	const size_t z = c->size;
	while (na > 0 && nb > 0) {
		const char **from = c->cmp(b, a) < 0 ? &b : &a;
		memcpy(out, *from, z);
		out += z;
		*from += z;
		if (from == &a)
			na--;
		else
			nb--;
	}
	memcpy(out, a, na * z);
	memcpy(out + na * z, b, nb * z);
}

void runsort(void *base, void *tmp, size_t n, size_t size,
	     int (*cmp)(const void *, const void *))
{
	const struct runsort_ctx c = { size, cmp };
	char *v = base, *t = tmp;
	size_t runs = 0;
	for (size_t i = 0; i < n && runs <= RUNSORT_MAX_RUNS; i = run_end(&c, v, i, n))
		runs++;
	if (runs > RUNSORT_MAX_RUNS) {
		qsort(base, n, size, cmp);
		return;
	}
	while (runs > 1) {
		size_t i = 0;
		runs = 0;
		while (i < n) {
			size_t a = run_end(&c, v, i, n);
			size_t b = a < n ? run_end(&c, v, a, n) : n;
			merge(&c, t + i * size, v + i * size, a - i, v + a * size, b - a);
			i = b;
			runs++;
		}
		memcpy(v, t, n * size);
	}
}
