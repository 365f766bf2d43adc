/*
 * oci_node.c — one command's light tree, read with the reader itself.
 *
 * xmlTextReaderExpand built a full libxml2 tree per command (a 250-row
 * user table is ~3,000 nodes, each malloc'd, linked with namespaces and
 * attributes, then freed node by node). The handlers need much less: the
 * element names, the texts, the order. So the reader walks the command's
 * subtree node by node (freeing libxml2's nodes as it goes, as it does
 * when streaming) and each node becomes an oci_node in the session's
 * per-command arena, which is reset, not freed, before the next command.
 *
 * The tree holds the same nodes as the expanded one (texts, whitespace
 * texts the parser kept, comments and PIs too), so that "a leaf holds one
 * text" and every handler read the same as before.
 */
#include "extract/oci.h"

#include <stddef.h>
#include <string.h>

/* A node for the reader's current node x, appended to parent's children. */
static struct oci_node *node_add(struct arena *a, struct oci_node *parent, xmlNodePtr x)
{
	struct oci_node *n = arena_alloc(a, sizeof *n);
	memset(n, 0, sizeof *n);
	n->type = (int)x->type;
	n->line = x->line;
	n->parent = parent;
	if (parent == NULL)
		return n;
	n->prev = parent->last;
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->children = n;
	parent->last = n;
	return n;
}

/* A text or CDATA node: its characters are copied, the reader frees x
 * when it moves on. Lines past 65534 are kept where libxml2 keeps them
 * (psvi), for oci_node_line(). */
static void node_text(struct arena *a, struct oci_node *n, xmlNodePtr x)
{
	const char *s = (const char *)x->content;
	n->content = arena_strdup(a, s != NULL ? s : "");
	if (x->type == XML_TEXT_NODE && x->line == 65535 && x->psvi != NULL)
		n->big_line = (long)(ptrdiff_t)x->psvi;
}

struct oci_node *oci_node_read(xmlTextReaderPtr rd, struct arena *a)
{
	struct oci_node *cmd = node_add(a, NULL, xmlTextReaderCurrentNode(rd));
	cmd->name = (const char *)xmlTextReaderConstLocalName(rd);
	if (xmlTextReaderIsEmptyElement(rd))
		return cmd;
	struct oci_node *cur = cmd;
	for (;;) {
		if (xmlTextReaderRead(rd) != 1)
			return NULL;   /* malformed or truncated inside the command */
		xmlNodePtr x = xmlTextReaderCurrentNode(rd);
		if (x == NULL)
			return NULL;
		if (x->type != XML_ELEMENT_NODE) {
			struct oci_node *n = node_add(a, cur, x);
			if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE)
				node_text(a, n, x);
			continue;
		}
		if (xmlTextReaderNodeType(rd) == XML_READER_TYPE_END_ELEMENT) {
			if (cur == cmd)
				return cmd;
			cur = cur->parent;
			continue;
		}
		struct oci_node *n = node_add(a, cur, x);
		/* Element names come from the parser's dictionary and live as
		 * long as the reader: not copied. */
		n->name = (const char *)xmlTextReaderConstLocalName(rd);
		if (!xmlTextReaderIsEmptyElement(rd))
			cur = n;
	}
}

/* The node types libxml2 keeps a line for. */
static int has_line(const struct oci_node *n)
{
	return n->type == XML_ELEMENT_NODE || n->type == XML_TEXT_NODE ||
	       n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE;
}

/* xmlGetLineNo()'s walk (libxml2 2.9: at most 5 steps) over the light
 * tree, so that source.line stays what it was with the expanded tree. */
static long line_walk(const struct oci_node *n, int depth)
{
	long result = -1;
	if (depth >= 5 || n == NULL)
		return -1;
	if (has_line(n)) {
		if (n->line == 65535) {
			if (n->type == XML_TEXT_NODE && n->big_line != 0)
				result = n->big_line;
			else if (n->type == XML_ELEMENT_NODE && n->children != NULL)
				result = line_walk(n->children, depth + 1);
			else if (n->next != NULL)
				result = line_walk(n->next, depth + 1);
			else if (n->prev != NULL)
				result = line_walk(n->prev, depth + 1);
		}
		if (result == -1 || result == 65535)
			result = n->line;
	} else if (n->prev != NULL && has_line(n->prev)) {
		result = line_walk(n->prev, depth + 1);
	} else if (n->parent != NULL && n->parent->type == XML_ELEMENT_NODE) {
		result = line_walk(n->parent, depth + 1);
	}
	return result;
}

long oci_node_line(const struct oci_node *cmd)
{
	/* An empty command past line 65534 takes its line from its siblings,
	 * which the light tree does not have. */
	if (cmd->line == 65535 && cmd->children == NULL)
		return -1;
	return line_walk(cmd, 0);
}
