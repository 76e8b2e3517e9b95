// Package twin is a digital twin of the box coater that deposits the seven-layer
// anti-reflection stack on spectacle lenses, one face per run.
//
// The twin models what the real process shows in its logs: a machine state
// that drifts within a cleaning cycle (tooling factors, material indices,
// source soak times and QCM behaviour change as the chamber coats up and the
// e-gun filament ages, and reset at a chamber cleaning); consumable counters;
// the 1 Hz quartz-crystal-monitor (QCM) reading of every process step under a
// rate controller, whose per-step standard deviations are the std features of
// the furnace table; operators who nudge the L5/L6 set-points between
// furnaces towards a colour aim; and a spectrophotometer that measures one
// lens of the load with lens-to-lens variation and noise.
//
// Simulate runs the furnace-level twin (set-points → state → QCM traces → std
// features → curve) without touching the disk; WriteDataset adds the raw
// machine logs and plant tables in the formats of package ingest. Params holds
// every free parameter; DefaultParams returns the values fitted to the real
// production data by Calibrate (see defaults.json for their provenance).
package twin
