package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// writeSmallTable writes a furnace table of two cycles, 16 furnaces each,
// one a day from 2021-03-01, with set-points, std features and curves.
func writeSmallTable(t *testing.T, path string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(11, 12))
	best, err := furnace.Reference(furnace.RefBest)
	if err != nil {
		t.Fatal(err)
	}
	tab := &furnace.Table{}
	day := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range 32 {
		f := furnace.Furnace{Back: furnace.NaNRun(), Front: furnace.NaNRun(), Cycle: i / 16, Date: day}
		f.No = fmt.Sprintf("331%s01", day.Format("060102"))
		f.Counters = furnace.Counters{IonGun: math.NaN(), EGun: math.NaN(), Baffle: math.NaN()}
		var shift float64
		for l := range furnace.NumLayers {
			f.Back.SetPoints[l] = 20 + 10*float64(l) + 0.3*rng.NormFloat64()
			f.Front.SetPoints[l] = 19 + 10*float64(l) + 0.3*rng.NormFloat64()
			f.Back.Std[l+1] = 10 + float64(l) + float64(f.Cycle) + 0.2*rng.NormFloat64()
			f.Front.Std[l+1] = 9 + float64(l) + 0.2*rng.NormFloat64()
			shift += f.Back.Std[l+1] - 10 - float64(l)
		}
		f.Back.Std[0], f.Front.Std[0] = 0, 0
		f.Curve = make([]float64, furnace.NumPoints)
		for p := range f.Curve {
			f.Curve[p] = best[p] + 0.05*shift*float64(p%7)/7 + 0.02*rng.NormFloat64()
		}
		tab.Furnaces = append(tab.Furnaces, f)
		day = day.AddDate(0, 0, 1)
	}
	if err := tab.WriteFile(path, false); err != nil {
		t.Fatal(err)
	}
}

func TestTrainEvaluateCLI(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "furnaces.csv")
	writeSmallTable(t, data)
	recs := filepath.Join(dir, "rec", "experiments.jsonl")

	var out, errb bytes.Buffer
	if rc := run([]string{"evaluate", "-data", data, "-from", "2021-03-21", "-json", "-methods", "ewma*,mean-all,ridge-*,chain-selected", "-records", recs}, &out, &errb); rc != 0 {
		t.Fatalf("evaluate: rc %d: %s", rc, errb.String())
	}
	var sawEWMA, sawChain bool
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var s struct {
			Method       *string  `json:"method"`
			Baseline     *bool    `json:"baseline"`
			RMSE         *float64 `json:"rmse"`
			MeanDE       *float64 `json:"mean_dE"`
			SpecAccuracy *float64 `json:"spec_accuracy"`
			N            *int     `json:"n"`
		}
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if s.Method == nil || s.Baseline == nil || s.RMSE == nil || s.MeanDE == nil || s.SpecAccuracy == nil || s.N == nil {
			t.Fatalf("line %q lacks a field", sc.Text())
		}
		if strings.HasPrefix(*s.Method, "ewma") {
			sawEWMA = true
			if !*s.Baseline || *s.N != 12 {
				t.Errorf("ewma line %q: want baseline and n 12", sc.Text())
			}
		}
		if *s.Method == "chain-selected" {
			sawChain = *s.N == 12 && !*s.Baseline
		}
	}
	if !sawEWMA || !sawChain {
		t.Errorf("output lacks the ewma or chain-selected line:\n%s", out.String())
	}

	outDir := filepath.Join(dir, "models")
	out.Reset()
	if rc := run([]string{"train", "-data", data, "-out", outDir, "-records", recs}, &out, &errb); rc != 0 {
		t.Fatalf("train: rc %d: %s", rc, errb.String())
	}
	man, err := os.ReadFile(filepath.Join(outDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Models []struct {
			File string `json:"file"`
		} `json:"models"`
		Selected struct {
			Model2File string `json:"model2_file"`
		} `json:"selected"`
	}
	if err := json.Unmarshal(man, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Models) != 6 || m.Selected.Model2File != "model2_cycle1.json" {
		t.Errorf("manifest: %d models, selected %q; want 6 and model2_cycle1.json", len(m.Models), m.Selected.Model2File)
	}
	// No overwrite without -force; with it, the same seed gives the same bytes.
	errb.Reset()
	if rc := run([]string{"train", "-data", data, "-out", outDir, "-records", recs}, &out, &errb); rc != 1 || !strings.Contains(errb.String(), "refusing to overwrite") {
		t.Errorf("second train without -force: rc %d, stderr %q", rc, errb.String())
	}
	if rc := run([]string{"train", "-data", data, "-out", outDir, "-force", "-records", recs}, &out, &errb); rc != 0 {
		t.Fatalf("train -force: rc %d: %s", rc, errb.String())
	}
	man2, err := os.ReadFile(filepath.Join(outDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(man, man2) {
		t.Error("retraining with the same seed changed the manifest")
	}
	lines, err := os.ReadFile(recs)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(lines, []byte("\n")); n != 3 {
		t.Errorf("experiment log has %d records, want 3 (evaluate, train, train -force)", n)
	}
	for _, l := range bytes.Split(bytes.TrimSpace(lines), []byte("\n")) {
		var full map[string]any
		if err := json.Unmarshal(l, &full); err != nil || full["data_sha256"] == "" || full["code_version"] == nil {
			t.Errorf("record %s: %v", l, err)
		}
	}
}

func TestTrainEvaluateBadFlags(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "furnaces.csv")
	writeSmallTable(t, data)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"evaluate", "-from", "2021-03-21"}, "-data and -from are required"},
		{[]string{"evaluate", "-data", data, "-from", "21.3.2021"}, `-from "21.3.2021"`},
		{[]string{"evaluate", "-data", data, "-from", "2021-03-21", "-until", "2021-03-01", "-records", "none"}, "not after the cut-off"},
		{[]string{"evaluate", "-data", data, "-from", "2021-03-21", "-methods", "nosuch", "-records", "none"}, `no method matches "nosuch"`},
		{[]string{"evaluate", "-data", filepath.Join(dir, "missing.csv"), "-from", "2021-03-21", "-records", "none"}, "missing.csv"},
		{[]string{"train", "-data", data}, "-data and -out are required"},
	} {
		var out, errb bytes.Buffer
		if rc := run(c.args, &out, &errb); rc != 1 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: rc %d, stderr %q; want 1 and %q", c.args, rc, errb.String(), c.want)
		}
	}
}
