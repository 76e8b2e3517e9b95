package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const pngHeader = "\x89PNG\r\n\x1a\n0000"

// nb builds a notebook JSON document with one code cell.
func nb(cellJSON, figures string) string {
	return `{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# t"]}, ` + cellJSON +
		`], "metadata": {"zeiss": {"figures": [` + figures + `], "realdata_figures": ["figures/real.png"]}}, "nbformat": 4, "nbformat_minor": 4}`
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "figures"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("figures/ok.png", pngHeader)
	write("figures/bad.png", "not a png")
	okCell := `{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["fmt.Println(1)"],
		"outputs": [{"output_type": "stream", "name": "stdout", "text": ["1\n"]},
		            {"output_type": "stream", "name": "stderr", "text": "warning: exit status was fine\n"}]}`
	cases := []struct {
		name, doc, want string
	}{
		{"good", nb(okCell, `"figures/ok.png"`), ""},
		{"unexecuted", nb(`{"cell_type": "code", "execution_count": null, "metadata": {}, "source": "x := 1", "outputs": []}`, ""), "cell 2: not executed"},
		{"empty cell", nb(`{"cell_type": "code", "execution_count": null, "metadata": {}, "source": ["  \n"], "outputs": []}`, ""), ""},
		{"error output", nb(`{"cell_type": "code", "execution_count": 3, "metadata": {}, "source": ["x"],
			"outputs": [{"output_type": "error", "ename": "ERROR", "evalue": "undefined: x\nmore", "traceback": []}]}`, ""), "error output: ERROR: undefined: x"},
		{"exit status", nb(`{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["!false"],
			"outputs": [{"output_type": "stream", "name": "stderr", "text": ["exit status 1\n"]}]}`, ""), "failure on stderr: exit status 1"},
		{"panic", nb(`{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["panic(1)"],
			"outputs": [{"output_type": "stream", "name": "stderr", "text": ["panic: 1\n", "\n", "goroutine 1\n"]}]}`, ""), "failure on stderr: panic: 1"},
		{"signal", nb(`{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["x"],
			"outputs": [{"output_type": "stream", "name": "stderr", "text": ["signal: killed\n"]}]}`, ""), "failure on stderr: signal: killed"},
		{"missing figure", nb(okCell, `"figures/none.png"`), "expected figure figures/none.png: missing"},
		{"not png", nb(okCell, `"figures/bad.png"`), "expected figure figures/bad.png: not a PNG file"},
		{"not json", `{"cells": [`, "not a notebook"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := write("n.ipynb", c.doc)
			var out, errb bytes.Buffer
			code := run([]string{"-root", dir, p}, &out, &errb)
			if c.want == "" {
				if code != 0 {
					t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
				}
				return
			}
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr:\n%s", code, errb.String())
			}
			if !strings.Contains(errb.String(), c.want) {
				t.Errorf("stderr %q does not contain %q", errb.String(), c.want)
			}
		})
	}
}

func TestSince(t *testing.T) {
	dir := t.TempDir()
	fig := filepath.Join(dir, "figures", "f.png")
	if err := os.MkdirAll(filepath.Dir(fig), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fig, []byte(pngHeader), 0o644); err != nil {
		t.Fatal(err)
	}
	stamp := filepath.Join(dir, "stamp")
	if err := os.WriteFile(stamp, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(fig, old, old); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "n.ipynb")
	doc := nb(`{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["x"], "outputs": []}`, `"figures/f.png"`)
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-root", dir, "-since", stamp, p}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "not regenerated") {
		t.Fatalf("stale figure: exit %d, stderr %q", code, errb.String())
	}
	now := time.Now().Add(time.Minute)
	if err := os.Chtimes(fig, now, now); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := run([]string{"-root", dir, "-since", stamp, p}, &out, &errb); code != 0 {
		t.Fatalf("fresh figure: exit %d, stderr %q", code, errb.String())
	}
}

func TestRealDataFigures(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "n.ipynb")
	doc := nb(`{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["x"], "outputs": []}`, "")
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-root", dir, p}, &out, &errb); code != 0 {
		t.Fatalf("without -realdata: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"-root", dir, "-realdata", p}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "figures/real.png: missing") {
		t.Fatalf("with -realdata: exit %d, stderr %q", code, errb.String())
	}
}
