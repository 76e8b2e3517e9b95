// Package twin is a digital twin of the box coater that deposits the seven-layer
// anti-reflection stack on spectacle lenses, one face per run.
//
// The twin models what the real process shows in its logs: a machine state
// that drifts within a cleaning cycle (tooling factors, material indices,
// source soak times and QCM behaviour change as the chamber coats up and the
// e-gun filament ages, and reset at a chamber cleaning); a few dome sets
// (Fixture) swapped at each cleaning, each with its own tooling and index
// offsets, coat-up rate and soak-time fingerprint, so that several cycles
// share a state; a source condition that wanders from furnace to furnace
// (an AR(1) state of the crucibles) and moves both the tooling and the soak
// times, so that the std features see part of it; consumable counters;
// the 1 Hz quartz-crystal-monitor (QCM) reading of every process step under a
// rate controller, whose per-step standard deviations are the std features of
// the furnace table; operators who nudge the L5/L6 set-points between
// furnaces towards a colour aim; and a spectrophotometer that measures one
// lens of the load with lens-to-lens variation and noise.
//
// Simulate runs the furnace-level twin (set-points → state → QCM traces → std
// features → curve) without touching the disk; SimulateFaults does the same
// and also injects the defects of real exports (truncated sensor files,
// aborted runs, …) listed in each Record. WriteTruth writes the ground truth
// (furnaces.csv, faults.csv, cleanings.csv, params.json) and WriteRaw the raw
// machine logs and plant tables in the formats of package ingest. Spectrum
// gives the noise-free curve and colour of given set-points. Params holds
// every free parameter; DefaultParams returns the values fitted to the real
// production data by Calibrate (see defaults.json for their provenance), and
// Summarize and Compare measure the twin against the real data.
package twin
