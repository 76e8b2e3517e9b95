package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/arcoat/zeiss/zeiss/colour"
	"github.com/arcoat/zeiss/zeiss/furnace"
)

// runLab prints the colour of every reflectance curve of a CSV file.
func runLab(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("lab", stderr)
	illName := fs.String("illuminant", "C", "illuminant of L*a*b*: C or D65")
	obsName := fs.String("observer", "2", "standard observer of L*a*b*: 2 (CIE 1931) or 10 (CIE 1964)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: zeiss lab [-illuminant C|D65] [-observer 2|10] FILE.csv

Reads reflectance curves from FILE.csv, whose header must hold the 81 columns
r380, r385, …, r780 (reflectance in %, any order; other columns are ignored),
and prints one CSV line per curve:

	id,L,a,b,C,h,in_spec

id is the first column of the file; L, a, b are CIE L*a*b*, C the chroma and
h the hue angle in degrees [0, 360), under the chosen illuminant and observer.
in_spec says whether the curve's colour passes the production window
L* [3.3, 6.8], a* [-2, 2], b* [-18, -15], which is defined with illuminant C and
the 2° observer and therefore always evaluated in that convention.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("want one CSV file, got %d arguments", fs.NArg())
	}
	ill, err := colour.ParseIlluminant(*illName)
	if err != nil {
		return fmt.Errorf("-illuminant: %w", err)
	}
	obs, err := colour.ParseObserver(*obsName)
	if err != nil {
		return fmt.Errorf("-observer: %w", err)
	}
	conv, err := colour.NewConverter(ill, obs)
	if err != nil {
		return err
	}
	prod, err := colour.NewConverter(colour.IlluminantC, colour.Observer2)
	if err != nil {
		return err
	}
	name := fs.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return labCSV(name, f, conv, prod, stdout)
}

// labCSV streams the curves of the CSV read from r (called name in errors)
// and writes their colour under conv, with the spec verdict computed under
// prod, the production convention.
func labCSV(name string, r io.Reader, conv, prod *colour.Converter, stdout io.Writer) (err error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: empty file, want a header line with columns r380…r780", name)
	}
	if err != nil {
		return csvError(name, err)
	}
	header = slices.Clone(header) // the reader reuses its record
	headerLine, _ := cr.FieldPos(0)
	cols, err := curveColumns(header)
	if err != nil {
		return fmt.Errorf("%s:%d: %w", name, headerLine, err)
	}
	nfields := len(header)

	w := csv.NewWriter(stdout)
	defer func() {
		w.Flush()
		if werr := w.Error(); werr != nil && err == nil {
			err = fmt.Errorf("writing output: %w", werr)
		}
	}()
	if err := w.Write([]string{"id", "L", "a", "b", "C", "h", "in_spec"}); err != nil {
		return err
	}
	spec := colour.ProductionSpec()
	curve := make([]float64, colour.NumPoints)
	out := make([]string, 7)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, csv.ErrFieldCount) {
				line, _ := cr.FieldPos(0)
				return fmt.Errorf("%s:%d: %d fields, the header has %d", name, line, len(rec), nfields)
			}
			return csvError(name, err)
		}
		for i, j := range cols {
			v, err := parseReflectance(rec[j])
			if err != nil {
				line, _ := cr.FieldPos(j)
				return fmt.Errorf("%s:%d: column %s: %w", name, line, header[j], err)
			}
			curve[i] = v
		}
		lab, err := conv.Lab(curve)
		if err != nil {
			line, _ := cr.FieldPos(0)
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
		ref := lab
		if conv != prod {
			if ref, err = prod.Lab(curve); err != nil {
				line, _ := cr.FieldPos(0)
				return fmt.Errorf("%s:%d: %w", name, line, err)
			}
		}
		lch := lab.LCh()
		out[0] = rec[0]
		out[1] = formatFloat(lab.L)
		out[2] = formatFloat(lab.A)
		out[3] = formatFloat(lab.B)
		out[4] = formatFloat(lch.C)
		out[5] = formatFloat(lch.H)
		out[6] = strconv.FormatBool(spec.Check(ref).Pass())
		if err := w.Write(out); err != nil {
			return fmt.Errorf("writing output: %w", err)
		}
	}
}

// curveColumns returns, for each curve point, the index of its column
// r380…r780 in header.
func curveColumns(header []string) ([]int, error) {
	want := make(map[string]int, colour.NumPoints)
	for i := range colour.NumPoints {
		want[furnace.CurveColumn(i)] = i
	}
	cols := make([]int, colour.NumPoints)
	for i := range cols {
		cols[i] = -1
	}
	for j, h := range header {
		if j == 0 {
			h = strings.TrimPrefix(h, "\ufeff") // byte-order mark of spreadsheet exports
		}
		i, ok := want[h]
		if !ok {
			continue
		}
		if cols[i] >= 0 {
			return nil, fmt.Errorf("duplicate column %s (fields %d and %d)", h, cols[i]+1, j+1)
		}
		cols[i] = j
	}
	var missing []string
	for i, j := range cols {
		if j < 0 {
			missing = append(missing, furnace.CurveColumn(i))
		}
	}
	switch n := len(missing); {
	case n == colour.NumPoints:
		return nil, errors.New("no reflectance columns (want r380, r385, …, r780)")
	case n == 1:
		return nil, fmt.Errorf("missing column %s (want r380, r385, …, r780)", missing[0])
	case n > 8:
		missing = append(missing[:8], "…")
		fallthrough
	case n > 1:
		return nil, fmt.Errorf("missing %d columns: %s (want r380, r385, …, r780)", n, strings.Join(missing, ", "))
	}
	return cols, nil
}

// parseReflectance parses one reflectance cell: a finite number.
func parseReflectance(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("empty cell")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) {
			err = ne.Err
		}
		return 0, fmt.Errorf("parse %q: %w", s, err)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}

// csvError adds the file name and line to an error of the CSV reader.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %w", name, pe.Line, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// formatFloat formats v with 4 decimals, without a negative zero.
func formatFloat(v float64) string {
	s := strconv.FormatFloat(v, 'f', 4, 64)
	if s == "-0.0000" {
		s = "0.0000"
	}
	return s
}
