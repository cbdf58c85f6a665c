#!/usr/bin/env python3
"""get_current_error.py (manual §6.2): prints the connector's health as one JSON object, e.g.
{"errors": "0"}, or {"errors": "<n>", "filename": "<queue file>", "message": "<error>"}; for Nagios.

Runs `ox-connector status`. Exits 0 whenever it printed the JSON, as the original did (monitoring reads
the "errors" value; `ox-connector status` also says it by its exit code).
"""

import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import _ox_connector_compat as oxc  # noqa: E402

result = subprocess.run(oxc.cli_command() + ["status"] + oxc.data_dir_args(), stdout=subprocess.PIPE)
output = result.stdout.decode("utf-8", "replace")
try:
    health = json.loads(output)
except ValueError:
    sys.stdout.write(output)
    sys.exit(result.returncode or 1)
print(json.dumps(health, sort_keys=True))
