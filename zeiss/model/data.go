package model

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// ReadTable reads a furnace table from path: a cleaned table with a
// "cycle_id" column, or the real-data bundle's furnaces_2021H1.csv as it is,
// whose cycles are read from its "egun_cycle_id" column. The cycle column is
// chosen from the header: cycle_id when present, else egun_cycle_id.
func ReadTable(path string) (*furnace.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	header, err := csv.NewReader(bufio.NewReader(f)).Read()
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("model: %s: reading header: %w", path, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	opt := furnace.ReadOptions{}
	if !slices.Contains(header, furnace.CycleColumn) && slices.Contains(header, furnace.RealCycleColumn) {
		opt.CycleColumn = furnace.RealCycleColumn
	}
	t, err := opt.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	return t, nil
}

// orderKey is the production order of a furnace: date, shift digit (the
// 1-runs of a day precede the 3-runs), sequence number.
type orderKey struct {
	date       time.Time
	shift, seq int
}

func keyOf(f *furnace.Furnace) (orderKey, error) {
	n, err := furnace.ParseNumber(f.No)
	if err != nil {
		return orderKey{}, err
	}
	d := f.Date
	if d.IsZero() {
		d = n.Date
	}
	return orderKey{date: d, shift: n.Shift, seq: n.Seq}, nil
}

func (a orderKey) cmp(b orderKey) int {
	if c := a.date.Compare(b.date); c != 0 {
		return c
	}
	if a.shift != b.shift {
		return a.shift - b.shift
	}
	return a.seq - b.seq
}

// TimeOrder returns the furnaces sorted in production order: by date (the
// furnace_date column, else the date in the furnace number), then shift
// digit, then sequence number. Ties keep their input order. A furnace number
// that does not decode is an error naming the row.
func TimeOrder(fs []furnace.Furnace) ([]furnace.Furnace, error) {
	keys := make([]orderKey, len(fs))
	idx := make([]int, len(fs))
	for i := range fs {
		k, err := keyOf(&fs[i])
		if err != nil {
			return nil, fmt.Errorf("model: row %d: %w", i+1, err)
		}
		keys[i] = k
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return keys[a].cmp(keys[b]) })
	out := make([]furnace.Furnace, len(fs))
	for k, i := range idx {
		out[k] = fs[i]
	}
	return out, nil
}

// split returns the index of the first furnace of fs (in the order of
// TimeOrder) produced on or after from.
func split(fs []furnace.Furnace, from time.Time) int {
	for i := range fs {
		d, _ := dayOf(&fs[i]) // TimeOrder has decoded every furnace number
		if !d.Before(from) {
			return i
		}
	}
	return len(fs)
}

// adjustable returns the ten adjustable set-points of f as a slice.
func adjustable(f *furnace.Furnace) []float64 { a := f.Adjustable(); return a[:] }

// std14 returns the fourteen std features of f as a slice.
func std14(f *furnace.Furnace) []float64 { s := f.Std14(); return s[:] }

// Input selects the input features of a curve model.
type Input int

const (
	// InputSetPoints is the ten adjustable set-points (furnace.Adjustable).
	InputSetPoints Input = iota
	// InputStd is the fourteen per-step std features (furnace.Std14).
	InputStd
)

// String returns "setpoints" or "std".
func (in Input) String() string {
	if in == InputStd {
		return "std"
	}
	return "setpoints"
}

// Dim returns the number of features.
func (in Input) Dim() int {
	if in == InputStd {
		return furnace.NumStd
	}
	return furnace.NumAdjustable
}

// Need returns what a furnace must have for these features.
func (in Input) Need() furnace.Need {
	if in == InputStd {
		return furnace.NeedStd
	}
	return furnace.NeedSetPoints
}

// Has reports whether f has these features.
func (in Input) Has(f *furnace.Furnace) bool {
	if in == InputStd {
		return f.HasStd()
	}
	return f.HasSetPoints()
}

// Of returns the features of f.
func (in Input) Of(f *furnace.Furnace) []float64 {
	if in == InputStd {
		return std14(f)
	}
	return adjustable(f)
}
