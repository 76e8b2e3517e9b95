package furnace

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Column names of the furnace table that are not built from a pattern.
const (
	// CycleColumn is the default name of the cleaning-cycle column: an
	// integer ≥ 0, empty when the cycle is unknown (Furnace.Cycle = -1).
	CycleColumn = "cycle_id"
	// RealCycleColumn is the column of the real-data bundle that holds its
	// cycle proxy (a new cycle starts when the e-gun filament counter drops,
	// i.e. at a chamber cleaning). The bundle has no cycle_id column;
	// LoadRealData reads the cycle from this column.
	RealCycleColumn = "egun_cycle_id"
	// DateLayout is the layout of the furnace_date column.
	DateLayout = "2006-01-02"
)

// counterColumns are the names of the consumable counters, in the order of
// Counters' fields.
var counterColumns = [3]string{"hc_ion_gun_filament", "hc_e_gun_filament", "hc_baffle"}

type colKind uint8

const (
	colNo colKind = iota
	colDate
	colEvt     // face
	colSet     // face, idx = layer 0…6
	colStd     // face, idx = step 0…7
	colCounter // idx 0…2
	colCycle
	colCurve // idx = point 0…80
	colExtra // idx into Table.Extra
)

// column says where the cells of one table column live.
type column struct {
	kind colKind
	face Face
	idx  int
}

// ModelColumns returns the names of the columns that hold the fields of
// Furnace, in the order Write uses for a table without explicit Columns:
//
//	furnace_no, furnace_date, evt_front, evt_back,
//	front_t1…front_t7, back_t1…back_t7,
//	front_std_s1…front_std_s8, back_std_s1…back_std_s8,
//	hc_ion_gun_filament, hc_e_gun_filament, hc_baffle, cycle_id,
//	r380, r385, …, r780.
//
// These are the column names of the plant's tidy export (the real-data
// bundle calls its cycle column egun_cycle_id, see RealCycleColumn).
func ModelColumns() []string {
	names, _ := modelColumns(CycleColumn)
	return names
}

func modelColumns(cycle string) ([]string, []column) {
	var names []string
	var cols []column
	add := func(name string, c column) {
		names = append(names, name)
		cols = append(cols, c)
	}
	add("furnace_no", column{kind: colNo})
	add("furnace_date", column{kind: colDate})
	add("evt_front", column{kind: colEvt, face: Front})
	add("evt_back", column{kind: colEvt, face: Back})
	faces := [2]Face{Front, Back}
	for _, f := range faces {
		for l := range NumLayers {
			add(fmt.Sprintf("%s_t%d", f, l+1), column{kind: colSet, face: f, idx: l})
		}
	}
	for _, f := range faces {
		for s := range NumSteps {
			add(fmt.Sprintf("%s_std_s%d", f, s+1), column{kind: colStd, face: f, idx: s})
		}
	}
	for i, n := range counterColumns {
		add(n, column{kind: colCounter, idx: i})
	}
	add(cycle, column{kind: colCycle})
	for i := range NumPoints {
		add(CurveColumn(i), column{kind: colCurve, idx: i})
	}
	return names, cols
}

// Table is a furnace table: one row per furnace, the model's fields in the
// columns listed by ModelColumns, plus any further columns the model does
// not hold (ground-truth columns of a simulation, the derived columns of the
// real-data bundle, …), kept verbatim as extra columns so that reading and
// writing a table reproduces it.
//
// Missing values are empty cells, read as NaN (or a zero Date, an empty
// Evt, a nil Curve when all 81 points are empty, Cycle -1) and written back
// as empty cells. Floats are written in the shortest form that reads back
// exactly (strconv 'g', -1), so a table in that form, as written by Write,
// round-trips byte for byte.
type Table struct {
	// Furnaces are the rows.
	Furnaces []Furnace
	// Extra names the columns that the model does not hold, in file order.
	Extra []string
	// ExtraValues holds, per furnace, the raw cells of the Extra columns
	// (len(ExtraValues) == len(Furnaces), each of length len(Extra)). It
	// may be nil when Extra is empty.
	ExtraValues [][]string
	// Columns is the header in file order: every model column once (the
	// cycle column named CycleColumn) and every Extra column once. Nil
	// means ModelColumns followed by Extra.
	Columns []string
	// CycleColumn names the column of Furnace.Cycle; empty means
	// "cycle_id".
	CycleColumn string
	// CRLF reports whether lines end in "\r\n" rather than "\n".
	CRLF bool
}

func (t *Table) cycleColumn() string {
	if t.CycleColumn == "" {
		return CycleColumn
	}
	return t.CycleColumn
}

// ExtraColumn returns the raw cells of the extra column name, one per
// furnace, and whether the table has that column.
func (t *Table) ExtraColumn(name string) ([]string, bool) {
	j := slices.Index(t.Extra, name)
	if j < 0 {
		return nil, false
	}
	out := make([]string, len(t.Furnaces))
	for i := range out {
		if i < len(t.ExtraValues) && j < len(t.ExtraValues[i]) {
			out[i] = t.ExtraValues[i][j]
		}
	}
	return out, true
}

// ExtraFloats returns the extra column name parsed as floats, NaN for empty
// cells. A cell that is not a number is an error naming the row and furnace.
func (t *Table) ExtraFloats(name string) ([]float64, error) {
	cells, ok := t.ExtraColumn(name)
	if !ok {
		return nil, fmt.Errorf("furnace: table has no extra column %q", name)
	}
	out := make([]float64, len(cells))
	for i, c := range cells {
		if c == "" {
			out[i] = math.NaN()
			continue
		}
		v, err := strconv.ParseFloat(c, 64)
		if err != nil {
			return nil, fmt.Errorf("furnace: column %q, row %d (furnace %s): %q is not a number", name, i+1, t.Furnaces[i].No, c)
		}
		out[i] = v
	}
	return out, nil
}

// ParseError is an error in a furnace table at a line and, where it applies,
// a column.
type ParseError struct {
	// File is the name of the input (a path or a description).
	File string
	// Line is the 1-based line of the input.
	Line int
	// Field is the 1-based position of the column in the header, 0 when
	// the error is not about one cell.
	Field int
	// Column is the column name, empty when the error is not about one
	// named column.
	Column string
	// Err is the underlying error.
	Err error
}

// Error returns "file:line: column "name" (field n): err".
func (e *ParseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	switch {
	case e.Column != "":
		fmt.Fprintf(&b, "column %q (field %d): ", e.Column, e.Field)
	case e.Field > 0:
		fmt.Fprintf(&b, "field %d: ", e.Field)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// ReadOptions control how a furnace table is read.
type ReadOptions struct {
	// CycleColumn names the column that holds the cleaning-cycle id;
	// empty means "cycle_id". The real-data bundle has no cycle_id
	// column: use RealCycleColumn (as LoadRealData does) to take the
	// cycle from its egun_cycle_id column. The column is then written
	// back under the same name.
	CycleColumn string
}

// Read reads a furnace table with the default options (see ReadOptions).
// name is used in error messages.
func Read(r io.Reader, name string) (*Table, error) { return ReadOptions{}.Read(r, name) }

// ReadFile reads the furnace table in the file path with the default options.
func ReadFile(path string) (*Table, error) { return ReadOptions{}.ReadFile(path) }

// LoadRealData reads the furnace table furnaces_2021H1.csv of the real-data
// directory dir (RealDataDir when dir is empty). The cycle of each furnace
// is taken from the bundle's egun_cycle_id column (see RealCycleColumn),
// since the bundle has no cycle_id column.
func LoadRealData(dir string) (*Table, error) {
	if dir == "" {
		d, err := RealDataDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	return ReadOptions{CycleColumn: RealCycleColumn}.ReadFile(filepath.Join(dir, RealDataFile))
}

// ReadFile reads the furnace table in the file path.
func (o ReadOptions) ReadFile(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("furnace: %w", err)
	}
	defer f.Close()
	return o.Read(f, path)
}

// eolSniffer passes reads through and records whether the first line ends
// in "\r\n".
type eolSniffer struct {
	r          io.Reader
	prev       byte
	done, crlf bool
}

func (s *eolSniffer) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if !s.done && n > 0 {
		if i := bytes.IndexByte(p[:n], '\n'); i >= 0 {
			s.done = true
			s.crlf = (i > 0 && p[i-1] == '\r') || (i == 0 && s.prev == '\r')
		}
		s.prev = p[n-1]
	}
	return n, err
}

// Read reads a furnace table from r; name (a path or a description) is used
// in error messages. The header must hold every model column (see
// ModelColumns, with the cycle column named by o.CycleColumn) exactly once;
// other columns are kept as extra columns. Cells of model columns must be
// empty (missing) or valid: a finite number, a YYYY-MM-DD date, a furnace
// number (see ParseNumber), a cycle id ≥ 0. Errors are *ParseError values
// naming the line and column.
func (o ReadOptions) Read(r io.Reader, name string) (*Table, error) {
	cycle := o.CycleColumn
	if cycle == "" {
		cycle = CycleColumn
	}
	sniff := &eolSniffer{r: r}
	cr := csv.NewReader(sniff)
	cr.ReuseRecord = true
	perr := func(line, field int, col string, err error) error {
		return &ParseError{File: name, Line: line, Field: field, Column: col, Err: err}
	}
	csvErr := func(err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return perr(pe.Line, 0, "", fmt.Errorf("CSV syntax at byte %d of the line: %w", pe.Column, pe.Err))
		}
		return fmt.Errorf("furnace: read %s: %w", name, err)
	}

	header, err := cr.Read()
	if err == io.EOF {
		return nil, perr(1, 0, "", errors.New("empty input, want a header line"))
	}
	if err != nil {
		return nil, csvErr(err)
	}
	header = slices.Clone(header)
	header[0] = strings.TrimPrefix(header[0], "\ufeff")

	names, mcols := modelColumns(cycle)
	byName := make(map[string]column, len(names))
	for i, n := range names {
		byName[n] = mcols[i]
	}
	t := &Table{Columns: header, CycleColumn: o.CycleColumn}
	cols := make([]column, len(header))
	seen := make(map[string]int, len(header))
	for j, h := range header {
		if h == "" {
			return nil, perr(1, j+1, "", errors.New("empty column name in header"))
		}
		if k, dup := seen[h]; dup {
			return nil, perr(1, j+1, h, fmt.Errorf("duplicate column name (also field %d)", k+1))
		}
		seen[h] = j
		c, ok := byName[h]
		if !ok {
			c = column{kind: colExtra, idx: len(t.Extra)}
			t.Extra = append(t.Extra, h)
		}
		cols[j] = c
	}
	var missing []string
	for _, n := range names {
		if _, ok := seen[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("header lacks %d model column(s): %s", len(missing), strings.Join(missing, ", "))
		if cycle == CycleColumn && slices.Contains(missing, CycleColumn) {
			if _, ok := seen[RealCycleColumn]; ok {
				msg += fmt.Sprintf(" (the real-data bundle keeps the cycle in %q: use LoadRealData or ReadOptions{CycleColumn: %q})",
					RealCycleColumn, RealCycleColumn)
			}
		}
		return nil, perr(1, 0, "", errors.New(msg))
	}

	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				n := len(rec)
				if n < len(header) {
					return nil, perr(pe.Line, n+1, header[n],
						fmt.Errorf("record has %d fields, header has %d (cells from this column on are missing)", n, len(header)))
				}
				return nil, perr(pe.Line, len(header)+1, "",
					fmt.Errorf("record has %d fields, header has %d (fields after column %q)", n, len(header), header[len(header)-1]))
			}
			return nil, csvErr(err)
		}
		line, _ := cr.FieldPos(0)
		f := Furnace{Back: NaNRun(), Front: NaNRun(), Cycle: -1, Curve: make([]float64, NumPoints)}
		f.Counters = Counters{IonGun: math.NaN(), EGun: math.NaN(), Baffle: math.NaN()}
		for i := range f.Curve {
			f.Curve[i] = math.NaN()
		}
		var extra []string
		if len(t.Extra) > 0 {
			extra = make([]string, len(t.Extra))
		}
		for j, cell := range rec {
			c := cols[j]
			if err := setCell(&f, extra, c, cell); err != nil {
				l, _ := cr.FieldPos(j)
				return nil, perr(l, j+1, header[j], err)
			}
		}
		if !slices.ContainsFunc(f.Curve, func(v float64) bool { return !math.IsNaN(v) }) {
			f.Curve = nil
		}
		if f.No == "" {
			return nil, perr(line, slices.Index(header, "furnace_no")+1, "furnace_no", errors.New("empty furnace number"))
		}
		t.Furnaces = append(t.Furnaces, f)
		if extra != nil {
			t.ExtraValues = append(t.ExtraValues, extra)
		}
	}
	t.CRLF = sniff.crlf
	return t, nil
}

// parseCell parses a numeric cell: empty is NaN, otherwise a finite number.
func parseCell(s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not finite (leave the cell empty for a missing value)", s)
	}
	return v, nil
}

func setCell(f *Furnace, extra []string, c column, cell string) error {
	var err error
	switch c.kind {
	case colNo:
		if cell != "" {
			if _, err := ParseNumber(cell); err != nil {
				return err
			}
		}
		f.No = strings.Clone(cell)
	case colDate:
		if cell != "" {
			d, err := time.Parse(DateLayout, cell)
			if err != nil {
				return fmt.Errorf("%q is not a YYYY-MM-DD date", cell)
			}
			f.Date = d
		}
	case colEvt:
		f.Face(c.face).Evt = strings.Clone(cell)
	case colSet:
		f.Face(c.face).SetPoints[c.idx], err = parseCell(cell)
	case colStd:
		f.Face(c.face).Std[c.idx], err = parseCell(cell)
	case colCounter:
		var v float64
		v, err = parseCell(cell)
		*counterField(&f.Counters, c.idx) = v
	case colCycle:
		if cell != "" {
			n, perr := strconv.Atoi(cell)
			if perr != nil || n < 0 {
				return fmt.Errorf("%q is not a cycle id (an integer ≥ 0, empty when unknown)", cell)
			}
			f.Cycle = n
		}
	case colCurve:
		f.Curve[c.idx], err = parseCell(cell)
	case colExtra:
		extra[c.idx] = strings.Clone(cell)
	}
	return err
}

func counterField(c *Counters, i int) *float64 {
	switch i {
	case 0:
		return &c.IonGun
	case 1:
		return &c.EGun
	default:
		return &c.Baffle
	}
}

// layout returns the header and the column of each header name.
func (t *Table) layout() ([]string, []column, error) {
	names, mcols := modelColumns(t.cycleColumn())
	header := t.Columns
	if header == nil {
		header = append(slices.Clone(names), t.Extra...)
	}
	byName := make(map[string]column, len(names)+len(t.Extra))
	for i, n := range names {
		byName[n] = mcols[i]
	}
	for j, n := range t.Extra {
		if _, ok := byName[n]; ok {
			return nil, nil, fmt.Errorf("extra column %q is also a model column", n)
		}
		byName[n] = column{kind: colExtra, idx: j}
	}
	if len(header) != len(byName) {
		return nil, nil, fmt.Errorf("header has %d columns, want %d model and %d extra columns",
			len(header), len(names), len(t.Extra))
	}
	cols := make([]column, len(header))
	seen := make(map[string]bool, len(header))
	for j, h := range header {
		c, ok := byName[h]
		if !ok {
			return nil, nil, fmt.Errorf("column %q is neither a model column nor in Extra", h)
		}
		if seen[h] {
			return nil, nil, fmt.Errorf("duplicate column %q", h)
		}
		seen[h] = true
		cols[j] = c
	}
	if len(t.Extra) > 0 || t.ExtraValues != nil {
		if len(t.ExtraValues) != len(t.Furnaces) {
			return nil, nil, fmt.Errorf("%d rows of extra values for %d furnaces", len(t.ExtraValues), len(t.Furnaces))
		}
		for i, ev := range t.ExtraValues {
			if len(ev) != len(t.Extra) {
				return nil, nil, fmt.Errorf("row %d has %d extra values for %d extra columns", i+1, len(ev), len(t.Extra))
			}
		}
	}
	return header, cols, nil
}

// Write writes the table as CSV. It fails, writing nothing after the last
// complete row, on a value that Read would not read back: an invalid
// furnace number, a date that is not a UTC midnight, an infinite value, a
// curve whose length is neither 0 nor NumPoints, a cycle below -1, or a
// header inconsistent with Extra.
func (t *Table) Write(w io.Writer) error {
	header, cols, err := t.layout()
	if err != nil {
		return fmt.Errorf("furnace: write table: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = t.CRLF
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("furnace: write table: %w", err)
	}
	rec := make([]string, len(header))
	var buf []byte
	for i := range t.Furnaces {
		f := &t.Furnaces[i]
		if _, err := ParseNumber(f.No); err != nil {
			return fmt.Errorf("furnace: write table: row %d: %w", i+1, err)
		}
		if len(f.Curve) != 0 && len(f.Curve) != NumPoints {
			return fmt.Errorf("furnace: write table: row %d (furnace %s): curve has %d points, want %d", i+1, f.No, len(f.Curve), NumPoints)
		}
		for j, c := range cols {
			var v float64
			switch c.kind {
			case colNo:
				rec[j] = f.No
				continue
			case colDate:
				rec[j] = ""
				if !f.Date.IsZero() {
					u := f.Date.UTC()
					if !u.Equal(time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)) {
						return fmt.Errorf("furnace: write table: row %d (furnace %s): date %s is not a UTC midnight",
							i+1, f.No, f.Date.Format(time.RFC3339Nano))
					}
					rec[j] = u.Format(DateLayout)
				}
				continue
			case colEvt:
				rec[j] = f.Face(c.face).Evt
				continue
			case colCycle:
				switch {
				case f.Cycle == -1:
					rec[j] = ""
				case f.Cycle >= 0:
					rec[j] = strconv.Itoa(f.Cycle)
				default:
					return fmt.Errorf("furnace: write table: row %d (furnace %s): cycle %d, want ≥ 0 or -1 (unknown)", i+1, f.No, f.Cycle)
				}
				continue
			case colExtra:
				rec[j] = t.ExtraValues[i][c.idx]
				continue
			case colSet:
				v = f.Face(c.face).SetPoints[c.idx]
			case colStd:
				v = f.Face(c.face).Std[c.idx]
			case colCounter:
				v = *counterField(&f.Counters, c.idx)
			case colCurve:
				v = math.NaN()
				if f.Curve != nil {
					v = f.Curve[c.idx]
				}
			}
			switch {
			case math.IsNaN(v):
				rec[j] = ""
			case math.IsInf(v, 0):
				return fmt.Errorf("furnace: write table: row %d (furnace %s): column %q is %v", i+1, f.No, header[j], v)
			default:
				buf = strconv.AppendFloat(buf[:0], v, 'g', -1, 64)
				rec[j] = string(buf)
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("furnace: write table: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("furnace: write table: %w", err)
	}
	return nil
}

// WriteFile writes the table to path atomically (see WriteFileAtomic). An
// existing file is replaced only when overwrite is true.
func (t *Table) WriteFile(path string, overwrite bool) error {
	return WriteFileAtomic(path, overwrite, t.Write)
}
