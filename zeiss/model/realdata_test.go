package model

import (
	"math"
	"testing"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// TestRealDataEWMA reproduces the run-to-run reference on the real data:
// hold out May 2021, EWMA of past curves with weight 0.1 on the newest.
func TestRealDataEWMA(t *testing.T) {
	dir, err := furnace.RealDataDir()
	if err != nil {
		t.Skip(err)
	}
	tab, err := furnace.LoadRealData(dir)
	if err != nil {
		t.Fatal(err)
	}
	ewma := func(need furnace.Need) Method {
		return Method{Name: "ewma0.1", Needs: need, New: func() (Forecaster, error) {
			e, err := NewEWMA(0.1)
			return Restricted{e, need}, err
		}}
	}
	ms := []Method{ewma(0), ewma(furnace.NeedStd), ewma(furnace.NeedSetPoints)}
	ev, err := Evaluate(tab.Furnaces, ms, EvalOptions{From: time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	all, std, sp := ev.Scores[0], ev.Scores[1], ev.Scores[2]
	t.Logf("all: %+v\nstd: %+v\nsetpoints: %+v", all, std, sp)
	if all.N != 134 || math.Abs(all.MeanDE-3.0) > 0.1 {
		t.Errorf("all May furnaces: n %d mean ΔE %.3f, want 134 and ≈ 3.0", all.N, all.MeanDE)
	}
	if math.Abs(std.RMSE-0.47) > 0.015 {
		t.Errorf("furnaces with std: rmse %.4f (n %d), want ≈ 0.47", std.RMSE, std.N)
	}
	if math.Abs(sp.RMSE-0.51) > 0.015 {
		t.Errorf("furnaces with set-points: rmse %.4f (n %d), want ≈ 0.51", sp.RMSE, sp.N)
	}
}
