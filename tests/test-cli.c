/* test-cli.c — kaohe-cli's dispatcher: help, version, usage errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-test-cli.h"

static void
test_cli_help (void)
{
  g_autoptr (KhCliRun) run = kh_test_cli_run ("--help", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "Usage:"));
  g_assert_nonnull (strstr (run->out, "Commands:"));
  g_assert_cmpstr (run->err, ==, "");
}

static void
test_cli_version (void)
{
  g_autoptr (KhCliRun) run = kh_test_cli_run ("--version", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "kaohe-cli " PACKAGE_VERSION "\n");
}

static void
test_cli_unknown_command (void)
{
  g_autoptr (KhCliRun) run = kh_test_cli_run ("bogus", NULL);

  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "unknown command “bogus”"));
  g_assert_nonnull (strstr (run->err, "Usage:"));
}

static void
test_cli_unknown_option (void)
{
  g_autoptr (KhCliRun) run = kh_test_cli_run ("--frobnicate", NULL);

  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "unknown option “--frobnicate”"));
}

static void
test_cli_no_arguments (void)
{
  g_autoptr (KhCliRun) run = kh_test_cli_runv (NULL);

  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "Usage:"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/help", test_cli_help);
  g_test_add_func ("/cli/version", test_cli_version);
  g_test_add_func ("/cli/unknown-command", test_cli_unknown_command);
  g_test_add_func ("/cli/unknown-option", test_cli_unknown_option);
  g_test_add_func ("/cli/no-arguments", test_cli_no_arguments);

  return g_test_run ();
}
