package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// MatchRow is one row of the furnace ↔ evt ↔ face match table.
type MatchRow struct {
	// Line is the 1-based line of the row in its file (0 when written).
	Line int
	// OvenNo is the 11-digit furnace number.
	OvenNo string
	// FileID is the evt log id in lower case ("evt21020319"); the plant
	// writes it in upper case.
	FileID string
	// FilmCode is the FilmCode_MES "<furnace>_CC" (back) or "<furnace>_CX" (front).
	FilmCode string
}

// CurveRow is one measured double-sided reflectance curve of a furnace.
type CurveRow struct {
	// Line is the 1-based line of the row in its file (0 when written).
	Line int
	// FurnaceNo is the 11-digit furnace number.
	FurnaceNo string
	// LensRow is the lens row (tier) of the dome the measured lens came
	// from, 1-based; 0 when the table has no row column.
	LensRow int
	// R holds the reflectance in % at 380, 385, …, 780 nm (NaN when a cell is empty).
	R [furnace.NumPoints]float64
	// L, A, B are the instrument's CIELAB values, NaN when absent.
	L, A, B float64
}

// ProcessRow is one row of the process record: the consumable counters of
// one face run of a furnace.
type ProcessRow struct {
	// Line is the 1-based line of the row in its file (0 when written).
	Line int
	// Face is the face of the run (反正面: 背面 back, 正面 front).
	Face furnace.Face
	// FurnaceNo is the 11-digit furnace number.
	FurnaceNo string
	// IonGun, EGun, Baffle and Crystal are the counters of the ion-gun
	// filament, e-gun filament, baffle and QCM crystal; NaN when empty.
	IonGun, EGun, Baffle, Crystal float64
	// Machine is the coater id (AR设备ID), e.g. "33".
	Machine string
}

// Canonical column names written by the table writers. The parsers also
// accept the plant's names (see FORMATS.md), case-insensitively.
const (
	colOvenNo   = "OvenNo"
	colFileID   = "FileID"
	colFilmCode = "FilmCode_MES"
)

var (
	aliasFurnace  = []string{"furnace_no", "OvenNo", "炉序号", "炉号"}
	aliasFileID   = []string{"FileID", "evt", "EVT文件"}
	aliasFilmCode = []string{"FilmCode_MES", "film_code"}
	aliasLensRow  = []string{"lens_row", "row", "层"}
	aliasFace     = []string{"face", "反正面", "正背面"}
	aliasIon      = []string{"ion_gun_filament", "离子枪灯丝"}
	aliasEGun     = []string{"e_gun_filament", "电子枪灯丝"}
	aliasBaffle   = []string{"baffle", "挡板"}
	aliasCrystal  = []string{"crystal", "晶振片"}
	aliasMachine  = []string{"machine_id", "AR设备ID"}
)

// tableReader reads a CSV table with a header row, in one pass.
type tableReader struct {
	cr     *csv.Reader
	file   string
	header []string
	line   int
}

func newTableReader(r io.Reader, file string) (*tableReader, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	tr := &tableReader{cr: cr, file: file}
	h, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{File: file, Line: 1, Err: errNoData}
	}
	if err != nil {
		return nil, tr.csvErr(err)
	}
	for _, c := range h {
		tr.header = append(tr.header, strings.TrimSpace(c))
	}
	tr.line = 1
	return tr, nil
}

func (tr *tableReader) csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: tr.file, Line: pe.Line, Field: fmt.Sprintf("column %d", pe.Column), Err: pe.Err}
	}
	return &ParseError{File: tr.file, Line: tr.line + 1, Err: err}
}

// col returns the index of the first header matching one of names, -1 if none.
func (tr *tableReader) col(names ...string) int {
	for _, n := range names {
		for i, h := range tr.header {
			if strings.EqualFold(h, n) {
				return i
			}
		}
	}
	return -1
}

// mustCol is col with an error naming the expected column.
func (tr *tableReader) mustCol(names ...string) (int, error) {
	if i := tr.col(names...); i >= 0 {
		return i, nil
	}
	return -1, perr(tr.file, 1, names[0], "no column %s in the header", strings.Join(names, " / "))
}

// next returns the next record and its line; io.EOF at the end. A CSV
// syntax error is returned as a *ParseError and ends the table.
func (tr *tableReader) next() ([]string, int, error) {
	for {
		rec, err := tr.cr.Read()
		if err != nil {
			if err == io.EOF {
				return nil, 0, io.EOF
			}
			return nil, 0, tr.csvErr(err)
		}
		line, _ := tr.cr.FieldPos(0)
		tr.line = line
		blank := true
		for _, f := range rec {
			if strings.TrimSpace(f) != "" {
				blank = false
				break
			}
		}
		if !blank {
			return rec, line, nil
		}
	}
}

func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func checkFurnaceNo(s string) error {
	_, err := furnace.ParseNumber(s)
	return err
}

// optFloat parses an optional number: empty or NaN reads as NaN.
func optFloat(s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is infinite", s)
	}
	return v, nil
}

// ParseMatch reads the match table: columns OvenNo, FileID and
// FilmCode_MES (other columns are ignored). Bad rows are listed in a
// RowErrors error and the good rows are returned with it.
func ParseMatch(r io.Reader, file string) ([]MatchRow, error) {
	tr, err := newTableReader(r, file)
	if err != nil {
		return nil, err
	}
	cNo, err := tr.mustCol(aliasFurnace...)
	if err != nil {
		return nil, err
	}
	cID, err := tr.mustCol(aliasFileID...)
	if err != nil {
		return nil, err
	}
	cFC, err := tr.mustCol(aliasFilmCode...)
	if err != nil {
		return nil, err
	}
	var rows []MatchRow
	var bad RowErrors
	for {
		rec, line, err := tr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rows, append(bad, err.(*ParseError))
		}
		m := MatchRow{Line: line, OvenNo: field(rec, cNo), FileID: strings.ToLower(field(rec, cID)), FilmCode: field(rec, cFC)}
		if err := checkFurnaceNo(m.OvenNo); err != nil {
			bad = append(bad, perr(file, line, tr.header[cNo], "%v", err))
			continue
		}
		if m.FileID == "" {
			bad = append(bad, perr(file, line, tr.header[cID], "empty evt id"))
			continue
		}
		rows = append(rows, m)
	}
	if len(bad) > 0 {
		return rows, bad
	}
	return rows, nil
}

// WriteMatch writes the match table with the plant's column names
// OvenNo, FileID (evt id in upper case) and FilmCode_MES.
func WriteMatch(w io.Writer, rows []MatchRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{colOvenNo, colFileID, colFilmCode})
	for _, m := range rows {
		cw.Write([]string{m.OvenNo, strings.ToUpper(m.FileID), m.FilmCode})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("ingest: write match table: %w", err)
	}
	return nil
}

// curveHeader returns the canonical curve table header.
func curveHeader() []string {
	h := []string{"furnace_no", "lens_row"}
	for i := 0; i < furnace.NumPoints; i++ {
		h = append(h, furnace.CurveColumn(i))
	}
	return append(h, "L", "A", "B")
}

// ParseCurves reads the double-sided curve table: a furnace number column
// (furnace_no or 炉序号), an optional lens-row column (lens_row, row or 层),
// the 81 reflectance columns named 380…780 or r380…r780 and optional L, A,
// B columns. Empty cells read as NaN. Bad rows are listed in a RowErrors
// error and the good rows are returned with it.
func ParseCurves(r io.Reader, file string) ([]CurveRow, error) {
	tr, err := newTableReader(r, file)
	if err != nil {
		return nil, err
	}
	cNo, err := tr.mustCol(aliasFurnace...)
	if err != nil {
		return nil, err
	}
	cRow := tr.col(aliasLensRow...)
	var cR [furnace.NumPoints]int
	for i := range cR {
		name := furnace.CurveColumn(i)
		if cR[i], err = tr.mustCol(name, name[1:]); err != nil {
			return nil, err
		}
	}
	cL, cA, cB := tr.col("L", "L值"), tr.col("A", "A值"), tr.col("B", "B值")
	var rows []CurveRow
	var bad RowErrors
rowLoop:
	for {
		rec, line, err := tr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rows, append(bad, err.(*ParseError))
		}
		c := CurveRow{Line: line, FurnaceNo: field(rec, cNo)}
		if err := checkFurnaceNo(c.FurnaceNo); err != nil {
			bad = append(bad, perr(file, line, tr.header[cNo], "%v", err))
			continue
		}
		if cRow >= 0 {
			s := field(rec, cRow)
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				bad = append(bad, perr(file, line, tr.header[cRow], "lens row %q is not a positive integer", s))
				continue
			}
			c.LensRow = n
		}
		for i, ci := range cR {
			v, err := optFloat(field(rec, ci))
			if err != nil {
				bad = append(bad, perr(file, line, tr.header[ci], "%v", err))
				continue rowLoop
			}
			c.R[i] = v
		}
		for _, x := range []struct {
			c int
			v *float64
		}{{cL, &c.L}, {cA, &c.A}, {cB, &c.B}} {
			*x.v = math.NaN()
			if x.c >= 0 {
				v, err := optFloat(field(rec, x.c))
				if err != nil {
					bad = append(bad, perr(file, line, tr.header[x.c], "%v", err))
					continue rowLoop
				}
				*x.v = v
			}
		}
		rows = append(rows, c)
	}
	if len(bad) > 0 {
		return rows, bad
	}
	return rows, nil
}

// WriteCurves writes the curve table with columns furnace_no, lens_row,
// r380…r780, L, A, B. Values are written in the shortest form that reads
// back exactly; NaN is written empty.
func WriteCurves(w io.Writer, rows []CurveRow) error {
	cw := csv.NewWriter(w)
	cw.Write(curveHeader())
	rec := make([]string, 0, furnace.NumPoints+5)
	for _, c := range rows {
		rec = append(rec[:0], c.FurnaceNo, strconv.Itoa(c.LensRow))
		for _, v := range c.R {
			rec = append(rec, formatNum(v, 2))
		}
		rec = append(rec, formatNum(c.L, 2), formatNum(c.A, 2), formatNum(c.B, 2))
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("ingest: write curve table: %w", err)
	}
	return nil
}

// parseFace reads a face label: back/背面/CC or front/正面/CX.
func parseFace(s string) (furnace.Face, bool) {
	switch strings.ToLower(s) {
	case "back", "背面", "cc":
		return furnace.Back, true
	case "front", "正面", "cx":
		return furnace.Front, true
	}
	return furnace.Back, false
}

// ParseProcessRecord reads the process record: columns face (反正面),
// furnace_no (炉序号), ion_gun_filament (离子枪灯丝), e_gun_filament
// (电子枪灯丝), baffle (挡板) and optional crystal (晶振片) and machine_id
// (AR设备ID). Empty counters read as NaN. Bad rows are listed in a RowErrors
// error and the good rows are returned with it.
func ParseProcessRecord(r io.Reader, file string) ([]ProcessRow, error) {
	tr, err := newTableReader(r, file)
	if err != nil {
		return nil, err
	}
	var c [5]int
	for i, names := range [][]string{aliasFace, aliasFurnace, aliasIon, aliasEGun, aliasBaffle} {
		if c[i], err = tr.mustCol(names...); err != nil {
			return nil, err
		}
	}
	cCrystal, cMachine := tr.col(aliasCrystal...), tr.col(aliasMachine...)
	var rows []ProcessRow
	var bad RowErrors
rowLoop:
	for {
		rec, line, err := tr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rows, append(bad, err.(*ParseError))
		}
		p := ProcessRow{Line: line, FurnaceNo: field(rec, c[1]), Crystal: math.NaN(), Machine: field(rec, cMachine)}
		f, ok := parseFace(field(rec, c[0]))
		if !ok {
			bad = append(bad, perr(file, line, tr.header[c[0]], "face %q is not back/背面 or front/正面", field(rec, c[0])))
			continue
		}
		p.Face = f
		if err := checkFurnaceNo(p.FurnaceNo); err != nil {
			bad = append(bad, perr(file, line, tr.header[c[1]], "%v", err))
			continue
		}
		for _, x := range []struct {
			c int
			v *float64
		}{{c[2], &p.IonGun}, {c[3], &p.EGun}, {c[4], &p.Baffle}, {cCrystal, &p.Crystal}} {
			if x.c < 0 {
				continue
			}
			v, err := optFloat(field(rec, x.c))
			if err != nil {
				bad = append(bad, perr(file, line, tr.header[x.c], "%v", err))
				continue rowLoop
			}
			if v < 0 {
				bad = append(bad, perr(file, line, tr.header[x.c], "negative counter %v", v))
				continue rowLoop
			}
			*x.v = v
		}
		rows = append(rows, p)
	}
	if len(bad) > 0 {
		return rows, bad
	}
	return rows, nil
}

// WriteProcessRecord writes the process record with columns face (back or
// front), furnace_no, ion_gun_filament, e_gun_filament, baffle, crystal and
// machine_id.
func WriteProcessRecord(w io.Writer, rows []ProcessRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"face", "furnace_no", "ion_gun_filament", "e_gun_filament", "baffle", "crystal", "machine_id"})
	for _, p := range rows {
		cw.Write([]string{p.Face.String(), p.FurnaceNo, formatNum(p.IonGun, 0), formatNum(p.EGun, 0),
			formatNum(p.Baffle, 0), formatNum(p.Crystal, 0), p.Machine})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("ingest: write process record: %w", err)
	}
	return nil
}
