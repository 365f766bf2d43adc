/* arena.c — bump allocation in a chain of blocks (see arena.h). */
#include "core/arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

/* One block of the chain. */
struct arena_block {
	struct arena_block *next;   /* owned */
	size_t cap;                 /* bytes in data */
	size_t used;                /* bytes handed out */
	alignas(max_align_t) char data[];
};

void arena_init(struct arena *a, size_t block_size)
{
	a->head = a->cur = NULL;
	a->block_size = block_size < 1024 ? 1024 : block_size;
}

static struct arena_block *block_new(size_t cap)
{
	struct arena_block *b = xmalloc(sizeof *b + cap);
	b->next = NULL;
	b->cap = cap;
	b->used = 0;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	n = (n + align - 1) & ~(align - 1);
	if (n == 0)
		n = align;
	/* Blocks after cur are empty (after a reset): use them before adding. */
	while (a->cur != NULL && a->cur->used + n > a->cur->cap && a->cur->next != NULL)
		a->cur = a->cur->next;
	if (a->cur == NULL || a->cur->used + n > a->cur->cap) {
		struct arena_block *b = block_new(n > a->block_size ? n : a->block_size);
		if (a->cur == NULL)
			a->head = b;
		else
			a->cur->next = b;
		a->cur = b;
	}
	void *p = a->cur->data + a->cur->used;
	a->cur->used += n;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_reset(struct arena *a)
{
	for (struct arena_block *b = a->head; b != NULL; b = b->next)
		b->used = 0;
	a->cur = a->head;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b != NULL) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = a->cur = NULL;
}
