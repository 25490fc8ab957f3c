/* test-formula.c — parsing and inspecting indicator formulas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "core/kh-formula.h"

/* Prints the tree in prefix form so the structure (precedence, associativity) is visible. */
static void
dump (const KhExpr *e,
      GString      *out)
{
  static const char *const funcs[] = { "growth", "prev", "abs", "min", "max", "ln" };

  switch (e->kind)
    {
    case KH_EXPR_NUMBER:
      g_string_append_printf (out, "%g", e->number);
      break;
    case KH_EXPR_NAME:
      g_string_append (out, e->name);
      break;
    case KH_EXPR_NEG:
      g_string_append (out, "(neg ");
      dump (e->args[0], out);
      g_string_append (out, ")");
      break;
    case KH_EXPR_ADD:
    case KH_EXPR_SUB:
    case KH_EXPR_MUL:
    case KH_EXPR_DIV:
      g_string_append_printf (out, "(%c ", "+-*/"[e->kind - KH_EXPR_ADD]);
      dump (e->args[0], out);
      g_string_append (out, " ");
      dump (e->args[1], out);
      g_string_append (out, ")");
      break;
    case KH_EXPR_CALL:
      g_string_append_printf (out, "(%s", funcs[e->func]);
      for (guint i = 0; i < e->n_args; i++)
        {
          g_string_append (out, " ");
          dump (e->args[i], out);
        }
      g_string_append (out, ")");
      break;
    default:
      g_assert_not_reached ();
    }
}

static char *
parse_dump (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KhExpr) expr = kh_formula_parse (text, NULL, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (expr);
  dump (expr, out);
  return g_string_free (out, FALSE);
}

static void
test_precedence (void)
{
  static const struct
  {
    const char *text, *tree;
  } cases[] = {
    { "1 + 2 * 3", "(+ 1 (* 2 3))" },
    { "a - b - c", "(- (- a b) c)" },          /* left associative */
    { "a / b / c", "(/ (/ a b) c)" },
    { "(a + b) * c", "(* (+ a b) c)" },
    { "-a * b", "(* (neg a) b)" },             /* unary binds tighter */
    { "--a", "(neg (neg a))" },
    { "gdp / pop * 10000", "(* (/ gdp pop) 10000)" },
    { " growth( gdp ) ", "(growth gdp)" },
    { "min(a, max(b, 2.5e1))", "(min a (max b 25))" },
    { "ln(x.y_2) + abs(-3)", "(+ (ln x.y_2) (abs (neg 3)))" },
    { ".5 + 1.", "(+ 0.5 1)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tree = parse_dump (cases[i].text);

      g_assert_cmpstr (tree, ==, cases[i].tree);
    }
}

static void
test_errors (void)
{
  static const struct
  {
    const char *text;
    int code;
    guint offset;
  } cases[] = {
    { "", KH_FORMULA_ERROR_SYNTAX, 0 },
    { "a +", KH_FORMULA_ERROR_SYNTAX, 3 },
    { "(a + b", KH_FORMULA_ERROR_SYNTAX, 6 },
    { "a b", KH_FORMULA_ERROR_SYNTAX, 2 },
    { "2x", KH_FORMULA_ERROR_SYNTAX, 1 },
    { "a + $", KH_FORMULA_ERROR_SYNTAX, 4 },
    { "foo(a)", KH_FORMULA_ERROR_FUNCTION, 0 },
    { "x + min(a)", KH_FORMULA_ERROR_FUNCTION, 4 },
    { "abs(a, b)", KH_FORMULA_ERROR_FUNCTION, 0 },
    { "growth(a + b)", KH_FORMULA_ERROR_FUNCTION, 7 },
    { "prev(2)", KH_FORMULA_ERROR_FUNCTION, 5 },
    { "a )", KH_FORMULA_ERROR_SYNTAX, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      guint offset = 999;
      KhExpr *expr = kh_formula_parse (cases[i].text, &offset, &error);

      g_assert_null (expr);
      g_assert_error (error, KH_FORMULA_ERROR, cases[i].code);
      g_assert_cmpuint (offset, ==, cases[i].offset);
      /* The message names the column (offset + 1). */
      {
        g_autofree char *col = g_strdup_printf ("column %u:", cases[i].offset + 1);

        g_assert_true (g_str_has_prefix (error->message, col));
      }
    }
}

static void
test_depth_limit (void)
{
  g_autoptr (GError) error = NULL;
  GString *text = g_string_new (NULL);
  KhExpr *expr;

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, '(');
  g_string_append_c (text, '1');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, ')');

  expr = kh_formula_parse (text->str, NULL, &error);
  g_assert_null (expr);
  g_assert_error (error, KH_FORMULA_ERROR, KH_FORMULA_ERROR_SYNTAX);
  g_string_free (text, TRUE);
}

static void
test_names (void)
{
  g_autoptr (KhExpr) expr = kh_formula_parse ("gdp / pop + growth(gdp) * prev(rd) - pop", NULL, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  g_assert_nonnull (expr);
  kh_expr_collect_names (expr, names);
  g_assert_cmpuint (names->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "gdp");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "pop");
  g_assert_cmpstr (g_ptr_array_index (names, 2), ==, "rd");

  g_assert_true (kh_expr_uses_current (expr, "gdp"));
  g_assert_true (kh_expr_uses_current (expr, "pop"));
  /* rd appears only inside prev(): no current-year dependency, so no cycle. */
  g_assert_false (kh_expr_uses_current (expr, "rd"));
  g_assert_false (kh_expr_uses_current (expr, "other"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/formula/precedence", test_precedence);
  g_test_add_func ("/formula/errors", test_errors);
  g_test_add_func ("/formula/depth-limit", test_depth_limit);
  g_test_add_func ("/formula/names", test_names);
  return g_test_run ();
}
