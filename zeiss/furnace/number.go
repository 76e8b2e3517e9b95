package furnace

import (
	"fmt"
	"strconv"
	"time"
)

// NumberLen is the number of digits of a furnace number.
const NumberLen = 11

// Number is a decoded furnace number "MM S YYMMDD NN": machine MM (33 for the
// coater of the production data), shift digit S (1 or 3 in the production
// data; the 1-runs of a day precede the 3-runs), production date YYMMDD
// (years 2000–2099) and sequence number NN within the day and shift.
type Number struct {
	// Machine is the coater id, 0–99.
	Machine int
	// Shift is the shift digit, 0–9.
	Shift int
	// Date is the production date, UTC midnight, in 2000–2099.
	Date time.Time
	// Seq is the sequence number within the day and shift, 0–99.
	Seq int
}

// ParseNumber decodes an 11-digit furnace number such as "33121020303".
func ParseNumber(s string) (Number, error) {
	if len(s) != NumberLen {
		return Number{}, fmt.Errorf("furnace number %q: has %d characters, want %d digits (MM S YYMMDD NN)", s, len(s), NumberLen)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return Number{}, fmt.Errorf("furnace number %q: character %d is not a digit", s, i+1)
		}
	}
	d := func(i, j int) int { n, _ := strconv.Atoi(s[i:j]); return n }
	n := Number{Machine: d(0, 2), Shift: d(2, 3), Seq: d(9, 11)}
	y, m, day := 2000+d(3, 5), d(5, 7), d(7, 9)
	n.Date = time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
	if int(n.Date.Month()) != m || n.Date.Day() != day {
		return Number{}, fmt.Errorf("furnace number %q: date digits %q are not a valid YYMMDD date", s, s[3:9])
	}
	return n, nil
}

// Validate reports whether n can be written as a furnace number.
func (n Number) Validate() error {
	switch {
	case n.Machine < 0 || n.Machine > 99:
		return fmt.Errorf("furnace number: machine %d outside 0–99", n.Machine)
	case n.Shift < 0 || n.Shift > 9:
		return fmt.Errorf("furnace number: shift digit %d outside 0–9", n.Shift)
	case n.Seq < 0 || n.Seq > 99:
		return fmt.Errorf("furnace number: sequence %d outside 0–99", n.Seq)
	}
	u := n.Date.UTC()
	if y := u.Year(); y < 2000 || y > 2099 {
		return fmt.Errorf("furnace number: year %d outside 2000–2099", y)
	}
	if !u.Equal(time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)) {
		return fmt.Errorf("furnace number: date %s is not a UTC midnight", n.Date.Format(time.RFC3339Nano))
	}
	return nil
}

// Format returns the 11-digit furnace number, or an error when n is invalid.
func (n Number) Format() (string, error) {
	if err := n.Validate(); err != nil {
		return "", err
	}
	return n.String(), nil
}

// String returns the 11-digit form of a valid Number (see Validate); an
// invalid Number gives a string that ParseNumber rejects or decodes differently.
func (n Number) String() string {
	u := n.Date.UTC()
	return fmt.Sprintf("%02d%d%02d%02d%02d%02d", n.Machine, n.Shift, u.Year()%100, int(u.Month()), u.Day(), n.Seq)
}
