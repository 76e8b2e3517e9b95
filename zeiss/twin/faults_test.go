package twin

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/ingest"
)

// TestFaults injects faults, writes the raw logs of the affected furnaces
// and checks that every listed fault shows in the files as described.
func TestFaults(t *testing.T) {
	p := DefaultParams()
	ds, err := SimulateFaults(p, 4, 300)
	if err != nil {
		t.Fatal(err)
	}
	clean, err := Simulate(p, 4, 300)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[FaultKind]int{}
	affected := map[int]bool{}
	for i, r := range ds.Records {
		for _, f := range r.Faults {
			kinds[f.Kind]++
			affected[i] = true
		}
		// Faults touch the logs, not the process.
		if !sameFloats(r.Furnace.Curve, clean.Records[i].Furnace.Curve) || r.Furnace.Std14() != clean.Records[i].Furnace.Std14() {
			t.Fatalf("furnace %d: faults changed the process", i)
		}
	}
	for k := FaultTruncatedSensor; k <= FaultNaNCells; k++ {
		if kinds[k] == 0 {
			t.Errorf("no %v fault in 300 furnaces", k)
		}
	}
	dir := t.TempDir()
	if err := WriteRaw(ds, dir, RawOptions{Only: func(i int) bool { return affected[i] }}); err != nil {
		t.Fatal(err)
	}
	l := ingest.Layout{Root: dir}
	for i := range affected {
		rec := &ds.Records[i]
		for _, f := range rec.Faults {
			run := &rec.Runs[f.Face]
			switch f.Kind {
			case FaultAbortedRun:
				e := parseEvtFile(t, l.EvtPath(f.Evt))
				if !e.End.IsZero() || len(e.Layers) != 0 {
					t.Errorf("%s: aborted run has an end or thickness lines", f.Evt)
				}
			case FaultMissingStep:
				e := parseEvtFile(t, l.EvtPath(f.Evt))
				if len(e.Steps) != furnace.NumSteps-1 {
					t.Errorf("%s: %d steps, want %d", f.Evt, len(e.Steps), furnace.NumSteps-1)
				}
				for _, s := range e.Steps {
					if s.No == f.Arg {
						t.Errorf("%s: step %d present", f.Evt, f.Arg)
					}
				}
			case FaultMalformedThickness:
				e := parseEvtFile(t, l.EvtPath(f.Evt))
				want := map[int]int{0: 8, 1: 1}[f.Arg]
				if len(e.Layers) != want {
					t.Errorf("%s: %d thickness lines, want %d", f.Evt, len(e.Layers), want)
				}
			case FaultMissingSensor:
				if _, err := os.Stat(l.SensorPath(f.Evt)); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s: sensor file present (%v)", f.Evt, err)
				}
			case FaultTruncatedSensor, FaultNaNCells:
				vals := readCH1(t, l.SensorPath(f.Evt))
				if f.Kind == FaultTruncatedSensor {
					if len(vals) != f.Arg || f.Arg >= run.Seconds {
						t.Errorf("%s: %d rows, want %d of %d", f.Evt, len(vals), f.Arg, run.Seconds)
					}
					continue
				}
				for j, v := range vals {
					if math.IsNaN(v) != (j >= f.Arg && j < f.Arg+3) {
						t.Errorf("%s: row %d value %v", f.Evt, j, v)
					}
				}
			}
		}
	}
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func parseEvtFile(t *testing.T, path string) *ingest.Evt {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, err := ingest.ParseEvt(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func readCH1(t *testing.T, path string) []float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sr, err := ingest.NewSensorReader(f, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := sr.Select(ingest.QCMThicknessCH1); err != nil {
		t.Fatal(err)
	}
	var v []float64
	for sr.Next() {
		v = append(v, sr.Values()[0])
	}
	if err := sr.Err(); err != nil {
		t.Fatal(err)
	}
	return v
}
