// Package model fits the per-cleaning-cycle models of the coating process and
// evaluates them honestly against run-to-run baselines.
//
// The two models of a furnace are model1, the ten adjustable set-points →
// the fourteen per-step QCM std features, and model2, the fourteen std
// features → the 81-point double-sided reflectance curve. Because the
// machine state drifts within a cleaning cycle and resets at each cleaning,
// model2 is a base model trained on all furnaces and fine-tuned per cycle,
// and model1 is a global model fine-tuned per cycle (or, optionally, trained
// per cycle from scratch). Inputs are normalised with global
// statistics (one mean and std over all training furnaces, never per cycle).
// The state of the machine for the next furnace is the cycle model that best
// explains the latest furnaces already measured (cycle selection); the
// forward chain set-points → model1 → model2 then predicts its curve.
//
// The evaluation protocol (Evaluate) is a rolling origin in time order:
// every furnace produced on or after a cut-off date is predicted by each
// method from the furnaces produced before it only, then revealed to the
// method (which may re-fit or fine-tune) before the next furnace. The
// furnace handed to a method for prediction carries no curve, so no method
// can see the measurement it predicts. Methods include the run-to-run
// baselines (EWMA of past curves, mean of the last k curves), ridge
// regression, a global model without cycles, the per-cycle models with and
// without cycle selection, ensembles, hybrids that add a model of the change
// of the inputs (ridge, or the twin's thin-film Jacobian) to the EWMA level,
// and a run-to-run correction of any method by its own past errors. Metrics
// are the RMSE in %R over the 81 points, the mean ΔE*ab (illuminant C, 2°
// observer) between predicted and measured colour, and the accuracy of the
// in-spec/out-of-spec call (colour.ProductionSpec).
//
// Trained models are saved as nn checkpoints with a manifest naming the
// state selected for the next furnace (Models.Save). Every training and
// evaluation run can append one experiment record (JSON lines: parameters,
// seed, SHA-256 of the data, code version, metrics) to an append-only log
// (AppendRecord).
package model
