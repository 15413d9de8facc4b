#!/usr/bin/env bash
# The Debian package end to end, on this machine (root): lintian (no error, no warning), install with
# apt (pulls the dependencies), the installed command line, the installed unit (verify + exposure), the
# maintainer scripts' results (user, modes, enablement), then purge and what purge must leave behind.
# Expects `mvn -B verify` (or package) to have built packaging/target/securelink_*_all.deb.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

deb=$(ls packaging/target/securelink_*_all.deb 2>/dev/null | head -n 1 || true)
[ -n "$deb" ] || { echo "FAIL: no packaging/target/securelink_*_all.deb; run mvn -B package first" >&2; exit 1; }
deb=$(readlink -f "$deb")
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "-- $*"; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

echo "package $(basename "$deb"): $(stat -c %s "$deb") bytes, installed size $(dpkg-deb -f "$deb" Installed-Size) KiB"

step "lintian"
t=$(date +%s%N)
# Root is fine for lintian here; it only reads the .deb.
lintian --fail-on error,warning --info "$deb" || fail "lintian reported errors or warnings"
echo "lintian clean ($(ms "$t") ms)"

# A previous run's leftovers would hide what postinst does.
if dpkg -s securelink >/dev/null 2>&1; then dpkg --purge securelink >/dev/null; fi

step "install"
t=$(date +%s%N)
apt-get install -y -qq "$deb" >/dev/null || fail "apt-get install $deb"
echo "installed ($(ms "$t") ms)"

step "maintainer scripts"
getent passwd securelink >/dev/null || fail "postinst did not create the securelink user"
[ "$(getent passwd securelink | cut -d: -f7)" = /usr/sbin/nologin ] || fail "securelink user has a login shell"
[ "$(stat -c '%U:%G %a' /etc/securelink/securelink.yaml)" = "root:securelink 640" ] \
    || fail "conffile is $(stat -c '%U:%G %a' /etc/securelink/securelink.yaml), want root:securelink 640"
[ "$(stat -c '%U:%G %a' /etc/securelink)" = "root:securelink 750" ] || fail "/etc/securelink is $(stat -c '%U:%G %a' /etc/securelink)"
[ "$(stat -c '%U:%G %a' /var/lib/securelink)" = "securelink:securelink 750" ] \
    || fail "/var/lib/securelink is $(stat -c '%U:%G %a' /var/lib/securelink), want securelink:securelink 750"
[ -L /etc/systemd/system/multi-user.target.wants/securelink.service ] || fail "the unit was not enabled"
grep -qx /etc/securelink/securelink.yaml /var/lib/dpkg/info/securelink.conffiles || fail "config is not a conffile"
echo "user, modes, conffile and enablement as designed"

step "installed command line"
t=$(date +%s%N)
version=$(securelink --version) || fail "securelink --version"
echo "$version ($(ms "$t") ms)"
[ "$version" = "securelink $(dpkg-deb -f "$deb" Version)" ] || fail "version '$version' does not match the package"
t=$(date +%s%N)
securelink check-config --config /etc/securelink/securelink.yaml || fail "the shipped config does not pass check-config"
echo "check-config ($(ms "$t") ms)"
# The Java finder the unit's ExecStartPre and the launcher use.
home=$(/usr/share/securelink/bin/java-home) || fail "java-home found no Java 17+"
echo "java-home: $home"
if JAVA_HOME=/nonexistent /usr/share/securelink/bin/java-home >/dev/null 2>&1; then
    fail "java-home accepted JAVA_HOME=/nonexistent"
fi
# Generated from the picocli model: a page per command with EXIT STATUS and FILES, and bash completion.
for page in securelink securelink-pin securelink-check-config securelink-policy-explain securelink-audit-log-verify; do
    man -w "$page" >/dev/null 2>&1 || [ -f "/usr/share/man/man1/$page.1.gz" ] || fail "no man page $page(1)"
done
zcat /usr/share/man/man1/securelink.1.gz | grep -q '^\.SH "EXIT STATUS"' || fail "securelink(1) has no EXIT STATUS section"
zcat /usr/share/man/man1/securelink.1.gz | grep -q '^\.SH "FILES"' || fail "securelink(1) has no FILES section"
bash -c '. /usr/share/bash-completion/completions/securelink && complete -p securelink' >/dev/null \
    || fail "the bash completion does not register for securelink"
echo "man pages and bash completion installed"
# postinst built the class data sharing archive the launcher and the unit start from.
[ -s /var/cache/securelink/securelink.jsa ] || fail "postinst built no /var/cache/securelink/securelink.jsa"
echo "CDS archive: $(stat -c %s /var/cache/securelink/securelink.jsa) bytes"
[ -s /var/cache/securelink/securelink-cli.jsa ] || fail "postinst built no /var/cache/securelink/securelink-cli.jsa"
echo "command line CDS archive: $(stat -c %s /var/cache/securelink/securelink-cli.jsa) bytes"
# ... and the launcher really starts from it: securelink's own classes come out of the archive (a stale or
# mismatched archive is ignored silently, which only a start-up time would otherwise show).
shared=$(SECURELINK_JAVA_OPTS=-Xlog:class+load securelink version | grep -c '^\[.*io\.securelink\..* source: shared objects file (top)') || true
[ "${shared:-0}" -gt 0 ] || fail "securelink version loaded no class from /var/cache/securelink/securelink-cli.jsa"
echo "securelink version: $shared securelink classes from the command line archive"
# The unit's archive holds the daemon's start and first-request path: CdsTraining's workload (a lab appliance
# relaying a request through a client-mode and a server-mode link, so across a mutual-TLS handshake, and a
# connection that closes without TLS), run again from the archive, loads the classes of the handshake, the
# peer check, the relay and the failed handshake from it, none from the jar. A training run whose relay had
# failed would not have loaded them at all.
cds_work=$(mktemp -d)
"$home/bin/java" -XX:SharedArchiveFile=/var/cache/securelink/securelink.jsa -Xshare:on -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Xlog:class+load -cp /usr/share/securelink/securelink.jar io.securelink.appliance.cli.CdsTraining "$cds_work/w" >"$cds_work/classes" 2>&1 \
    || { tail -5 "$cds_work/classes" >&2; fail "CdsTraining did not run from /var/cache/securelink/securelink.jsa (-Xshare:on)"; }
for c in io.netty.handler.ssl.ReferenceCountedOpenSslEngine io.securelink.appliance.tls.PeerVerifier io.securelink.appliance.tls.MatchedPin \
        io.securelink.appliance.link.ConnectionLog io.securelink.appliance.link.RelayHandler io.securelink.appliance.link.HandshakeFailures; do
    grep -q "\] $c source: shared objects file (top)" "$cds_work/classes" \
        || fail "$c is not in the daemon's archive: $(grep "\] $c " "$cds_work/classes" || echo 'not loaded by the training run')"
done
echo "daemon archive: $(grep -c 'source: shared objects file (top)' "$cds_work/classes") classes of the training run from it (handshake, peer check, relay, failed handshake among them), $(grep -c 'source: file:' "$cds_work/classes") from the jar"
rm -rf "$cds_work"
# The daemon reads its config as the securelink user: prove it can.
runuser -u securelink -- securelink check-config --config /etc/securelink/securelink.yaml >/dev/null \
    || fail "the securelink user cannot read its config"
# ... and when it cannot (a config made root-only), the error says why and what the modes must be.
chmod 0600 /etc/securelink/securelink.yaml
out=$(runuser -u securelink -- securelink check-config --config /etc/securelink/securelink.yaml 2>&1) \
    && fail "check-config read a config the securelink user cannot read"
echo "$out" | grep -q "permission denied for user securelink (owner root:securelink, mode rw-------)" \
    || fail "an unreadable config is not explained: $out"
chmod 0640 /etc/securelink/securelink.yaml
echo "unreadable config: $(echo "$out" | head -n 1)"

step "installed unit"
systemd-analyze verify /lib/systemd/system/securelink.service || fail "systemd-analyze verify"
echo "systemd-analyze verify clean"
bash hardening/check-unit.sh /lib/systemd/system/securelink.service | tail -n 1
for f in hardening/sysctl.d/99-securelink.conf hardening/apparmor/securelink; do
    cmp -s "$f" "/usr/share/securelink/$f" || fail "/usr/share/securelink/$f missing or differs from $f"
done

step "the unit's start and stop commands, as the securelink user (no systemd here: no sandbox)"
# What systemd would do: RuntimeDirectory, ExecStartPre as User=securelink, EnvironmentFile, then
# ExecStart exactly as written in the installed unit; SIGTERM to it (the main PID) must exit 0.
t=$(date +%s%N)
install -d -o securelink -g securelink -m 0750 /run/securelink
setpriv --reuid securelink --regid securelink --init-groups /usr/share/securelink/bin/java-home --env-file /run/securelink/java.env \
    || fail "ExecStartPre (java-home --env-file) failed as the securelink user"
# shellcheck disable=SC1091
. /run/securelink/java.env
execstart=$(sed -n '/^ExecStart=/,/[^\\]$/p' /lib/systemd/system/securelink.service | sed 's/^ExecStart=//; s/\\$//' | tr '\n' ' ')
set -f
# shellcheck disable=SC2206
args=(${execstart//'${JAVA_HOME}'/$JAVA_HOME})
set +f
log=$(mktemp)
setpriv --reuid securelink --regid securelink --init-groups "${args[@]}" >"$log" 2>&1 &
daemon=$!
for _ in $(seq 1 300); do
    grep -q "started: appliance" "$log" && break
    kill -0 "$daemon" 2>/dev/null || break
    sleep 0.1
done
grep -q "started: appliance" "$log" || { cat "$log" >&2; kill "$daemon" 2>/dev/null || true; fail "the unit's ExecStart did not start the daemon"; }
[ -S /var/lib/securelink/control.sock ] || fail "no control socket in /var/lib/securelink"
[ -s /run/securelink/jsvc.pid ] || fail "jsvc wrote no pid file in /run/securelink"
status=$(securelink status --config /etc/securelink/securelink.yaml) || fail "securelink status against the running daemon"
echo "$status" | head -n 3
# ExecReload, as the securelink user with the unit's environment.
reload=$(JAVA_HOME=$JAVA_HOME setpriv --reuid securelink --regid securelink --init-groups \
    /usr/bin/securelink reload --config /etc/securelink/securelink.yaml) || fail "ExecReload failed: $reload"
echo "ExecReload: $reload"
kill -TERM "$daemon"
code=0
wait "$daemon" || code=$?
[ "$code" -eq 0 ] || { cat "$log" >&2; fail "jsvc exited $code on SIGTERM, want 0"; }
rm -rf /run/securelink "$log"
echo "ExecStartPre, ExecStart and ExecReload ran as securelink, served the control socket, SIGTERM -> exit 0 ($(ms "$t") ms)"

step "a state folder another user wrote (securelink run as root once) stops the service with the fix"
install -d -o root -g root -m 0700 /var/lib/securelink/audit
out=$(timeout 120 setpriv --reuid securelink --regid securelink --init-groups \
    /usr/bin/securelink run --config /etc/securelink/securelink.yaml 2>&1) && fail "run started on a state folder it cannot write: $out"
echo "$out" | grep -q "/var/lib/securelink/audit is owned by root:root" && echo "$out" | grep -q "run: chown -R securelink: /var/lib/securelink" \
    || fail "run did not name the folder and the chown: $out"
echo "$out" | grep '^  /var/lib/securelink/audit'
rm -rf /var/lib/securelink/audit

step "upgrade over a previous build keeps a changed config and the state"
t=$(date +%s%N)
prev=$(mktemp -d)
dpkg-deb -R "$deb" "$prev/root"
sed -i "s/^Version: .*/Version: $(dpkg-deb -f "$deb" Version)~prev1/" "$prev/root/DEBIAN/control"
dpkg-deb --root-owner-group -b "$prev/root" "$prev/securelink-prev.deb" >/dev/null
dpkg --purge securelink >/dev/null
apt-get install -y -qq "$prev/securelink-prev.deb" >/dev/null || fail "install the previous build"
echo "# changed on site" >> /etc/securelink/securelink.yaml
changed=$(sha256sum < /etc/securelink/securelink.yaml)
install -d -o securelink -g securelink -m 0700 /var/lib/securelink/audit
install -o securelink -g securelink -m 0640 /dev/null /var/lib/securelink/audit/audit.log
echo '{"kept":"yes"}' > /var/lib/securelink/audit/audit.log
apt-get install -y -qq "$deb" >/dev/null || fail "upgrade from the previous build"
[ "$(dpkg-query -W -f='${Version}' securelink)" = "$(dpkg-deb -f "$deb" Version)" ] || fail "the upgrade did not install $(dpkg-deb -f "$deb" Version)"
[ "$(sha256sum < /etc/securelink/securelink.yaml)" = "$changed" ] || fail "the upgrade replaced the changed /etc/securelink/securelink.yaml"
! ls /etc/securelink/securelink.yaml.dpkg-* >/dev/null 2>&1 || fail "the upgrade left $(ls /etc/securelink/securelink.yaml.dpkg-*)"
[ "$(stat -c '%U:%G' /etc/securelink/securelink.yaml)" = "root:securelink" ] || fail "the upgrade changed the config's owner"
grep -q '"kept":"yes"' /var/lib/securelink/audit/audit.log || fail "the upgrade lost the state folder"
[ "$(stat -c '%U:%G %a' /var/lib/securelink)" = "securelink:securelink 750" ] || fail "/var/lib/securelink is $(stat -c '%U:%G %a' /var/lib/securelink) after the upgrade"
[ -L /etc/systemd/system/multi-user.target.wants/securelink.service ] || fail "the unit is not enabled after the upgrade"
echo "config kept byte for byte (mode $(stat -c %a /etc/securelink/securelink.yaml)), state kept, unit enabled ($(ms "$t") ms)"
rm -rf "$prev" /var/lib/securelink/audit

step "purge"
t=$(date +%s%N)
dpkg --purge securelink >/dev/null || fail "dpkg --purge"
echo "purged ($(ms "$t") ms)"
[ ! -e /var/lib/securelink ] || fail "purge left /var/lib/securelink"
[ ! -e /etc/securelink ] || fail "purge left /etc/securelink (no key material was installed)"
[ ! -e /usr/bin/securelink ] || fail "purge left /usr/bin/securelink"
[ ! -e /var/cache/securelink ] || fail "purge left /var/cache/securelink"
! getent passwd securelink >/dev/null || fail "purge left the securelink user"
! getent group securelink >/dev/null || fail "purge left the securelink group"
[ ! -e /etc/systemd/system/multi-user.target.wants/securelink.service ] || fail "purge left the unit enabled"
[ ! -e /var/lib/systemd/deb-systemd-helper-enabled/securelink.service.dsh-also ] || fail "purge left deb-systemd-helper state"

step "purge keeps key material an administrator installed"
apt-get install -y -qq "$deb" >/dev/null || fail "reinstall"
install -d -o root -g securelink -m 0750 /etc/securelink/tls
echo "not a real key" > /etc/securelink/tls/site.key
dpkg --purge securelink >/dev/null 2>&1 || fail "dpkg --purge (with keys)"
[ -f /etc/securelink/tls/site.key ] || fail "purge deleted /etc/securelink/tls"
getent group securelink >/dev/null || fail "purge deleted the group that owns the kept keys"
[ ! -e /var/lib/securelink ] || fail "purge left /var/lib/securelink"
rm -rf /etc/securelink
deluser --quiet --system securelink >/dev/null 2>&1 || true
delgroup --quiet --system securelink >/dev/null 2>&1 || true

echo "OK: package checks passed"
