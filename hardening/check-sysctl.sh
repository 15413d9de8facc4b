#!/usr/bin/env bash
# Syntax check of the shipped sysctl set, read-only: every line is `key = integer`, no key twice, and
# every key exists under /proc/sys, except the few that only exist when the kernel was built with a
# feature (listed below with their config option), which are reported and skipped when absent.
# Nothing is written: `sysctl -p` even inside `unshare -Urn` can change host-wide (non-network) keys.
# Usage: hardening/check-sysctl.sh [FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-hardening/sysctl.d/99-securelink.conf}
declare -A feature=(
    [kernel.kexec_load_disabled]=CONFIG_KEXEC_CORE
    [kernel.yama.ptrace_scope]=CONFIG_SECURITY_YAMA
    [kernel.unprivileged_userns_clone]="Debian's userns patch"
    [kernel.sysrq]=CONFIG_MAGIC_SYSRQ
    [net.core.bpf_jit_harden]=CONFIG_BPF_JIT
)
declare -A seen=()
errors=0 keys=0 skipped=0 n=0
while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    case "$line" in ''|'#'*|';'*) continue ;; esac
    if [[ ! "$line" =~ ^([a-z0-9_]+(\.[a-z0-9_]+)+)\ =\ (-?[0-9]+)$ ]]; then
        echo "$file:$n: not 'key = integer': $line" >&2; errors=$((errors + 1)); continue
    fi
    key=${BASH_REMATCH[1]}
    keys=$((keys + 1))
    if [ -n "${seen[$key]:-}" ]; then
        echo "$file:$n: $key set twice (first on line ${seen[$key]})" >&2; errors=$((errors + 1))
    fi
    seen[$key]=$n
    if [ ! -e "/proc/sys/${key//.//}" ]; then
        if [ -n "${feature[$key]:-}" ]; then
            echo "skip: $key (this kernel lacks ${feature[$key]})"; skipped=$((skipped + 1))
        else
            echo "$file:$n: no such sysctl $key (/proc/sys/${key//.//})" >&2; errors=$((errors + 1))
        fi
    fi
done < "$file"
[ "$keys" -gt 0 ] || { echo "FAIL: $file sets no key" >&2; exit 1; }
if [ "$errors" -gt 0 ]; then echo "FAIL: $errors problem(s) in $file" >&2; exit 1; fi
echo "OK: $file: $keys keys, $skipped skipped for this kernel"
