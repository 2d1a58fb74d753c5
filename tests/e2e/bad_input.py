#!/usr/bin/env python3
"""Bad-input matrix over the real lstmkit binary (issue 11): every command, given broken files,
corrupted checkpoints and nonsense options, must exit 1 (bad input) or 2 (usage), end stderr with one
`lstmkit: error: <where>: <what>; <what to do>` line, change no existing file, leave no partial output,
refuse option mistakes before any work, and finish within a per-case timeout.

    python3 tests/e2e/bad_input.py path/to/lstmkit [NAME-REGEX]

Prints `ok   NAME` or `FAIL NAME: why` per case, then `N passed, N failed`; exits 1 on any failure.
The cases live in cases_backtest.py, cases_files.py, cases_models.py, cases_options.py, cases_samples.py,
cases_subwords.py and cases_ts_series.py; the runner
in e2e_lib.py."""

import os
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cases_backtest  # noqa: E402
import cases_files  # noqa: E402
import cases_models  # noqa: E402
import cases_options  # noqa: E402
import cases_samples  # noqa: E402
import cases_subwords  # noqa: E402
import cases_ts_series  # noqa: E402
from e2e_lib import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(cases_backtest.CASES + cases_files.CASES + cases_models.CASES + cases_options.CASES + cases_samples.CASES +
                  cases_subwords.CASES +
                  cases_ts_series.CASES, sys.argv))
