"""The comparison every parity test makes: the worst difference between lstmkit's numbers and PyTorch's,
scaled by 1 + |PyTorch's| (absolute near zero, relative for large values), one line printed per tensor,
and a failure recorded when it exceeds the test's tolerance."""
import numpy as np


def compare(name, got, want, failures, tol):
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        failures.append(f"{name}: shape {got.shape} vs {want.shape}")
        return
    err = np.max(np.abs(got - want) / (1.0 + np.abs(want))) if got.size else 0.0
    status = "ok " if err <= tol else "BAD"
    print(f"  {status} {name:32s} worst scaled diff {err:.2e}")
    if err > tol:
        failures.append(f"{name}: worst scaled difference {err:.3e} > {tol}")
