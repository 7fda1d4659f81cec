#!/usr/bin/Rscript
# What a user without a pharmacokinetic engine would do in R: solve the compartment model with deSolve's lsoda.
#
# One 6-hour session profile with the Domino racemic ketamine model (3 compartments, rate constants in 1/min,
# V1 = 0.063 L/kg): 70 kg, 0.5 mg/kg over 40 min (52.5 mg/h), on a 1-second grid (21,601 points), integrating
# piecewise across the end of the infusion. lsoda with its default tolerances (rtol 1e-6, atol 1e-6) and with
# rtol 1e-8, atol 1e-10; each timed as the median of repeated runs and compared with the exact solution.
#
# The exact solution comes from the eigen-decomposition of the 3 x 3 system matrix, interval by interval (the
# input is constant between discontinuities); it is checked against the reference curve in
# tests/Respite.Pharmacokinetics.Tests/Reference before anything is timed.
#
# Run from the repository root (Debian packages r-cran-desolve and r-cran-jsonlite):
#
#     /usr/bin/Rscript bench/pk/desolve.R [runs]
#
# Each invocation appends one run to bench/pk/results-desolve.json.

suppressPackageStartupMessages({
  library(deSolve)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
runs <- if (length(args) >= 1) as.integer(args[[1]]) else 25L

reference_csv <- "tests/Respite.Pharmacokinetics.Tests/Reference/domino-70kg-0.5mgkg-40min.csv"
results_json <- "bench/pk/results-desolve.json"

# Domino (as in opentiva), 1/min.
parms <- c(k10 = 0.4381, k12 = 0.5921, k21 = 0.2470, k13 = 0.5900, k31 = 0.0146)
weight <- 70
v1 <- 0.063 * weight
rate <- 0.5 * weight / 40 # mg/min
infusion_end <- 40
horizon <- 360
times <- (0:(horizon * 60)) / 60

a <- with(as.list(parms), matrix(c(
  -(k10 + k12 + k13), k21, k31,
  k12, -k21, 0,
  k13, 0, -k31
), nrow = 3, byrow = TRUE))

# The right-hand side as a user would write it; `rate` is the infusion into the central compartment (mg/min).
domino <- function(t, x, p) {
  with(as.list(c(x, p)), {
    dx1 <- -(k10 + k12 + k13) * x1 + k21 * x2 + k31 * x3 + rate
    dx2 <- k12 * x1 - k21 * x2
    dx3 <- k13 * x1 - k31 * x3
    list(c(dx1, dx2, dx3))
  })
}

# Central amounts (mg) on `times`, restarting lsoda at the end of the infusion.
solve_piecewise <- function(rtol, atol) {
  on <- times[times <= infusion_end]
  off <- times[times >= infusion_end]
  first <- lsoda(c(x1 = 0, x2 = 0, x3 = 0), on, domino, c(parms, rate = rate), rtol = rtol, atol = atol)
  start <- first[nrow(first), c("x1", "x2", "x3")]
  second <- lsoda(start, off, domino, c(parms, rate = 0), rtol = rtol, atol = atol)
  c(first[, "x1"], second[-1, "x1"])
}

# Central amounts (mg) from A = V diag(l) V^-1: in the eigenbasis each mode obeys y' = l y + c, so
# y(t) = (y0 + c/l) exp(l (t - t0)) - c/l on an interval of constant input.
exact_piecewise <- function() {
  e <- eigen(a)
  l <- Re(e$values)
  vectors <- Re(e$vectors)
  inverse <- solve(vectors)
  advance <- function(x0, input, t0, t) {
    y0 <- inverse %*% x0
    shift <- as.vector(inverse %*% c(input, 0, 0)) / l
    vectors %*% ((as.vector(y0) + shift) * exp(outer(l, t - t0)) - shift)
  }
  on <- times[times < infusion_end]
  off <- times[times >= infusion_end]
  during <- advance(c(0, 0, 0), rate, 0, on)
  at_end <- advance(c(0, 0, 0), rate, 0, infusion_end)
  after <- advance(as.vector(at_end), 0, infusion_end, off)
  c(during[1, ], after[1, ])
}

median_ms <- function(work) {
  samples <- numeric(runs)
  for (i in seq_len(runs)) {
    start <- Sys.time()
    work()
    samples[i] <- as.numeric(difftime(Sys.time(), start, units = "secs")) * 1000
  }
  list(medianMs = median(samples), minMs = min(samples), maxMs = max(samples), runs = runs)
}

differences <- function(approx, exact) {
  absolute <- abs(approx - exact)
  counted <- exact >= 0.1
  list(
    maxAbsoluteNgPerMl = max(absolute),
    maxAbsoluteOverPeak = max(absolute) / max(exact),
    `maxRelativeWhereAtLeast0.1NgPerMl` = max(absolute[counted] / exact[counted])
  )
}

exact <- exact_piecewise() / v1 * 1000
reference <- read.csv(reference_csv)
on_minutes <- exact[seq(1, length(exact), by = 60)]
if (!isTRUE(all.equal(on_minutes, reference$concentration_ng_per_ml, tolerance = 1e-8))) {
  stop("the exact solution does not match the reference curve")
}

cpu <- sub(".*:\\s*", "", grep("^model name", readLines("/proc/cpuinfo"), value = TRUE)[1])
load_before <- as.numeric(strsplit(readLines("/proc/loadavg"), " ")[[1]][1:3])

methods <- list()
for (setting in list(
  list(name = "lsoda (default rtol 1e-6, atol 1e-6)", rtol = 1e-6, atol = 1e-6),
  list(name = "lsoda (rtol 1e-8, atol 1e-10)", rtol = 1e-8, atol = 1e-10)
)) {
  approx <- solve_piecewise(setting$rtol, setting$atol) / v1 * 1000
  timing <- median_ms(function() solve_piecewise(setting$rtol, setting$atol))
  methods[[setting$name]] <- c(timing, differences(approx, exact))
}
methods[["exact eigen-decomposition (base R, vectorised)"]] <- median_ms(exact_piecewise)

run <- list(
  at = format(Sys.time(), "%Y-%m-%dT%H:%M:%SZ", tz = "UTC"),
  loadAverageBefore = load_before,
  machine = list(
    cores = parallel::detectCores(),
    cpu = cpu,
    r = paste(R.version$major, R.version$minor, sep = "."),
    deSolve = as.character(packageVersion("deSolve"))
  ),
  sessionProfile = list(points = length(times), peakNgPerMl = max(exact), methods = methods),
  loadAverageAfter = as.numeric(strsplit(readLines("/proc/loadavg"), " ")[[1]][1:3])
)

cat(toJSON(run, auto_unbox = TRUE, pretty = TRUE, digits = NA), "\n")
previous <- if (file.exists(results_json)) {
  fromJSON(results_json, simplifyVector = FALSE)
} else {
  list(runs = list())
}
previous$runs[[length(previous$runs) + 1]] <- run
writeLines(toJSON(previous, auto_unbox = TRUE, pretty = TRUE, digits = NA), results_json)
