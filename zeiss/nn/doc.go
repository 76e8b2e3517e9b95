// Package nn is the neural-network engine of the coating models: small
// multilayer perceptrons in float64, trained full-batch or in minibatches with
// Adam/AdamW (PyTorch semantics, persistent state), and differentiated with
// respect to their inputs for the inverse stage.
//
// A model is an [MLP] whose parameters live in one contiguous slice (layer by
// layer: weight, out×in row-major as in PyTorch's nn.Linear, then bias), so an
// optimiser only ever sees []float64 parameters and gradients. Forward and
// backward passes run on preallocated workspaces: a [Batch] for training
// (parameter and input gradients of a batch) and an [InputGrad] for a frozen
// model (loss and gradient with respect to one input vector, without
// allocating). [Train] is the training loop (validation, early stopping on the
// best validation loss, freezing layers for fine-tuning); [InputOptimizer] is a
// projected Adam over box-bounded inputs that returns the best iterate.
//
// Results do not depend on the machine: the same inputs and seed give the
// same bits on any CPU. The matrix products, the fused bias and ReLU, the
// ReLU derivative and the Adam update run on AVX-512, AVX2/FMA or portable Go
// kernels, chosen at run time, and all of them follow one canonical sequence
// of operations (fused multiply-adds in a fixed order in the products,
// separately rounded operations in Adam); elsewhere a product that is added
// to something is converted to float64 explicitly, so that no compiler fuses
// it into a multiply-add on one architecture and not on another.
//
// Models are saved as one self-describing checkpoint file ([Checkpoint]):
// architecture, weights, input/output normalisation ([Scaler]) and training
// metadata, written atomically. Arrays are exchanged with NumPy as .npy files
// ([ReadNpy], [WriteNpy]).
package nn
