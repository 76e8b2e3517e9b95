package nn

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCheckpointRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	m, _ := New(NewSpec([]int{14, 80, 81}, ReLU, ReLU), rng)
	m.Params()[0] = 1.0 / 3 // a value that needs all 17 digits
	m.Params()[1] = -5e-324
	xs := randSlice(rng, 30*14, 2)
	sc, err := FitScaler(xs, 14)
	if err != nil {
		t.Fatal(err)
	}
	c := &Checkpoint{Model: m, InputScaler: sc, Meta: Meta{
		Name: "model2", Seed: 957, Epochs: 600, Rows: 600, Adam: &AdamConfig{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 1e-5, AMSGrad: true},
		Loss: "mse", TrainLoss: 0.125, ValLoss: 0.25, BestEpoch: 599, Notes: map[string]string{"cycle": "7"},
	}}
	dir := t.TempDir()
	path := filepath.Join(dir, "model2.json")
	if err := c.Save(path, false); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(path, false); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("second save without overwrite: %v", err)
	}
	if err := c.Save(path, true); err != nil {
		t.Fatal(err)
	}
	got, err := LoadCheckpointSpec(path, NewSpec([]int{14, 80, 81}, ReLU, ReLU))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Model.Params(), m.Params()) {
		t.Error("parameters changed in the round trip")
	}
	if !slices.Equal(got.InputScaler.Mean, sc.Mean) || !slices.Equal(got.InputScaler.Std, sc.Std) || got.OutputScaler != nil {
		t.Error("scalers changed in the round trip")
	}
	if got.Meta.Name != "model2" || got.Meta.Adam == nil || *got.Meta.Adam != *c.Meta.Adam || got.Meta.Notes["cycle"] != "7" || got.Meta.BestEpoch != 599 {
		t.Errorf("metadata changed: %+v", got.Meta)
	}
	// Byte-identical re-encoding.
	var a, b bytes.Buffer
	c.Encode(&a)
	got.Encode(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("re-encoded checkpoint differs")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// Wrong architecture.
	if _, err := LoadCheckpointSpec(path, NewSpec([]int{10, 200, 14}, ReLU, ReLU)); err == nil || !strings.Contains(err.Error(), "10-200-14") {
		t.Errorf("wrong architecture: %v", err)
	}
}

func TestCheckpointErrors(t *testing.T) {
	m, _ := New(NewSpec([]int{2, 3, 1}, ReLU, Identity), rand.New(rand.NewPCG(1, 1)))
	var buf bytes.Buffer
	if err := (&Checkpoint{Model: m}).Encode(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	cases := map[string]struct{ in, want string }{
		"version":    {strings.Replace(good, `"version": 1`, `"version": 2`, 1), "version 2"},
		"format":     {strings.Replace(good, CheckpointFormat, "pytorch", 1), "not a model checkpoint"},
		"not json":   {"PK\x03\x04", "not JSON"},
		"shape":      {reshape(t, good), "weight has 3 rows"},
		"activation": {strings.Replace(good, `"identity"`, `"gelu"`, 1), "gelu"},
		"unknown":    {strings.Replace(good, `"format"`, `"extra": 1, "format"`, 1), "extra"},
	}
	for name, c := range cases {
		if _, err := DecodeCheckpoint(strings.NewReader(c.in)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, c.want)
		}
	}
	m.Params()[2] = math.NaN()
	if err := (&Checkpoint{Model: m}).Encode(&buf); err == nil {
		t.Error("NaN parameter encoded")
	}
}

// reshape changes the hidden size in a checkpoint's architecture, leaving
// the weights as they were.
func reshape(t *testing.T, s string) string {
	var f map[string]any
	if err := json.Unmarshal([]byte(s), &f); err != nil {
		t.Fatal(err)
	}
	f["architecture"].(map[string]any)["sizes"] = []int{2, 4, 1}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestNpyReadsNumpyFiles(t *testing.T) {
	want := make([]float64, 12)
	for i := range want {
		want[i] = float64(i) / 7
	}
	for _, name := range []string{"f8_3x4.npy", "f8_3x4_fortran.npy", "f4_3x4.npy"} {
		a, err := LoadNpy(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a.Shape, []int{3, 4}) {
			t.Errorf("%s: shape %v", name, a.Shape)
		}
		for i, v := range a.Data {
			w := want[i]
			if strings.HasPrefix(name, "f4") {
				w = float64(float32(w))
			}
			if v != w {
				t.Errorf("%s[%d] = %v, want %v", name, i, v, w)
			}
		}
	}
	a, err := LoadNpy(filepath.Join("testdata", "f8_vec.npy"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Shape, []int{4}) || !slices.Equal(a.Data, []float64{1.5, -2.25, 1e-300, 4e300}) {
		t.Errorf("f8_vec.npy: %+v", a)
	}
	// Our writer produces numpy's bytes exactly.
	for _, name := range []string{"f8_3x4.npy", "f8_vec.npy"} {
		ref, _ := os.ReadFile(filepath.Join("testdata", name))
		a, _ := LoadNpy(filepath.Join("testdata", name))
		var buf bytes.Buffer
		if err := WriteNpy(&buf, a); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), ref) {
			t.Errorf("%s: written bytes differ from numpy's", name)
		}
	}
}

func TestNpyRoundTripAndErrors(t *testing.T) {
	m, _ := New(NewSpec([]int{3, 5, 2}, ReLU, Identity), rand.New(rand.NewPCG(2, 2)))
	dir := t.TempDir()
	var loaded []Array
	for i, a := range m.ParamArrays() {
		p := filepath.Join(dir, "p"+string(rune('0'+i))+".npy")
		if err := SaveNpy(p, a, false); err != nil {
			t.Fatal(err)
		}
		b, err := LoadNpy(p)
		if err != nil {
			t.Fatal(err)
		}
		loaded = append(loaded, b)
	}
	m2, _ := NewZero(m.Spec())
	if err := m2.SetParamArrays(loaded); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Params(), m2.Params()) {
		t.Error("parameters differ after .npy round trip")
	}
	loaded[0].Shape = []int{3, 5}
	if err := m2.SetParamArrays(loaded); err == nil {
		t.Error("transposed weight accepted")
	}
	if err := WriteNpy(&bytes.Buffer{}, Array{Shape: []int{2, 2}, Data: []float64{1}}); err == nil {
		t.Error("shape/data mismatch written")
	}
	bad := map[string]string{
		"magic":     "NUMPY\x01\x00",
		"dtype":     "\x93NUMPY\x01\x00\x46\x00{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
		"truncated": "\x93NUMPY\x01\x00\x46\x00{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\x00\x00",
	}
	for name, s := range bad {
		if _, err := ReadNpy(strings.NewReader(s)); err == nil {
			t.Errorf("%s: bad file read without error", name)
		}
	}
}

func FuzzReadNpy(f *testing.F) {
	for _, name := range []string{"f8_3x4.npy", "f4_3x4.npy", "f8_3x4_fortran.npy", "f8_vec.npy"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ReadNpy(bytes.NewReader(b))
		if err != nil {
			return
		}
		n := 1
		for _, d := range a.Shape {
			n *= d
		}
		if n != len(a.Data) {
			t.Fatalf("shape %v with %d values", a.Shape, len(a.Data))
		}
	})
}

func TestScaler(t *testing.T) {
	x := []float64{1, 10, 3, 10, 5, 10}
	s, err := FitScaler(x, 2)
	if err == nil {
		t.Fatalf("constant column accepted: %+v", s)
	}
	x[3] = 20
	s, err = FitScaler(x, 2)
	if err != nil {
		t.Fatal(err)
	}
	if s.Mean[0] != 3 || math.Abs(s.Std[0]-math.Sqrt(8.0/3)) > 1e-15 {
		t.Errorf("column 0: mean %v std %v", s.Mean[0], s.Std[0])
	}
	y := slices.Clone(x)
	s.Transform(y)
	s.Inverse(y)
	for i := range x {
		if math.Abs(x[i]-y[i]) > 1e-12 {
			t.Errorf("round trip [%d]: %v → %v", i, x[i], y[i])
		}
	}
	x[2] = math.NaN()
	if _, err := FitScaler(x, 2); err == nil || !strings.Contains(err.Error(), "row 1 column 0") {
		t.Errorf("NaN: %v", err)
	}
}
