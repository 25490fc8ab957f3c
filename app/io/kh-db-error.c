/* kh-db-error.c — KhDb's errors: a code, the SQLSTATE and the server's message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kh-db-private.h"

typedef struct
{
  char sqlstate[6];
} KhDbErrorPrivate;

static void
kh_db_error_private_init (KhDbErrorPrivate *priv)
{
  priv->sqlstate[0] = '\0';
}

static void
kh_db_error_private_copy (const KhDbErrorPrivate *src,
                          KhDbErrorPrivate       *dest)
{
  memcpy (dest->sqlstate, src->sqlstate, sizeof dest->sqlstate);
}

static void
kh_db_error_private_clear (KhDbErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (KhDbError, kh_db_error)

const char *
kh_db_error_sqlstate (const GError *error)
{
  KhDbErrorPrivate *priv;

  if (error == NULL || error->domain != KH_DB_ERROR)
    return NULL;
  priv = kh_db_error_get_private (error);
  return priv != NULL && priv->sqlstate[0] != '\0' ? priv->sqlstate : NULL;
}

KhDbError
kh_db_error_code_of (const char *sqlstate)
{
  if (sqlstate == NULL)
    return KH_DB_ERROR_FAILED;
  if (strcmp (sqlstate, "40001") == 0 || strcmp (sqlstate, "40P01") == 0)
    return KH_DB_ERROR_SERIALIZATION;
  if (strcmp (sqlstate, "P0001") == 0)
    return KH_DB_ERROR_RAISED;
  if (g_str_has_prefix (sqlstate, "23"))
    return KH_DB_ERROR_CONSTRAINT;
  if (g_str_has_prefix (sqlstate, "08"))
    return KH_DB_ERROR_CONNECT;
  if (g_str_has_prefix (sqlstate, "07"))
    return KH_DB_ERROR_MISUSE;
  return KH_DB_ERROR_FAILED;
}

void
kh_db_set_error (GError    **error,
                 const char *sqlstate,
                 const char *message)
{
  GError *e;
  KhDbErrorPrivate *priv;

  if (error == NULL)
    return;
  e = g_error_new_literal (KH_DB_ERROR, kh_db_error_code_of (sqlstate), message);
  priv = kh_db_error_get_private (e);
  if (priv != NULL && sqlstate != NULL && strlen (sqlstate) == 5)
    memcpy (priv->sqlstate, sqlstate, 6);
  g_propagate_error (error, e);
}
