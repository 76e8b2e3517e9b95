package ingest

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// TestLoadRealFurnaces loads the real bundle into the cleaned table's type
// and checks the normalisation statistics against those its README records.
func TestLoadRealFurnaces(t *testing.T) {
	dir, err := furnace.RealDataDir()
	if err != nil {
		t.Skip(err)
	}
	tab, err := LoadFurnaces(filepath.Join(dir, furnace.RealDataFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Furnaces) != 547 {
		t.Fatalf("%d furnaces, want 547", len(tab.Furnaces))
	}
	ready, cycles := 0, map[int]bool{}
	for i := range tab.Furnaces {
		f := &tab.Furnaces[i]
		if f.ModelReady() {
			ready++
		}
		if f.Cycle >= 0 {
			cycles[f.Cycle] = true
		}
	}
	if ready != 119 || len(cycles) != 8 {
		t.Errorf("%d model-ready furnaces, %d cycles; want 119 and 8", ready, len(cycles))
	}
	thick, std := FitNormStats(tab.Furnaces)
	wantThick := []float64{25.353, 12.973, 37.114, 105.497, 93.487, 24.714, 12.653, 36.736, 103.038, 92.02}
	wantThickStd := []float64{0.315, 0.394, 0.287, 1.11, 0.708, 0.302, 0.428, 0.364, 0.97, 0.608}
	wantStd := []float64{9.567, 5.784, 4.503, 13.435, 34.645, 34.693, 14.714, 9.28, 5.621, 4.384, 13.285, 33.836, 34.124, 14.473}
	wantStdStd := []float64{0.15, 0.351, 0.147, 0.233, 0.37, 0.362, 2.025, 0.251, 0.339, 0.155, 0.22, 0.317, 0.386, 1.801}
	if thick.N != 514 || std.N != 119 {
		t.Fatalf("stats over %d and %d furnaces, want 514 and 119", thick.N, std.N)
	}
	check := func(name string, got, want []float64) {
		for i := range want {
			if math.Abs(got[i]-want[i]) > 0.0005+1e-9 {
				t.Errorf("%s[%d] = %.4f, README %.3f", name, i, got[i], want[i])
			}
		}
	}
	check("thickness mean", thick.Stats.Mean, wantThick)
	check("thickness std", thick.Stats.Std, wantThickStd)
	check("std mean", std.Stats.Mean, wantStd)
	check("std std", std.Stats.Std, wantStdStd)
}
