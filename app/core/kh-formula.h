/* kh-formula.h — indicator formulas: parsing and references
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Grammar (whitespace ignored):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | primary
 *   primary := NUMBER | NAME | NAME '(' expr (',' expr)* ')' | '(' expr ')'
 *   NAME    := [A-Za-z_][A-Za-z0-9_.]*
 * Functions: growth(x) = (xₜ − xₜ₋₁)/xₜ₋₁·100 (percent growth on the previous year),
 * prev(x) = xₜ₋₁, abs(x), min(a, b), max(a, b), ln(x). Names refer to variables or
 * indicators of the same framework; growth() and prev() take a name only.
 * The evaluator belongs to the engine (kh-engine); this file only parses and inspects.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KH_FORMULA_ERROR (kh_formula_error_quark ())

typedef enum
{
  KH_FORMULA_ERROR_SYNTAX,   /* message says what was expected; KhFormulaError.offset */
  KH_FORMULA_ERROR_FUNCTION, /* unknown function or wrong number of arguments */
} KhFormulaErrorCode;

typedef enum
{
  KH_EXPR_NUMBER,
  KH_EXPR_NAME,
  KH_EXPR_NEG,
  KH_EXPR_ADD,
  KH_EXPR_SUB,
  KH_EXPR_MUL,
  KH_EXPR_DIV,
  KH_EXPR_CALL,
} KhExprKind;

typedef enum
{
  KH_FUNC_GROWTH,
  KH_FUNC_PREV,
  KH_FUNC_ABS,
  KH_FUNC_MIN,
  KH_FUNC_MAX,
  KH_FUNC_LN,
} KhFunction;

typedef struct _KhExpr KhExpr;

struct _KhExpr
{
  KhExprKind kind;
  guint offset;     /* byte offset in the formula text, for messages */
  double number;    /* KH_EXPR_NUMBER */
  char *name;       /* KH_EXPR_NAME */
  KhFunction func;  /* KH_EXPR_CALL */
  KhExpr *args[2];  /* operands: NEG uses args[0]; binary ops and calls up to two */
  guint n_args;
};

GQuark   kh_formula_error_quark (void);

/* Parses @text. On failure returns NULL and sets @error; *error_offset (may be NULL)
 * receives the byte offset of the problem. */
KhExpr  *kh_formula_parse       (const char    *text,
                                 guint         *error_offset,
                                 GError       **error);
void     kh_expr_free           (KhExpr        *expr);

/* Appends every distinct name the expression refers to (including inside growth()
 * and prev()) to @names as borrowed strings, in order of first appearance. */
void     kh_expr_collect_names  (const KhExpr  *expr,
                                 GPtrArray     *names);

/* TRUE when the expression refers to @name in the current year, i.e. outside growth()
 * and prev(); only such references can form a cycle between formulas. */
gboolean kh_expr_uses_current   (const KhExpr  *expr,
                                 const char    *name);

/* TRUE when the expression calls growth() or prev() anywhere. */
gboolean kh_expr_uses_previous  (const KhExpr  *expr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhExpr, kh_expr_free)

G_END_DECLS
