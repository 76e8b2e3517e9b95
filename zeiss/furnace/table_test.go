package furnace

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// sampleTable returns a small table with missing values of every kind and
// two extra columns.
func sampleTable() *Table {
	full := Furnace{
		No:    "33121020304",
		Date:  time.Date(2021, 2, 3, 0, 0, 0, 0, time.UTC),
		Back:  Run{Evt: "evt21020321", SetPoints: [7]float64{25.3, 4, 12.94, 37.11, 104.9, 94.1, 35}, Std: [8]float64{0, 9.5, 5.7, 4.5, 13.4, 34.6, 34.7, 14.7}},
		Front: Run{Evt: "evt21020320", SetPoints: [7]float64{24.68, 4, 12.62, 36.85, 102.6, 92.3, 35}, Std: [8]float64{0, 9.2, 5.6, 4.4, 13.3, 33.8, 34.1, 14.5}},
		Curve: make([]float64, NumPoints),
		Counters: Counters{
			IonGun: 3, EGun: 146, Baffle: 1e-7,
		},
		Cycle: 4,
	}
	for i := range full.Curve {
		full.Curve[i] = 0.1 + 1/3.0*float64(i) - 1e-9
	}
	partial := Furnace{
		No:    "33321022810",
		Back:  NaNRun(),
		Front: full.Front,
		Counters: Counters{
			IonGun: math.NaN(), EGun: math.NaN(), Baffle: math.NaN(),
		},
		Cycle: -1,
	}
	partial.Front.Std[3] = math.NaN()
	partial.Front.SetPoints[6] = math.Copysign(0, -1)
	holes := full
	holes.No = "33121022801"
	holes.Curve = slices.Clone(full.Curve)
	holes.Curve[40] = math.NaN()
	holes.Back.Evt = "evt, with \"quotes\""
	return &Table{
		Furnaces:    []Furnace{full, partial, holes},
		Extra:       []string{"lab_L", "note"},
		ExtraValues: [][]string{{"4.8", "a"}, {"", ""}, {"1e-3", "x,y"}},
	}
}

func writeString(t *testing.T, tab *Table) string {
	t.Helper()
	var b bytes.Buffer
	if err := tab.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func sameFloat(a, b float64) bool {
	return (a == b && math.Signbit(a) == math.Signbit(b)) || (math.IsNaN(a) && math.IsNaN(b))
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameFloat(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameFurnace compares two furnaces, NaN equal to NaN.
func sameFurnace(a, b *Furnace) bool {
	return a.No == b.No && a.Date.Equal(b.Date) && a.Cycle == b.Cycle &&
		a.Back.Evt == b.Back.Evt && a.Front.Evt == b.Front.Evt &&
		sameFloats(a.Back.SetPoints[:], b.Back.SetPoints[:]) && sameFloats(a.Front.SetPoints[:], b.Front.SetPoints[:]) &&
		sameFloats(a.Back.Std[:], b.Back.Std[:]) && sameFloats(a.Front.Std[:], b.Front.Std[:]) &&
		sameFloats([]float64{a.Counters.IonGun, a.Counters.EGun, a.Counters.Baffle},
			[]float64{b.Counters.IonGun, b.Counters.EGun, b.Counters.Baffle}) &&
		(a.Curve == nil) == (b.Curve == nil) && sameFloats(a.Curve, b.Curve)
}

func TestTableRoundTrip(t *testing.T) {
	for _, crlf := range []bool{false, true} {
		tab := sampleTable()
		tab.CRLF = crlf
		s := writeString(t, tab)
		if crlf != strings.Contains(s, "\r\n") {
			t.Fatalf("CRLF=%v but output %q…", crlf, s[:80])
		}
		header := strings.SplitN(s, "\n", 2)[0]
		want := strings.Join(append(ModelColumns(), "lab_L", "note"), ",")
		if strings.TrimSuffix(header, "\r") != want {
			t.Fatalf("header\n%s\nwant\n%s", header, want)
		}
		got, err := Read(strings.NewReader(s), "sample")
		if err != nil {
			t.Fatal(err)
		}
		if got.CRLF != crlf {
			t.Errorf("read CRLF = %v, want %v", got.CRLF, crlf)
		}
		if len(got.Furnaces) != len(tab.Furnaces) {
			t.Fatalf("%d furnaces, want %d", len(got.Furnaces), len(tab.Furnaces))
		}
		for i := range tab.Furnaces {
			if !sameFurnace(&got.Furnaces[i], &tab.Furnaces[i]) {
				t.Errorf("furnace %d:\n got %+v\nwant %+v", i, got.Furnaces[i], tab.Furnaces[i])
			}
		}
		if !slices.Equal(got.Extra, tab.Extra) {
			t.Errorf("extra %v, want %v", got.Extra, tab.Extra)
		}
		for i := range tab.ExtraValues {
			if !slices.Equal(got.ExtraValues[i], tab.ExtraValues[i]) {
				t.Errorf("extra row %d: %q, want %q", i, got.ExtraValues[i], tab.ExtraValues[i])
			}
		}
		if s2 := writeString(t, got); s2 != s {
			t.Errorf("rewrite differs")
		}
		lab, err := got.ExtraFloats("lab_L")
		if err != nil || lab[0] != 4.8 || !math.IsNaN(lab[1]) || lab[2] != 1e-3 {
			t.Errorf("ExtraFloats lab_L = %v, %v", lab, err)
		}
		if _, err := got.ExtraFloats("note"); err == nil || !strings.Contains(err.Error(), "row 1") {
			t.Errorf("ExtraFloats(note) err = %v", err)
		}
	}
}

func TestTableMissingValues(t *testing.T) {
	got, err := Read(strings.NewReader(writeString(t, sampleTable())), "sample")
	if err != nil {
		t.Fatal(err)
	}
	p := got.Furnaces[1]
	if p.Curve != nil || !p.Date.IsZero() || p.Cycle != -1 || p.Back.Evt != "" || p.Back.HasSetPoints() ||
		!math.IsNaN(p.Counters.EGun) || p.Front.HasStd() || !p.Front.HasSetPoints() {
		t.Errorf("partial furnace read as %+v", p)
	}
	if !math.Signbit(p.Front.SetPoints[6]) {
		t.Errorf("-0 lost")
	}
	h := got.Furnaces[2]
	if h.HasCurve() || len(h.Curve) != NumPoints || !math.IsNaN(h.Curve[40]) {
		t.Errorf("curve with a hole read as %v", h.Curve)
	}
}

// TestTableColumnOrder checks that a table keeps a foreign column order.
func TestTableColumnOrder(t *testing.T) {
	tab := sampleTable()
	cols := append(ModelColumns(), tab.Extra...)
	slices.Reverse(cols)
	tab.Columns = cols
	s := writeString(t, tab)
	got, err := Read(strings.NewReader(s), "reversed")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Columns, cols) || !slices.Equal(got.Extra, []string{"note", "lab_L"}) {
		t.Fatalf("columns %v extra %v", got.Columns, got.Extra)
	}
	for i := range tab.Furnaces {
		if !sameFurnace(&got.Furnaces[i], &tab.Furnaces[i]) {
			t.Errorf("furnace %d differs", i)
		}
	}
	if writeString(t, got) != s {
		t.Error("rewrite differs")
	}
}

func TestReadCycleColumn(t *testing.T) {
	tab := sampleTable()
	tab.CycleColumn = RealCycleColumn
	s := writeString(t, tab)
	if !strings.Contains(s, ","+RealCycleColumn+",") || strings.Contains(s, ","+CycleColumn+",") {
		t.Fatalf("header %q", strings.SplitN(s, "\n", 2)[0])
	}
	if _, err := Read(strings.NewReader(s), "real"); err == nil || !strings.Contains(err.Error(), "CycleColumn") {
		t.Errorf("default read of an egun_cycle_id table: err = %v", err)
	}
	got, err := ReadOptions{CycleColumn: RealCycleColumn}.Read(strings.NewReader(s), "real")
	if err != nil {
		t.Fatal(err)
	}
	if got.Furnaces[0].Cycle != 4 || got.Furnaces[1].Cycle != -1 || got.CycleColumn != RealCycleColumn {
		t.Errorf("cycles %d %d, column %q", got.Furnaces[0].Cycle, got.Furnaces[1].Cycle, got.CycleColumn)
	}
	if writeString(t, got) != s {
		t.Error("rewrite differs")
	}
}

// corrupt returns the sample table's CSV with the cell of row (1-based data
// row) and column name replaced by cell; row 0 is the header.
func corrupt(t *testing.T, row int, name, cell string) string {
	t.Helper()
	lines := strings.Split(writeString(t, sampleTable()), "\n")
	j := slices.Index(strings.Split(lines[0], ","), name)
	if j < 0 {
		t.Fatalf("no column %s", name)
	}
	f := strings.Split(lines[row], ",")
	f[j] = cell
	lines[row] = strings.Join(f, ",")
	return strings.Join(lines, "\n")
}

func TestReadErrors(t *testing.T) {
	good := writeString(t, sampleTable())
	lines := strings.Split(good, "\n")
	header := lines[0]
	field := func(name string) int { return slices.Index(strings.Split(header, ","), name) + 1 }
	cases := []struct {
		name, in string
		line     int
		col      string // column name expected in the error, "" for none
		field    int
		msg      string
	}{
		{"bad float", corrupt(t, 1, "back_t3", "12.9x"), 2, "back_t3", field("back_t3"), "not a number"},
		{"inf", corrupt(t, 2, "r500", "Inf"), 3, "r500", field("r500"), "not finite"},
		{"nan text", corrupt(t, 1, "hc_baffle", "NaN"), 2, "hc_baffle", field("hc_baffle"), "not finite"},
		{"bad date", corrupt(t, 1, "furnace_date", "2021-02-30"), 2, "furnace_date", field("furnace_date"), "YYYY-MM-DD"},
		{"date format", corrupt(t, 3, "furnace_date", "03.02.2021"), 4, "furnace_date", field("furnace_date"), "YYYY-MM-DD"},
		{"bad number", corrupt(t, 2, "furnace_no", "3312102030"), 3, "furnace_no", field("furnace_no"), "11 digits"},
		{"empty number", corrupt(t, 2, "furnace_no", ""), 3, "furnace_no", field("furnace_no"), "empty furnace number"},
		{"bad cycle", corrupt(t, 1, CycleColumn, "1.5"), 2, CycleColumn, field(CycleColumn), "cycle id"},
		{"negative cycle", corrupt(t, 1, CycleColumn, "-1"), 2, CycleColumn, field(CycleColumn), "cycle id"},
		{"duplicate header", strings.Replace(good, "back_t2", "back_t1", 1), 1, "back_t1", field("back_t2"), "duplicate"},
		{"empty header name", strings.Replace(good, ",note", ",", 1), 1, "", field("note"), "empty column name"},
		{"missing column", strings.Replace(good, "hc_baffle", "hc_bafle", 1), 1, "", 0, "hc_baffle"},
		{"short row", strings.Replace(good, lines[2], lines[2][:strings.LastIndex(lines[2], ",")], 1), 3, "note", field("note"), "fields"},
		{"long row", strings.Replace(good, lines[3], lines[3]+",1", 1), 4, "", field("note") + 1, "fields"},
		{"bare quote", strings.Replace(good, lines[1], lines[1]+`a"b`, 1), 2, "", 0, "CSV syntax"},
		{"empty", "", 1, "", 0, "empty input"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(c.in), "in.csv")
			if err == nil {
				t.Fatal("no error")
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if pe.File != "in.csv" || pe.Line != c.line || pe.Column != c.col || pe.Field != c.field {
				t.Errorf("error at %s:%d column %q field %d, want line %d column %q field %d: %v",
					pe.File, pe.Line, pe.Column, pe.Field, c.line, c.col, c.field, err)
			}
			if !strings.Contains(err.Error(), c.msg) || !strings.HasPrefix(err.Error(), "in.csv:") {
				t.Errorf("error %q lacks %q", err, c.msg)
			}
		})
	}
}

func TestReadBOM(t *testing.T) {
	s := writeString(t, sampleTable())
	got, err := Read(strings.NewReader("\ufeff"+s), "bom")
	if err != nil {
		t.Fatal(err)
	}
	if writeString(t, got) != s {
		t.Error("table with a byte-order mark does not rewrite to the plain form")
	}
}

func TestWriteErrors(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Table)
		msg  string
	}{
		{"bad number", func(t *Table) { t.Furnaces[0].No = "331210203" }, "furnace number"},
		{"short curve", func(t *Table) { t.Furnaces[0].Curve = t.Furnaces[0].Curve[:80] }, "80 points"},
		{"inf", func(t *Table) { t.Furnaces[2].Back.Std[3] = math.Inf(-1) }, "back_std_s4"},
		{"cycle", func(t *Table) { t.Furnaces[1].Cycle = -2 }, "cycle -2"},
		{"date", func(t *Table) { t.Furnaces[0].Date = t.Furnaces[0].Date.Add(time.Hour) }, "UTC midnight"},
		{"extra rows", func(t *Table) { t.ExtraValues = t.ExtraValues[:2] }, "extra values"},
		{"extra width", func(t *Table) { t.ExtraValues[1] = []string{"1"} }, "row 2 has 1 extra"},
		{"extra clash", func(t *Table) { t.Extra[0] = "back_t1" }, "also a model column"},
		{"columns", func(t *Table) { t.Columns = ModelColumns() }, "header has"},
		{"unknown column", func(t *Table) { t.Columns = append(ModelColumns(), "lab_L", "other") }, "neither"},
		{"dup column", func(t *Table) { t.Columns = append(ModelColumns()[1:], "lab_L", "note", "lab_L") }, "duplicate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab := sampleTable()
			c.edit(tab)
			err := tab.Write(&bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("err = %v, want it to mention %q", err, c.msg)
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "furnaces.csv")
	tab := sampleTable()
	if err := tab.WriteFile(path, false); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Furnaces) != 3 {
		t.Fatalf("%d furnaces", len(got.Furnaces))
	}
	before, _ := os.ReadFile(path)
	tab.Furnaces = tab.Furnaces[:1]
	tab.ExtraValues = tab.ExtraValues[:1]
	if err := tab.WriteFile(path, false); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second write without overwrite: err = %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("refused write changed the file")
	}
	if err := tab.WriteFile(path, true); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadFile(path); err != nil || len(got.Furnaces) != 1 {
		t.Fatalf("after overwrite: %v furnaces, err %v", len(got.Furnaces), err)
	}
	// A failing write leaves neither the target nor a temporary file.
	tab.Furnaces[0].No = "x"
	bad := filepath.Join(dir, "bad.csv")
	if err := tab.WriteFile(bad, false); err == nil {
		t.Fatal("invalid table written")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only furnaces.csv", names)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: err = %v", err)
	}
}

func FuzzRead(f *testing.F) {
	// Small seeds keep the fuzzer's minimisation fast.
	small := &Table{Furnaces: []Furnace{{No: "33121020304", Back: NaNRun(), Front: NaNRun(), Cycle: 2,
		Counters: Counters{IonGun: 1, EGun: math.NaN(), Baffle: math.NaN()}}}}
	small.Furnaces[0].Back.SetPoints[0] = 25.3
	small.Furnaces[0].Front.Evt = "e1"
	var b bytes.Buffer
	if err := small.Write(&b); err != nil {
		f.Fatal(err)
	}
	s := b.String()
	f.Add(s)
	f.Add(strings.ReplaceAll(s, "\n", "\r\n"))
	f.Add(strings.Join(ModelColumns(), ",") + "\n")
	f.Add(s + "33321022810,2021-02-28" + strings.Repeat(",", len(ModelColumns())-2) + "\n")
	f.Add(strings.Replace(s, "\n", ",x\n", 1) + `"a""b"` + "\n")
	f.Add("furnace_no\n1\n")
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := Read(strings.NewReader(in), "fuzz")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error %v is not a located *ParseError", err)
			}
			return
		}
		var w1 bytes.Buffer
		if err := tab.Write(&w1); err != nil {
			t.Fatalf("a table that was read cannot be written: %v", err)
		}
		tab2, err := Read(bytes.NewReader(w1.Bytes()), "rewrite")
		if err != nil {
			t.Fatalf("written table cannot be read: %v\n%q", err, w1.String())
		}
		if len(tab2.Furnaces) != len(tab.Furnaces) {
			t.Fatalf("%d furnaces after rewrite, want %d", len(tab2.Furnaces), len(tab.Furnaces))
		}
		for i := range tab.Furnaces {
			if !sameFurnace(&tab.Furnaces[i], &tab2.Furnaces[i]) {
				t.Fatalf("furnace %d changed on rewrite", i)
			}
		}
		var w2 bytes.Buffer
		if err := tab2.Write(&w2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Fatalf("second rewrite differs:\n%q\n%q", w1.String(), w2.String())
		}
	})
}

func TestCurveColumn(t *testing.T) {
	if a, b := CurveColumn(0), CurveColumn(NumPoints-1); a != "r380" || b != "r780" {
		t.Errorf("CurveColumn(0), CurveColumn(%d) = %q, %q, want r380, r780", NumPoints-1, a, b)
	}
	cols := ModelColumns()
	tail := cols[len(cols)-NumPoints:]
	for i, c := range tail {
		if c != CurveColumn(i) {
			t.Fatalf("model column %d is %q, want %q", len(cols)-NumPoints+i, c, CurveColumn(i))
		}
	}
}
