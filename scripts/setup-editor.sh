#!/usr/bin/env bash
# Installs what the editor tests (test/e2e) need on a fresh Debian machine: Chromium (driven by
# playwright-core, never `npx playwright install`), ripgrep (pre-fills @vscode/ripgrep's download
# cache, which would otherwise fetch from GitHub) and the headers code-server's native modules build
# against. code-server itself is installed by test/e2e/run.ts into .vscode-test/ on first use.
# See ../shared/HARNESS.md for why each piece is needed.
set -euo pipefail

packages=(chromium ripgrep build-essential pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-editor: all Debian packages present"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
echo "setup-editor: installing ${missing[*]}"
"${sudo[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
