package furnace

import (
	"strings"
	"testing"
	"time"
)

func TestParseNumber(t *testing.T) {
	cases := []struct {
		in   string
		want Number
	}{
		{"33121020303", Number{33, 1, time.Date(2021, 2, 3, 0, 0, 0, 0, time.UTC), 3}},
		{"33321052210", Number{33, 3, time.Date(2021, 5, 22, 0, 0, 0, 0, time.UTC), 10}},
		{"00000010100", Number{0, 0, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), 0}},
		{"99999123199", Number{99, 9, time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC), 99}},
		{"33124022901", Number{33, 1, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), 1}},
	}
	for _, c := range cases {
		got, err := ParseNumber(c.in)
		if err != nil {
			t.Errorf("ParseNumber(%q): %v", c.in, err)
			continue
		}
		if got.Machine != c.want.Machine || got.Shift != c.want.Shift || got.Seq != c.want.Seq || !got.Date.Equal(c.want.Date) ||
			got.Date.Location() != time.UTC {
			t.Errorf("ParseNumber(%q) = %+v, want %+v", c.in, got, c.want)
		}
		if s, err := got.Format(); err != nil || s != c.in {
			t.Errorf("Format(%+v) = %q, %v, want %q", got, s, err, c.in)
		}
	}
}

func TestParseNumberErrors(t *testing.T) {
	cases := []struct{ in, msg string }{
		{"", "0 characters"},
		{"3312102030", "10 characters"},
		{"331210203031", "12 characters"},
		{"3312102030x", "character 11"},
		{" 3121020303", "character 1"},
		{"33121023003", "not a valid YYMMDD"},
		{"33121130003", "not a valid YYMMDD"},
		{"33121000003", "not a valid YYMMDD"},
		{"33121020003", "not a valid YYMMDD"},
		{"33123022901", "not a valid YYMMDD"}, // 2023 is not a leap year
		{"33121-20303", "character 6"},
		{"٣٣121020303", "characters"},
	}
	for _, c := range cases {
		_, err := ParseNumber(c.in)
		if err == nil || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), "furnace number") {
			t.Errorf("ParseNumber(%q) err = %v, want it to mention %q", c.in, err, c.msg)
		}
	}
}

func TestNumberValidate(t *testing.T) {
	d := time.Date(2021, 2, 3, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		n   Number
		msg string
	}{
		{Number{100, 1, d, 1}, "machine"},
		{Number{-1, 1, d, 1}, "machine"},
		{Number{33, 10, d, 1}, "shift"},
		{Number{33, 1, d, 100}, "sequence"},
		{Number{33, 1, d, -1}, "sequence"},
		{Number{33, 1, time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), 1}, "year"},
		{Number{33, 1, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), 1}, "year"},
		{Number{33, 1, d.Add(time.Minute), 1}, "midnight"},
	}
	for _, c := range cases {
		if _, err := c.n.Format(); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Format(%+v) err = %v, want it to mention %q", c.n, err, c.msg)
		}
	}
	// A midnight in another zone that is a UTC midnight is fine.
	n := Number{33, 3, d.In(time.FixedZone("X", 3600)), 7}
	if s, err := n.Format(); err != nil || s != "33321020307" {
		t.Errorf("Format = %q, %v", s, err)
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"33121020303", "33321052210", "99999123199", "33121023003", "3312102030x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNumber(s)
		if err != nil {
			return
		}
		if len(s) != NumberLen {
			t.Fatalf("accepted %q of length %d", s, len(s))
		}
		out, err := n.Format()
		if err != nil {
			t.Fatalf("parsed %q to invalid %+v: %v", s, n, err)
		}
		if out != s {
			t.Fatalf("ParseNumber(%q).Format() = %q", s, out)
		}
	})
}
