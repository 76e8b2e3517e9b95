package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// Directory and file names of a raw data folder, as written by the digital
// twin and read by the cleaning stage:
//
//	DIR/evt/evtYYMMDDNN.csv        process logs of the coating runs
//	DIR/sensor/YYMMDDNN.csv        sensor time series of the same runs
//	DIR/cleaning/evtYYMMDDNN.csv   process logs of chamber-cleaning runs
//	DIR/tables/match.csv           furnace ↔ evt ↔ face match table
//	DIR/tables/curves.csv          double-sided curves per furnace
//	DIR/tables/process_record.csv  consumable counters per furnace and face
const (
	// DirEvt holds the process logs of the coating runs.
	DirEvt = "evt"
	// DirSensor holds the sensor files.
	DirSensor = "sensor"
	// DirCleaning holds the process logs of chamber-cleaning runs.
	DirCleaning = "cleaning"
	// DirTables holds the plant tables.
	DirTables = "tables"
	// MatchFile is the furnace ↔ evt ↔ face match table.
	MatchFile = "match.csv"
	// CurvesFile is the double-sided curve table.
	CurvesFile = "curves.csv"
	// ProcessRecordFile is the process record (consumable counters).
	ProcessRecordFile = "process_record.csv"
)

// Layout locates the files of a raw data folder.
type Layout struct {
	// Root is the folder.
	Root string
}

// EvtPath returns the path of the process log with the given id ("evt21020319").
func (l Layout) EvtPath(id string) string { return filepath.Join(l.Root, DirEvt, id+".csv") }

// SensorPath returns the path of the sensor file of the process log id.
func (l Layout) SensorPath(id string) string {
	return filepath.Join(l.Root, DirSensor, SensorID(id)+".csv")
}

// CleaningPath returns the path of the cleaning-run log with the given id.
func (l Layout) CleaningPath(id string) string {
	return filepath.Join(l.Root, DirCleaning, id+".csv")
}

// MatchPath returns the path of the match table.
func (l Layout) MatchPath() string { return filepath.Join(l.Root, DirTables, MatchFile) }

// CurvesPath returns the path of the curve table.
func (l Layout) CurvesPath() string { return filepath.Join(l.Root, DirTables, CurvesFile) }

// ProcessRecordPath returns the path of the process record.
func (l Layout) ProcessRecordPath() string {
	return filepath.Join(l.Root, DirTables, ProcessRecordFile)
}

// Dirs returns the folders of the layout, for creating them.
func (l Layout) Dirs() []string {
	return []string{
		filepath.Join(l.Root, DirEvt), filepath.Join(l.Root, DirSensor),
		filepath.Join(l.Root, DirCleaning), filepath.Join(l.Root, DirTables),
	}
}

// EvtID returns the process log id "evtYYMMDDNN" of the seq-th run (1…99)
// of the machine on date's day.
func EvtID(date time.Time, seq int) (string, error) {
	if seq < 0 || seq > 99 {
		return "", fmt.Errorf("ingest: evt id: run number %d outside 0–99", seq)
	}
	if y := date.Year(); y < 2000 || y > 2099 {
		return "", fmt.Errorf("ingest: evt id: year %d outside 2000–2099", y)
	}
	return fmt.Sprintf("evt%02d%02d%02d%02d", date.Year()%100, int(date.Month()), date.Day(), seq), nil
}

// SensorID returns the sensor file id of a process log id: the id without
// its "evt" prefix ("evt21020319" → "21020319").
func SensorID(evtID string) string {
	id := strings.ToLower(evtID)
	return strings.TrimPrefix(id, "evt")
}
