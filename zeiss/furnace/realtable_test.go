package furnace

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadReal reads the real furnace table, skipping the test when the real
// data are absent.
func loadReal(t testing.TB) (*Table, []byte) {
	t.Helper()
	dir, err := RealDataDir()
	if err != nil {
		t.Skip(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, RealDataFile))
	if err != nil {
		t.Skip(err)
	}
	tab, err := LoadRealData(dir)
	if err != nil {
		t.Fatal(err)
	}
	return tab, raw
}

func TestRealDataRoundTrip(t *testing.T) {
	tab, raw := loadReal(t)
	var buf bytes.Buffer
	if err := tab.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), raw) {
		a, b := strings.Split(string(raw), "\n"), strings.Split(buf.String(), "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("rewrite differs at line %d:\nfile: %.300q\nours: %.300q", i+1, a[i], b[i])
			}
		}
		t.Fatalf("rewrite differs: %d vs %d lines", len(a), len(b))
	}
	if !tab.CRLF {
		t.Log("real table uses \\n line ends")
	}
}

func TestRealDataWithoutCycleOption(t *testing.T) {
	dir, err := RealDataDir()
	if err != nil {
		t.Skip(err)
	}
	_, err = ReadFile(filepath.Join(dir, RealDataFile))
	if err == nil || !strings.Contains(err.Error(), RealCycleColumn) || !strings.Contains(err.Error(), ":1:") {
		t.Fatalf("reading the real table without CycleColumn: err = %v, want a hint at %s on line 1", err, RealCycleColumn)
	}
}

func TestRealDataFacts(t *testing.T) {
	tab, _ := loadReal(t)
	fs := tab.Furnaces
	if len(fs) != 547 {
		t.Errorf("%d rows, want 547", len(fs))
	}
	if len(tab.Extra) != 133-len(ModelColumns()) {
		t.Errorf("%d extra columns %v, want %d", len(tab.Extra), tab.Extra, 133-len(ModelColumns()))
	}
	var ready, both, cycled, curves int
	cycles := map[int]int{}
	for i := range fs {
		f := &fs[i]
		if f.ModelReady() {
			ready++
		}
		if f.HasSetPoints() {
			both++
		}
		if f.HasCurve() {
			curves++
		}
		if f.Cycle >= 0 {
			cycled++
			cycles[f.Cycle]++
		}
		n, err := ParseNumber(f.No)
		if err != nil {
			t.Fatal(err)
		}
		if !n.Date.Equal(f.Date) || n.Machine != 33 || (n.Shift != 1 && n.Shift != 3) {
			t.Errorf("furnace %s: number %+v, date %v", f.No, n, f.Date)
		}
	}
	if ready != 119 {
		t.Errorf("%d model-ready rows, want 119", ready)
	}
	if both != 514 {
		t.Errorf("%d rows with both faces' set-points, want 514", both)
	}
	if curves != 547 {
		t.Errorf("%d rows with a curve, want 547", curves)
	}
	if cycled != 241 || len(cycles) != 8 {
		t.Errorf("%d rows in %d cycles, want 241 in 8", cycled, len(cycles))
	}
	for c := range 8 {
		if cycles[c] == 0 {
			t.Errorf("cycle %d is empty", c)
		}
	}
	// Cross-check the model fields with the bundle's own derived columns.
	shift, err := tab.ExtraFloats("shift_digit")
	if err != nil {
		t.Fatal(err)
	}
	meanR, err := tab.ExtraFloats("mean_R")
	if err != nil {
		t.Fatal(err)
	}
	for i := range fs {
		n, _ := ParseNumber(fs[i].No)
		if float64(n.Shift) != shift[i] {
			t.Errorf("furnace %s: shift %d, column shift_digit %v", fs[i].No, n.Shift, shift[i])
		}
		var s float64
		for _, v := range fs[i].Curve {
			s += v
		}
		if m := s / NumPoints; math.Abs(m-meanR[i]) > 1e-5 {
			t.Errorf("furnace %s: mean curve %v, column mean_R %v", fs[i].No, m, meanR[i])
		}
	}
}

func TestRealDataStats(t *testing.T) {
	tab, _ := loadReal(t)
	fs := tab.Furnaces
	check := func(name string, got Stats, mean, std []float64) {
		t.Helper()
		for j := range mean {
			if math.Abs(got.Mean[j]-mean[j]) > 1e-3 || math.Abs(got.Std[j]-std[j]) > 1e-3 {
				t.Errorf("%s column %d: mean %.4f std %.4f, want %.3f %.3f", name, j, got.Mean[j], got.Std[j], mean[j], std[j])
			}
		}
	}

	rows, excl := Select(fs, NeedSetPoints)
	if len(rows) != 514 || len(rows)+len(excl) != len(fs) {
		t.Fatalf("Select set-points: %d rows, %d excluded", len(rows), len(excl))
	}
	x, err := AdjustableMatrix(fs, rows)
	if err != nil {
		t.Fatal(err)
	}
	st, err := FitStats(x)
	if err != nil {
		t.Fatal(err)
	}
	check("adjustable", st,
		[]float64{25.353, 12.973, 37.114, 105.497, 93.487, 24.714, 12.653, 36.736, 103.038, 92.02},
		[]float64{0.315, 0.394, 0.287, 1.11, 0.708, 0.302, 0.428, 0.364, 0.97, 0.608})

	rows, excl = Select(fs, NeedSetPoints|NeedStd|NeedCurve)
	if len(rows) != 119 || len(rows)+len(excl) != len(fs) {
		t.Fatalf("Select model-ready: %d rows, %d excluded", len(rows), len(excl))
	}
	for _, e := range excl {
		if e.Reason == "" || fs[e.Index].ModelReady() {
			t.Fatalf("bad exclusion %+v", e)
		}
	}
	s14, err := Std14Matrix(fs, rows)
	if err != nil {
		t.Fatal(err)
	}
	st, err = FitStats(s14)
	if err != nil {
		t.Fatal(err)
	}
	check("std14", st,
		[]float64{9.567, 5.784, 4.503, 13.435, 34.645, 34.693, 14.714, 9.28, 5.621, 4.384, 13.285, 33.836, 34.124, 14.473},
		[]float64{0.15, 0.351, 0.147, 0.233, 0.37, 0.362, 2.025, 0.251, 0.339, 0.155, 0.22, 0.317, 0.386, 1.801})
	if _, err := CurveMatrix(fs, rows); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkReadRealData(b *testing.B) {
	_, raw := loadReal(b)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := (ReadOptions{CycleColumn: RealCycleColumn}).Read(bytes.NewReader(raw), RealDataFile); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteRealData(b *testing.B) {
	tab, raw := loadReal(b)
	b.SetBytes(int64(len(raw)))
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := tab.Write(&buf); err != nil {
			b.Fatal(err)
		}
	}
}
