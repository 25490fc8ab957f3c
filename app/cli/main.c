/* main.c — kaohe-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kh-cli.h"

int
main (int    argc,
      char **argv)
{
  return kh_cli_main (argc, argv);
}
