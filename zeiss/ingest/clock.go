package ingest

import (
	"fmt"
	"time"
)

// secondsPerDay is the length of a day on the machine clock.
const secondsPerDay = 86400

// parseClock parses a machine clock time "H:M:S" with one or two digits per
// part (leading zeros optional, surrounding blanks ignored) and returns the
// seconds since midnight.
func parseClock(b []byte) (int, bool) {
	b = trimSpace(b)
	var parts [3]int
	p := 0
	digits := 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if digits == 2 {
				return 0, false
			}
			parts[p] = parts[p]*10 + int(c-'0')
			digits++
		case c == ':':
			if digits == 0 || p == 2 {
				return 0, false
			}
			p++
			digits = 0
		default:
			return 0, false
		}
	}
	if p != 2 || digits == 0 {
		return 0, false
	}
	if parts[0] > 23 || parts[1] > 59 || parts[2] > 59 {
		return 0, false
	}
	return parts[0]*3600 + parts[1]*60 + parts[2], true
}

// formatClock writes the clock time of t as HH:MM:SS.
func formatClock(t time.Time) string {
	return fmt.Sprintf("%02d:%02d:%02d", t.Hour(), t.Minute(), t.Second())
}

// parseUSDate parses a US date "M/D/YYYY" (one or two digits for month and
// day) and returns midnight UTC of that day.
func parseUSDate(b []byte) (time.Time, bool) {
	b = trimSpace(b)
	var parts [3]int
	var n [3]int
	p := 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if n[p] == 4 {
				return time.Time{}, false
			}
			parts[p] = parts[p]*10 + int(c-'0')
			n[p]++
		case c == '/':
			if n[p] == 0 || p == 2 {
				return time.Time{}, false
			}
			p++
		default:
			return time.Time{}, false
		}
	}
	if p != 2 || n[0] > 2 || n[1] > 2 || n[2] != 4 {
		return time.Time{}, false
	}
	m, d, y := parts[0], parts[1], parts[2]
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // e.g. 2/30
		return time.Time{}, false
	}
	return t, true
}

// formatUSDate writes the date of t as M/D/YYYY.
func formatUSDate(t time.Time) string {
	return fmt.Sprintf("%d/%d/%04d", int(t.Month()), t.Day(), t.Year())
}

// midnight returns midnight UTC of t's day.
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// clockOf returns the seconds since midnight of t.
func clockOf(t time.Time) int { return t.Hour()*3600 + t.Minute()*60 + t.Second() }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
