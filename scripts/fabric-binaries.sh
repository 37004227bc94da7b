#!/usr/bin/env bash
# Builds Fabric and Fabric CA from their Go modules at the versions pinned in
# tools/*/go.mod, into .fabric/bin (git-ignored). A second run only checks.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${FABRIC_BIN_DIR:-$root/.fabric/bin}"
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:-} -mod=mod -trimpath"

fabric_version=2.5.9
fabric_commit=7c3876255bf064b789a839ce347b6a02adb6333c
mkdir -p "$bin"

# A stamp per tools module: the binaries are rebuilt when its go.mod/go.sum change.
stamp_of() { cat "$root/tools/$1/go.mod" "$root/tools/$1/go.sum" | sha256sum | cut -c1-16; }

build() { # module-dir ldflags binaries...
  local dir=$1 ldflags=$2; shift 2
  local stamp; stamp="$(stamp_of "$dir")"
  local missing=0
  for b in "$@"; do [[ -x "$bin/$b" ]] || missing=1; done
  if [[ $missing == 0 && "$(cat "$bin/.$dir.stamp" 2>/dev/null)" == "$stamp" ]]; then
    echo "fabric-binaries: $dir up to date ($*)"
    return
  fi
  for b in "$@"; do
    local start=$SECONDS
    printf 'fabric-binaries: building %-18s ' "$b"
    (cd "$root/tools/$dir" && go build -ldflags "$ldflags" -o "$bin/$b" "$(go list -f '{{.ImportPath}}' tool | grep "/$b\$")")
    echo "done in $((SECONDS - start)) s"
  done
  echo "$stamp" > "$bin/.$dir.stamp"
}

meta=github.com/hyperledger/fabric/common/metadata
build fabric "-X $meta.Version=$fabric_version -X $meta.CommitSHA=${fabric_commit:0:7} -X $meta.BaseDockerLabel=org.hyperledger.fabric -X $meta.DockerNamespace=hyperledger" \
  peer orderer osnadmin configtxgen configtxlator
# The peer and orderer configuration bases: the module's own sampleconfig,
# which the launcher overrides per node (network/native/node-config.ts).
sample="$root/.fabric/sampleconfig"
if [[ ! -f "$sample/core.yaml" || "$sample/.stamp" -ot "$bin/.fabric.stamp" ]]; then
  mkdir -p "$sample"
  src="$(cd "$root/tools/fabric" && go list -m -f '{{.Dir}}' github.com/hyperledger/fabric)/sampleconfig"
  install -m 644 "$src/core.yaml" "$src/orderer.yaml" "$sample/" && touch "$sample/.stamp"
fi

build fabric-ca "-X github.com/hyperledger/fabric-ca/lib/metadata.Version=1.5.22" \
  fabric-ca-server fabric-ca-client

"$bin/peer" version | sed -n '1,3p'
"$bin/fabric-ca-server" version | sed -n '1,2p'
