//go:build amd64

#include "textflag.h"

// func adamAVX2(n int, params, grads, mom, sq, maxsq *float64, c *adamConsts)
// The Adam update of adamGo on n (a multiple of 4) parameters, 4 lanes at a
// time, with the same operations in the same order. w is nil without AMSGrad.
TEXT ·adamAVX2(SB), NOSPLIT, $0-56
	MOVQ n+0(FP), CX
	MOVQ params+8(FP), SI
	MOVQ grads+16(FP), DI
	MOVQ mom+24(FP), R8
	MOVQ sq+32(FP), R9
	MOVQ maxsq+40(FP), R10
	MOVQ c+48(FP), AX
	VBROADCASTSD 0(AX), Y8   // beta1
	VBROADCASTSD 8(AX), Y9   // 1-beta1
	VBROADCASTSD 16(AX), Y10 // beta2
	VBROADCASTSD 24(AX), Y11 // 1-beta2
	VBROADCASTSD 32(AX), Y12 // weight decay (L2)
	VBROADCASTSD 40(AX), Y13 // decay factor (AdamW)
	VBROADCASTSD 48(AX), Y14 // step size
	VBROADCASTSD 56(AX), Y15 // sqrt of bias correction 2
	VBROADCASTSD 64(AX), Y7  // eps
	XORQ BX, BX
	SHRQ $2, CX
	JZ   done

loop:
	VMOVUPD (SI)(BX*1), Y0   // p
	VMULPD  Y13, Y0, Y0      // p *= decay
	VMOVUPD (DI)(BX*1), Y1   // g
	VMULPD  Y12, Y0, Y2
	VADDPD  Y2, Y1, Y1       // g += wd*p
	VMOVUPD (R8)(BX*1), Y2   // m
	VMULPD  Y8, Y2, Y2
	VMULPD  Y9, Y1, Y3
	VADDPD  Y3, Y2, Y2       // m = m*beta1 + (1-beta1)*g
	VMOVUPD Y2, (R8)(BX*1)
	VMOVUPD (R9)(BX*1), Y3   // v
	VMULPD  Y10, Y3, Y3
	VMULPD  Y11, Y1, Y4
	VMULPD  Y1, Y4, Y4
	VADDPD  Y4, Y3, Y3       // v = v*beta2 + (1-beta2)*g*g
	VMOVUPD Y3, (R9)(BX*1)
	TESTQ   R10, R10
	JZ      update
	VMOVUPD (R10)(BX*1), Y4  // running max
	VMAXPD  Y3, Y4, Y3       // max(w, v), v where v is NaN
	VMOVUPD Y3, (R10)(BX*1)

update:
	VSQRTPD Y3, Y3
	VDIVPD  Y15, Y3, Y3
	VADDPD  Y7, Y3, Y3       // denom = sqrt(v)/bc2sqrt + eps
	VDIVPD  Y3, Y2, Y4       // m/denom
	VMULPD  Y14, Y4, Y4
	VSUBPD  Y4, Y0, Y0       // p -= stepSize*(m/denom)
	VMOVUPD Y0, (SI)(BX*1)
	ADDQ    $32, BX
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET
