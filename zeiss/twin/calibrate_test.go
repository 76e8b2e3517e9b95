package twin

import (
	"flag"
	"math"
	"os"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

var (
	update    = flag.Bool("update", false, "run Calibrate and rewrite defaults.json with its result")
	calibrate = flag.Bool("calibrate", false, "run the full Calibrate (about a minute) and log its fits")
)

// TestCalibrate runs the full calibration against the real data (with
// -calibrate or -update); with -update it stores the result as the twin's
// defaults. Run: go test ./zeiss/twin -run TestCalibrate -v -update
func TestCalibrate(t *testing.T) {
	if !*update && !*calibrate {
		t.Skip("full calibration runs with -calibrate or -update")
	}
	dir, err := furnace.RealDataDir()
	if err != nil {
		t.Skip(err)
	}
	p, fits, err := Calibrate(dir, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fits {
		t.Log(f)
	}
	if *update {
		b, err := p.JSON()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("defaults.json", b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCalibrationStages runs the fast stages of the calibration against the
// real data: the QCM step fit reproduces the real per-step std means within
// 3 %, and the optics fit reproduces the real median curve within 0.25 %R,
// from a deliberately wrong start.
func TestCalibrationStages(t *testing.T) {
	dir, err := furnace.RealDataDir()
	if err != nil {
		t.Skip(err)
	}
	st, err := ReadStepStats(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	for k := 1; k < furnace.NumSteps; k++ {
		p.Steps[k].Wait *= 1.3
		p.Steps[k].Rate *= 0.8
	}
	if _, err := FitQCM(&p, st); err != nil {
		t.Fatal(err)
	}
	ws := 1 + p.WaitDrift*meanAge(&p)/100
	for face := range 2 {
		s := &st[face]
		for k := 1; k < furnace.NumSteps; k++ {
			prev := 0.0
			if k > 1 {
				prev = s.SetPoint[k-2]
			}
			sp := &p.Steps[k]
			m := stepMoments(s.SetPoint[k-1], prev, sp.Rate, sp.Carry, sp.Wait*ws, sp.Hold)
			if math.Abs(m[1]-s.ThickStd[k]) > 0.03*s.ThickStd[k] {
				t.Errorf("%s step %d: fitted std %.3f, real %.3f", furnace.Face(face), k+1, m[1], s.ThickStd[k])
			}
		}
	}

	tab, err := furnace.LoadRealData(dir)
	if err != nil {
		t.Fatal(err)
	}
	real := InPeriod(tab.Furnaces)
	rs, err := Summarize(real)
	if err != nil {
		t.Fatal(err)
	}
	back, front, err := MedianSetPoints(real)
	if err != nil {
		t.Fatal(err)
	}
	p.Tooling = [NumMaterials]float64{1, 1, 1, 1}
	p.IndexOffset = [NumMaterials]float64{}
	fit, err := FitOptics(&p, back, front, rs.MedianCurve[:])
	if err != nil {
		t.Fatal(err)
	}
	t.Log(fit)
	mc, err := meanCurve(p, int(meanAge(&p)), back, front)
	if err != nil {
		t.Fatal(err)
	}
	if e := RMSE(mc, rs.MedianCurve[:]); e > 0.25 {
		t.Errorf("fitted model curve is %.3f %%R from the real median curve", e)
	}
}
