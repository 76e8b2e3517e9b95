package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSimulateDeterministic runs "zeiss simulate" twice with the same seed
// and compares every file byte by byte; a non-empty directory is refused
// without -force.
func TestSimulateDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		var out, errb bytes.Buffer
		if code := run([]string{"simulate", "-out", dir, "-seed", "5", "-furnaces", "3", "-faults"}, &out, &errb); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		if !strings.Contains(out.String(), "simulated 3 furnaces") {
			t.Fatalf("output %q", out.String())
		}
	}
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
			t.Errorf("%s differs between two runs with the same seed", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 12+4 {
		t.Fatalf("only %d files written", n)
	}
	m := 0
	if err := filepath.WalkDir(b, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			m++
		}
		return err
	}); err != nil || m != n {
		t.Fatalf("second run wrote %d files (err %v), first %d", m, err, n)
	}
	var out, errb bytes.Buffer
	for _, bad := range [][]string{{"-raw", "-2"}, {"-workers", "0"}, {"-furnaces", "0"}} {
		errb.Reset()
		if code := run(append([]string{"simulate", "-out", t.TempDir()}, bad...), &out, &errb); code != 1 || !strings.Contains(errb.String(), bad[0]+" "+bad[1]) {
			t.Errorf("%v: exit %d, stderr %q", bad, code, errb.String())
		}
	}
	if code := run([]string{"simulate", "-out", a, "-furnaces", "2"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "not empty") {
		t.Fatalf("non-empty dir: exit %d, stderr %q", code, errb.String())
	}
	if code := run([]string{"simulate", "-out", a, "-seed", "5", "-furnaces", "3", "-faults", "-force"}, &out, &errb); code != 0 {
		t.Fatalf("-force: exit %d: %s", code, errb.String())
	}
}

func TestSpectrum(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"spectrum", "-back", "25.33,4,12.97,37.11,105.5,93.5,35", "-front", "24.7,4,12.65,36.74,103,92,35"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1+81+1 || !strings.HasPrefix(lines[len(lines)-1], "# L*=") {
		t.Fatalf("unexpected output:\n%s", out.String())
	}
	if code := run([]string{"spectrum", "-back", "1,2,3"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "want 7") {
		t.Fatalf("bad -back: exit %d, %q", code, errb.String())
	}
}
