package model

import (
	"fmt"
	"slices"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// RunToRun wraps a forecaster with a run-to-run correction: every
// prediction is the wrapped forecaster's plus the exponentially weighted
// mean of its errors on the furnaces measured so far (weight Alpha on the
// newest error), the way a run-to-run controller tracks a process offset
// that no input shows. The correction starts at zero when Fit is called and
// learns only from furnaces that were predicted and then revealed with a
// curve.
type RunToRun struct {
	// Forecaster makes the uncorrected predictions.
	Forecaster Forecaster
	// Alpha is the weight of the newest error, 0 < Alpha ≤ 1.
	Alpha float64

	bias   []float64
	lastNo string
	last   []float64 // uncorrected prediction of furnace lastNo
}

// Fit fits the wrapped forecaster and resets the correction.
func (r *RunToRun) Fit(train []furnace.Furnace) error {
	if !(r.Alpha > 0 && r.Alpha <= 1) {
		return fmt.Errorf("model: run-to-run weight %v, want 0 < alpha ≤ 1", r.Alpha)
	}
	r.bias, r.lastNo, r.last = nil, "", nil
	return r.Forecaster.Fit(train)
}

// Predict returns the wrapped prediction plus the current correction.
func (r *RunToRun) Predict(f *furnace.Furnace) ([]float64, bool, error) {
	p, ok, err := r.Forecaster.Predict(f)
	if err != nil || !ok {
		return p, ok, err
	}
	r.lastNo, r.last = f.No, slices.Clone(p)
	for j := range r.bias {
		p[j] += r.bias[j]
	}
	return p, true, nil
}

// Observe updates the correction with the error on f, when f is the
// furnace last predicted and has a curve, and reveals f to the wrapped
// forecaster.
func (r *RunToRun) Observe(f *furnace.Furnace) error {
	if r.last != nil && f.No == r.lastNo && f.HasCurve() {
		if r.bias == nil {
			r.bias = make([]float64, len(r.last))
		}
		for j, p := range r.last {
			r.bias[j] += r.Alpha * (f.Curve[j] - p - r.bias[j])
		}
	}
	r.last = nil
	return r.Forecaster.Observe(f)
}

// LastCycle reports the wrapped forecaster's cycle choice, when it makes
// one.
func (r *RunToRun) LastCycle() (int, bool) {
	if cr, ok := r.Forecaster.(CycleReporter); ok {
		return cr.LastCycle()
	}
	return -1, false
}
