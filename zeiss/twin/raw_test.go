package twin

import (
	"bytes"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/ingest"
)

// TestRawRoundTrip writes the raw logs of a few furnaces and reads them back
// with package ingest: the set-points and the std features computed from the
// sensor files equal the ground truth.
func TestRawRoundTrip(t *testing.T) {
	ds, err := Simulate(DefaultParams(), 11, 4)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := WriteRaw(ds, dir, RawOptions{}); err != nil {
		t.Fatal(err)
	}
	l := ingest.Layout{Root: dir}
	for _, rec := range ds.Records {
		for _, face := range []furnace.Face{furnace.Front, furnace.Back} {
			run := rec.Furnace.Face(face)
			b, err := os.ReadFile(l.EvtPath(run.Evt))
			if err != nil {
				t.Fatal(err)
			}
			e, err := ingest.ParseEvt(bytes.NewReader(b), l.EvtPath(run.Evt))
			if err != nil {
				t.Fatal(err)
			}
			if f, ok := e.Face(); !ok || f != face {
				t.Fatalf("%s: face %v, want %v", run.Evt, f, face)
			}
			if len(e.Layers) != furnace.NumLayers || len(e.Steps) != furnace.NumSteps {
				t.Fatalf("%s: %d layers, %d steps", run.Evt, len(e.Layers), len(e.Steps))
			}
			for i, lr := range e.Layers {
				if lr.SetPoint != run.SetPoints[i] {
					t.Errorf("%s L%d: set-point %v, want %v", run.Evt, i+1, lr.SetPoint, run.SetPoints[i])
				}
			}
			sf, err := os.Open(l.SensorPath(run.Evt))
			if err != nil {
				t.Fatal(err)
			}
			sr, err := ingest.NewSensorReader(sf, l.SensorPath(run.Evt))
			if err != nil {
				t.Fatal(err)
			}
			if err := sr.Select(ingest.QCMThicknessCH1); err != nil {
				t.Fatal(err)
			}
			var steps [furnace.NumSteps][]float64
			start := e.Start
			for sr.Next() {
				ts := start.Add(timeSeconds(sr.Seconds() - clockSeconds(start)))
				k := -1
				for j, st := range e.Steps {
					if !ts.Before(st.Start) {
						k = j
					}
				}
				if k >= 0 && ts.Before(e.End) {
					steps[k] = append(steps[k], sr.Values()[0])
				}
			}
			if err := sr.Err(); err != nil {
				t.Fatal(err)
			}
			sf.Close()
			for k := range furnace.NumSteps {
				got := StdDDOF1(steps[k])
				if got != run.Std[k] && !(math.IsNaN(got) && math.IsNaN(run.Std[k])) {
					t.Errorf("%s step %d: std from file %v, truth %v", run.Evt, k+1, got, run.Std[k])
				}
			}
		}
	}
	var n int
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	if want := 2*2*len(ds.Records) + 3 + countCleaningRuns(ds); n != want {
		t.Errorf("%d files written, want %d", n, want)
	}
	// The same seed writes byte-identical files.
	dir2 := t.TempDir()
	if err := WriteRaw(ds, dir2, RawOptions{Workers: 3}); err != nil {
		t.Fatal(err)
	}
	sameTree(t, dir, dir2)
	if err := WriteRaw(ds, dir, RawOptions{}); err == nil {
		t.Error("WriteRaw overwrote existing files")
	}
}

func countCleaningRuns(ds *Dataset) int {
	n := 0
	for _, c := range ds.Cleanings {
		n += len(c.Runs)
	}
	return n
}

// sameTree fails unless the two folders hold the same files with the same bytes.
func sameTree(t *testing.T, a, b string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, path)
		x, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no files compared")
	}
	if m := countFiles(t, b); m != n {
		t.Errorf("%s holds %d files, %s %d", b, m, a, n)
	}
}

// countFiles returns the number of regular files below dir.
func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// clockSeconds returns the seconds since midnight of t.
func clockSeconds(t time.Time) int { return t.Hour()*3600 + t.Minute()*60 + t.Second() }

// timeSeconds converts seconds to a duration.
func timeSeconds(s int) time.Duration { return time.Duration(s) * time.Second }

// TestCleanRecoversTruth writes a dataset with faults, cleans it with
// package ingest and checks that every furnace without a fault comes back
// exactly as the ground truth: set-points, std features (bit for bit),
// counters, cleaning cycle and curve.
func TestCleanRecoversTruth(t *testing.T) {
	ds, err := SimulateFaults(DefaultParams(), 21, 60)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := WriteTruth(ds, dir, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteRaw(ds, dir, RawOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Clean(dir, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*furnace.Furnace{}
	for i := range res.Table.Furnaces {
		got[res.Table.Furnaces[i].No] = &res.Table.Furnaces[i]
	}
	checked := 0
	for _, rec := range ds.Records {
		want := &rec.Furnace
		g := got[want.No]
		if g == nil {
			t.Errorf("furnace %s missing after cleaning", want.No)
			continue
		}
		if len(rec.Faults) > 0 {
			continue
		}
		checked++
		if g.Back.SetPoints != want.Back.SetPoints || g.Front.SetPoints != want.Front.SetPoints {
			t.Errorf("%s: set-points differ", want.No)
		}
		if g.Back.Std != want.Back.Std || g.Front.Std != want.Front.Std {
			t.Errorf("%s: std features differ:\n%v\n%v", want.No, g.Std14(), want.Std14())
		}
		if g.Counters != want.Counters || g.Cycle != want.Cycle || !sameFloats(g.Curve, want.Curve) {
			t.Errorf("%s: counters %+v/%+v, cycle %d/%d or curve differ", want.No, g.Counters, want.Counters, g.Cycle, want.Cycle)
		}
	}
	if checked < 40 {
		t.Fatalf("only %d fault-free furnaces checked", checked)
	}
}
