#!/usr/bin/env python3
"""change_attribute_mapping.py (manual §3.3): dump | restore_default | modify --set OX UDM | --unset OX |
--set_alternatives OX UDM... | --unset_alternatives OX, on <data dir>/AttributeMapping.json.

Runs `ox-connector attribute-mapping` with the same arguments.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import _ox_connector_compat as oxc  # noqa: E402

oxc.exec_cli(["attribute-mapping"] + oxc.data_dir_args() + sys.argv[1:])
