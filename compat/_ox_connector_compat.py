"""Shared by the compatibility scripts: how to start the ox-connector CLI, and which data directory to name.

The scripts keep the names and paths the original app's manual prints (get_current_error.py,
change_attribute_mapping.py, check_sync_status.py, remove-from-ox-db-cache, update-ox-db-cache,
rebuild-old.db) and hand over to `ox-connector <sub-command>`. `ox-connector install-compat` (also run by
`ox-connector run` at start) copies them into <data dir>/resources/ and writes the command that started it
into INSTALLED_COMMAND, so they work from there without PATH or environment (decision 0180).
Standard library only: they must run with any python3, as the manual calls them.
"""

import os
import shutil
import sys

# Written by `ox-connector install-compat`: the node executable and bin/ox-connector.js, as a list.
INSTALLED_COMMAND = None

HERE = os.path.dirname(os.path.abspath(__file__))


def cli_command():
    """The command that runs ox-connector: $OX_CONNECTOR_BIN, else the installed one, else the package's
    own bin/ (scripts run from a checkout's compat/), else `ox-connector` on PATH."""
    override = os.environ.get("OX_CONNECTOR_BIN", "").strip()
    if override:
        return [override]
    if INSTALLED_COMMAND:
        return list(INSTALLED_COMMAND)
    sibling = os.path.join(HERE, os.pardir, "bin", "ox-connector.js")
    node = shutil.which("node")
    if os.path.isfile(sibling) and node:
        return [node, os.path.normpath(sibling)]
    on_path = shutil.which("ox-connector")
    if on_path:
        return [on_path]
    sys.stderr.write(
        "%s: cannot find the ox-connector command. Set OX_CONNECTOR_BIN to its path, or run "
        "`ox-connector install-compat` again.\n" % os.path.basename(sys.argv[0])
    )
    sys.exit(2)


def data_dir_args():
    """Installed in <data dir>/resources/, a script speaks about that data directory, as the original's did;
    elsewhere the CLI chooses (--data-dir, OX_CONNECTOR_DATA_DIR, the UCS app path)."""
    if os.path.basename(HERE) == "resources":
        return ["--data-dir", os.path.dirname(HERE)]
    return []


def exec_cli(args):
    """Replaces this process by `ox-connector ARGS`: its output and exit code are the script's."""
    command = cli_command()
    sys.stdout.flush()
    sys.stderr.flush()
    os.execvp(command[0], command + list(args))
