package furnace

import (
	"fmt"
	"strings"
)

// Need is a set of data a model needs from a furnace.
type Need uint8

const (
	// NeedSetPoints requires all set-points of both faces.
	NeedSetPoints Need = 1 << iota
	// NeedStd requires the fourteen std features (steps 2…8 of both faces).
	NeedStd
	// NeedCurve requires a complete, finite curve.
	NeedCurve
)

// Exclusion says why a furnace was left out by Select.
type Exclusion struct {
	// Index is the furnace's index in the slice given to Select.
	Index int
	// No is the furnace number.
	No string
	// Reason lists what is missing, e.g. "no front set-points; no curve".
	Reason string
}

// Select returns the indices of the furnaces that have all the data in
// need, in order, and for every other furnace the reason it was excluded.
// Nothing is dropped silently: len(rows)+len(excluded) == len(fs).
func Select(fs []Furnace, need Need) (rows []int, excluded []Exclusion) {
	for i := range fs {
		f := &fs[i]
		var why []string
		if need&NeedSetPoints != 0 {
			if !f.Back.HasSetPoints() {
				why = append(why, "no back set-points")
			}
			if !f.Front.HasSetPoints() {
				why = append(why, "no front set-points")
			}
		}
		if need&NeedStd != 0 {
			if !f.Back.HasStd() {
				why = append(why, "no back std")
			}
			if !f.Front.HasStd() {
				why = append(why, "no front std")
			}
		}
		if need&NeedCurve != 0 && !f.HasCurve() {
			if f.Curve == nil {
				why = append(why, "no curve")
			} else {
				why = append(why, "incomplete curve")
			}
		}
		if len(why) == 0 {
			rows = append(rows, i)
		} else {
			excluded = append(excluded, Exclusion{Index: i, No: f.No, Reason: strings.Join(why, "; ")})
		}
	}
	return rows, excluded
}

// matrix builds one row per index with get, checking it with ok.
func matrix(fs []Furnace, rows []int, what string, ok func(*Furnace) bool, get func(*Furnace) []float64) ([][]float64, error) {
	out := make([][]float64, len(rows))
	for k, i := range rows {
		if i < 0 || i >= len(fs) {
			return nil, fmt.Errorf("furnace: %s matrix: row index %d outside 0…%d", what, i, len(fs)-1)
		}
		f := &fs[i]
		if !ok(f) {
			return nil, fmt.Errorf("furnace: %s matrix: furnace %d (%s) lacks them", what, i, f.No)
		}
		out[k] = get(f)
	}
	return out, nil
}

// AdjustableMatrix returns the ten adjustable set-points (Furnace.Adjustable
// order: back L1, L3–L6, then front) of the furnaces fs[rows[k]], one row
// each. A furnace lacking them is an error; use Select(fs, NeedSetPoints)
// to choose the rows.
func AdjustableMatrix(fs []Furnace, rows []int) ([][]float64, error) {
	return matrix(fs, rows, "adjustable set-point", (*Furnace).HasSetPoints, func(f *Furnace) []float64 {
		x := f.Adjustable()
		return x[:]
	})
}

// Std14Matrix returns the fourteen std features (Furnace.Std14 order: back
// steps 2…8, then front) of the furnaces fs[rows[k]], one row each. A
// furnace lacking them is an error; use Select(fs, NeedStd) to choose the
// rows.
func Std14Matrix(fs []Furnace, rows []int) ([][]float64, error) {
	return matrix(fs, rows, "std feature", (*Furnace).HasStd, func(f *Furnace) []float64 {
		x := f.Std14()
		return x[:]
	})
}

// CurveMatrix returns a copy of the curves (NumPoints values) of the
// furnaces fs[rows[k]], one row each. A furnace without a complete curve is
// an error; use Select(fs, NeedCurve) to choose the rows.
func CurveMatrix(fs []Furnace, rows []int) ([][]float64, error) {
	return matrix(fs, rows, "curve", (*Furnace).HasCurve, func(f *Furnace) []float64 {
		return append([]float64(nil), f.Curve...)
	})
}
