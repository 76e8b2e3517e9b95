package furnace

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
)

// Stats are per-column normalisation statistics: x' = (x − Mean)/Std.
type Stats struct {
	// Mean is the column mean.
	Mean []float64 `json:"mean"`
	// Std is the column population standard deviation (ddof = 0), > 0.
	Std []float64 `json:"std"`
}

// FitStats returns the mean and population standard deviation (ddof = 0)
// of each column of rows. All rows must have the same length and finite
// values; a constant column (std 0) cannot be normalised and is an error
// (see FitStatsAllowConstant).
func FitStats(rows [][]float64) (Stats, error) {
	s, constant, err := fitStats(rows)
	if err != nil {
		return Stats{}, err
	}
	if len(constant) > 0 {
		return Stats{}, fmt.Errorf("furnace: fit stats: column(s) %s are constant over the %d rows (std 0)",
			strings.Trim(strings.Join(strings.Fields(fmt.Sprint(constant)), ", "), "[]"), len(rows))
	}
	return s, nil
}

// FitStatsAllowConstant is FitStats except that a constant column gets std
// 1, so that it normalises to 0 (the convention of scikit-learn's
// StandardScaler), instead of being an error. constant lists those columns
// so that the caller can report them. Constant columns are common within one
// cleaning cycle, where some set-points are never changed.
func FitStatsAllowConstant(rows [][]float64) (s Stats, constant []int, err error) {
	s, constant, err = fitStats(rows)
	if err != nil {
		return Stats{}, nil, err
	}
	for _, j := range constant {
		s.Std[j] = 1
	}
	return s, constant, nil
}

func fitStats(rows [][]float64) (Stats, []int, error) {
	if len(rows) == 0 {
		return Stats{}, nil, errors.New("furnace: fit stats: no rows")
	}
	d := len(rows[0])
	if d == 0 {
		return Stats{}, nil, errors.New("furnace: fit stats: rows have no columns")
	}
	s := Stats{Mean: make([]float64, d), Std: make([]float64, d)}
	for i, r := range rows {
		if len(r) != d {
			return Stats{}, nil, fmt.Errorf("furnace: fit stats: row %d has %d columns, row 0 has %d", i, len(r), d)
		}
		for j, v := range r {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Stats{}, nil, fmt.Errorf("furnace: fit stats: row %d column %d is %v", i, j, v)
			}
			s.Mean[j] += v
		}
	}
	n := float64(len(rows))
	for j := range s.Mean {
		s.Mean[j] /= n
	}
	// Two passes: the squared deviations from the mean, for accuracy.
	for _, r := range rows {
		for j, v := range r {
			dv := v - s.Mean[j]
			s.Std[j] += dv * dv
		}
	}
	var constant []int
	for j := range s.Std {
		s.Std[j] = math.Sqrt(s.Std[j] / n)
		if s.Std[j] == 0 {
			constant = append(constant, j)
		}
	}
	return s, constant, nil
}

// Dim returns the number of columns.
func (s Stats) Dim() int { return len(s.Mean) }

// Validate reports whether s is usable: Mean and Std of equal, non-zero
// length, finite means and finite positive stds.
func (s Stats) Validate() error {
	if len(s.Mean) == 0 || len(s.Mean) != len(s.Std) {
		return fmt.Errorf("furnace: stats: %d means and %d stds", len(s.Mean), len(s.Std))
	}
	for j := range s.Mean {
		if m := s.Mean[j]; math.IsNaN(m) || math.IsInf(m, 0) {
			return fmt.Errorf("furnace: stats: mean %d is %v", j, m)
		}
		if sd := s.Std[j]; !(sd > 0) || math.IsInf(sd, 0) {
			return fmt.Errorf("furnace: stats: std %d is %v, want finite > 0", j, sd)
		}
	}
	return nil
}

func (s Stats) check(x []float64) {
	if len(x) != len(s.Mean) || len(s.Std) != len(s.Mean) {
		panic(fmt.Sprintf("furnace: stats of dimension %d (%d stds) applied to a vector of length %d",
			len(s.Mean), len(s.Std), len(x)))
	}
}

// Normalize returns (x − Mean)/Std as a new slice. It panics if len(x)
// differs from Dim.
func (s Stats) Normalize(x []float64) []float64 {
	s.check(x)
	out := make([]float64, len(x))
	for j, v := range x {
		out[j] = (v - s.Mean[j]) / s.Std[j]
	}
	return out
}

// Denormalize returns z·Std + Mean as a new slice, the inverse of
// Normalize. It panics if len(z) differs from Dim.
func (s Stats) Denormalize(z []float64) []float64 {
	s.check(z)
	out := make([]float64, len(z))
	for j, v := range z {
		out[j] = v*s.Std[j] + s.Mean[j]
	}
	return out
}

// NormalizeRows applies Normalize to each row.
func (s Stats) NormalizeRows(rows [][]float64) [][]float64 {
	out := make([][]float64, len(rows))
	for i, r := range rows {
		out[i] = s.Normalize(r)
	}
	return out
}

// DenormalizeRows applies Denormalize to each row.
func (s Stats) DenormalizeRows(rows [][]float64) [][]float64 {
	out := make([][]float64, len(rows))
	for i, r := range rows {
		out[i] = s.Denormalize(r)
	}
	return out
}

// UnmarshalJSON decodes {"mean": […], "std": […]} and validates the result.
func (s *Stats) UnmarshalJSON(b []byte) error {
	type plain Stats
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if err := Stats(p).Validate(); err != nil {
		return err
	}
	*s = Stats(p)
	return nil
}

// ReadStats decodes statistics written by WriteStats.
func ReadStats(r io.Reader) (Stats, error) {
	type plain Stats // without UnmarshalJSON, so that unknown fields are caught
	var p plain
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Stats{}, fmt.Errorf("furnace: read stats: %w", err)
	}
	if err := Stats(p).Validate(); err != nil {
		return Stats{}, err
	}
	return Stats(p), nil
}

// WriteStats encodes s as indented JSON {"mean": […], "std": […]}; floats
// are written in their shortest exact form.
func WriteStats(w io.Writer, s Stats) error {
	if err := s.Validate(); err != nil {
		return err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("furnace: write stats: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadStatsFile reads statistics from the JSON file path.
func ReadStatsFile(path string) (Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return Stats{}, fmt.Errorf("furnace: %w", err)
	}
	defer f.Close()
	s, err := ReadStats(f)
	if err != nil {
		return Stats{}, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// WriteStatsFile writes s to path atomically; an existing file is replaced
// only when overwrite is true.
func WriteStatsFile(path string, s Stats, overwrite bool) error {
	return WriteFileAtomic(path, overwrite, func(w io.Writer) error { return WriteStats(w, s) })
}
