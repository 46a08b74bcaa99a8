#!/usr/bin/env bash
# Build the real control-plane programs that `fleetsim validate kube --local` runs as plain processes
# (no Docker): kube-apiserver, kube-controller-manager and kube-scheduler from k8s.io/kubernetes, KWOK,
# and etcd, each pinned by a small Go module under tools/kube/ (go.mod and go.sum only).
#
# Output: ${FLEETSIM_KUBE_BIN:-~/.cache/fleetsim/kube-bin/<kubernetes version>}/, outside the repo.
# A group is rebuilt only when its go.mod/go.sum changed (a stamp file holds their checksum), so a
# warm machine finishes at once. Cold: about 24 CPU-minutes (measured), 12-15 minutes on an idle 2-core machine.
#
# Usage: scripts/kube/build.sh [GROUP...]  build what is missing or stale (all groups, or the named
#                                         ones of kubernetes, kwok, etcd), print the folder
#        scripts/kube/build.sh --print    print the folder only
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# The machines' Go lives in /usr/local/go/bin, which a non-login shell's PATH (CI's) may lack.
command -v go >/dev/null || { [ -x /usr/local/go/bin/go ] && export PATH="/usr/local/go/bin:$PATH"; } || true
tools="$root/tools/kube"

# The required k8s.io/kubernetes version, on a "require" line or inside a require block.
kube_version="$(awk '$1 == "require" && $2 == "k8s.io/kubernetes" { print $3; exit } $1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' "$tools/kubernetes/go.mod")"
[ -n "$kube_version" ] || { echo "build.sh: no k8s.io/kubernetes requirement in $tools/kubernetes/go.mod" >&2; exit 1; }
out="${FLEETSIM_KUBE_BIN:-$HOME/.cache/fleetsim/kube-bin/$kube_version}"
if [ "${1:-}" = "--print" ]; then echo "$out"; exit 0; fi
mkdir -p "$out"
command -v go >/dev/null || { echo "build.sh: the go command is not installed (Go 1.26 or later builds these modules)" >&2; exit 1; }

# The version the programs report (kube-apiserver derives its emulation version from it).
minor="$(echo "$kube_version" | cut -d. -f2)"
kube_ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$kube_version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"

# build GROUP LDFLAGS PROGRAM=PACKAGE...: go build in tools/kube/GROUP unless its stamp is current.
build() {
  local group="$1" ldflags="$2"; shift 2
  local stamp="$out/.$group.stamp" sum
  sum="$(cat "$tools/$group/go.mod" "$tools/$group/go.sum" | sha256sum | cut -d' ' -f1)"
  local missing=0 spec
  for spec in "$@"; do [ -x "$out/${spec%%=*}" ] || missing=1; done
  if [ "$missing" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    echo "build.sh: $group is current in $out" >&2
    return
  fi
  local started=$SECONDS
  echo "build.sh: building $group into $out (a cold build takes minutes)" >&2
  for spec in "$@"; do
    (cd "$tools/$group" && nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$out/${spec%%=*}.tmp" "${spec#*=}")
    mv -f "$out/${spec%%=*}.tmp" "$out/${spec%%=*}"
  done
  echo "$sum" > "$stamp"
  echo "build.sh: $group built in $((SECONDS - started)) s" >&2
}

groups=("$@")
for g in "${groups[@]}"; do
  case "$g" in kubernetes | kwok | etcd) ;; *) echo "build.sh: unknown group \"$g\" (kubernetes, kwok, etcd)" >&2; exit 2 ;; esac
done
want() { [ ${#groups[@]} -eq 0 ] && return 0; local g; for g in "${groups[@]}"; do [ "$g" = "$1" ] && return 0; done; return 1; }

want kubernetes && build kubernetes "$kube_ldflags" \
  kube-apiserver=k8s.io/kubernetes/cmd/kube-apiserver \
  kube-controller-manager=k8s.io/kubernetes/cmd/kube-controller-manager \
  kube-scheduler=k8s.io/kubernetes/cmd/kube-scheduler
want kwok && build kwok "-s -w" kwok=sigs.k8s.io/kwok/cmd/kwok
want etcd && build etcd "-s -w" etcd=go.etcd.io/etcd/server/v3
echo "$out"
