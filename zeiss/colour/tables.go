package colour

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"sync"
)

// cieCSV holds the CIE tables on the curve grid, 380–780 nm every 5 nm:
// the CIE 1931 2° colour-matching functions (x2, y2, z2), the CIE 1964 10°
// ones (x10, y10, z10), and the relative spectral power distributions of
// standard illuminant D65 and illuminant C. Source: CIE 15:2004,
// Colorimetry, 3rd edition (tables of the 1 nm data sampled every 5 nm).
//
//go:embed cie_5nm_380_780.csv
var cieCSV []byte

// cieTables are the parsed columns of cieCSV, indexed by grid point.
type cieTables struct {
	cmf [2][3][NumPoints]float64 // [observer][x̄, ȳ, z̄][point]
	spd [2][NumPoints]float64    // [illuminant][point]
}

// tables parses the embedded tables once. The data are part of the program,
// so a malformed table is a build defect and panics.
var tables = sync.OnceValue(func() *cieTables {
	t, err := parseTables(cieCSV)
	if err != nil {
		panic("colour: embedded CIE tables: " + err.Error())
	}
	return t
})

// parseTables reads the CSV of the CIE tables and checks its grid.
func parseTables(data []byte) (*cieTables, error) {
	r := csv.NewReader(bytes.NewReader(data))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	want := []string{"wavelength_nm", "x2", "y2", "z2", "x10", "y10", "z10", "D65", "C"}
	if len(recs) != NumPoints+1 {
		return nil, fmt.Errorf("%d rows, want header and %d rows", len(recs), NumPoints)
	}
	for j, name := range want {
		if j >= len(recs[0]) || recs[0][j] != name {
			return nil, fmt.Errorf("header %q, want %q", recs[0], want)
		}
	}
	t := new(cieTables)
	for i, rec := range recs[1:] {
		var v [9]float64
		for j := range v {
			x, err := strconv.ParseFloat(rec[j], 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: column %s: %w", i+2, want[j], err)
			}
			v[j] = x
		}
		if v[0] != Wavelength(i) {
			return nil, fmt.Errorf("line %d: wavelength %g, want %g", i+2, v[0], Wavelength(i))
		}
		for k := range 3 {
			t.cmf[Observer2][k][i] = v[1+k]
			t.cmf[Observer10][k][i] = v[4+k]
		}
		t.spd[IlluminantD65][i] = v[7]
		t.spd[IlluminantC][i] = v[8]
	}
	return t, nil
}
