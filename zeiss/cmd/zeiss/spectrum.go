package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/twin"
)

// runSpectrum prints the double-sided curve and colour the twin predicts
// for given set-points.
func runSpectrum(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("spectrum", stderr)
	p := twin.DefaultParams()
	back := fs.String("back", "", "back (CC) set-points L1…L7 in nm, comma-separated (default: the recipe)")
	front := fs.String("front", "", "front (CX) set-points L1…L7 in nm, comma-separated (default: the recipe)")
	sub := fs.String("substrate", "1.60", "lens substrate: 1.60 or 1.67")
	runs := fs.Int("runs", 0, "face runs since the last chamber cleaning (machine drift)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: zeiss spectrum [-back L1,…,L7] [-front L1,…,L7] [-substrate 1.60|1.67] [-runs N]\n\n"+
			"Prints the twin's noise-free double-sided reflectance (%%) at 380…780 nm and its\n"+
			"L*a*b* (illuminant C, 2°) for the given set-points.\n\n")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	b, err := parseSetPoints("-back", *back, p.Recipe[furnace.Back])
	if err != nil {
		return err
	}
	f, err := parseSetPoints("-front", *front, p.Recipe[furnace.Front])
	if err != nil {
		return err
	}
	var s twin.Substrate
	switch *sub {
	case "1.60", "1.6":
		s = twin.Sub160
	case "1.67":
		s = twin.Sub167
	default:
		return fmt.Errorf("-substrate %q: want 1.60 or 1.67", *sub)
	}
	if *runs < 0 {
		return fmt.Errorf("-runs %d: must be ≥ 0", *runs)
	}
	r, lab, err := twin.Spectrum(p, s, *runs, b, f)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "wavelength_nm,R_percent")
	for i, v := range r {
		fmt.Fprintf(stdout, "%g,%.4f\n", furnace.Wavelength(i), v)
	}
	fmt.Fprintf(stdout, "# L*=%.3f a*=%.3f b*=%.3f (illuminant C, 2°)\n", lab.L, lab.A, lab.B)
	return nil
}

// parseSetPoints parses seven comma-separated set-points; empty gives def.
func parseSetPoints(flag, s string, def [furnace.NumLayers]float64) ([furnace.NumLayers]float64, error) {
	var v [furnace.NumLayers]float64
	if s == "" {
		return def, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) != furnace.NumLayers {
		return v, fmt.Errorf("%s %q: want %d comma-separated set-points L1…L7, got %d", flag, s, furnace.NumLayers, len(parts))
	}
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || !(x > 0) || x > 1000 {
			return v, fmt.Errorf("%s: L%d = %q is not a thickness in nm (0 < t ≤ 1000)", flag, i+1, p)
		}
		v[i] = x
	}
	return v, nil
}
