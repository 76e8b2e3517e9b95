package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

var testMaterials = [furnace.NumLayers]string{"SiO2", "ITO", "Ti3O5", "SiO2", "Ti3O5", "SiO2", "COTEC1200"}

// randomEvt returns a plausible coating run starting at start; steps < 8
// gives an aborted run without thickness lines and end.
func randomEvt(rng *rand.Rand, name string, start time.Time, steps int) *Evt {
	e := &Evt{Name: name, PLCVersion: "V3.21.07", Machine: "33# BOX-1200", Recipe: "1.6&1.67_DVS_CC", Start: start}
	if rng.IntN(2) == 0 {
		e.Recipe = "1.6&1.67_DVS_CX"
	}
	t := start.Add(time.Duration(30+rng.IntN(60)) * time.Second)
	for k := 1; k <= steps; k++ {
		s := Step{No: k, Start: t}
		if k == 1 {
			s.Name = "Preclean"
		} else {
			s.Name, s.Material = LayerName(k-1), testMaterials[k-2]
		}
		e.Steps = append(e.Steps, s)
		d := time.Duration(60+rng.IntN(400)) * time.Second
		if k > 1 && steps == furnace.NumSteps {
			sp := math.Round((10+100*rng.Float64())*100) / 100
			l := LayerRecord{Layer: k - 1, Material: testMaterials[k-2], Time: t.Add(d - 5*time.Second),
				SetPoint: sp, Measured: sp + math.Round(rng.NormFloat64()*20)/100,
				RateTime: t.Add(d - 5*time.Second), RateSet: 0.5, Rate: math.Round(rng.Float64()*100) / 100}
			if rng.IntN(3) == 0 {
				l.RateTime = l.Time.Add(-time.Second)
			}
			if rng.IntN(5) == 0 {
				l.Measured = math.NaN()
			}
			e.Layers = append(e.Layers, l)
		}
		if rng.IntN(3) == 0 {
			e.Notes = append(e.Notes, Note{Time: t.Add(2 * time.Second), Class: "INFO", Text: "Shutter Open", Info: "S1"})
		}
		t = t.Add(d)
	}
	if steps == furnace.NumSteps {
		e.End = t
	} else {
		e.Notes = append(e.Notes, Note{Time: t, Class: "ALARM", Text: "Process Aborted", Info: "E-gun arc"})
	}
	return e
}

func diffEvt(a, b *Evt) string {
	if a.Name != b.Name || a.PLCVersion != b.PLCVersion || a.Machine != b.Machine || a.Recipe != b.Recipe {
		return fmt.Sprintf("header %q %q %q %q vs %q %q %q %q", a.Name, a.PLCVersion, a.Machine, a.Recipe, b.Name, b.PLCVersion, b.Machine, b.Recipe)
	}
	if !a.Start.Equal(b.Start) || !a.End.Equal(b.End) {
		return fmt.Sprintf("start/end %v %v vs %v %v", a.Start, a.End, b.Start, b.End)
	}
	if len(a.Steps) != len(b.Steps) || len(a.Layers) != len(b.Layers) || len(a.Notes) != len(b.Notes) {
		return fmt.Sprintf("lengths %d %d %d vs %d %d %d", len(a.Steps), len(a.Layers), len(a.Notes), len(b.Steps), len(b.Layers), len(b.Notes))
	}
	for i := range a.Steps {
		x, y := a.Steps[i], b.Steps[i]
		if x.No != y.No || x.Name != y.Name || x.Material != y.Material || !x.Start.Equal(y.Start) {
			return fmt.Sprintf("step %d: %+v vs %+v", i, x, y)
		}
	}
	for i := range a.Layers {
		x, y := a.Layers[i], b.Layers[i]
		if x.Layer != y.Layer || x.Material != y.Material || !x.Time.Equal(y.Time) || !x.RateTime.Equal(y.RateTime) ||
			!sameFloat(x.SetPoint, y.SetPoint) || !sameFloat(x.Measured, y.Measured) || !sameFloat(x.RateSet, y.RateSet) || !sameFloat(x.Rate, y.Rate) {
			return fmt.Sprintf("layer %d: %+v vs %+v", i, x, y)
		}
	}
	for i := range a.Notes {
		x, y := a.Notes[i], b.Notes[i]
		if x.Class != y.Class || x.Text != y.Text || x.Info != y.Info || !x.Time.Equal(y.Time) {
			return fmt.Sprintf("note %d: %+v vs %+v", i, x, y)
		}
	}
	return ""
}

func TestEvtRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		start := time.Date(2021, 2, 3, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(86400)) * time.Second)
		if i%10 == 0 {
			start = time.Date(2021, 12, 31, 23, 40, 0, 0, time.UTC) // roll-over into a new year
		}
		steps := furnace.NumSteps
		if i%7 == 3 {
			steps = 1 + rng.IntN(furnace.NumSteps-1)
		}
		e := randomEvt(rng, fmt.Sprintf("evt210203%02d", i%100), start, steps)
		var buf bytes.Buffer
		if err := WriteEvt(&buf, e); err != nil {
			t.Fatal(err)
		}
		got, err := ParseEvt(bytes.NewReader(buf.Bytes()), "data/EVT"+strings.TrimPrefix(e.Name, "evt")+".CSV")
		if err != nil {
			t.Fatalf("%v\n%s", err, buf.String())
		}
		got.File = ""
		if d := diffEvt(e, got); d != "" {
			t.Fatalf("run %d: %s\n%s", i, d, buf.String())
		}
		var again bytes.Buffer
		if err := WriteEvt(&again, got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), again.Bytes()) {
			t.Fatalf("run %d: rewrite differs", i)
		}
	}
}

const sampleEvt = "\xef\xbb\xbfBOX-1200 Event Export V2\r\n" +
	"Operator :,shift 1\r\n" +
	"PLC Version :,V3.21.07\r\n" +
	"Machine Name :,33#\r\n" +
	"Recipe Name :,1.6&1.67_DVS_CX_hpkf\r\n" +
	"Production Start :,2/3/2021,23:58:01\r\n" +
	"Time,No.,Class,Event,Value 1,Unit 1,Value 2,Unit 2,Info\r\n" +
	"23:58:30,1,INFO,Start Step No. 1 of 9,,,,,Preclean_\r\n" +
	"23:59:59,2,INFO,Start Step No. 2 of 9,,,,,L1_SiO2\r\n" +
	"0:1:5,3,MEAS,Rate,0.50,nm/s,0.52,nm/s,L1_SiO2\r\n" +
	"00:01:05,4,MEAS,Thickness,24.68,nm,24.71,nm,L1_SiO2\r\n" +
	"0:01:06,5,INFO,Total Process Time,0:03:05,h:m:s,,,\r\n"

func TestParseEvtTolerant(t *testing.T) {
	e, err := ParseEvt(strings.NewReader(sampleEvt), "x/EVT21020301.CSV")
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "evt21020301" || e.Recipe != "1.6&1.67_DVS_CX_hpkf" {
		t.Errorf("name %q recipe %q", e.Name, e.Recipe)
	}
	if f, ok := e.Face(); !ok || f != furnace.Front {
		t.Errorf("face %v %v, want front", f, ok)
	}
	want := time.Date(2021, 2, 4, 0, 1, 5, 0, time.UTC)
	if len(e.Layers) != 1 || !e.Layers[0].Time.Equal(want) || e.Layers[0].SetPoint != 24.68 || e.Layers[0].Rate != 0.52 ||
		!e.Layers[0].RateTime.Equal(want) || e.Layers[0].Measured != 24.71 {
		t.Errorf("layers %+v", e.Layers)
	}
	if !e.End.Equal(want.Add(time.Second)) || len(e.Steps) != 2 || e.Steps[1].Name != "L1" || e.Steps[1].Material != "SiO2" {
		t.Errorf("end %v steps %+v", e.End, e.Steps)
	}
}

func TestFaceFromCode(t *testing.T) {
	for _, c := range []struct {
		code string
		face furnace.Face
		ok   bool
	}{
		{"1.6&1.67_DVS_CC", furnace.Back, true}, {"1.6&1.67_DVS_CX_hpkf", furnace.Front, true},
		{"33121020303_cc", furnace.Back, true}, {"1.56_DVS", furnace.Back, false},
		{"CLEAN_CHAMBER", furnace.Back, false}, {"A_CC_CX", furnace.Back, false}, {"ACCX", furnace.Back, false},
	} {
		f, ok := FaceFromCode(c.code)
		if ok != c.ok || (ok && f != c.face) {
			t.Errorf("FaceFromCode(%q) = %v, %v; want %v, %v", c.code, f, ok, c.face, c.ok)
		}
	}
}

func TestParseEvtErrors(t *testing.T) {
	head := "Leybold Optics Event Log\nPLC Version :,V3\nMachine Name :,33#\nRecipe Name :,R_CC\nProduction Start :,2/3/2021,08:00:00\n"
	for _, c := range []struct {
		name, text string
		line       int
		field      string
	}{
		{"no recipe", "Production Start :,2/3/2021,08:00:00\n08:00:01,1,INFO,Start Step No. 1 of 9,,,,,P_\n", 2, "recipe"},
		{"no start", "Recipe Name :,R_CC\n08:00:01,1,INFO,Start Step No. 1 of 9,,,,,P_\n", 2, "time"},
		{"text after body", head + "08:00:01,1,INFO,Start Step No. 1 of 9,,,,,P_\nOperator :,x,y,z\n", 7, "time"},
		{"bad date", "Recipe Name :,R_CC\nProduction Start :,2/30/2021,08:00:00\n", 2, "production start date"},
		{"bad time", head + "8:0:61,1,INFO,Start Step No. 1 of 9,,,,,P_\n", 6, "time"},
		{"bad step", head + "08:00:01,1,INFO,Start Step No. 12 of 9,,,,,P_\n", 6, "event"},
		{"short thickness", head + "08:00:01,1,MEAS,Thickness,25.3\n", 6, ""},
		{"bad set-point", head + "08:00:01,1,MEAS,Thickness,25.3x,nm,25.3,nm,L1_SiO2\n", 6, "value 1"},
		{"empty set-point", head + "08:00:01,1,MEAS,Thickness,,nm,25.3,nm,L1_SiO2\n", 6, "value 1"},
		{"bad layer", head + "08:00:01,1,MEAS,Thickness,25.3,nm,25.3,nm,SiO2\n", 6, "info"},
		{"header late", head + "08:00:01,1,INFO,Start Step No. 1 of 9,,,,,P_\nRecipe Name :,X\n", 7, "Recipe Name :"},
		{"two ends", head + "08:00:01,1,INFO,Total Process Time,,,,,\n08:00:02,2,INFO,Total Process Time,,,,,\n", 7, "event"},
	} {
		_, err := ParseEvt(strings.NewReader(c.text), "f.csv")
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: err = %v, want *ParseError", c.name, err)
			continue
		}
		if pe.Line != c.line || pe.Field != c.field || pe.File != "f.csv" {
			t.Errorf("%s: error %q at line %d field %q, want line %d field %q", c.name, err, pe.Line, pe.Field, c.line, c.field)
		}
	}
	if _, err := ParseEvt(strings.NewReader(""), "empty.csv"); err == nil {
		t.Error("empty file: no error")
	}
}

func TestWriteEvtRejects(t *testing.T) {
	start := time.Date(2021, 2, 3, 8, 0, 0, 0, time.UTC)
	for name, e := range map[string]*Evt{
		"zero start":   {Recipe: "R_CC"},
		"comma":        {Recipe: "R,CC", Start: start},
		"before start": {Recipe: "R_CC", Start: start, Steps: []Step{{No: 1, Start: start.Add(-time.Second)}}},
		"sub-second":   {Recipe: "R_CC", Start: start, Steps: []Step{{No: 1, Start: start.Add(time.Millisecond)}}},
		"unordered":    {Recipe: "R_CC", Start: start, Steps: []Step{{No: 1, Start: start.Add(time.Hour)}, {No: 2, Start: start}}},
		"NaN set":      {Recipe: "R_CC", Start: start, Layers: []LayerRecord{{Layer: 1, Time: start, SetPoint: math.NaN()}}},
		"big gap":      {Recipe: "R_CC", Start: start, End: start.Add(13 * time.Hour)},
		"reserved":     {Recipe: "R_CC", Start: start, Notes: []Note{{Time: start, Text: "Thickness"}}},
	} {
		if err := WriteEvt(&bytes.Buffer{}, e); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSensorRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cols := UsefulSensors()
	if len(cols) != 25 {
		t.Fatalf("%d useful sensors, want 25", len(cols))
	}
	for _, dec := range []int{-1, 0, 3} {
		var buf bytes.Buffer
		sw, err := NewSensorWriter(&buf, cols)
		if err != nil {
			t.Fatal(err)
		}
		sw.SetDecimals(dec)
		start := time.Date(2021, 2, 3, 23, 50, 0, 0, time.UTC)
		var want [][]float64
		var secs []int
		tm := start
		for i := 0; i < 1500; i++ {
			v := make([]float64, len(cols))
			for j := range v {
				v[j] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(8)-4))
				if rng.IntN(50) == 0 {
					v[j] = math.NaN()
				}
			}
			if err := sw.WriteRow(tm, v); err != nil {
				t.Fatal(err)
			}
			for j := range v {
				v[j] = Quantize(v[j], dec)
			}
			want = append(want, v)
			secs = append(secs, int(tm.Sub(midnight(start))/time.Second))
			tm = tm.Add(time.Duration(1+rng.IntN(2)) * time.Second) // uneven sampling
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		sr, err := NewSensorReader(bytes.NewReader(buf.Bytes()), "s.csv")
		if err != nil {
			t.Fatal(err)
		}
		if got := sr.Columns(); strings.Join(got, ",") != strings.Join(cols, ",") {
			t.Fatalf("columns %v", got)
		}
		sel := []string{QCMThicknessCH1, "ACT_IONIVAC", QCMRate}
		idx := []int{13, 0, 12}
		if err := sr.Select(sel...); err != nil {
			t.Fatal(err)
		}
		n := 0
		for sr.Next() {
			if sr.Seconds() != secs[n] || sr.Line() != n+2 {
				t.Fatalf("dec %d row %d: seconds %d line %d, want %d %d", dec, n, sr.Seconds(), sr.Line(), secs[n], n+2)
			}
			for k, j := range idx {
				if !sameFloat(sr.Values()[k], want[n][j]) {
					t.Fatalf("dec %d row %d col %s: %v, want %v", dec, n, sel[k], sr.Values()[k], want[n][j])
				}
			}
			n++
		}
		if err := sr.Err(); err != nil || n != len(want) {
			t.Fatalf("dec %d: %d rows, err %v", dec, n, err)
		}
	}
}

func TestParseSimpleFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 100000; i++ {
		v := rng.NormFloat64() * math.Pow(10, float64(rng.IntN(12)-6))
		for _, s := range []string{fmt.Sprint(v), fmt.Sprintf("%.3f", v), fmt.Sprintf("%.0f", v), fmt.Sprintf("%.10f", v), "0", "-0.5", "007.25", "5.", ".5"} {
			got, err := parseSensorFloat([]byte(s))
			want, werr := parseOptFloat([]byte(s))
			if (err == nil) != (werr == nil) || (err == nil && math.Float64bits(got) != math.Float64bits(want)) {
				t.Fatalf("%q: %v %v, want %v %v", s, got, err, want, werr)
			}
		}
	}
}

func TestSensorErrors(t *testing.T) {
	head := "Date,Time,RecNo,Elapsed,Mode,A,B\n"
	for _, c := range []struct {
		name, text string
		line       int
		field      string
	}{
		{"truncated", head + "2/3/2021,08:00:00,1,0,AUTO,1,2\n2/3/2021,08:00:01,2,1,AU", 3, ""},
		{"extra", head + "2/3/2021,08:00:00,1,0,AUTO,1,2,3\n", 2, ""},
		{"bad time", head + "2/3/2021,08:00,1,0,AUTO,1,2\n", 2, "Time"},
		{"bad value", head + "2/3/2021,08:00:00,1,0,AUTO,1,x\n", 2, "B"},
		{"inf", head + "2/3/2021,08:00:00,1,0,AUTO,Inf,2\n", 2, "A"},
		{"dup header", "Date,Time,RecNo,Elapsed,Mode,A,A\n", 1, "A"},
		{"short header", "Date,Time\n", 1, "header"},
	} {
		sr, err := NewSensorReader(strings.NewReader(c.text), "s.csv")
		if err == nil {
			for sr.Next() {
			}
			err = sr.Err()
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: err = %v, want *ParseError", c.name, err)
			continue
		}
		if pe.Line != c.line || pe.Field != c.field {
			t.Errorf("%s: %q at line %d field %q, want line %d field %q", c.name, err, pe.Line, pe.Field, c.line, c.field)
		}
	}
	sr, err := NewSensorReader(strings.NewReader(head+"2/3/2021,08:00:00,1,0,AUTO,NaN,\n\n"), "s.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !sr.Next() || !math.IsNaN(sr.Values()[0]) || !math.IsNaN(sr.Values()[1]) || sr.Next() || sr.Err() != nil {
		t.Errorf("NaN cells: %v %v", sr.Values(), sr.Err())
	}
	if err := sr.Select("C"); err == nil {
		t.Error("Select of a missing column: no error")
	}
}

func TestTablesRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	match := []MatchRow{{OvenNo: "33121020303", FileID: "evt21020319", FilmCode: "33121020303_CX"},
		{OvenNo: "33121020303", FileID: "evt21020320", FilmCode: "33121020303_CC"}}
	var buf bytes.Buffer
	if err := WriteMatch(&buf, match); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "EVT21020319") {
		t.Errorf("match table does not upper-case the evt id:\n%s", buf.String())
	}
	gotM, err := ParseMatch(&buf, "match.csv")
	if err != nil || len(gotM) != 2 {
		t.Fatal(gotM, err)
	}
	for i := range match {
		match[i].Line = i + 2
		if gotM[i] != match[i] {
			t.Errorf("match row %d: %+v, want %+v", i, gotM[i], match[i])
		}
	}

	var curves []CurveRow
	for i := 0; i < 5; i++ {
		c := CurveRow{FurnaceNo: fmt.Sprintf("333210505%02d", i), LensRow: 1 + i%3, L: 4.8, A: math.NaN(), B: -13.75}
		for j := range c.R {
			c.R[j] = math.Round(rng.Float64()*1000) / 100
		}
		c.R[7] = rng.Float64()
		c.R[8] = math.NaN()
		curves = append(curves, c)
	}
	buf.Reset()
	if err := WriteCurves(&buf, curves); err != nil {
		t.Fatal(err)
	}
	gotC, err := ParseCurves(&buf, "curves.csv")
	if err != nil || len(gotC) != len(curves) {
		t.Fatal(err)
	}
	for i, c := range curves {
		g := gotC[i]
		if g.Line != i+2 || g.FurnaceNo != c.FurnaceNo || g.LensRow != c.LensRow || !sameFloat(g.L, c.L) || !sameFloat(g.A, c.A) || !sameFloat(g.B, c.B) {
			t.Errorf("curve %d: %+v", i, g)
		}
		for j := range c.R {
			if !sameFloat(g.R[j], c.R[j]) {
				t.Errorf("curve %d point %d: %v, want %v", i, j, g.R[j], c.R[j])
			}
		}
	}

	proc := []ProcessRow{{Face: furnace.Back, FurnaceNo: "33121020303", IonGun: 3, EGun: 117, Baffle: 40, Crystal: 12, Machine: "33"},
		{Face: furnace.Front, FurnaceNo: "33121020303", IonGun: 3, EGun: math.NaN(), Baffle: 40, Crystal: math.NaN(), Machine: "33"}}
	buf.Reset()
	if err := WriteProcessRecord(&buf, proc); err != nil {
		t.Fatal(err)
	}
	gotP, err := ParseProcessRecord(&buf, "process_record.csv")
	if err != nil || len(gotP) != 2 {
		t.Fatal(err)
	}
	for i, p := range proc {
		g := gotP[i]
		if g.Line != i+2 || g.Face != p.Face || g.FurnaceNo != p.FurnaceNo || g.Machine != p.Machine || !sameFloat(g.IonGun, p.IonGun) ||
			!sameFloat(g.EGun, p.EGun) || !sameFloat(g.Baffle, p.Baffle) || !sameFloat(g.Crystal, p.Crystal) {
			t.Errorf("process row %d: %+v, want %+v", i, g, p)
		}
	}
}

func TestTablesPlantHeadersAndBadRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("\xef\xbb\xbf炉序号")
	for i := 0; i < furnace.NumPoints; i++ {
		fmt.Fprintf(&b, ",%d", int(furnace.Wavelength(i)))
	}
	b.WriteString(",L,A,B\n33121020303" + strings.Repeat(",1.5", furnace.NumPoints) + ",4,1,-13\n")
	b.WriteString("3312102030" + strings.Repeat(",1.5", furnace.NumPoints) + ",4,1,-13\n")
	b.WriteString("33121020304" + strings.Repeat(",1.5", furnace.NumPoints-1) + ",x,4,1,-13\n")
	rows, err := ParseCurves(strings.NewReader(b.String()), "c.csv")
	var re RowErrors
	if !errors.As(err, &re) || len(re) != 2 || len(rows) != 1 || rows[0].FurnaceNo != "33121020303" || rows[0].LensRow != 0 {
		t.Fatalf("rows %v err %v", rows, err)
	}
	if re[0].Line != 3 || re[0].Field != "炉序号" || re[1].Line != 4 || re[1].Field != "780" {
		t.Errorf("row errors %v", re)
	}
	proc := "反正面,炉序号,离子枪灯丝,电子枪灯丝,挡板,晶振片,AR设备ID\n背面,33121020303,3,117,40,12,33\n侧面,33121020303,3,117,40,12,33\n正面,33121020303,3,-1,40,12,33\n"
	prow, err := ParseProcessRecord(strings.NewReader(proc), "p.csv")
	if !errors.As(err, &re) || len(re) != 2 || len(prow) != 1 || prow[0].EGun != 117 || re[0].Line != 3 || re[1].Field != "电子枪灯丝" {
		t.Fatalf("rows %v err %v", prow, err)
	}
	if _, err := ParseMatch(strings.NewReader("OvenNo,Evt\n"), "m.csv"); err == nil || !strings.Contains(err.Error(), "FilmCode_MES") {
		t.Errorf("missing column: %v", err)
	}
}

func TestLayout(t *testing.T) {
	id, err := EvtID(time.Date(2021, 2, 3, 0, 0, 0, 0, time.UTC), 19)
	if err != nil || id != "evt21020319" || SensorID("EVT21020319") != "21020319" {
		t.Fatal(id, err)
	}
	l := Layout{Root: "raw"}
	if l.SensorPath(id) != "raw/sensor/21020319.csv" || l.EvtPath(id) != "raw/evt/evt21020319.csv" || l.MatchPath() != "raw/tables/match.csv" {
		t.Error(l.SensorPath(id), l.EvtPath(id))
	}
	if NameFromFile("a/b/EVT21020319.CSV") != "evt21020319" {
		t.Error(NameFromFile("a/b/EVT21020319.CSV"))
	}
}

func TestEvtDuplicateLayerRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	e := randomEvt(rng, "evt21020301", time.Date(2021, 2, 3, 8, 0, 0, 0, time.UTC), furnace.NumSteps)
	e.Layers = append(e.Layers[:1:1], e.Layers...) // L1 twice at the same time
	var buf bytes.Buffer
	if err := WriteEvt(&buf, e); err != nil {
		t.Fatal(err)
	}
	got, err := ParseEvt(bytes.NewReader(buf.Bytes()), "evt21020301.csv")
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	got.File = ""
	if d := diffEvt(e, got); d != "" {
		t.Fatalf("%s\n%s", d, buf.String())
	}
}
