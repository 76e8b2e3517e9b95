package model

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// TestRecordsAppendOnly appends records and reads them back: earlier lines
// are untouched, NaN metrics survive as null.
func TestRecordsAppendOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "experiments.jsonl")
	s := Score{Method: "ewma0.1", Baseline: true, RMSE: 0.5, MeanDE: 3, SpecAccuracy: 0.5, N: 10, ScoredOn: "curve",
		RefRMSE: math.NaN(), Skill: math.NaN(), CycleAgreement: math.NaN()}
	rec := Record{Command: "evaluate", Data: "x.csv", DataSHA256: "ab", CodeVersion: CodeVersion(), Seed: 3,
		Params: map[string]any{"from": "2021-05-01"}, Metrics: []Score{s}}
	if err := AppendRecord(path, rec); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := AppendRecord(path, Record{Command: "train", Data: "x.csv", Metrics: map[string]any{"models": 3}}); err != nil {
		t.Fatal(err)
	}
	all, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(all[:len(first)]) != string(first) {
		t.Error("appending changed the earlier record")
	}
	evs, err := ReadEvaluations(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].From != "2021-05-01" || len(evs[0].Scores) != 1 {
		t.Fatalf("read back %+v", evs)
	}
	g := evs[0].Scores[0]
	if g.Method != "ewma0.1" || !g.Baseline || g.RMSE != 0.5 || g.N != 10 || !math.IsNaN(g.Skill) || !math.IsNaN(g.CycleAgreement) {
		t.Errorf("score read back as %+v", g)
	}
	if err := os.WriteFile(path, append(all, "not json\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadEvaluations(path); err == nil {
		t.Error("a broken line was not reported")
	}
}

func TestFilterMethods(t *testing.T) {
	ms := Methods(DefaultMethodOptions())
	got, err := FilterMethods(ms, "ewma*, chain-selected")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range got {
		names = append(names, m.Name)
	}
	if len(names) != 2 || names[0] != "ewma0.1" || names[1] != "chain-selected" {
		t.Errorf("filtered %v", names)
	}
	if _, err := FilterMethods(ms, "ewma0.1,nosuch"); err == nil {
		t.Error("an unknown method name was accepted")
	}
}

func TestCodeVersionFromSource(t *testing.T) {
	// Under go test the binary carries no VCS settings, so the version comes
	// from the checked-out commit when the module is a git work tree.
	v := CodeVersion()
	root, err := furnace.ModuleRoot()
	if err != nil {
		t.Skip(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".git", "HEAD")); err != nil {
		t.Skipf("module root %s is not a git work tree", root)
	}
	if len(v) != 16 || !strings.HasSuffix(v, "-src") || strings.Trim(v[:12], "0123456789abcdef") != "" {
		t.Fatalf("CodeVersion() = %q, want 12 hex digits + \"-src\"", v)
	}
}
