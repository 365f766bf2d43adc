/*
 * arena.h — a bump allocator for many small objects that die together
 * (the records and strings of one enterprise in the extract buffer).
 *
 * Owner: whoever declared the struct. arena_reset() forgets every object
 * but keeps the blocks for the next round; arena_free() returns them.
 * Allocation failure aborts, like xmalloc().
 */
#ifndef BWM_ARENA_H
#define BWM_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;   /* first block; owned chain */
	struct arena_block *cur;    /* block being filled */
	size_t block_size;          /* size of a normal block */
};

void arena_init(struct arena *a, size_t block_size);
/* n bytes aligned for any object; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
