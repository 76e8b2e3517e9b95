package furnace

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

func TestFitStats(t *testing.T) {
	// Columns with known population statistics.
	rows := [][]float64{{1, 10, -2}, {2, 10, 2}, {3, 13, -2}, {4, 7, 2}}
	s, err := FitStats(rows)
	if err != nil {
		t.Fatal(err)
	}
	wantMean := []float64{2.5, 10, 0}
	wantStd := []float64{math.Sqrt(1.25), math.Sqrt(4.5), 2}
	for j := range wantMean {
		if math.Abs(s.Mean[j]-wantMean[j]) > 1e-15 || math.Abs(s.Std[j]-wantStd[j]) > 1e-15 {
			t.Errorf("column %d: mean %v std %v, want %v %v", j, s.Mean[j], s.Std[j], wantMean[j], wantStd[j])
		}
	}
	if s.Dim() != 3 {
		t.Errorf("Dim = %d", s.Dim())
	}
}

// TestNormalizeProperties checks, on random data, that normalised columns
// have mean 0 and population std 1 and that Denormalize inverts Normalize.
func TestNormalizeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	rows := make([][]float64, 200)
	for i := range rows {
		rows[i] = []float64{100 + 3*r.NormFloat64(), 1e-3 * r.Float64(), -5 + r.ExpFloat64()}
	}
	s, err := FitStats(rows)
	if err != nil {
		t.Fatal(err)
	}
	z := s.NormalizeRows(rows)
	back := s.DenormalizeRows(z)
	var sum, sq [3]float64
	for i := range z {
		for j, v := range z[i] {
			sum[j] += v
			sq[j] += v * v
			if math.Abs(back[i][j]-rows[i][j]) > 1e-12*math.Max(1, math.Abs(rows[i][j])) {
				t.Fatalf("row %d col %d: %v round-trips to %v", i, j, rows[i][j], back[i][j])
			}
		}
	}
	n := float64(len(z))
	for j := range sum {
		if math.Abs(sum[j]/n) > 1e-12 || math.Abs(sq[j]/n-1) > 1e-12 {
			t.Errorf("column %d: normalised mean %v, mean square %v", j, sum[j]/n, sq[j]/n)
		}
	}
}

func TestFitStatsErrors(t *testing.T) {
	cases := []struct {
		name string
		rows [][]float64
		msg  string
	}{
		{"none", nil, "no rows"},
		{"no columns", [][]float64{{}}, "no columns"},
		{"ragged", [][]float64{{1, 2}, {1}}, "row 1 has 1"},
		{"nan", [][]float64{{1, 2}, {math.NaN(), 3}}, "row 1 column 0 is NaN"},
		{"inf", [][]float64{{1, math.Inf(1)}, {2, 3}}, "row 0 column 1"},
		{"constant", [][]float64{{1, 2, 3}, {1, 5, 3}}, "0, 2 are constant"},
	}
	for _, c := range cases {
		if _, err := FitStats(c.rows); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.msg)
		}
	}
}

func TestNormalizePanicsOnLength(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	Stats{Mean: []float64{0, 0}, Std: []float64{1, 1}}.Normalize([]float64{1})
}

func TestStatsJSON(t *testing.T) {
	s := Stats{Mean: []float64{25.353, 1.0 / 3}, Std: []float64{0.315, 1e-300}}
	var b bytes.Buffer
	if err := WriteStats(&b, s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"mean"`) || !strings.Contains(b.String(), `"std"`) {
		t.Errorf("JSON %s", b.String())
	}
	got, err := ReadStats(&b)
	if err != nil {
		t.Fatal(err)
	}
	for j := range s.Mean {
		if got.Mean[j] != s.Mean[j] || got.Std[j] != s.Std[j] {
			t.Errorf("column %d: %v %v, want %v %v", j, got.Mean[j], got.Std[j], s.Mean[j], s.Std[j])
		}
	}
	for _, bad := range []string{
		`{"mean":[1,2],"std":[1]}`,
		`{"mean":[1],"std":[0]}`,
		`{"mean":[1],"std":[-1]}`,
		`{"mean":[],"std":[]}`,
		`{"mean":[1],"std":[1],"extra":1}`,
		`{"mean":[1],"std":[1]`,
	} {
		if _, err := ReadStats(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadStats(%s) accepted", bad)
		}
		var s Stats
		if err := json.Unmarshal([]byte(bad), &s); err == nil && !strings.Contains(bad, "extra") {
			t.Errorf("json.Unmarshal(%s) accepted", bad)
		}
	}
	if err := WriteStats(&b, Stats{Mean: []float64{1}, Std: []float64{0}}); err == nil {
		t.Error("WriteStats accepted std 0")
	}
}

func TestStatsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "norm.json")
	s := Stats{Mean: []float64{1, 2}, Std: []float64{3, 4}}
	if err := WriteStatsFile(path, s, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteStatsFile(path, s, false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("overwrite without permission: err = %v", err)
	}
	if err := WriteStatsFile(path, Stats{Mean: []float64{5}, Std: []float64{6}}, true); err != nil {
		t.Fatal(err)
	}
	got, err := ReadStatsFile(path)
	if err != nil || got.Dim() != 1 || got.Mean[0] != 5 || got.Std[0] != 6 {
		t.Errorf("ReadStatsFile = %+v, %v", got, err)
	}
}

func TestFitStatsAllowConstant(t *testing.T) {
	rows := [][]float64{{1, 2, 3}, {1, 4, 3}}
	s, constant, err := FitStatsAllowConstant(rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(constant) != 2 || constant[0] != 0 || constant[1] != 2 {
		t.Errorf("constant = %v, want [0 2]", constant)
	}
	if s.Std[0] != 1 || s.Std[1] != 1 || s.Std[2] != 1 || s.Mean[1] != 3 {
		t.Errorf("stats %+v", s)
	}
	if z := s.Normalize([]float64{1, 4, 3}); z[0] != 0 || z[1] != 1 || z[2] != 0 {
		t.Errorf("Normalize = %v", z)
	}
	if _, _, err := FitStatsAllowConstant([][]float64{{math.NaN()}}); err == nil {
		t.Error("NaN accepted")
	}
}
