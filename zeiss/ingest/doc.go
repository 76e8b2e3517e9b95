// Package ingest reads and writes the raw exports of the box coater and the
// plant, and cleans them into the furnace table.
//
// Raw formats (FORMATS.md beside this file describes each one field by field):
//
//   - evt process logs evtYYMMDDNN.csv: one coating run of one face, with the
//     recipe, the production start, the start of each of the 8 process steps,
//     the layer set-points and measured thicknesses and the end of the run
//     (Evt, WriteEvt, ParseEvt);
//   - sensor time series YYMMDDNN.csv: 1 Hz rows of the machine's sensors,
//     written and read as a stream (SensorWriter, SensorReader);
//   - plant tables: the furnace ↔ evt ↔ face match table (MatchRow), the
//     double-sided curve table (CurveRow) and the process record with the
//     consumable counters (ProcessRow);
//   - the evt logs of chamber-cleaning runs, in the evt format.
//
// Every parser streams its input in one pass and reports bad input as a
// *ParseError naming the file, the 1-based line and the field.
//
// The directory layout shared by the digital twin (which writes it) and the
// cleaning stage (which reads it) is given by Layout.
//
// Clean is the cleaning stage: it reads the runs in parallel, segments each
// run's sensor rows into its process steps by the evt time stamps
// (StepFeatures), computes the per-step statistics of the QCM columns,
// assigns faces from the recipes, takes the set-points by layer name, joins
// curves and counters by furnace number, sets aborted runs aside, finds the
// cleaning cycles and reports everything it sets aside or leaves empty as
// Issues. Nothing is imputed: a missing value stays NaN. WriteOutputs writes
// the furnace table, the normalisation statistics, the quality report and
// the cycle lists; LoadFurnaces reads a cleaned table or the real-data
// bundle into the same type.
package ingest
