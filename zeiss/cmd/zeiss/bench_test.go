package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestBenchJSON(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"bench", "-json", "-repeat", "1", "-only", "inverse_std,inverse_thick"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	for _, k := range []string{"go", "threads", "inverse_std", "inverse_thick"} {
		if _, ok := got[k]; !ok {
			t.Errorf("missing key %q in %v", k, got)
		}
	}
	if s, ok := got["inverse_std"].(float64); !ok || !(s > 0) {
		t.Errorf("inverse_std = %v, want positive seconds", got["inverse_std"])
	}
	if _, ok := got["model2_base"]; ok {
		t.Error("-only ran model2_base")
	}
}

func TestBenchBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "-only", "model3"},
		{"bench", "-repeat", "0"},
		{"bench", "extra"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 1 {
			t.Errorf("%v: exit %d, want 1", args, code)
		}
		if !strings.Contains(errb.String(), "zeiss bench:") {
			t.Errorf("%v: stderr %q", args, errb.String())
		}
	}
}
