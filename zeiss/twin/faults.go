package twin

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// FaultKind is a kind of defect injected into the raw logs.
type FaultKind int

const (
	// FaultTruncatedSensor: the sensor file stops early (Arg = rows kept).
	FaultTruncatedSensor FaultKind = iota + 1
	// FaultMissingStep: one "Start Step No." line is missing from the evt
	// log (Arg = the step number).
	FaultMissingStep
	// FaultAbortedRun: an aborted run of the face precedes the real one,
	// giving the furnace a third evt (Arg = seconds it ran).
	FaultAbortedRun
	// FaultMalformedThickness: the evt log's Thickness lines are malformed
	// (Arg 0: the first layer's line repeated, 8 values; Arg 1: only the
	// first layer's line, 1 value).
	FaultMalformedThickness
	// FaultMissingSensor: the run's sensor file is missing.
	FaultMissingSensor
	// FaultNaNCells: three consecutive empty ACT_O1_QCMS_THICKNESS_CH1 cells
	// (Arg = first row, 0-based).
	FaultNaNCells
)

var faultNames = map[FaultKind]string{
	FaultTruncatedSensor:    "truncated_sensor",
	FaultMissingStep:        "missing_step",
	FaultAbortedRun:         "aborted_run",
	FaultMalformedThickness: "malformed_thickness",
	FaultMissingSensor:      "missing_sensor",
	FaultNaNCells:           "nan_cells",
}

// String returns the fault's name as written in the ground-truth list.
func (k FaultKind) String() string {
	if s, ok := faultNames[k]; ok {
		return s
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault is one defect injected into the raw logs of a furnace.
type Fault struct {
	// Face is the face run concerned.
	Face furnace.Face
	// Evt is the process log concerned (the aborted run's own log for
	// FaultAbortedRun).
	Evt string
	// Kind is the defect and Arg its detail (see the FaultKind constants).
	Kind FaultKind
	Arg  int
}

// AbortedRun is a face run that stopped early and was repeated.
type AbortedRun struct {
	// Evt is its process log id.
	Evt string
	// Face is the face it was coating.
	Face furnace.Face
	// Start is its production start and Seconds how long it ran.
	Start   time.Time
	Seconds int
}

// FaultRate is the probability that a face run gets a fault when faults
// are enabled.
const FaultRate = 0.04

// runFaults are the faults of one face run.
type runFaults []Fault

// faultsOf returns the faults of the face run of rec.
func faultsOf(rec *Record, face furnace.Face) runFaults {
	var fs runFaults
	for _, f := range rec.Faults {
		if f.Face == face {
			fs = append(fs, f)
		}
	}
	return fs
}

func (fs runFaults) has(k FaultKind) bool {
	for _, f := range fs {
		if f.Kind == k {
			return true
		}
	}
	return false
}

func (fs runFaults) arg(k FaultKind) int {
	for _, f := range fs {
		if f.Kind == k {
			return f.Arg
		}
	}
	return 0
}

// drawFault decides whether a face run gets a fault and which, given the
// run's trace tr; the aborted run is drawn before the run starts (see
// simulator.furnace).
func drawFault(rng *rand.Rand, face furnace.Face, evt string, tr *Trace) (Fault, bool) {
	if rng.Float64() >= FaultRate {
		return Fault{}, false
	}
	f := Fault{Face: face, Evt: evt}
	switch rng.IntN(5) {
	case 0:
		f.Kind = FaultTruncatedSensor
		lo := tr.StepStart[4]
		f.Arg = lo + rng.IntN(tr.Len()-lo)
	case 1:
		f.Kind = FaultMissingStep
		f.Arg = 2 + rng.IntN(furnace.NumSteps-1)
	case 2:
		f.Kind = FaultMalformedThickness
		f.Arg = rng.IntN(2)
	case 3:
		f.Kind = FaultMissingSensor
	case 4:
		f.Kind = FaultNaNCells
		k := 1 + rng.IntN(furnace.NumSteps-1)
		// max: a step shorter than four samples (possible with extreme
		// Params) still gets its three cells, the last ones spilling over.
		f.Arg = tr.StepStart[k] + rng.IntN(max(tr.StepStart[k+1]-tr.StepStart[k]-3, 1))
	}
	return f, true
}
