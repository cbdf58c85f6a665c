#!/usr/bin/env bash
# npm run package: builds ox-connector_<version>_<arch>.deb with dpkg-deb from the built tree (npm run build first;
# `npm run package` does). Contents: the app and its production dependencies under /usr/lib/ox-connector, the
# Node.js runtime this script runs on (so the package installs where the distribution's Node is older than 20),
# /usr/bin/ox-connector, the systemd unit, /etc/default/ox-connector and the logrotate file (decision 0295).
# Usage: packaging/deb/build.sh [OUTPUT_DIR]   (default: the current directory)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$(cd "${1:-.}" && pwd)
cd "$repo"

[ -f dist/cli/main.js ] || { echo "build.sh: dist/ is missing: run npm run build first" >&2; exit 2; }
node_bin=$(node -p process.execPath)
version=$(node -p "require('./package.json').version")
case "$(node -p process.arch)" in
  x64) arch=amd64 ;;
  arm64) arch=arm64 ;;
  *) echo "build.sh: no Debian architecture known for node's $(node -p process.arch)" >&2; exit 2 ;;
esac

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/root
lib=$root/usr/lib/ox-connector
install -d "$lib/node/bin" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/default" "$root/etc/logrotate.d" \
  "$root/usr/share/doc/ox-connector" "$root/DEBIAN"

# The app: what `files` in package.json names, as npm pack ships it.
cp -a package.json LICENSE bin dist compat "$lib/"
install -d "$lib/ldap" && cp -a ldap/schema "$lib/ldap/"
# Production dependencies only, as npm resolved them for this checkout (native modules built for this Node).
npm ls --omit=dev --all --parseable | tail -n +2 | while IFS= read -r dir; do
  rel=${dir#"$repo"/}
  install -d "$lib/$(dirname "$rel")"
  cp -aT "$dir" "$lib/$rel"
done
# better-sqlite3 needs only its compiled module at run time, not the SQLite sources and build tree (~27 MB).
sqlite=$lib/node_modules/better-sqlite3
if [ -d "$sqlite/build" ]; then
  find "$sqlite/build" -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} +
  find "$sqlite/build/Release" -mindepth 1 -maxdepth 1 ! -name better_sqlite3.node -exec rm -rf {} +
fi
rm -rf "$sqlite/deps" "$sqlite/src"
# The runtime: the Node.js binary this build runs on, and its licence.
install -m 0755 "$node_bin" "$lib/node/bin/node"
for f in /usr/share/doc/nodejs/LICENSE "$(dirname "$node_bin")/../share/doc/node/LICENSE"; do
  if [ -f "$f" ]; then install -m 0644 "$f" "$lib/node/LICENSE"; break; fi
done

install -m 0755 "$here/wrapper.sh" "$root/usr/bin/ox-connector"
install -m 0644 "$here/ox-connector.service" "$root/lib/systemd/system/ox-connector.service"
# 0640: it may hold OX settings; systemd and /usr/bin/ox-connector read it as root.
install -m 0640 "$here/default" "$root/etc/default/ox-connector"
install -m 0644 "$here/logrotate" "$root/etc/logrotate.d/ox-connector"
install -m 0644 README.md "$root/usr/share/doc/ox-connector/README.md"
install -m 0644 LICENSE "$root/usr/share/doc/ox-connector/copyright"
install -m 0755 "$here/postinst" "$here/prerm" "$here/postrm" "$root/DEBIAN/"
printf '/etc/default/ox-connector\n/etc/logrotate.d/ox-connector\n' >"$root/DEBIAN/conffiles"

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: ox-connector
Version: $version
Architecture: $arch
Maintainer: ox-connector developers <ox-connector@localhost>
Installed-Size: $size
Depends: libc6 (>= 2.28), libstdc++6 (>= 8), libgcc-s1 | libgcc1, passwd, util-linux
Recommends: logrotate
Section: net
Priority: optional
Description: keeps OX App Suite in sync with an identity directory
 Provisions OX contexts, users, groups, resources, functional mailboxes and
 access profiles from the UCS listener queue or OpenLDAP over OX's SOAP API;
 a drop-in replacement for Univention's OX Connector app. Ships its own
 Node.js runtime and a systemd unit (not enabled on install).
CONTROL

deb="$out/ox-connector_${version}_${arch}.deb"
# gzip -1: every dpkg reads gzip (zstd only from dpkg 1.21.18); level 1 takes a third of the CPU of -6 for the
# 100 MB runtime at a few MB more (decision 0295).
dpkg-deb --root-owner-group -Zgzip -z1 --build "$root" "$deb" >/dev/null
echo "$deb"
