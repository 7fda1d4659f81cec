#!/usr/bin/python3
"""Reference concentration curves for the Respite pharmacokinetic engine.

Each model is built here as a linear ODE system dx/dt = A x + b(t) directly from its published parameters
(shared/reference/CLINICAL-SOURCES.md section 5 and the nlmixr2lib model files cited there), independently of the
C# engine. Every scenario is solved twice:

1. scipy.integrate.solve_ivp with the implicit Radau method (rtol 1e-11, atol 1e-14), restarted at every
   discontinuity (bolus, device time, infusion start or stop, end of a zero-order input);
2. the matrix exponential of the augmented matrix [[A, b], [0, 0]] (scipy.linalg.expm), exact for an input that
   is constant over each interval.

The script aborts unless both methods agree at every output point within 1e-7 relative or 1e-9 ng/mL absolute.
It writes one CSV per scenario, summary.json and README.md into the folder that holds this file.

Conventions: time in minutes, amounts in mg, volumes in L, concentration in ng/mL (mg/L x 1000). A bolus or a
device given at minute t is already in the body at t (the curves are right-continuous). The area under the curve
comes from accumulator states dAUC/dt = C that are integrated with the system, so it is exact, not a quadrature.

Regenerate from the repository root with:

    /usr/bin/python3 tests/Respite.Pharmacokinetics.Tests/Reference/generate_reference.py
"""

from __future__ import annotations

import json
import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy
from scipy.integrate import solve_ivp
from scipy.linalg import expm

OUTPUT_DIR = Path(__file__).resolve().parent
REGENERATE_COMMAND = "/usr/bin/python3 tests/Respite.Pharmacokinetics.Tests/Reference/generate_reference.py"

RADAU_RTOL = 1e-11
RADAU_ATOL = 1e-14
AGREEMENT_RELATIVE = 1e-7
AGREEMENT_ABSOLUTE_NG_PER_ML = 1e-9
SIGNIFICANT_DIGITS = 10
PEAK_SEARCH_STEP_MINUTES = 1.0 / 60.0
MG_PER_L_TO_NG_PER_ML = 1000.0


# ---------------------------------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Output:
    """One plasma concentration: the amount in `state` divided by `volume_l`, reported in ng/mL."""

    column: str
    label: str
    state: int
    volume_l: float


@dataclass(frozen=True)
class LinearModel:
    """A linear compartment model dx/dt = A x + b(t); A is in 1/min, x in mg."""

    name: str
    states: tuple[str, ...]
    a: np.ndarray
    outputs: tuple[Output, ...]
    equations: str
    parameters: str

    def state(self, name: str) -> int:
        return self.states.index(name)


def mammillary(name: str, k10: float, k12: float, k21: float, v1_l: float,
               k13: float | None = None, k31: float | None = None, column: str = "concentration_ng_per_ml",
               parameters: str = "") -> LinearModel:
    """A 2- or 3-compartment mammillary model from micro rate constants (1/min); C = x1 / V1."""
    if k13 is None:
        states = ("central", "peripheral")
        a = np.array([[-(k10 + k12), k21],
                      [k12, -k21]])
        equations = ("dx1/dt = -(k10 + k12) x1 + k21 x2 + input(t)\n"
                     "dx2/dt = k12 x1 - k21 x2\n"
                     "C = x1 / V1 x 1000")
    else:
        states = ("central", "peripheral1", "peripheral2")
        a = np.array([[-(k10 + k12 + k13), k21, k31],
                      [k12, -k21, 0.0],
                      [k13, 0.0, -k31]])
        equations = ("dx1/dt = -(k10 + k12 + k13) x1 + k21 x2 + k31 x3 + input(t)\n"
                     "dx2/dt = k12 x1 - k21 x2\n"
                     "dx3/dt = k13 x1 - k31 x3\n"
                     "C = x1 / V1 x 1000")
    return LinearModel(name, states, a, (Output(column, "concentration", 0, v1_l),), equations, parameters)


def domino(weight_kg: float) -> LinearModel:
    """Racemic ketamine, Domino (as in opentiva): 3-compartment, V1 = 0.063 L/kg."""
    v1 = 0.063 * weight_kg
    return mammillary("domino", k10=0.4381, k12=0.5921, k21=0.2470, k13=0.5900, k31=0.0146, v1_l=v1,
                      parameters=f"V1 = 0.063 L/kg x {weight_kg:g} kg = {v1:.6g} L; k10 0.4381, k12 0.5921, "
                                 f"k21 0.2470, k13 0.5900, k31 0.0146 (1/min)")


def clements(weight_kg: float) -> LinearModel:
    """Racemic ketamine, Clements & Nimmo 1981 (250 ug/kg data, as in opentiva): 2-compartment."""
    v1 = 1.7522 * weight_kg
    return mammillary("clements", k10=0.0109, k12=0.0186, k21=0.0137, v1_l=v1,
                      parameters=f"V1 = 1.7522 L/kg x {weight_kg:g} kg = {v1:.6g} L; k10 0.0109, k12 0.0186, "
                                 f"k21 0.0137 (1/min)")


def hijazi(weight_kg: float) -> LinearModel:
    """Racemic ketamine, Hijazi 2003 (as in opentiva): 2-compartment."""
    v1 = 1.08 * weight_kg
    return mammillary("hijazi", k10=0.0333, k12=0.0088, k21=0.0030, v1_l=v1,
                      parameters=f"V1 = 1.08 L/kg x {weight_kg:g} kg = {v1:.6g} L; k10 0.0333, k12 0.0088, "
                                 f"k21 0.0030 (1/min)")


# Perez-Ruixo 2021 esketamine nasal spray, typical non-Asian, non-Japanese adult aged 60 or less
# (nlmixr2lib PerezRuixo_2020_esketamine). Rate constants in 1/h, flows in L/h, volumes in L.
ESK_DEVICE_MG = 28.0
ESK_FRN = 0.54
ESK_FRN_LATER_FACTOR = 0.62
ESK_FGUT = 0.64
ESK_DSW_H = 0.53
ESK_KA_N_H = 2.93
ESK_KA_SW_H = 1.45
ESK_VC, ESK_Q1, ESK_VP1, ESK_Q2, ESK_VP2 = 192.0, 84.3, 143.0, 37.6, 417.0
ESK_QH, ESK_VH, ESK_KEL_H, ESK_KMET_H = 151.0, 101.0, 1.11, 2.77


def esketamine_intranasal() -> LinearModel:
    """Esketamine nasal spray: nasal depot, swallowed depot, 3-compartment disposition with a hepato-portal
    (liver) compartment. The noresketamine states are left out: esketamine does not depend on them."""
    per_min = 1.0 / 60.0
    ka_n, ka_sw = ESK_KA_N_H * per_min, ESK_KA_SW_H * per_min
    q1, q2, qh = ESK_Q1 * per_min, ESK_Q2 * per_min, ESK_QH * per_min  # L/min
    kel, kmet = ESK_KEL_H * per_min, ESK_KMET_H * per_min
    states = ("depot", "depot2", "central", "p1", "p2", "liver")
    a = np.zeros((6, 6))
    a[0, 0] = -ka_n
    a[1, 1] = -ka_sw
    a[2, 0] = ka_n
    a[2, 2] = -(q1 + q2 + qh) / ESK_VC
    a[2, 3] = q1 / ESK_VP1
    a[2, 4] = q2 / ESK_VP2
    a[2, 5] = qh / ESK_VH
    a[3, 2] = q1 / ESK_VC
    a[3, 3] = -q1 / ESK_VP1
    a[4, 2] = q2 / ESK_VC
    a[4, 4] = -q2 / ESK_VP2
    a[5, 1] = ka_sw
    a[5, 2] = qh / ESK_VC
    a[5, 5] = -(qh / ESK_VH + kel + kmet)
    equations = (
        "d depot/dt   = -ka_n depot                      (a device puts FRn_device x 28 mg into depot at once)\n"
        "d depot2/dt  = swallowed(t) - ka_sw depot2      (swallowed(t): (1 - FRn_device) x Fgut x 28 mg spread\n"
        "                                                 evenly over Dsw from the device time)\n"
        "d central/dt = ka_n depot + (Q1/Vp1) p1 + (Q2/Vp2) p2 + (Qh/Vh) liver - ((Q1 + Q2 + Qh)/Vc) central\n"
        "d p1/dt      = (Q1/Vc) central - (Q1/Vp1) p1\n"
        "d p2/dt      = (Q2/Vc) central - (Q2/Vp2) p2\n"
        "d liver/dt   = ka_sw depot2 + (Qh/Vc) central - (Qh/Vh + kel + kmet) liver\n"
        "C = central / Vc x 1000")
    parameters = (
        f"FRn {ESK_FRN} for the first 28-mg device of a dose, FRn x {ESK_FRN_LATER_FACTOR} = "
        f"{ESK_FRN * ESK_FRN_LATER_FACTOR:.4g} for each later one; Fgut {ESK_FGUT}; Dsw {ESK_DSW_H} h "
        f"({ESK_DSW_H * 60:g} min); ka_n {ESK_KA_N_H}/h; ka_sw {ESK_KA_SW_H}/h; Vc {ESK_VC:g} L; Q1 {ESK_Q1} L/h; "
        f"Vp1 {ESK_VP1:g} L; Q2 {ESK_Q2} L/h; Vp2 {ESK_VP2:g} L; Qh {ESK_QH:g} L/h; Vh {ESK_VH:g} L; "
        f"kel {ESK_KEL_H}/h; kmet {ESK_KMET_H}/h. Rates and flows divided by 60 for minutes; no weight scaling "
        f"(typical non-Asian, non-Japanese adult aged 60 or less)")
    return LinearModel("esketamine-intranasal", states, a,
                       (Output("concentration_ng_per_ml", "esketamine", 2, ESK_VC),), equations, parameters)


def otto(weight_kg: float) -> LinearModel:
    """S-ketamine 3-compartment (Fanta 2015) with S-norketamine 2-compartment (Otto 2021); all S-ketamine
    clearance forms S-norketamine, carried in S-ketamine mass units (nlmixr2lib Otto_2021_s_ketamine)."""
    per_min = 1.0 / 60.0
    size = weight_kg / 70.0
    v1, cl = 133.0 * size, 95.2 * size ** 0.75 * per_min
    vp1, q1, vp2, q2 = 187.0, 23.2 * per_min, 98.8, 157.0 * per_min
    vn, cln = 98.638 * size, 57.72 * size ** 0.75 * per_min
    vpn, qn = 160.04, 42.778 * per_min
    states = ("central", "peripheral1", "peripheral2", "central_snk", "peripheral1_snk")
    a = np.zeros((5, 5))
    a[0, 0] = -(cl + q1 + q2) / v1
    a[0, 1] = q1 / vp1
    a[0, 2] = q2 / vp2
    a[1, 0] = q1 / v1
    a[1, 1] = -q1 / vp1
    a[2, 0] = q2 / v1
    a[2, 2] = -q2 / vp2
    a[3, 0] = cl / v1
    a[3, 3] = -(cln + qn) / vn
    a[3, 4] = qn / vpn
    a[4, 3] = qn / vn
    a[4, 4] = -qn / vpn
    equations = (
        "d central/dt         = -((CL + Q1 + Q2)/V1) central + (Q1/Vp1) peripheral1 + (Q2/Vp2) peripheral2 + input(t)\n"
        "d peripheral1/dt     = (Q1/V1) central - (Q1/Vp1) peripheral1\n"
        "d peripheral2/dt     = (Q2/V1) central - (Q2/Vp2) peripheral2\n"
        "d central_snk/dt     = (CL/V1) central - ((CLn + Qn)/Vn) central_snk + (Qn/Vpn) peripheral1_snk\n"
        "d peripheral1_snk/dt = (Qn/Vn) central_snk - (Qn/Vpn) peripheral1_snk\n"
        "C_ketamine = central / V1 x 1000; C_norketamine = central_snk / Vn x 1000")
    parameters = (
        f"WT {weight_kg:g} kg. S-ketamine: V1 = 133 L x WT/70 = {v1:.6g} L; CL = 95.2 L/h x (WT/70)^0.75 = "
        f"{cl * 60:.6g} L/h; Vp1 187 L; Q1 23.2 L/h; Vp2 98.8 L; Q2 157 L/h. S-norketamine: Vn = 98.638 L x WT/70 = "
        f"{vn:.6g} L; CLn = 57.72 L/h x (WT/70)^0.75 = {cln * 60:.6g} L/h; Vpn 160.04 L; Qn 42.778 L/h. Peripheral "
        f"volumes and intercompartmental clearances are not weight-scaled. Flows divided by 60 for minutes")
    return LinearModel("otto", states, a,
                       (Output("s_ketamine_ng_per_ml", "S-ketamine", 0, v1),
                        Output("s_norketamine_ng_per_ml", "S-norketamine", 3, vn)), equations, parameters)


# ---------------------------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bolus:
    minute: float
    state: int
    mg: float


@dataclass(frozen=True)
class ZeroOrder:
    """A constant input of `mg_per_min` into `state` on [start, end)."""

    start: float
    end: float
    state: int
    mg_per_min: float


@dataclass
class Scenario:
    id: str
    description: str
    model: LinearModel
    boluses: list[Bolus] = field(default_factory=list)
    inputs: list[ZeroOrder] = field(default_factory=list)
    minutes: np.ndarray = field(default_factory=lambda: np.zeros(0))
    grid: str = ""

    @property
    def horizon(self) -> float:
        return float(self.minutes[-1])


def every(start: int, stop: int, step: int) -> np.ndarray:
    return np.arange(start, stop + 1, step, dtype=float)


def infusion(model: LinearModel, start: float, end: float, mg_per_h: float) -> ZeroOrder:
    return ZeroOrder(start, end, model.state("central"), mg_per_h / 60.0)


def esketamine_devices(model: LinearModel, device_minutes: list[float]) -> tuple[list[Bolus], list[ZeroOrder]]:
    """The nasal and swallowed inputs of a dose given as 28-mg devices at the listed minutes."""
    boluses, inputs = [], []
    dsw_min = ESK_DSW_H * 60.0
    for i, minute in enumerate(device_minutes):
        frn = ESK_FRN if i == 0 else ESK_FRN * ESK_FRN_LATER_FACTOR
        boluses.append(Bolus(minute, model.state("depot"), frn * ESK_DEVICE_MG))
        swallowed = (1.0 - frn) * ESK_FGUT * ESK_DEVICE_MG
        inputs.append(ZeroOrder(minute, minute + dsw_min, model.state("depot2"), swallowed / dsw_min))
    return boluses, inputs


def scenarios() -> list[Scenario]:
    result = []

    m = domino(70.0)
    result.append(Scenario(
        "domino-70kg-0.5mgkg-40min",
        "Domino, 70 kg, 0.5 mg/kg over 40 min: 52.5 mg/h from minute 0 to 40.",
        m, inputs=[infusion(m, 0, 40, 52.5)], minutes=every(0, 360, 1), grid="minutes 0..360 every 1"))

    m = clements(91.0)
    result.append(Scenario(
        "clements-91kg-bolus-and-60min",
        "Clements, 91 kg: bolus 20 mg into the central compartment at minute 0 and 45.5 mg/h from minute 0 to 60.",
        m, boluses=[Bolus(0, 0, 20.0)], inputs=[infusion(m, 0, 60, 45.5)], minutes=every(0, 480, 2),
        grid="minutes 0..480 every 2"))

    m = hijazi(68.4)
    result.append(Scenario(
        "hijazi-68.4kg-titrated",
        "Hijazi, 68.4 kg, titrated: 30 mg/h 0-10, 45 mg/h 10-20, paused 20-25, 45 mg/h 25-35, then off.",
        m, inputs=[infusion(m, 0, 10, 30), infusion(m, 10, 20, 45), infusion(m, 25, 35, 45)],
        minutes=every(0, 300, 1), grid="minutes 0..300 every 1"))

    m = domino(80.0)
    result.append(Scenario(
        "domino-80kg-two-sessions",
        "Domino, 80 kg, 0.5 mg/kg over 40 min (60 mg/h) at minute 0 and again at minute 2880 (day 2).",
        m, inputs=[infusion(m, 0, 40, 60), infusion(m, 2880, 2920, 60)],
        minutes=np.union1d(every(0, 4320, 10), every(2880, 2960, 1)),
        grid="minutes 0..4320 every 10, plus every minute of 2880..2960"))

    m = esketamine_intranasal()
    for scenario_id, devices, grid_step, last, text in [
        ("esketamine-56mg", [0.0, 5.0], 2, 720, "56 mg: 28-mg devices at minutes 0 (first) and 5 (later)."),
        ("esketamine-84mg", [0.0, 5.0, 10.0], 5, 1440,
         "84 mg: 28-mg devices at minutes 0 (first), 5 and 10 (later)."),
        ("esketamine-28mg", [0.0], 2, 720, "28 mg: one device at minute 0."),
    ]:
        boluses, inputs = esketamine_devices(m, devices)
        result.append(Scenario(scenario_id, "Esketamine nasal spray, " + text, m, boluses=boluses, inputs=inputs,
                               minutes=every(0, last, grid_step), grid=f"minutes 0..{last} every {grid_step}"))

    m = otto(80.0)
    result.append(Scenario(
        "otto-80kg-20mg-30min",
        "S-ketamine with S-norketamine (Otto/Fanta), 80 kg: 20 mg as 40 mg/h from minute 0 to 30.",
        m, inputs=[infusion(m, 0, 30, 40)], minutes=every(0, 600, 2), grid="minutes 0..600 every 2"))

    return result


# ---------------------------------------------------------------------------------------------------------------
# The augmented system: amounts followed by one AUC accumulator per output (ng.min/mL)
# ---------------------------------------------------------------------------------------------------------------

def augmented_matrix(model: LinearModel) -> np.ndarray:
    n, m = len(model.states), len(model.outputs)
    full = np.zeros((n + m, n + m))
    full[:n, :n] = model.a
    for j, out in enumerate(model.outputs):
        full[n + j, out.state] = MG_PER_L_TO_NG_PER_ML / out.volume_l
    return full


def breakpoints(s: Scenario) -> list[float]:
    """Every time at which the input is discontinuous, within [0, horizon], plus both ends."""
    times = {0.0, s.horizon}
    times.update(b.minute for b in s.boluses)
    for z in s.inputs:
        times.update((z.start, z.end))
    return sorted(t for t in times if 0.0 <= t <= s.horizon)


def input_vector(s: Scenario, size: int, t_start: float, t_end: float) -> np.ndarray:
    """The constant input rate (mg/min) on the interval [t_start, t_end) between two breakpoints."""
    b = np.zeros(size)
    midpoint = 0.5 * (t_start + t_end)
    for z in s.inputs:
        if z.start <= midpoint < z.end:
            b[z.state] += z.mg_per_min
    return b


def apply_boluses(s: Scenario, z: np.ndarray, minute: float) -> np.ndarray:
    z = z.copy()
    for b in s.boluses:
        if b.minute == minute:
            z[b.state] += b.mg
    return z


def concentrations(model: LinearModel, z: np.ndarray) -> np.ndarray:
    """Concentrations (ng/mL) of every output; z has states in rows, one column per time."""
    return np.array([z[out.state] / out.volume_l * MG_PER_L_TO_NG_PER_ML for out in model.outputs])


def solve_radau(s: Scenario) -> np.ndarray:
    """Augmented states at every output minute by Radau, restarted at each breakpoint."""
    full = augmented_matrix(s.model)
    size = full.shape[0]
    result = np.full((size, len(s.minutes)), np.nan)
    z = np.zeros(size)
    points = breakpoints(s)
    for t_start, t_end in zip(points[:-1], points[1:]):
        z = apply_boluses(s, z, t_start)
        b = input_vector(s, size, t_start, t_end)
        inside = (s.minutes >= t_start) & (s.minutes < t_end)
        t_eval = np.append(s.minutes[inside], t_end)
        sol = solve_ivp(lambda _t, y, b=b: full @ y + b, (t_start, t_end), z, method="Radau",
                        rtol=RADAU_RTOL, atol=RADAU_ATOL, jac=full, t_eval=t_eval)
        if not sol.success:
            sys.exit(f"{s.id}: Radau failed on [{t_start}, {t_end}]: {sol.message}")
        result[:, inside] = sol.y[:, :-1]
        z = sol.y[:, -1]
    result[:, -1] = apply_boluses(s, z, s.horizon)
    return result


class ExactPropagator:
    """Advances the augmented system exactly with expm([[A, b], [0, 0]] dt), caching one matrix per (b, dt)."""

    def __init__(self, s: Scenario):
        self.scenario = s
        self.full = augmented_matrix(s.model)
        self.size = self.full.shape[0]
        self.points = breakpoints(s)
        self.cache: dict[tuple, np.ndarray] = {}

    def step(self, z: np.ndarray, b: np.ndarray, dt: float) -> np.ndarray:
        key = (tuple(b), round(dt, 12))
        m = self.cache.get(key)
        if m is None:
            block = np.zeros((self.size + 1, self.size + 1))
            block[:self.size, :self.size] = self.full
            block[:self.size, self.size] = b
            m = expm(block * dt)
            self.cache[key] = m
        return m[:self.size, :self.size] @ z + m[:self.size, self.size]

    def trajectory(self, times: np.ndarray) -> np.ndarray:
        """Augmented states at the sorted `times` (all within [0, horizon])."""
        s = self.scenario
        result = np.empty((self.size, len(times)))
        z = apply_boluses(s, np.zeros(self.size), 0.0)
        t = 0.0
        next_index = 0
        segments = list(zip(self.points[:-1], self.points[1:]))
        for k, (t_start, t_end) in enumerate(segments):
            last = k == len(segments) - 1
            b = input_vector(s, self.size, t_start, t_end)
            while next_index < len(times) and (times[next_index] < t_end or (last and times[next_index] <= t_end)):
                z = self.step(z, b, times[next_index] - t)
                t = times[next_index]
                result[:, next_index] = z
                next_index += 1
            if not last:
                z = apply_boluses(s, self.step(z, b, t_end - t), t_end)
                t = t_end
        return result


# ---------------------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------------------

def significant(x: float) -> str:
    """A value with SIGNIFICANT_DIGITS significant digits in positional notation."""
    if x == 0.0:
        return "0"
    return np.format_float_positional(x, precision=SIGNIFICANT_DIGITS, unique=False, fractional=False, trim="-")


def minute_text(t: float) -> str:
    return str(int(t)) if float(t).is_integer() else repr(float(t))


def write_csv(s: Scenario, conc: np.ndarray) -> None:
    header = ["minute"] + [out.column for out in s.model.outputs]
    lines = [",".join(header)]
    for i, t in enumerate(s.minutes):
        lines.append(",".join([minute_text(t)] + [significant(float(c[i])) for c in conc]))
    (OUTPUT_DIR / f"{s.id}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def compare(s: Scenario, radau: np.ndarray, exact: np.ndarray) -> dict:
    """Checks the two methods against each other; aborts on disagreement."""
    n = len(s.model.states)
    worst_relative, worst_absolute = 0.0, 0.0
    rows = [concentrations(s.model, radau), concentrations(s.model, exact)]
    auc_radau, auc_exact = radau[n:], exact[n:]
    for name, a, b, absolute in [("concentration", rows[0], rows[1], AGREEMENT_ABSOLUTE_NG_PER_ML),
                                 ("AUC", auc_radau, auc_exact, AGREEMENT_ABSOLUTE_NG_PER_ML)]:
        difference = np.abs(a - b)
        allowed = np.maximum(AGREEMENT_RELATIVE * np.abs(b), absolute)
        bad = difference > allowed
        if bad.any():
            j, i = np.argwhere(bad)[0]
            sys.exit(f"{s.id}: Radau and expm disagree on {name} at minute {s.minutes[i]}: "
                     f"{a[j, i]!r} vs {b[j, i]!r}")
        if name == "concentration":
            nonzero = np.abs(b) > 0
            if nonzero.any():
                worst_relative = max(worst_relative, float((difference[nonzero] / np.abs(b[nonzero])).max()))
            worst_absolute = max(worst_absolute, float(difference.max()))
    return {"maxRelativeDifference": worst_relative, "maxAbsoluteDifferenceNgPerMl": worst_absolute}


def peak_and_auc(s: Scenario, propagator: ExactPropagator, exact: np.ndarray) -> list[dict]:
    """Peak on a 1-second grid by the exact method, and the AUC to the last output minute (ng.h/mL)."""
    seconds = int(round(s.horizon * 60))
    grid = np.arange(seconds + 1) * PEAK_SEARCH_STEP_MINUTES
    conc = concentrations(s.model, propagator.trajectory(grid))
    n = len(s.model.states)
    figures = []
    for j, out in enumerate(s.model.outputs):
        i = int(np.argmax(conc[j]))
        figures.append({
            "analyte": out.label,
            "peakNgPerMl": float(conc[j, i]),
            "peakMinute": round(i / 60.0, 6),
            "aucNgHPerMl": float(exact[n + j, -1] / 60.0),
            "lastMinute": s.horizon,
        })
    return figures


def main() -> None:
    summary: dict[str, dict] = {}
    agreement: dict[str, dict] = {}
    all_scenarios = scenarios()
    for s in all_scenarios:
        radau = solve_radau(s)
        propagator = ExactPropagator(s)
        exact = propagator.trajectory(s.minutes)
        agreement[s.id] = compare(s, radau, exact)
        write_csv(s, concentrations(s.model, exact))
        figures = peak_and_auc(s, propagator, exact)
        primary = dict(figures[0])
        primary.pop("analyte")
        if len(figures) > 1:
            primary["metabolite"] = {k: v for k, v in figures[1].items() if k != "lastMinute"}
        summary[s.id] = primary
        for f in figures:
            print(f"{s.id:32s} {f['analyte']:14s} peak {f['peakNgPerMl']:11.5f} ng/mL at minute "
                  f"{f['peakMinute']:9.4f}  AUC0-{minute_text(f['lastMinute'])} {f['aucNgHPerMl']:11.5f} ng.h/mL")
        print(f"{'':32s} Radau vs expm: max relative {agreement[s.id]['maxRelativeDifference']:.2e}, "
              f"max absolute {agreement[s.id]['maxAbsoluteDifferenceNgPerMl']:.2e} ng/mL")
    (OUTPUT_DIR / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    write_readme(all_scenarios, summary, agreement)


# ---------------------------------------------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------------------------------------------

def dosing_text(s: Scenario) -> list[str]:
    lines = []
    for b in s.boluses:
        lines.append(f"- {b.mg:.6g} mg into `{s.model.states[b.state]}` at minute {b.minute:g}")
    for z in s.inputs:
        lines.append(f"- {z.mg_per_min:.10g} mg/min ({z.mg_per_min * 60:.6g} mg/h) into "
                     f"`{s.model.states[z.state]}` on [{z.start:g}, {z.end:g}) min")
    return lines


def write_readme(all_scenarios: list[Scenario], summary: dict, agreement: dict) -> None:
    worst = max(a["maxRelativeDifference"] for a in agreement.values())
    worst_abs = max(a["maxAbsoluteDifferenceNgPerMl"] for a in agreement.values())
    lines = [
        "# Reference concentration curves",
        "",
        "Independent reference solutions for the pharmacokinetic engine. Each model is written in",
        "`generate_reference.py` as a linear ODE system straight from its published parameters",
        "(shared/reference/CLINICAL-SOURCES.md section 5 and the nlmixr2lib model files",
        "`inst/modeldb/specificDrugs/PerezRuixo_2020_esketamine.R` and `Otto_2021_s_ketamine.R`) and solved by two",
        "unrelated numerical methods that must agree before anything is written. This file is written by the script.",
        "",
        "## Files",
        "",
        "- `<scenario>.csv`: header `minute,concentration_ng_per_ml` (Otto: `minute,s_ketamine_ng_per_ml,"
        "s_norketamine_ng_per_ml`);",
        f"  values with {SIGNIFICANT_DIGITS} significant digits in positional notation (from the expm method).",
        "- `summary.json`: per scenario `peakNgPerMl`, `peakMinute`, `aucNgHPerMl` (from 0 to `lastMinute`) and",
        "  `lastMinute`; the Otto scenario also has the S-norketamine figures under `metabolite`.",
        "- `generate_reference.py`: the script that writes all of the above, this file included.",
        "",
        "## Conventions",
        "",
        "- Time in minutes, amounts in mg, volumes in L, concentration in ng/mL = mg/L x 1000. Infusion rates are",
        "  given in mg/h and divided by 60; rate constants and flows given per hour are divided by 60.",
        "- A bolus or a nasal device given at minute t is already in the body at t: every curve is right-continuous,",
        "  so the value at a bolus minute is the one just after the bolus.",
        "- An input on [start, end) is constant over that interval and zero outside it.",
        "- Peak: the largest concentration on a 1-second grid over [0, last minute], computed with the expm method;",
        "  `peakMinute` is that grid time in minutes, rounded to 6 decimals.",
        "- AUC: exact, from accumulator states dAUC/dt = C (one per output) solved together with the amounts;",
        "  reported in ng.h/mL.",
        "",
        "## Methods",
        "",
        f"1. `scipy.integrate.solve_ivp(method=\"Radau\", rtol={RADAU_RTOL:g}, atol={RADAU_ATOL:g})` with the exact",
        "   Jacobian, restarted at every discontinuity (bolus or device time, infusion start or stop, end of a",
        "   zero-order input); boluses are added to the state between two integrations.",
        "2. `scipy.linalg.expm` of the augmented matrix [[A, b], [0, 0]] x dt for each interval of constant input b,",
        "   stepping from output point to output point and stopping at every discontinuity.",
        "",
        "The script aborts unless both methods agree at every output point, for the concentrations and the AUC",
        f"accumulators, within {AGREEMENT_RELATIVE:g} relative or {AGREEMENT_ABSOLUTE_NG_PER_ML:g} ng/mL absolute.",
        f"Agreement found over all scenarios: largest relative difference {worst:.1e} (over the points with a",
        f"non-zero concentration), largest absolute difference {worst_abs:.1e} ng/mL; per scenario in the table below.",
        "",
        f"Generated with Python {platform.python_version()}, NumPy {np.__version__} and SciPy {scipy.__version__}"
        " (Debian packages `python3-numpy`, `python3-scipy`). Regenerate from the repository root:",
        "",
        "```",
        REGENERATE_COMMAND,
        "```",
        "",
        "## Summary",
        "",
        "| scenario | analyte | peak (ng/mL) | peak minute | AUC 0-last (ng.h/mL) | last minute "
        "| Radau vs expm max rel. diff | max abs. diff (ng/mL) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in all_scenarios:
        figures = [summary[s.id]] + ([summary[s.id]["metabolite"]] if "metabolite" in summary[s.id] else [])
        a = agreement[s.id]
        for k, (output, f) in enumerate(zip(s.model.outputs, figures)):
            diffs = (f"{a['maxRelativeDifference']:.1e} | {a['maxAbsoluteDifferenceNgPerMl']:.1e}" if k == 0
                     else " | ")
            lines.append(f"| `{s.id}` | {output.label} | {f['peakNgPerMl']:.4f} | {f['peakMinute']:.4f} | "
                         f"{f['aucNgHPerMl']:.4f} | {minute_text(s.horizon)} | {diffs} |")
    lines += ["", "## Scenarios", ""]
    for s in all_scenarios:
        lines += [
            f"### `{s.id}`",
            "",
            s.description,
            "",
            f"Model `{s.model.name}`; output {s.grid}.",
            "",
            "```",
            s.model.equations,
            "```",
            "",
            f"Parameters: {s.model.parameters}.",
            "",
            "Inputs:",
            "",
        ] + dosing_text(s) + [""]
    lines += [
        "## Notes on the sources",
        "",
        "- Domino, Clements and Hijazi: micro rate constants and per-kg central volumes as tabulated in",
        "  CLINICAL-SOURCES.md section 5.1 (copied from opentiva, not re-checked against the original papers).",
        "- Esketamine: the intranasal route of the Perez-Ruixo model. The file's per-spray FRn is applied per",
        "  device (0.54 for the first 28-mg device of a dose, 0.54 x 0.62 for each later one), each device with",
        "  its own nasal bolus and its own zero-order swallowed input. The noresketamine states are left out:",
        "  the esketamine concentration does not depend on them.",
        "- Otto: S-norketamine parameters are the NONMEM estimates the nlmixr2lib file carries (V 98.638 L,",
        "  CL 57.72 L/h, Vp 160.04 L, Q 42.778 L/h); Table 3 of the paper prints them rounded (98.6, 57.7, 160, 42.8).",
        "",
    ]
    (OUTPUT_DIR / "README.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
