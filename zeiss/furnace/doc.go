// Package furnace holds the data model of the coating process: a furnace (one
// oven load of lenses) with its back (CC, concave) and front (CX, convex) face
// runs, their layer set-points and per-step QCM std features, the measured
// double-sided reflectance curve, the consumable counters and the cleaning
// cycle; the furnace table in CSV form (the column names of the plant's tidy
// export, shared by the digital twin and the cleaning stage); the reference
// target curves; and access to the real production data.
package furnace
