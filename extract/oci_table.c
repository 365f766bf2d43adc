/*
 * oci_table.c — OCITable reading. The schema says clients must find
 * columns by heading text, because later releases move and add columns;
 * so a handler asks for "User Id", never for column 0. Empty cells
 * (<col/>) read as NULL, like absent elements.
 */
#include "extract/oci.h"

#include <string.h>

int oci_table_open(struct oci_table *t, xmlNodePtr tab)
{
	memset(t, 0, sizeof *t);
	if (tab == NULL)
		return -1;
	xmlNodePtr el = oci_child(tab, NULL);
	for (; el != NULL; el = el->next) {
		if (el->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)el->name, "colHeading") != 0)
			break;
		/* Headings beyond the limit are ignored, not misassigned. */
		if (t->ncols < OCI_TABLE_COLS) {
			const char *h = oci_text(el);
			t->heading[t->ncols++] = h ? h : "";
		}
	}
	if (t->ncols == 0)
		return -1;
	t->tab = tab;
	return 0;
}

static xmlNodePtr next_row(xmlNodePtr n)
{
	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "row") == 0)
			return n;
	return NULL;
}

int oci_table_next(struct oci_table *t)
{
	if (t->done || t->tab == NULL)
		return 0;
	xmlNodePtr row = next_row(t->row == NULL ? t->tab->children : t->row->next);
	t->row = row;
	if (row == NULL) {
		t->done = 1;
		return 0;
	}
	size_t i = 0;
	for (xmlNodePtr c = row->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "col") != 0)
			continue;
		if (i < t->ncols)
			t->cell[i] = oci_text(c);
		i++;
	}
	/* A short row leaves the remaining columns empty. */
	for (; i < t->ncols; i++)
		t->cell[i] = NULL;
	return 1;
}

int oci_table_col(const struct oci_table *t, const char *h)
{
	for (size_t i = 0; i < t->ncols; i++)   /* first byte inline: asked per cell */
		if (t->heading[i][0] == h[0] && strcmp(t->heading[i], h) == 0)
			return (int)i;
	return -1;
}

const char *oci_table_get(const struct oci_table *t, const char *h)
{
	int i = oci_table_col(t, h);
	return i < 0 ? NULL : t->cell[i];
}
