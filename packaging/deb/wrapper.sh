#!/bin/sh
# /usr/bin/ox-connector: the connector on the Node.js runtime it ships with (/usr/lib/ox-connector/node).
# Variables of /etc/default/ox-connector that are not already set are taken from it, so that administrator
# commands (status, tasks, import-legacy, …) see the service's data directory and OX settings. Run as root,
# the command switches to the service's user, so that no file in the data directory ends up owned by root
# (OX_CONNECTOR_KEEP_ROOT=1 keeps root, for a data directory root owns).
set -e
LIB=/usr/lib/ox-connector
DEFAULTS=/etc/default/ox-connector
SERVICE_USER=ox-connector

if [ -r "$DEFAULTS" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    name=${line%%=*}
    case "$name" in '' | *[!A-Za-z0-9_]* | [0-9]*) continue ;; esac
    eval "already=\${$name+set}"
    [ -n "$already" ] && continue
    eval "export $line"
  done <"$DEFAULTS"
fi

if [ "$(id -u)" = 0 ] && [ -z "$OX_CONNECTOR_KEEP_ROOT" ] && id "$SERVICE_USER" >/dev/null 2>&1; then
  exec runuser -u "$SERVICE_USER" -- "$LIB/node/bin/node" "$LIB/bin/ox-connector.js" "$@"
fi
exec "$LIB/node/bin/node" "$LIB/bin/ox-connector.js" "$@"
