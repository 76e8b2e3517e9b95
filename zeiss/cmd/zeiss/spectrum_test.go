package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/twin"
)

// TestSpectrumMatchesTwin checks that "zeiss spectrum" prints the twin's curve on the
// 380–780 nm grid and its colour for the given set-points.
func TestSpectrumMatchesTwin(t *testing.T) {
	p := twin.DefaultParams()
	back := p.Recipe[furnace.Back]
	back[4] += 3 // L5 of the back face
	var parts []string
	for _, v := range back {
		parts = append(parts, strconv.FormatFloat(v, 'g', -1, 64))
	}
	var out, errb bytes.Buffer
	if code := run([]string{"spectrum", "-back", strings.Join(parts, ","), "-substrate", "1.67", "-runs", "40"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	r, lab, err := twin.Spectrum(p, twin.Sub167, 40, back, p.Recipe[furnace.Front])
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	want.WriteString("wavelength_nm,R_percent\n")
	for i, v := range r {
		fmt.Fprintf(&want, "%g,%.4f\n", furnace.Wavelength(i), v)
	}
	fmt.Fprintf(&want, "# L*=%.3f a*=%.3f b*=%.3f (illuminant C, 2°)\n", lab.L, lab.A, lab.B)
	if out.String() != want.String() {
		t.Errorf("output\n%s\nwant\n%s", out.String(), want.String())
	}
	if n := strings.Count(out.String(), "\n"); n != furnace.NumPoints+2 {
		t.Errorf("%d lines, want %d", n, furnace.NumPoints+2)
	}

	// The default recipe differs from the changed back face.
	var def bytes.Buffer
	if code := run([]string{"spectrum", "-substrate", "1.67", "-runs", "40"}, &def, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if def.String() == out.String() {
		t.Error("changing L5 of the back face does not change the output")
	}
}

func TestSpectrumBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-back", "1,2,3"}, "want 7 comma-separated set-points"},
		{[]string{"-front", "25,4,13,37,105,93,x"}, "L7 = \"x\""},
		{[]string{"-front", "25,4,13,-37,105,93,35"}, "L4"},
		{[]string{"-substrate", "1.5"}, "-substrate \"1.5\""},
		{[]string{"-runs", "-1"}, "-runs -1"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		var out, errb bytes.Buffer
		if code := run(append([]string{"spectrum"}, c.args...), &out, &errb); code == 0 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q, want an error containing %q", c.args, code, errb.String(), c.want)
		}
		if out.Len() != 0 {
			t.Errorf("%v: wrote %q to stdout", c.args, out.String())
		}
	}
}
