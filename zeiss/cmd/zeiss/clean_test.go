package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/ingest"
)

// writeRawFolder writes a raw folder of two furnaces (one of them with an
// aborted extra run) through the ingest writers.
func writeRawFolder(t *testing.T, dir string) {
	t.Helper()
	l := ingest.Layout{Root: dir}
	for _, d := range l.Dirs() {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	create := func(path string, fn func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := fn(&b); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mats := []string{"SiO2", "ITO", "Ti3O5", "SiO2", "Ti3O5", "SiO2", "COTEC1200"}
	start := time.Date(2021, 3, 1, 8, 0, 0, 0, time.UTC)
	var match []ingest.MatchRow
	var curves []ingest.CurveRow
	var proc []ingest.ProcessRow
	seq := 0
	for i, no := range []string{"33121030101", "33121030102"} {
		for _, face := range []string{"CX", "CC"} {
			seq++
			id, _ := ingest.EvtID(start, seq)
			e := &ingest.Evt{Recipe: "1.6&1.67_DVS_" + face, Start: start}
			tm := start.Add(10 * time.Second)
			for k := 1; k <= furnace.NumSteps; k++ {
				s := ingest.Step{No: k, Name: "Preclean", Start: tm}
				if k > 1 {
					s.Name, s.Material = ingest.LayerName(k-1), mats[k-2]
					e.Layers = append(e.Layers, ingest.LayerRecord{Layer: k - 1, Material: mats[k-2], Time: tm.Add(50 * time.Second),
						SetPoint: float64(10 * k), Measured: math.NaN(), RateSet: math.NaN(), Rate: math.NaN()})
				}
				e.Steps = append(e.Steps, s)
				tm = tm.Add(time.Minute)
			}
			e.End = tm
			create(l.EvtPath(id), func(b *bytes.Buffer) error { return ingest.WriteEvt(b, e) })
			create(l.SensorPath(id), func(b *bytes.Buffer) error {
				sw, err := ingest.NewSensorWriter(b, ingest.QCMColumns())
				if err != nil {
					return err
				}
				for ts, j := start, 0; !ts.After(e.End); ts, j = ts.Add(time.Second), j+1 {
					if err := sw.WriteRow(ts, []float64{float64(j % 7), 0.5, float64(j % 11), 0.5}); err != nil {
						return err
					}
				}
				return sw.Flush()
			})
			match = append(match, ingest.MatchRow{OvenNo: no, FileID: id, FilmCode: no + "_" + face})
			proc = append(proc, ingest.ProcessRow{Face: map[string]furnace.Face{"CC": furnace.Back, "CX": furnace.Front}[face],
				FurnaceNo: no, IonGun: 1, EGun: float64(10 + i), Baffle: 3, Crystal: 1, Machine: "33"})
			start = tm.Add(10 * time.Minute)
		}
		c := ingest.CurveRow{FurnaceNo: no, LensRow: 4, L: math.NaN(), A: math.NaN(), B: math.NaN()}
		for j := range c.R {
			c.R[j] = float64(i+j) / 10
		}
		curves = append(curves, c)
	}
	seq++
	id, _ := ingest.EvtID(start, seq)
	aborted := &ingest.Evt{Recipe: "1.6&1.67_DVS_CC", Start: start, Steps: []ingest.Step{{No: 1, Name: "Preclean", Start: start}}}
	create(l.EvtPath(id), func(b *bytes.Buffer) error { return ingest.WriteEvt(b, aborted) })
	match = append(match, ingest.MatchRow{OvenNo: "33121030102", FileID: id, FilmCode: "33121030102_CC"})
	create(l.MatchPath(), func(b *bytes.Buffer) error { return ingest.WriteMatch(b, match) })
	create(l.CurvesPath(), func(b *bytes.Buffer) error { return ingest.WriteCurves(b, curves) })
	create(l.ProcessRecordPath(), func(b *bytes.Buffer) error { return ingest.WriteProcessRecord(b, proc) })
}

func TestCleanCommand(t *testing.T) {
	raw, out := t.TempDir(), filepath.Join(t.TempDir(), "clean")
	writeRawFolder(t, raw)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"clean", "-raw", raw, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr not a terminal but got %q", stderr.String())
	}
	if !strings.Contains(stdout.String(), "kept 2 furnaces (2 model-ready), set aside 0 furnaces and 1 of 5 runs; 1 cycles") {
		t.Errorf("summary %q", stdout.String())
	}
	tab, err := ingest.LoadFurnaces(filepath.Join(out, ingest.FurnacesFile))
	if err != nil || len(tab.Furnaces) != 2 || tab.Furnaces[1].Back.SetPoints[4] != 60 || tab.Furnaces[0].Cycle != 0 {
		t.Fatalf("table %v: %+v", err, tab)
	}
	q, _ := os.ReadFile(filepath.Join(out, ingest.QualityCSVFile))
	if !strings.Contains(string(q), "aborted_run") {
		t.Errorf("quality report lacks the aborted run:\n%s", q)
	}
	p, _ := os.ReadFile(filepath.Join(out, ingest.CyclesDir, ingest.CycleFileName(0)))
	if string(p) != "33121030101,33121030102\n" {
		t.Errorf("part_clean_number0.txt = %q", p)
	}

	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"clean", "-raw", raw, "-out", out}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "-force") {
		t.Errorf("rewrite without -force: exit %d, %q", code, stderr.String())
	}
	override := filepath.Join(t.TempDir(), "cycles.txt")
	os.WriteFile(override, []byte("# hand-edited\n33121030102\n"), 0o644)
	if code := run([]string{"clean", "-raw", raw, "-out", out, "-force", "-cycles", override}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	tab, _ = ingest.LoadFurnaces(filepath.Join(out, ingest.FurnacesFile))
	if tab.Furnaces[0].Cycle != 0 || tab.Furnaces[1].Cycle != 1 {
		t.Errorf("override cycles %d %d", tab.Furnaces[0].Cycle, tab.Furnaces[1].Cycle)
	}
	if _, err := os.Stat(filepath.Join(out, ingest.CyclesDir, ingest.CycleFileName(1))); err != nil {
		t.Error(err)
	}
	if code := run([]string{"clean", "-raw", filepath.Join(raw, "nope"), "-out", out}, &stdout, &stderr); code != 1 {
		t.Errorf("missing raw folder: exit %d", code)
	}
	if code := run([]string{"clean", "-out", out}, &stdout, &stderr); code != 1 {
		t.Errorf("missing -raw: exit %d", code)
	}
	for _, bad := range [][]string{{"-maxgap", "0"}, {"-lensrow", "-1"}, {"-workers", "-2"}} {
		stderr.Reset()
		args := append([]string{"clean", "-raw", raw, "-out", out, "-force"}, bad...)
		if code := run(args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), bad[0]+" "+bad[1]) {
			t.Errorf("%v: exit %d, stderr %q", bad, code, stderr.String())
		}
	}
}

// TestSimulateCleanRoundTrip runs zeiss simulate then zeiss clean: the
// cleaned table reproduces the ground truth's plant columns (set-points,
// std features to 1e-9, curves, counters, cycle ids).
func TestSimulateCleanRoundTrip(t *testing.T) {
	raw, out := filepath.Join(t.TempDir(), "sim"), filepath.Join(t.TempDir(), "clean")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"simulate", "-out", raw, "-furnaces", "30", "-seed", "5"}, &stdout, &stderr); code != 0 {
		t.Fatalf("simulate: exit %d: %s", code, stderr.String())
	}
	if code := run([]string{"clean", "-raw", raw, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("clean: exit %d: %s", code, stderr.String())
	}
	truth, err := ingest.LoadFurnaces(filepath.Join(raw, "furnaces.csv"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ingest.LoadFurnaces(filepath.Join(out, ingest.FurnacesFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Furnaces) != len(truth.Furnaces) {
		t.Fatalf("%d furnaces, truth %d", len(got.Furnaces), len(truth.Furnaces))
	}
	same := func(a, b float64) bool {
		return a == b || (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
	}
	for i := range got.Furnaces {
		g, w := &got.Furnaces[i], &truth.Furnaces[i]
		ok := g.No == w.No && g.Date.Equal(w.Date) && g.Cycle == w.Cycle && len(g.Curve) == len(w.Curve) &&
			same(g.Counters.IonGun, w.Counters.IonGun) && same(g.Counters.EGun, w.Counters.EGun) && same(g.Counters.Baffle, w.Counters.Baffle)
		for _, face := range []furnace.Face{furnace.Back, furnace.Front} {
			gr, wr := g.Face(face), w.Face(face)
			ok = ok && gr.Evt == wr.Evt
			for k := range gr.SetPoints {
				ok = ok && gr.SetPoints[k] == wr.SetPoints[k]
			}
			for k := range gr.Std {
				ok = ok && same(gr.Std[k], wr.Std[k])
			}
		}
		for k := range g.Curve {
			ok = ok && g.Curve[k] == w.Curve[k]
		}
		if !ok {
			t.Errorf("furnace %s differs from the truth:\n got %+v\nwant %+v", g.No, *g, *w)
		}
	}
}
