#!/usr/bin/env bash
# Installs pyBKT 1.4.3 in its own virtualenv OUTSIDE the repository, built from source so that
# its C++ core (Eigen + OpenMP) is compiled. pyBKT silently falls back to pure Python when the
# extension is missing, which would make any timing comparison meaningless, so we fail loudly.
set -euo pipefail

VENV="${PYBKT_VENV:-/tmp/pybkt-venv}"
PY="${PYTHON:-python3.11}"

if [[ ! -x "$VENV/bin/python" ]]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet 'numpy<2.1' 'scikit-learn<1.6' 'pandas<2.3' setuptools wheel
"$VENV/bin/pip" install --quiet --no-binary pybkt --no-build-isolation pybkt==1.4.3

SITE="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
shopt -s nullglob
libs=("$SITE"/pyBKT/fit/*.so "$SITE"/pyBKT/generate/*.so)
if (( ${#libs[@]} == 0 )); then
  echo "ERROR: pyBKT installed without its compiled C++ core (no .so under $SITE/pyBKT)." >&2
  echo "       Benchmarks would time the slow pure-Python fallback. Install a C++ compiler" >&2
  echo "       and python3-dev headers, then rerun." >&2
  exit 1
fi
printf 'pyBKT compiled core found:\n'
printf '  %s\n' "${libs[@]}"
"$VENV/bin/python" - <<'PY'
import pyBKT.fit.E_step as e
print("  E_step module:", e.__file__)
PY
echo "pyBKT ready at $VENV"
