#!/usr/bin/env bash
# Starts a throwaway slapd (Debian's /usr/sbin/slapd) for development and tests: cn=config in a temp
# directory, one mdb database with the syncprov overlay, the OX schema, listening on a loopback port.
#
# Usage: scripts/slapd/start.sh [DIR]        (DIR defaults to a new mktemp directory)
# Environment: PORT (default: a free port), SUFFIX (dc=example,dc=org), ROOTPW (secret),
#              SAMPLE=1 to load ldap/sample/*.ldif, FOREGROUND=1 to run slapd in the foreground (exec),
#              TLS=1 to make a throwaway CA and server certificate with openssl (DIR/tls/) and also offer
#              StartTLS and LDAPS (TLS_PORT, default: a free port).
# Prints shell-style lines: LDAP_URI=…, LDAP_BIND_DN=…, LDAP_BASE=…, LDAP_BIND_PASSWORD_FILE=… (DIR/bind-password,
#              mode 0600, holding ROOTPW), SLAPD_ROOT_PASSWORD=…, SLAPD_DIR=…, SLAPD_PID=…
#              and with TLS=1: LDAPS_URI=…, CA_FILE=… (put a copy into <data dir>/conf/ca-certificates/),
#              then, as `#` comments, how to use them with the connector (the LDAP_* variables it reads).
# Stop with scripts/slapd/stop.sh DIR.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SLAPD="${SLAPD:-/usr/sbin/slapd}"
SLAPADD="${SLAPADD:-/usr/sbin/slapadd}"
[ -x "$SLAPD" ] || { echo "slapd not found at $SLAPD: apt-get install slapd ldap-utils" >&2; exit 2; }

DIR="${1:-$(mktemp -d /tmp/ox-slapd.XXXXXX)}"
SUFFIX="${SUFFIX:-dc=example,dc=org}"
ROOTPW="${ROOTPW:-secret}"
ROOTDN="cn=admin,$SUFFIX"
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}
PORT="${PORT:-$(free_port)}"
LISTEN="ldap://127.0.0.1:$PORT/"
TLS_CONFIG=""
if [ "${TLS:-0}" = "1" ]; then
  TLS_PORT="${TLS_PORT:-$(free_port)}"
  LISTEN="$LISTEN ldaps://127.0.0.1:$TLS_PORT/"
  T="$DIR/tls"
  mkdir -p "$T"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ox-connector throwaway test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$T/ca.key" -out "$T/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$T/server.key" -out "$T/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$T/ext.cnf"
  openssl x509 -req -in "$T/server.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial -days 2 \
    -extfile "$T/ext.cnf" -out "$T/server.pem" 2>/dev/null
  TLS_CONFIG="olcTLSCACertificateFile: $T/ca.pem
olcTLSCertificateFile: $T/server.pem
olcTLSCertificateKeyFile: $T/server.key"
fi

mkdir -p "$DIR/slapd.d" "$DIR/db"
FIRST_RDN_VALUE="$(echo "$SUFFIX" | sed -E 's/^[^=]+=([^,]+).*/\1/')"

cat > "$DIR/config.ldif" <<LDIF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $DIR/slapd.pid
olcArgsFile: $DIR/slapd.args
$TLS_CONFIG

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb
olcModuleLoad: syncprov

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif
include: file:///etc/ldap/schema/cosine.ldif
include: file:///etc/ldap/schema/inetorgperson.ldif
include: file:///etc/ldap/schema/nis.ldif
include: file://$REPO/ldap/schema/10-univention-subset.ldif
include: file://$REPO/ldap/schema/20-oxforucs-extra.ldif
include: file://$REPO/ldap/schema/30-oxforucs.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcSizeLimit: unlimited

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcRootDN: cn=config
olcRootPW: $ROOTPW

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: $SUFFIX
olcDbDirectory: $DIR/db
olcDbMaxSize: 1073741824
olcRootDN: $ROOTDN
olcRootPW: $ROOTPW
olcDbIndex: objectClass eq
olcDbIndex: entryUUID,entryCSN eq
olcDbIndex: uid,cn eq
olcLimits: * size=unlimited time=unlimited
olcAccess: to * by * read

dn: olcOverlay={0}syncprov,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcSyncProvConfig
olcOverlay: {0}syncprov
olcSpCheckpoint: 100 1
olcSpSessionlog: 10000
LDIF

"$SLAPADD" -q -n0 -F "$DIR/slapd.d" -l "$DIR/config.ldif" >/dev/null

{
  cat <<LDIF
dn: $SUFFIX
objectClass: dcObject
objectClass: organization
dc: $FIRST_RDN_VALUE
o: $FIRST_RDN_VALUE

LDIF
  sed "s/dc=example,dc=org/$SUFFIX/g" "$REPO/ldap/sample/00-containers.ldif"
  if [ "${SAMPLE:-0}" = "1" ]; then
    for f in "$REPO"/ldap/sample/[1-9]*.ldif; do echo; sed "s/dc=example,dc=org/$SUFFIX/g" "$f"; done
  fi
} > "$DIR/data.ldif"
"$SLAPADD" -q -w -n1 -F "$DIR/slapd.d" -l "$DIR/data.ldif" >/dev/null

# A throwaway test server: its admin password is no secret, and printing it is what makes the server usable.
PASSWORD_FILE="$DIR/bind-password"
# No newline: ldapsearch -y takes the whole file as the password (the connector trims it either way).
(umask 077 && printf '%s' "$ROOTPW" > "$PASSWORD_FILE")

echo "LDAP_URI=ldap://127.0.0.1:$PORT"
echo "LDAP_BIND_DN=$ROOTDN"
echo "LDAP_BASE=$SUFFIX"
echo "LDAP_BIND_PASSWORD_FILE=$PASSWORD_FILE"
echo "SLAPD_ROOT_PASSWORD=$ROOTPW"
echo "SLAPD_DIR=$DIR"
if [ "${TLS:-0}" = "1" ]; then
  echo "LDAPS_URI=ldaps://localhost:$TLS_PORT"
  echo "CA_FILE=$T/ca.pem"
fi
# How to use it, as shell comments (the output stays eval-able and KEY=VALUE parsable):
cat <<USAGE
# Throwaway test slapd: URI ldap://127.0.0.1:$PORT, base $SUFFIX, admin DN $ROOTDN, password $ROOTPW
# Provision OX from it with the connector:
#   export LDAP_URI=ldap://127.0.0.1:$PORT LDAP_BASE=$SUFFIX LDAP_BIND_DN=$ROOTDN LDAP_BIND_PASSWORD_FILE=$PASSWORD_FILE
#   ox-connector run --source ldap --data-dir DATA_DIR
# Look at it: ldapsearch -x -H ldap://127.0.0.1:$PORT -D $ROOTDN -y $PASSWORD_FILE -b $SUFFIX
# Stop it: scripts/slapd/stop.sh $DIR
USAGE
if [ "${FOREGROUND:-0}" = "1" ]; then
  exec "$SLAPD" -F "$DIR/slapd.d" -h "$LISTEN" -d 0
fi
"$SLAPD" -F "$DIR/slapd.d" -h "$LISTEN"
for _ in $(seq 1 50); do [ -s "$DIR/slapd.pid" ] && break; sleep 0.1; done
echo "SLAPD_PID=$(cat "$DIR/slapd.pid")"
