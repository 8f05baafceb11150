#!/usr/bin/env bash
# The one test command (README "Run the tests"): installs what the tests need when it can, builds the
# solution and runs every test project, then prints "N passed, N failed" counted from the TRX files.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Gateway").
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use: a real PostgreSQL, bubblewrap sandboxes, the Python and Node toolchains
# that generated code is tested with, Chromium for the browser test and tmux for the CLI's terminal test.
packages=(postgresql bubblewrap python3 python3-pytest nodejs chromium tmux)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "Not root or no apt-get: assuming ${packages[*]} are installed (tests that need a missing one fail saying so)."
fi

results=TestResults
rm -rf "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
set +e
# AgentsFullStack=false: our build machines' NuGet copy lacks the hosting packages for Dapr sidecars, Ollama and
# Kafka, which only the AppHost uses (Directory.Build.props); AGENTS_FULL_STACK=true keeps them for a full feed.
# One TRX per test project (tests/Directory.Build.props); a hung test host is killed after 15 minutes.
dotnet test Agents.sln -c Release -p:AgentsFullStack="${AGENTS_FULL_STACK:-false}" \
  --results-directory "$results" --blame-hang-timeout 15m "$@"
status=$?
set -e

# Count from the test results, not from console text, so a run that executed nothing is visible.
python3 - "$results" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for f in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is not None:
        passed += int(c.get("passed", 0))
        failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
status = int(sys.argv[2])
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or status or passed == 0 else 0)
PY
