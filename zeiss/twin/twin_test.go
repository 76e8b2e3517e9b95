package twin

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// TestTargetsRealData checks every calibration target of the default
// parameters against the real production data.
func TestTargetsRealData(t *testing.T) {
	tab, err := furnace.LoadRealData("")
	if err != nil {
		t.Skipf("real data absent, calibration targets not checked: %v", err)
	}
	real := InPeriod(tab.Furnaces)
	SortProduction(real)
	rs, err := Summarize(real)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := Simulate(DefaultParams(), 1, 600)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := Summarize(InPeriod(ds.Furnaces()))
	if err != nil {
		t.Fatal(err)
	}
	targets := Compare(ts, rs)
	for _, tg := range targets {
		if !tg.Pass {
			t.Errorf("target %s: twin %.4g, real %.4g, rule %s", tg.Name, tg.Twin, tg.Real, tg.Rule)
		}
	}
	t.Log("\n" + FormatTargets(targets))
	// The operators compensate the drift as the real ones did: the L5
	// set-points fall within a cycle at the real rate (calibrated, ±30 %).
	if d, r := ts.Drift[0], rs.Drift[0]; r >= 0 || math.Abs(d-r) > 0.3*math.Abs(r) {
		t.Errorf("within-cycle L5 slope: twin %.3f, real %.3f nm per 100 runs", d, r)
	}
}

// TestCommittedDataset checks that data/twin/furnaces.csv is the default
// dataset of the current parameters (seed 1, 600 furnaces).
func TestCommittedDataset(t *testing.T) {
	root, err := furnace.ModuleRoot()
	if err != nil {
		t.Skip(err)
	}
	path := filepath.Join(root, "data", "twin", TruthFile)
	want, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no committed dataset: %v", err)
	}
	ds, err := Simulate(DefaultParams(), 1, 600)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := ds.Table().Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Fatalf("%s is stale: regenerate with go run ./zeiss/cmd/zeiss simulate -out data/twin -raw 0 -force", path)
	}
}

func TestStdDDOF1(t *testing.T) {
	if got := StdDDOF1([]float64{1, 2, 3, 4}); math.Abs(got-math.Sqrt(5.0/3)) > 1e-15 {
		t.Errorf("std = %v, want %v", got, math.Sqrt(5.0/3))
	}
	if got := StdDDOF1([]float64{7}); !math.IsNaN(got) {
		t.Errorf("std of one value = %v, want NaN", got)
	}
	if got := StdDDOF1([]float64{0, 0, 0}); got != 0 {
		t.Errorf("std of zeros = %v", got)
	}
}

// TestTraceShape checks the physics of a QCM trace: step 1 reads zero, every
// layer's reading ends at or just above its set-point and never decreases
// during deposition, and the std features match the trace.
func TestTraceShape(t *testing.T) {
	p := DefaultParams()
	sp := p.Recipe[furnace.Back]
	var tr Trace
	for seed := range uint64(20) {
		genTrace(&p, &sp, runCond{waitScale: 1, rateNoise: p.RateNoise}, rand.New(rand.NewPCG(seed, 9)), &tr)
		std := tr.StepStd()
		if std[0] != 0 {
			t.Fatalf("seed %d: step 1 std = %v, want 0", seed, std[0])
		}
		for l := range furnace.NumLayers {
			f := tr.Final[l]
			if f < sp[l] || f > sp[l]+2*p.Steps[l+1].Rate+0.01 {
				t.Errorf("seed %d: L%d final %v for set-point %v", seed, l+1, f, sp[l])
			}
			seg := tr.Thick[tr.StepStart[l+1]:tr.StepStart[l+2]]
			if seg[len(seg)-1] != f {
				t.Errorf("seed %d: L%d step does not end on the final reading", seed, l+1)
			}
			if math.Abs(std[l+1]-StdDDOF1(seg)) > 0 {
				t.Errorf("seed %d: std mismatch", seed)
			}
			if std[l+1] < 0.25*sp[l] {
				t.Errorf("seed %d: step %d std %v implausibly small for set-point %v", seed, l+2, std[l+1], sp[l])
			}
		}
		if len(tr.Thick) != tr.Len() || len(tr.Rate) != tr.Len() {
			t.Fatalf("trace lengths %d, %d, %d", len(tr.Thick), len(tr.Rate), tr.Len())
		}
	}
}

// TestSimulateDeterministic checks that a seed fixes the whole dataset and
// that different seeds differ.
func TestSimulateDeterministic(t *testing.T) {
	p := DefaultParams()
	a, err := Simulate(p, 7, 60)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Simulate(p, 7, 60)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different datasets")
	}
	c, err := Simulate(p, 8, 60)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a.Records[5].Furnace.Curve, c.Records[5].Furnace.Curve) {
		t.Fatal("different seeds gave the same curve")
	}
}

// TestDriftAndCycles checks the process structure: cycle lengths within
// bounds, counters in the real ranges and resetting at cleanings, and a
// drift that the cycle position explains.
func TestDriftAndCycles(t *testing.T) {
	p := DefaultParams()
	ds, err := Simulate(p, 3, 600)
	if err != nil {
		t.Fatal(err)
	}
	size := map[int]int{}
	for i, r := range ds.Records {
		f := r.Furnace
		size[f.Cycle]++
		c := f.Counters
		if c.IonGun < 1 || c.IonGun > 8 || c.EGun < 1 || c.EGun > 160 || c.Baffle < 1 || c.Baffle > 80 {
			t.Fatalf("furnace %s: counters %+v out of range", f.No, c)
		}
		if i > 0 && f.Cycle == ds.Records[i-1].Furnace.Cycle && c.EGun <= ds.Records[i-1].Furnace.Counters.EGun {
			t.Fatalf("furnace %s: e-gun counter did not climb within a cycle", f.No)
		}
		if _, err := furnace.ParseNumber(f.No); err != nil {
			t.Fatal(err)
		}
		if !f.ModelReady() {
			t.Fatalf("furnace %s is not model-ready", f.No)
		}
	}
	for c, n := range size {
		last := c == ds.Records[len(ds.Records)-1].Furnace.Cycle
		if n > p.CycleMax || (n < p.CycleMin && !last && n < 3) {
			t.Errorf("cycle %d has %d furnaces", c, n)
		}
	}
	// Ti3O5 tooling grows with the runs since cleaning.
	var lo, hi []float64
	for _, r := range ds.Records {
		v := r.Truth.Tooling[furnace.Back][Ti3O5]
		if r.Truth.RunsSinceCleaning < 20 {
			lo = append(lo, v)
		} else if r.Truth.RunsSinceCleaning > 60 {
			hi = append(hi, v)
		}
	}
	if mean(hi) <= mean(lo) {
		t.Errorf("Ti3O5 tooling early %v, late %v: no drift", mean(lo), mean(hi))
	}
}

func TestParamsJSONRoundTrip(t *testing.T) {
	p := DefaultParams()
	b, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	q, err := ParseParams(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, q) {
		t.Fatal("params changed in a JSON round trip")
	}
	p.Tooling[SiO2] = math.NaN()
	if err := p.Validate(); err == nil {
		t.Fatal("NaN tooling factor accepted")
	}
	if _, err := ParseParams([]byte(`{"tooling": "x"}`)); err == nil {
		t.Fatal("bad JSON accepted")
	}
}
