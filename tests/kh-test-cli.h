/* kh-test-cli.h — run the built kaohe-cli and capture what it says
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

typedef struct
{
  int status; /* exit status */
  char *out;  /* stdout */
  char *err;  /* stderr */
} KhCliRun;

/* Runs $KAOHE_CLI with the NULL-terminated arguments, in the C locale. */
KhCliRun *kh_test_cli_run      (const char *first_arg,
                                ...) G_GNUC_NULL_TERMINATED;
KhCliRun *kh_test_cli_runv     (const char *const *args);
/* The same in the C locale changed by @environment: "NAME=VALUE" sets a variable, "NAME"
 * removes it (NULL-terminated; NULL: no change). */
KhCliRun *kh_test_cli_runv_env (const char *const *environment,
                                const char *const *args);
void      kh_cli_run_free      (KhCliRun          *run);

/* Runs $KAOHE_CLI as kh_test_cli_run() does and fails the test, with what it said on
 * stderr, unless it exits with 0: for the steps that make a test's project. */
void      kh_test_cli_ok       (const char *first_arg,
                                ...) G_GNUC_NULL_TERMINATED;
void      kh_test_cli_okv      (const char *const *args);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhCliRun, kh_cli_run_free)

G_END_DECLS
