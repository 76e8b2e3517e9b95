package ingest

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// checkParseErr fails unless err is nil, a *ParseError or RowErrors naming
// the file.
func checkParseErr(t *testing.T, err error, file string) {
	t.Helper()
	if err == nil {
		return
	}
	var re RowErrors
	if errors.As(err, &re) {
		for _, e := range re {
			if e.File != file || e.Line < 1 {
				t.Fatalf("row error without file or line: %v", e)
			}
		}
		return
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %T %v is not a *ParseError", err, err)
	}
	if pe.File != file || !strings.HasPrefix(err.Error(), file) {
		t.Fatalf("error %q does not name the file %s", err, file)
	}
}

func FuzzParseEvt(f *testing.F) {
	f.Add([]byte(sampleEvt))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ParseEvt(bytes.NewReader(data), "f.csv")
		checkParseErr(t, err, "f.csv")
		if err != nil {
			var pe *ParseError
			errors.As(err, &pe)
			if pe.Line < 0 || pe.Line > bytes.Count(data, []byte("\n"))+1 {
				t.Fatalf("error line %d outside the input: %v", pe.Line, err)
			}
			return
		}
		// What parses and can be written must read back the same.
		var buf bytes.Buffer
		if WriteEvt(&buf, e) != nil {
			return
		}
		again, err := ParseEvt(bytes.NewReader(buf.Bytes()), "f.csv")
		if err != nil {
			t.Fatalf("rewritten evt does not parse: %v\n%s", err, buf.String())
		}
		if d := diffEvt(e, again); d != "" {
			t.Fatalf("rewrite differs: %s\n%s", d, buf.String())
		}
	})
}

func FuzzSensorReader(f *testing.F) {
	f.Add([]byte("Date,Time,RecNo,Elapsed,Mode,ACT_O1_QCMS_THICKNESS_CH1,B\n2/3/2021,23:59:59,1,0,AUTO,1.5,2\n2/4/2021,0:0:0,2,1,AUTO,,NaN\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sr, err := NewSensorReader(bytes.NewReader(data), "s.csv")
		checkParseErr(t, err, "s.csv")
		if err != nil {
			return
		}
		rows, prevLine := 0, 0
		for {
			for sr.Next() {
				rows++
				if sr.Line() <= prevLine || sr.Seconds() < 0 || len(sr.Values()) != len(sr.Columns()) {
					t.Fatalf("row %d: line %d after %d, seconds %d", rows, sr.Line(), prevLine, sr.Seconds())
				}
				prevLine = sr.Line()
			}
			err := sr.Err()
			checkParseErr(t, err, "s.csv")
			if err == nil || !sr.skipBadRow() {
				break
			}
			var pe *ParseError
			errors.As(err, &pe)
			if pe.Line <= prevLine {
				t.Fatalf("error line %d not after row line %d", pe.Line, prevLine)
			}
			prevLine = pe.Line
		}
	})
}

func FuzzParseMatch(f *testing.F) {
	f.Add([]byte("OvenNo,FileID,FilmCode_MES\n33121020303,EVT21020319,33121020303_CX\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ParseMatch(bytes.NewReader(data), "m.csv")
		checkParseErr(t, err, "m.csv")
	})
}

func FuzzParseCurves(f *testing.F) {
	var b strings.Builder
	WriteCurves(&b, []CurveRow{{FurnaceNo: "33121020303", LensRow: 4}})
	f.Add([]byte(b.String()))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ParseCurves(bytes.NewReader(data), "c.csv")
		checkParseErr(t, err, "c.csv")
	})
}

func FuzzParseProcessRecord(f *testing.F) {
	f.Add([]byte("反正面,炉序号,离子枪灯丝,电子枪灯丝,挡板\n背面,33121020303,3,117,40\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ParseProcessRecord(bytes.NewReader(data), "p.csv")
		checkParseErr(t, err, "p.csv")
	})
}

func FuzzParseCycleOverride(f *testing.F) {
	f.Add([]byte("# cycles\n33121020303\n2021-03-01 08:00:00\n2021-03-05\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		starts, err := ParseCycleOverride(bytes.NewReader(data), "o.txt")
		checkParseErr(t, err, "o.txt")
		for _, s := range starts {
			if (s.Furnace == "") == s.Time.IsZero() || s.Line < 1 {
				t.Fatalf("bad start %+v", s)
			}
		}
	})
}
