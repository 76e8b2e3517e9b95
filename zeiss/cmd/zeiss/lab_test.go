package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/arcoat/zeiss/zeiss/colour"
	"github.com/arcoat/zeiss/zeiss/furnace"
)

// labBest is the public target curve of the coating (reflectance in %).
var labBest = []float64{
	5.52, 3.53, 1.97, 1.28, 0.74, 0.70, 0.85, 1.05, 1.23, 1.43, 1.63, 1.82, 1.84, 1.80, 1.75, 1.73, 1.64, 1.49, 1.39, 1.31, 1.23, 1.16, 1.03,
	0.91, 0.85, 0.86, 0.84, 0.77, 0.71, 0.64, 0.61, 0.61, 0.58, 0.56, 0.53, 0.46, 0.46, 0.44, 0.41, 0.43, 0.40, 0.39, 0.36, 0.25, 0.19, 0.17,
	0.21, 0.19, 0.17, 0.17, 0.20, 0.20, 0.16, 0.20, 0.26, 0.35, 0.41, 0.57, 0.64, 0.71, 0.90, 1.04, 1.17, 1.27, 1.43, 1.56, 1.82, 2.07, 2.40,
	2.72, 3.02, 3.33, 3.58, 3.87, 3.97, 4.34, 4.57, 4.73, 5.03, 5.45, 5.94,
}

// inSpecCurve is the target curve with more blue (×1.25 up to 480 nm) and
// green (×1.3 over 490–570 nm): its colour lies inside the production window.
func inSpecCurve() []float64 {
	r := append([]float64(nil), labBest...)
	for i := range r {
		switch w := colour.Wavelength(i); {
		case w <= 480:
			r[i] *= 1.25
		case w >= 490 && w <= 570:
			r[i] *= 1.3
		}
	}
	return r
}

// labTable builds a CSV text: a header of the given identifier columns and
// the 81 curve columns (in reverse order when reversed), then one row per
// curve, with ids[k] in every identifier column of row k.
func labTable(idCols []string, ids []string, curves [][]float64, reversed bool) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	order := make([]int, colour.NumPoints)
	for i := range order {
		order[i] = i
		if reversed {
			order[i] = colour.NumPoints - 1 - i
		}
	}
	rec := append([]string(nil), idCols...)
	for _, i := range order {
		rec = append(rec, furnace.CurveColumn(i))
	}
	w.Write(rec)
	for k, c := range curves {
		rec = rec[:0]
		for range idCols {
			rec = append(rec, ids[k])
		}
		for _, i := range order {
			rec = append(rec, strconv.FormatFloat(c[i], 'g', -1, 64))
		}
		w.Write(rec)
	}
	w.Flush()
	return b.String()
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runCmd runs the CLI with args and returns its exit status, stdout and stderr.
func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// readOutput parses the CSV printed by zeiss lab.
func readOutput(t *testing.T, out string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, out)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "id,L,a,b,C,h,in_spec" {
		t.Fatalf("output header %q", recs)
	}
	return recs[1:]
}

func wantRow(t *testing.T, id string, curve []float64, ill colour.Illuminant, obs colour.Observer) []string {
	t.Helper()
	conv, err := colour.NewConverter(ill, obs)
	if err != nil {
		t.Fatal(err)
	}
	prod, _ := colour.NewConverter(colour.IlluminantC, colour.Observer2)
	lab, _ := conv.Lab(curve)
	ref, _ := prod.Lab(curve)
	lch := lab.LCh()
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
	return []string{id, f(lab.L), f(lab.A), f(lab.B), f(lch.C), f(lch.H), strconv.FormatBool(colour.ProductionSpec().Check(ref).Pass())}
}

func TestLabGoodFile(t *testing.T) {
	curves := [][]float64{labBest, inSpecCurve()}
	ids := []string{"best", `lot "7", left`}
	for _, reversed := range []bool{false, true} {
		path := writeFile(t, "good.csv", labTable([]string{"name", "batch"}, ids, curves, reversed))
		code, out, errs := runCmd("lab", path)
		if code != 0 {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		rows := readOutput(t, out)
		if len(rows) != 2 {
			t.Fatalf("%d rows, want 2:\n%s", len(rows), out)
		}
		// Golden line of the target curve (C/2°).
		if got, want := strings.Join(rows[0], ","), "best,4.8067,2.2269,-13.7526,13.9317,279.1977,false"; got != want {
			t.Errorf("row 1 = %s, want %s", got, want)
		}
		if got, want := rows[1], wantRow(t, ids[1], curves[1], colour.IlluminantC, colour.Observer2); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("row 2 = %q, want %q", got, want)
		}
		if rows[1][6] != "true" {
			t.Errorf("the in-spec curve printed in_spec %s (row %q)", rows[1][6], rows[1])
		}
	}
}

func TestLabIlluminantObserver(t *testing.T) {
	path := writeFile(t, "c.csv", labTable([]string{"id"}, []string{"x", "y"}, [][]float64{labBest, inSpecCurve()}, false))
	for _, tc := range []struct {
		args []string
		ill  colour.Illuminant
		obs  colour.Observer
		best string
	}{
		{[]string{"-illuminant", "D65"}, colour.IlluminantD65, colour.Observer2, "x,4.8120,1.5624,-13.6200"},
		{[]string{"-illuminant", "D65", "-observer", "10"}, colour.IlluminantD65, colour.Observer10, "x,5.2577,-0.0466,-12.9424"},
		{[]string{"-observer=10"}, colour.IlluminantC, colour.Observer10, "x,5.2827,0.4760,-13.0345"},
	} {
		args := append(append([]string{"lab"}, tc.args...), path)
		code, out, errs := runCmd(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", tc.args, code, errs)
		}
		rows := readOutput(t, out)
		if got := strings.Join(rows[0][:4], ","); got != tc.best {
			t.Errorf("%v: best → %s, want %s", tc.args, got, tc.best)
		}
		for k, c := range [][]float64{labBest, inSpecCurve()} {
			// in_spec is always judged in C/2°, whatever the printed convention.
			if want := wantRow(t, rows[k][0], c, tc.ill, tc.obs); strings.Join(rows[k], ",") != strings.Join(want, ",") {
				t.Errorf("%v: row %d = %q, want %q", tc.args, k+1, rows[k], want)
			}
		}
	}
}

func TestLabErrors(t *testing.T) {
	good := labTable([]string{"name", "note"}, []string{"a", "b", "c"}, [][]float64{labBest, labBest, labBest}, false)
	lines := strings.Split(good, "\n")
	header := strings.Split(lines[0], ",")
	col455 := -1
	for j, h := range header {
		if h == "r455" {
			col455 = j
		}
	}
	setCell := func(line int, col int, v string) string {
		ls := append([]string(nil), lines...)
		f := strings.Split(ls[line-1], ",")
		f[col] = v
		ls[line-1] = strings.Join(f, ",")
		return strings.Join(ls, "\n")
	}
	dropColumn := func(names ...string) string {
		var b strings.Builder
		for _, l := range lines[:len(lines)-1] {
			f := strings.Split(l, ",")
			var keep []string
			for j, v := range f {
				drop := false
				for _, n := range names {
					drop = drop || header[j] == n
				}
				if !drop {
					keep = append(keep, v)
				}
			}
			b.WriteString(strings.Join(keep, ",") + "\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, text, msg string
	}{
		{"bad cell", setCell(3, col455, "x"), `bad cell.csv:3: column r455: parse "x": invalid syntax`},
		{"empty cell", setCell(4, col455, ""), `empty cell.csv:4: column r455: empty cell`},
		{"NaN cell", setCell(2, col455, "NaN"), `NaN cell.csv:2: column r455: "NaN" is not a finite number`},
		{"Inf cell", setCell(2, 2, "-Inf"), `Inf cell.csv:2: column r380: "-Inf" is not a finite number`},
		{"overflow", setCell(2, 2, "1e999"), `overflow.csv:2: column r380: parse "1e999": value out of range`},
		{"missing column", dropColumn("r455"), `missing column.csv:1: missing column r455`},
		{"missing columns", dropColumn("r455", "r780"), `missing columns.csv:1: missing 2 columns: r455, r780`},
		{"no curve", "furnace_no,lab_L\n1,2\n", `no curve.csv:1: no reflectance columns`},
		{"duplicate", strings.Replace(good, "r460", "r455", 1), `duplicate.csv:1: duplicate column r455`},
		{"field count", setCell(3, 0, "a,extra"), `field count.csv:3: 84 fields, the header has 83`},
		{"quote", setCell(3, 0, `a"b`), `quote.csv:3: bare " in non-quoted-field`},
		{"empty", "", `empty.csv: empty file`},
	} {
		path := writeFile(t, tc.name+".csv", tc.text)
		code, _, errs := runCmd("lab", path)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1", tc.name, code)
		}
		dir := filepath.Dir(path) + string(filepath.Separator)
		if want := "zeiss lab: " + dir + tc.msg; !strings.Contains(errs, want) {
			t.Errorf("%s: stderr %q, want it to contain %q", tc.name, errs, want)
		}
	}
}

func TestLabUsageErrors(t *testing.T) {
	path := writeFile(t, "ok.csv", labTable([]string{"id"}, []string{"x"}, [][]float64{labBest}, false))
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"lab", "-illuminant", "A", path}, 1, `-illuminant: colour: unknown illuminant "A" (want C or D65)`},
		{[]string{"lab", "-observer", "5", path}, 1, `-observer: colour: unknown observer "5" (want 2 or 10)`},
		{[]string{"lab"}, 1, "want one CSV file, got 0 arguments"},
		{[]string{"lab", path, path}, 1, "want one CSV file, got 2 arguments"},
		{[]string{"lab", filepath.Join(t.TempDir(), "absent.csv")}, 1, "absent.csv: no such file or directory"},
		{[]string{"lab", "-frobnicate", path}, 2, "flag provided but not defined: -frobnicate"},
	} {
		code, out, errs := runCmd(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%q: exit %d stderr %q; want exit %d and %q", tc.args, code, errs, tc.code, tc.msg)
		}
		if out != "" {
			t.Errorf("%q: printed %q on stdout", tc.args, out)
		}
	}
}

// TestLabRealData checks the colour printed for the real furnace table
// against the Lab recorded in its lab_L, lab_a, lab_b columns.
func TestLabRealData(t *testing.T) {
	dir, err := furnace.RealDataDir()
	if err != nil {
		t.Skip(err)
	}
	for _, name := range []string{furnace.RealDataFile, "reference_curves.csv"} {
		path := filepath.Join(dir, name)
		f, err := os.Open(path)
		if err != nil {
			t.Skip(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		idx := map[string]int{}
		for j, h := range recs[0] {
			idx[h] = j
		}
		code, out, errs := runCmd("lab", path)
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr %q", name, code, errs)
		}
		rows := readOutput(t, out)
		if len(rows) != len(recs)-1 {
			t.Fatalf("%s: %d rows printed, file has %d", name, len(rows), len(recs)-1)
		}
		pass, checked := 0, 0
		for k, row := range rows {
			rec := recs[k+1]
			if row[0] != rec[0] {
				t.Errorf("%s row %d: id %q, want %q", name, k+1, row[0], rec[0])
			}
			if rec[idx["lab_L"]] == "" {
				continue // a curve without a recorded colour (the illuminant itself)
			}
			checked++
			for c, col := range []string{"lab_L", "lab_a", "lab_b"} {
				want, err := strconv.ParseFloat(rec[idx[col]], 64)
				if err != nil {
					t.Fatalf("%s row %d %s: %v", name, k+1, col, err)
				}
				got, _ := strconv.ParseFloat(row[1+c], 64)
				if math.Abs(got-want) > 1e-4 {
					t.Errorf("%s row %d (%s): %s = %s, file says %s", name, k+1, row[0], col, row[1+c], rec[idx[col]])
				}
			}
			if row[6] == "true" {
				pass++
			}
		}
		if checked < len(rows)/2 {
			t.Errorf("%s: only %d of %d rows have a recorded Lab", name, checked, len(rows))
		}
		t.Logf("%s: %d curves, %d compared with the recorded Lab, %d in the production window", name, len(rows), checked, pass)
	}
}

// FuzzLabCSV feeds arbitrary text to the CSV reader of zeiss lab: it must
// either fail with an error naming the file or print one line per record.
func FuzzLabCSV(f *testing.F) {
	f.Add(labTable([]string{"id"}, []string{"x"}, [][]float64{labBest}, false))
	f.Add(labTable([]string{"a", "b"}, []string{"1", "2"}, [][]float64{labBest, inSpecCurve()}, true))
	f.Add("id,r380\n1,2\n")
	f.Add("")
	f.Add("\"unterminated\n")
	conv, err := colour.NewConverter(colour.IlluminantC, colour.Observer2)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var out bytes.Buffer
		err := labCSV("fuzz.csv", strings.NewReader(text), conv, conv, &out)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv:") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		recs, rerr := csv.NewReader(strings.NewReader(out.String())).ReadAll()
		if rerr != nil {
			t.Fatalf("output is not CSV: %v", rerr)
		}
		in, _ := csv.NewReader(strings.NewReader(text)).ReadAll()
		if len(recs) != len(in) {
			t.Fatalf("%d output lines for %d input records", len(recs), len(in))
		}
	})
}
