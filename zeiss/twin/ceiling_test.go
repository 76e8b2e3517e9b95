package twin

import (
	"math"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// TestPredictabilityCeiling measures how much of the curve of the default
// dataset's last two cleaning cycles any forecaster could explain, by
// predicting each furnace with the twin's own noise-free physics from
// hidden state of increasing completeness, against the EWMA(0.1) of past
// curves:
//
//   - cycle: the dome set, the cycle's tooling offsets, the runs since
//     cleaning and the set-points (what a perfect cycle-aware model of the
//     set-points could know);
//   - cycle+r2r: that plus the EWMA (weight 0.3) of its own past errors, a
//     run-to-run correction of the wandering source condition;
//   - full: that plus the furnace's true source condition (only lens
//     spread, substrate and photometer noise remain).
//
// The figures bound what the models of package model can reach on the
// twin; the test checks that the hidden state does explain the level (each
// added piece of state lowers the error, and the full state beats the EWMA
// by more than a quarter).
func TestPredictabilityCeiling(t *testing.T) {
	p := DefaultParams()
	ds, err := Simulate(p, 1, 600)
	if err != nil {
		t.Fatal(err)
	}
	m, err := newModel(&p)
	if err != nil {
		t.Fatal(err)
	}
	last := ds.Records[len(ds.Records)-1].Furnace.Cycle
	var level, bias []float64
	var sse [4]float64
	n := 0
	for i := range ds.Records {
		r := &ds.Records[i]
		f := &r.Furnace
		if f.Cycle >= last-1 && level != nil {
			s := &simulator{p: &p, fixture: r.Truth.Fixture}
			crng := streamRNG(ds.Seed, -2-f.Cycle, 0)
			for k := range NumMaterials {
				s.cycleOff[k] = p.ToolingCycleSD[k] * crng.NormFloat64()
			}
			curve := func(cond float64) []float64 {
				s.cond = cond
				tool, idx := s.state(r.Truth.RunsSinceCleaning)
				var phys [2][furnace.NumLayers]float64
				for l := range furnace.NumLayers {
					mt := LayerMaterial[l]
					phys[furnace.Back][l] = expectedFinal(&p, l, f.Back.SetPoints[l]) * tool[furnace.Back][mt]
					phys[furnace.Front][l] = expectedFinal(&p, l, f.Front.SetPoints[l]) * tool[furnace.Front][mt]
				}
				r0 := make([]float64, furnace.NumPoints)
				r1 := make([]float64, furnace.NumPoints)
				m.curve(Sub160, idx, &phys, r0)
				m.curve(Sub167, idx, &phys, r1)
				for j := range r0 {
					r0[j] = (1-p.Substrate167)*r0[j] + p.Substrate167*r1[j]
				}
				return r0
			}
			c0 := curve(0)
			if bias == nil {
				bias = make([]float64, furnace.NumPoints)
			}
			corr := make([]float64, furnace.NumPoints)
			for j := range corr {
				corr[j] = c0[j] + bias[j]
			}
			for k, pred := range [4][]float64{level, c0, corr, curve(r.Truth.Condition)} {
				e := RMSE(pred, f.Curve)
				sse[k] += e * e
			}
			for j := range bias {
				bias[j] += 0.3 * (f.Curve[j] - c0[j] - bias[j])
			}
			n++
		}
		if level == nil {
			level = append([]float64(nil), f.Curve...)
			continue
		}
		for j := range level {
			level[j] += EWMAAlpha * (f.Curve[j] - level[j])
		}
	}
	if n == 0 {
		t.Fatal("no furnace in the last two cycles")
	}
	var rmse [4]float64
	for k := range sse {
		rmse[k] = math.Sqrt(sse[k] / float64(n))
	}
	t.Logf("last two cycles, %d furnaces: RMSE %%R ewma %.4f, cycle %.4f (skill %+.3f), cycle+r2r %.4f (%+.3f), full %.4f (%+.3f)",
		n, rmse[0], rmse[1], 1-rmse[1]/rmse[0], rmse[2], 1-rmse[2]/rmse[0], rmse[3], 1-rmse[3]/rmse[0])
	if !(rmse[1] < rmse[0] && rmse[2] < rmse[1] && rmse[3] < rmse[2]) {
		t.Errorf("state does not explain the level step by step: %v", rmse)
	}
	if rmse[3] > 0.75*rmse[0] {
		t.Errorf("full state %.4f %%R does not beat the EWMA %.4f by a quarter", rmse[3], rmse[0])
	}
}
