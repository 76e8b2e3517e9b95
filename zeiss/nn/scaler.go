package nn

import (
	"fmt"
	"math"
)

// Scaler standardises columns: (v − Mean)/Std. Std is the population standard
// deviation (ddof 0), as the original pipeline's normalisation files held.
type Scaler struct {
	// Mean and Std hold one value per column.
	Mean []float64 `json:"mean"`
	Std  []float64 `json:"std"`
}

// FitScaler computes the column means and population standard deviations of
// x (rows×cols, row-major). A NaN, an infinity or a constant column is an
// error naming the column.
func FitScaler(x []float64, cols int) (*Scaler, error) {
	if cols <= 0 || len(x) == 0 || len(x)%cols != 0 {
		return nil, fmt.Errorf("nn: FitScaler: %d values are not rows of %d columns", len(x), cols)
	}
	n := len(x) / cols
	s := &Scaler{Mean: make([]float64, cols), Std: make([]float64, cols)}
	for j := 0; j < cols; j++ {
		sum := 0.0
		for r := 0; r < n; r++ {
			v := x[r*cols+j]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("nn: FitScaler: row %d column %d is %v", r, j, v)
			}
			sum += v
		}
		mean := sum / float64(n)
		ss := 0.0
		for r := 0; r < n; r++ {
			d := x[r*cols+j] - mean
			ss += float64(d * d) // rounded apart on every machine: no fused multiply-add
		}
		std := math.Sqrt(ss / float64(n))
		if !(std > 0) {
			return nil, fmt.Errorf("nn: FitScaler: column %d is constant (%v) over %d rows", j, mean, n)
		}
		s.Mean[j], s.Std[j] = mean, std
	}
	return s, nil
}

// Validate checks that Mean and Std have equal length, are finite, and Std > 0.
func (s *Scaler) Validate() error {
	if len(s.Mean) != len(s.Std) {
		return fmt.Errorf("nn: scaler has %d means and %d standard deviations", len(s.Mean), len(s.Std))
	}
	for j := range s.Mean {
		if math.IsNaN(s.Mean[j]) || math.IsInf(s.Mean[j], 0) || !(s.Std[j] > 0) || math.IsInf(s.Std[j], 0) {
			return fmt.Errorf("nn: scaler column %d: mean %v, std %v", j, s.Mean[j], s.Std[j])
		}
	}
	return nil
}

// Len returns the number of columns.
func (s *Scaler) Len() int { return len(s.Mean) }

// Transform standardises the rows of x in place.
func (s *Scaler) Transform(x []float64) {
	k := len(s.Mean)
	for r := 0; r+k <= len(x); r += k {
		for j := 0; j < k; j++ {
			x[r+j] = (x[r+j] - s.Mean[j]) / s.Std[j]
		}
	}
}

// Inverse maps standardised rows of x back to the original units in place.
func (s *Scaler) Inverse(x []float64) {
	k := len(s.Mean)
	for r := 0; r+k <= len(x); r += k {
		for j := 0; j < k; j++ {
			x[r+j] = float64(x[r+j]*s.Std[j]) + s.Mean[j]
		}
	}
}
