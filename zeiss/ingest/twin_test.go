package ingest_test

import (
	"io/fs"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/ingest"
	"github.com/arcoat/zeiss/zeiss/twin"
)

// diff describes how a cleaned furnace differs from the twin's plant view.
func diff(got, want *furnace.Furnace) string {
	same := func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
	var d []string
	if got.No != want.No || !got.Date.Equal(want.Date) || got.Cycle != want.Cycle {
		d = append(d, "number/date/cycle")
	}
	for _, face := range []furnace.Face{furnace.Back, furnace.Front} {
		g, w := got.Face(face), want.Face(face)
		if g.Evt != w.Evt {
			d = append(d, face.String()+" evt "+g.Evt+" want "+w.Evt)
		}
		for i := range g.SetPoints {
			if !same(g.SetPoints[i], w.SetPoints[i]) {
				d = append(d, face.String()+" set-point")
			}
		}
		for i := range g.Std {
			if a, b := g.Std[i], w.Std[i]; !(same(a, b) || math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))) {
				d = append(d, face.String()+" std")
			}
		}
	}
	if len(got.Curve) != len(want.Curve) {
		d = append(d, "curve length")
	} else {
		for i := range got.Curve {
			if !same(got.Curve[i], want.Curve[i]) {
				d = append(d, "curve")
				break
			}
		}
	}
	if !same(got.Counters.IonGun, want.Counters.IonGun) || !same(got.Counters.EGun, want.Counters.EGun) || !same(got.Counters.Baffle, want.Counters.Baffle) {
		d = append(d, "counters")
	}
	return strings.Join(d, ", ")
}

// TestTwinRoundTrip simulates a dataset with the digital twin, writes its
// raw logs and cleans them: every furnace equals the twin's plant view
// (set-points and curves exactly, std features to 1e-9, counters, cycle
// ids), and nothing is set aside.
func TestTwinRoundTrip(t *testing.T) {
	n := 60
	if testing.Short() {
		n = 25
	}
	ds, err := twin.Simulate(twin.DefaultParams(), 7, n)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := twin.WriteRaw(ds, dir, twin.RawOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Clean(dir, ingest.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, is := range res.Issues {
		if is.Action != ingest.ActionKept {
			t.Errorf("issue: %+v", is)
		}
	}
	if len(res.Table.Furnaces) != n {
		t.Fatalf("%d furnaces, want %d", len(res.Table.Furnaces), n)
	}
	cycles := map[int]bool{}
	for i := range res.Table.Furnaces {
		got, want := &res.Table.Furnaces[i], &ds.Records[i].Furnace
		if d := diff(got, want); d != "" {
			t.Errorf("furnace %d %s (truth %s): %s", i, got.No, want.No, d)
		}
		cycles[want.Cycle] = true
	}
	if res.Summary.Cycles != len(cycles) {
		t.Errorf("%d cycles, truth %d", res.Summary.Cycles, len(cycles))
	}
}

// TestTwinFaults cleans a twin dataset with injected faults: every fault is
// reported with its evt, every furnace without a fault equals the truth.
func TestTwinFaults(t *testing.T) {
	const n = 80
	ds, err := twin.SimulateFaults(twin.DefaultParams(), 3, n)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := twin.WriteRaw(ds, dir, twin.RawOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Clean(dir, ingest.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	byNo := map[string]*furnace.Furnace{}
	for i := range res.Table.Furnaces {
		byNo[res.Table.Furnaces[i].No] = &res.Table.Furnaces[i]
	}
	nFaults := 0
	for _, rec := range ds.Records {
		want := &rec.Furnace
		got, ok := byNo[want.No]
		if !ok {
			t.Errorf("furnace %s missing", want.No)
			continue
		}
		for _, f := range rec.Faults {
			nFaults++
			found := false
			for _, is := range res.Issues {
				if is.Evt == f.Evt && strings.Contains(is.File, strings.TrimPrefix(f.Evt, "evt")) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("fault %v (arg %d) of %s %s not reported", f.Kind, f.Arg, want.No, f.Evt)
			}
		}
		if len(rec.Faults) == 0 {
			if d := diff(got, want); d != "" {
				t.Errorf("furnace %s without faults differs: %s", want.No, d)
			}
		}
	}
	if nFaults == 0 {
		t.Fatal("no faults injected")
	}
	t.Logf("%d faults; %s", nFaults, res.Summary)
}

// BenchmarkCleanTwinDefault cleans the default dataset of the digital twin
// (seed 1, 600 furnaces, about 1,200 runs) with 2 workers; the raw logs are
// written once, before the timer starts. MB/s counts the raw files read.
func BenchmarkCleanTwinDefault(b *testing.B) {
	ds, err := twin.Simulate(twin.DefaultParams(), 1, 600)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := twin.WriteRaw(ds, dir, twin.RawOptions{Workers: 2}); err != nil {
		b.Fatal(err)
	}
	var size int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				size += fi.Size()
			}
		}
		return nil
	})
	b.SetBytes(size)
	for b.Loop() {
		res, err := ingest.Clean(dir, ingest.Options{Workers: 2})
		if err != nil || res.Summary.Furnaces != 600 {
			b.Fatal(err)
		}
	}
}
