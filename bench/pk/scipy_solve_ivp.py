#!/usr/bin/python3
"""What a user without a pharmacokinetic engine would do: solve the compartment model with a general ODE solver.

Two measurements, both with the Domino racemic ketamine model (3 compartments, rate constants in 1/min,
V1 = 0.063 L/kg):

(a) One 6-hour session profile: 70 kg, 0.5 mg/kg over 40 min (52.5 mg/h), on a 1-second grid (21,601 points),
    solved with scipy.integrate.solve_ivp as a typical user would: RK45 with its default tolerances, and LSODA with
    rtol 1e-8, atol 1e-10, integrating piecewise across the end of the infusion. Timed as the median of repeated
    runs and compared with the exact solution.
(b) A population: a 3-week induction series (0.5 mg/kg over 40 min on days 0, 2, 4, 7, 9 and 11) for N virtual
    patients, weights uniform on 55-110 kg, log-normal inter-individual variability on V1 and k10 (CV 30 % each),
    21-day horizon, output every 5 minutes (6,049 points). Timed for N patients; the figure for 10,000 patients is
    an extrapolation from the per-patient time, not a measurement. The 5th, 50th and 95th percentiles are taken at
    each output time over the N curves, and the peak of the median is reported.

The exact solution comes from the eigen-decomposition of the system matrix, interval by interval (the input is
constant between discontinuities); it is checked against the reference curve in
tests/Respite.Pharmacokinetics.Tests/Reference before anything is timed.

Run from the repository root:

    /usr/bin/python3 bench/pk/scipy_solve_ivp.py [--runs 25] [--patients 200] [--seed 20260515]

Each invocation appends one run to bench/pk/results-scipy.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import scipy
from scipy.integrate import solve_ivp

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent.parent
REFERENCE_CSV = REPOSITORY / "tests/Respite.Pharmacokinetics.Tests/Reference/domino-70kg-0.5mgkg-40min.csv"
RESULTS = HERE / "results-scipy.json"

# Domino (as in opentiva), 1/min.
K10, K12, K21, K13, K31 = 0.4381, 0.5921, 0.2470, 0.5900, 0.0146
V1_L_PER_KG = 0.063

DOSE_MG_PER_KG = 0.5
INFUSION_MIN = 40.0
SESSION_DAYS = (0, 2, 4, 7, 9, 11)
POPULATION_HORIZON_MIN = 21 * 1440.0
POPULATION_STEP_MIN = 5.0
IIV_CV = 0.30
RELATIVE_FLOOR_NG_PER_ML = 0.1


def system_matrix(k10: float = K10) -> np.ndarray:
    return np.array([[-(k10 + K12 + K13), K21, K31],
                     [K12, -K21, 0.0],
                     [K13, 0.0, -K31]])


def rhs(_t: float, x: np.ndarray, a: np.ndarray, rate: float) -> np.ndarray:
    """dx/dt = A x + input, the infusion entering the central compartment (mg/min)."""
    dx = a @ x
    dx[0] += rate
    return dx


def segments(infusion_starts: list[float], rate: float, horizon: float) -> list[tuple[float, float, float]]:
    """Intervals of constant infusion rate (start, end, mg/min) covering [0, horizon]."""
    edges = sorted({0.0, horizon, *infusion_starts, *(s + INFUSION_MIN for s in infusion_starts)})
    edges = [e for e in edges if e <= horizon]
    result = []
    for start, end in zip(edges[:-1], edges[1:]):
        on = any(s <= start < s + INFUSION_MIN for s in infusion_starts)
        result.append((start, end, rate if on else 0.0))
    return result


def solve_piecewise(a: np.ndarray, pieces, times: np.ndarray, method: str, **tolerances) -> np.ndarray:
    """Central amounts (mg) at `times`, restarting solve_ivp at every change of infusion rate."""
    out = np.empty(len(times))
    x = np.zeros(3)
    for start, end, rate in pieces:
        mask = (times >= start) & (times < end)
        t_eval = np.append(times[mask], end)
        sol = solve_ivp(rhs, (start, end), x, method=method, t_eval=t_eval, args=(a, rate), **tolerances)
        out[mask] = sol.y[0, :-1]
        x = sol.y[:, -1]
    out[times == pieces[-1][1]] = x[0]
    return out


def exact_piecewise(a: np.ndarray, pieces, times: np.ndarray) -> np.ndarray:
    """Central amounts (mg) at `times` from the eigen-decomposition A = V diag(l) V^-1: in the eigenbasis each mode
    obeys y' = l y + c, so y(t) = (y0 + c/l) exp(l (t - t0)) - c/l on an interval of constant input."""
    eigenvalues, vectors = np.linalg.eig(a)
    eigenvalues, vectors = eigenvalues.real, vectors.real
    inverse = np.linalg.inv(vectors)
    out = np.empty(len(times))
    x = np.zeros(3)
    for start, end, rate in pieces:
        mask = (times >= start) & (times < end)
        y0 = inverse @ x
        c = inverse @ np.array([rate, 0.0, 0.0])
        shift = c / eigenvalues

        def at(t: np.ndarray) -> np.ndarray:
            return vectors @ ((y0 + shift)[:, None] * np.exp(np.outer(eigenvalues, t - start)) - shift[:, None])

        out[mask] = at(times[mask])[0]
        x = at(np.array([end]))[:, 0]
    out[times == pieces[-1][1]] = x[0]
    return out


def median_seconds(work, runs: int) -> tuple[float, list[float]]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples


def differences(approx: np.ndarray, exact: np.ndarray) -> dict:
    """Largest absolute difference, and largest relative difference where the exact concentration is at least
    RELATIVE_FLOOR_NG_PER_ML (far below the tails' values the relative difference says nothing)."""
    absolute = np.abs(approx - exact)
    counted = exact >= RELATIVE_FLOOR_NG_PER_ML
    return {
        "maxAbsoluteNgPerMl": float(absolute.max()),
        "maxAbsoluteOverPeak": float(absolute.max() / exact.max()),
        "maxRelativeWhereAtLeast0.1NgPerMl": float((absolute[counted] / exact[counted]).max()),
    }


def session_profile(runs: int) -> dict:
    weight = 70.0
    v1 = V1_L_PER_KG * weight
    rate = DOSE_MG_PER_KG * weight / INFUSION_MIN
    a = system_matrix()
    times = np.arange(0, 360 * 60 + 1) / 60.0
    pieces = segments([0.0], rate, 360.0)

    exact = exact_piecewise(a, pieces, times) / v1 * 1000.0
    reference = np.loadtxt(REFERENCE_CSV, delimiter=",", skiprows=1)
    on_minutes = exact[::60]
    if not np.allclose(on_minutes, reference[:, 1], rtol=1e-8, atol=1e-9):
        raise SystemExit("the exact solution does not match the reference curve")

    result = {"points": len(times), "peakNgPerMl": float(exact.max()), "methods": {}}
    for name, method, tolerances in [("RK45 (default rtol 1e-3, atol 1e-6)", "RK45", {}),
                                     ("LSODA (rtol 1e-8, atol 1e-10)", "LSODA", {"rtol": 1e-8, "atol": 1e-10})]:
        approx = solve_piecewise(a, pieces, times, method, **tolerances) / v1 * 1000.0
        median, samples = median_seconds(lambda: solve_piecewise(a, pieces, times, method, **tolerances), runs)
        result["methods"][name] = {
            "medianMs": median * 1000.0,
            "minMs": min(samples) * 1000.0,
            "maxMs": max(samples) * 1000.0,
            "runs": runs,
            **differences(approx, exact),
        }
    median, samples = median_seconds(lambda: exact_piecewise(a, pieces, times), runs)
    result["methods"]["exact eigen-decomposition (NumPy, vectorised)"] = {
        "medianMs": median * 1000.0, "minMs": min(samples) * 1000.0, "maxMs": max(samples) * 1000.0, "runs": runs}
    return result


def population(patients: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    omega = np.sqrt(np.log(1.0 + IIV_CV ** 2))
    weights = rng.uniform(55.0, 110.0, patients)
    v1 = V1_L_PER_KG * weights * np.exp(rng.normal(0.0, omega, patients))
    k10 = K10 * np.exp(rng.normal(0.0, omega, patients))
    times = np.arange(0.0, POPULATION_HORIZON_MIN + POPULATION_STEP_MIN / 2, POPULATION_STEP_MIN)
    starts = [day * 1440.0 for day in SESSION_DAYS]

    def patient(i: int, method: str, **tolerances) -> np.ndarray:
        rate = DOSE_MG_PER_KG * weights[i] / INFUSION_MIN
        return solve_piecewise(system_matrix(k10[i]), segments(starts, rate, POPULATION_HORIZON_MIN), times,
                               method, **tolerances) / v1[i] * 1000.0

    exact = np.array([
        exact_piecewise(system_matrix(k10[i]),
                        segments(starts, DOSE_MG_PER_KG * weights[i] / INFUSION_MIN, POPULATION_HORIZON_MIN),
                        times) / v1[i] * 1000.0
        for i in range(patients)])

    result = {"patients": patients, "seed": seed, "points": len(times), "methods": {}}
    lsoda_curves = None
    for name, method, tolerances in [("LSODA (rtol 1e-8, atol 1e-10)", "LSODA", {"rtol": 1e-8, "atol": 1e-10}),
                                     ("RK45 (default rtol 1e-3, atol 1e-6)", "RK45", {})]:
        start = time.perf_counter()
        curves = np.array([patient(i, method, **tolerances) for i in range(patients)])
        elapsed = time.perf_counter() - start
        if method == "LSODA":
            lsoda_curves = curves
        result["methods"][name] = {
            "totalSeconds": elapsed,
            "perPatientMs": elapsed / patients * 1000.0,
            "extrapolatedSecondsFor10000": elapsed / patients * 10_000,
            **differences(curves, exact),
        }

    start = time.perf_counter()
    for i in range(patients):
        exact_piecewise(system_matrix(k10[i]),
                        segments(starts, DOSE_MG_PER_KG * weights[i] / INFUSION_MIN, POPULATION_HORIZON_MIN), times)
    elapsed = time.perf_counter() - start
    result["methods"]["exact eigen-decomposition (NumPy, vectorised)"] = {
        "totalSeconds": elapsed, "perPatientMs": elapsed / patients * 1000.0,
        "extrapolatedSecondsFor10000": elapsed / patients * 10_000}

    start = time.perf_counter()
    p5, p50, p95 = np.percentile(lsoda_curves, [5, 50, 95], axis=0)
    elapsed = time.perf_counter() - start
    peak = int(np.argmax(p50))
    result["percentiles"] = {
        "of": "the LSODA curves",
        "computeMs": elapsed * 1000.0,
        "medianPeakNgPerMl": float(p50[peak]),
        "medianPeakMinute": float(times[peak]),
        "p5AtMedianPeakNgPerMl": float(p5[peak]),
        "p95AtMedianPeakNgPerMl": float(p95[peak]),
        "p95PeakNgPerMl": float(p95.max()),
    }
    return result


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown")
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20260515)
    args = parser.parse_args()

    run = {
        "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "loadAverageBefore": list(os.getloadavg()),
        "machine": machine(),
    }
    run["sessionProfile"] = session_profile(args.runs)
    run["population"] = population(args.patients, args.seed)
    run["loadAverageAfter"] = list(os.getloadavg())

    print(json.dumps(run, indent=2))
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"runs": []}
    previous["runs"].append(run)
    RESULTS.write_text(json.dumps(previous, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
