/* kh-test-cli.c — run the built kaohe-cli and capture what it says
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/wait.h>

#include "kh-test-cli.h"

KhCliRun *
kh_test_cli_runv (const char *const *args)
{
  return kh_test_cli_runv_env (NULL, args);
}

KhCliRun *
kh_test_cli_runv_env (const char *const *environment,
                      const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  const char *cli = g_getenv ("KAOHE_CLI");
  KhCliRun *run = g_new0 (KhCliRun, 1);
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "LANGUAGE", "C", TRUE);
  for (guint i = 0; environment != NULL && environment[i] != NULL; i++)
    {
      const char *equals = strchr (environment[i], '=');

      if (equals == NULL)
        envp = g_environ_unsetenv (envp, environment[i]);
      else
        {
          g_autofree char *name = g_strndup (environment[i], equals - environment[i]);

          envp = g_environ_setenv (envp, name, equals + 1, TRUE);
        }
    }

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  return run;
}

KhCliRun *
kh_test_cli_run (const char *first_arg,
                 ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return kh_test_cli_runv ((const char *const *) args->pdata);
}

void
kh_test_cli_okv (const char *const *args)
{
  g_autoptr (KhCliRun) run = kh_test_cli_runv (args);

  if (run->status != 0)
    g_error ("kaohe-cli %s failed: %s", args[0], run->err);
}

void
kh_test_cli_ok (const char *first_arg,
                ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  kh_test_cli_okv ((const char *const *) args->pdata);
}

void
kh_cli_run_free (KhCliRun *run)
{
  if (run == NULL)
    return;
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}
