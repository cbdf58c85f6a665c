#!/usr/bin/env python3
"""check_sync_status.py (manual §6.8): is one object the same in the directory, the connector and OX?

Runs `ox-connector check-sync-status --dn DN [--resync]`: exit 0 consistent, 1 not. It compares with the
object's state as last queued by the directory, so the UDM options of the original are accepted and not
needed; --udm_module and --ox_context are known to the connector's store.
"""

import argparse
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import _ox_connector_compat as oxc  # noqa: E402

NOT_NEEDED = ["udm_module", "ox_context", "udm_admin_account", "udm_password_file", "udm_host"]

parser = argparse.ArgumentParser(description="Check that an object is the same in the directory, the connector and OX.")
parser.add_argument("--dn", required=True, help="Check the object with the specified dn")
parser.add_argument("--resync", action="store_true", help="Re-sync object data by queueing it again")
for name in NOT_NEEDED:
    parser.add_argument("--" + name, help="accepted for compatibility; not needed")
options = parser.parse_args()

given = ["--" + name for name in NOT_NEEDED if getattr(options, name) is not None]
if given:
    sys.stderr.write("Note: %s not needed by ox-connector and ignored.\n" % ", ".join(given))
oxc.exec_cli(["check-sync-status", "--dn", options.dn] + (["--resync"] if options.resync else []) + oxc.data_dir_args())
