package model

import (
	"fmt"
	"math"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// constForecaster predicts a constant curve.
type constForecaster struct{ v float64 }

func (c constForecaster) Fit([]furnace.Furnace) error { return nil }
func (c constForecaster) Predict(*furnace.Furnace) ([]float64, bool, error) {
	out := make([]float64, furnace.NumPoints)
	for j := range out {
		out[j] = c.v
	}
	return out, true, nil
}
func (c constForecaster) Observe(*furnace.Furnace) error { return nil }

// TestRunToRunHand checks the run-to-run correction against the hand
// computed offset (1 − (1 − α)^k after k errors of 1) and that it learns
// only from furnaces it predicted.
func TestRunToRunHand(t *testing.T) {
	const alpha = 0.3
	r := &RunToRun{Alpha: alpha, Forecaster: constForecaster{v: 2}}
	if err := r.Fit(nil); err != nil {
		t.Fatal(err)
	}
	curve := make([]float64, furnace.NumPoints)
	for j := range curve {
		curve[j] = 3
	}
	unseen := furnace.Furnace{No: "33121020199", Curve: curve}
	if err := r.Observe(&unseen); err != nil { // never predicted: no update
		t.Fatal(err)
	}
	for k := range 5 {
		f := furnace.Furnace{No: fmt.Sprintf("331210202%02d", k+1)}
		p, ok, err := r.Predict(&f)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		want := 2 + 1 - math.Pow(1-alpha, float64(k))
		if math.Abs(p[0]-want) > 1e-12 || math.Abs(p[80]-want) > 1e-12 {
			t.Fatalf("step %d: prediction %v, want %v", k, p[0], want)
		}
		f.Curve = curve
		if err := r.Observe(&f); err != nil {
			t.Fatal(err)
		}
	}
	if err := (&RunToRun{Alpha: 0, Forecaster: constForecaster{}}).Fit(nil); err == nil {
		t.Fatal("weight 0 accepted")
	}
}
